/**
 * The files `obsgen lint <paths...>` reads: folders walked for rule files and dashboards, and each
 * file read whole, safely. Only regular files are read (a symbolic link to one is followed); named
 * pipes, devices and sockets are never opened for a blocking read, files over
 * {@link MAX_LINT_FILE_BYTES} are not read, folders reached twice through symbolic links are walked
 * once. Every problem is a finding naming the path ("lint/input", an error), never an exception.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, type Dirent, type Stats } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { LINT_FILE_NAME } from "./classify.js";

/**
 * The largest file lint reads: 16 MiB, three and a half times a generated file of 10,000 alerting
 * rules (4.6 MB), a hundred times the largest rule file of the public corpus. Linting a file that
 * size takes up to about 900 MB of memory (the `yaml` package's path), so the limit also keeps one
 * file from exhausting the heap.
 */
export const MAX_LINT_FILE_BYTES = 16 * 1024 * 1024;

/** A file to lint. */
export interface LintFile {
  readonly path: string;
  /** Named on the command line (not found in a folder). */
  readonly named: boolean;
  /** Its size when listed (0 when it is not a regular file). */
  readonly size: number;
}

/** What {@link listLintFiles} found. */
export interface LintFileList {
  /** In order: command-line order, and inside folders, sorted names depth first. */
  readonly files: LintFile[];
  /** Command-line paths that do not exist (a usage error). */
  readonly missing: string[];
  /** Folders or entries that could not be walked. */
  readonly problems: Diagnostic[];
}

/** A finding about a path lint could not read. `shown` is the path as it should be printed. */
export function inputProblem(shown: string, message: string, hint: string): Diagnostic {
  return { code: "lint/input", severity: "error", message, file: shown, hint };
}

const KIND_NAMES: ReadonlyArray<[(s: Stats | Dirent) => boolean, string]> = [
  [(s) => s.isFIFO(), "a named pipe"],
  [(s) => s.isCharacterDevice(), "a character device"],
  [(s) => s.isBlockDevice(), "a block device"],
  [(s) => s.isSocket(), "a socket"],
  [(s) => s.isDirectory(), "a folder"],
];

function kindOf(s: Stats | Dirent): string {
  return KIND_NAMES.find(([test]) => test(s))?.[1] ?? "something else";
}

function notRegular(s: Stats | Dirent): string {
  return `not a regular file but ${kindOf(s)}: not read`;
}

const NOT_REGULAR_HINT = "obsgen lint reads regular files only: name the rule files or dashboards themselves";

/** What a Node system error met on a path means, as a finding's message and hint. */
function describeError(e: unknown): { message: string; hint: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return { message: "permission denied: not read", hint: "give the user running obsgen read permission, or leave the path out" };
    case "ELOOP":
      return { message: "a symbolic link loop: not read", hint: "fix or remove the symbolic link" };
    case "ENOENT":
    case "ENOTDIR":
      return { message: "a broken symbolic link, or removed while lint ran: not read", hint: "fix or remove the link, or run lint again" };
    case "ENAMETOOLONG":
      return { message: "a path too long to open: not read", hint: "shorten the folder structure" };
    default:
      return { message: `cannot be read (${code ?? String(e)})`, hint: "check the file and run lint again" };
  }
}

/**
 * The files to lint under `paths`: files as named, folders walked (iteratively) for files named as
 * {@link LINT_FILE_NAME} says, skipping names that start with a dot and `node_modules`; what each one
 * is, `classify.ts` decides. `shown` prints a path.
 */
export function listLintFiles(paths: readonly string[], shown: (path: string) => string): LintFileList {
  const files: LintFile[] = [];
  const missing: string[] = [];
  const problems: Diagnostic[] = [];
  /** Folders walked, by device and inode: a symbolic link back up the tree is not followed again. */
  const walked = new Set<string>();

  const walk = (root: string, rootStats: Stats): void => {
    walked.add(`${rootStats.dev}:${rootStats.ino}`);
    // Entries still to visit, the next one last: sorted names, depth first.
    const pending: string[] = [];
    const enter = (dir: string): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        const { message, hint } = describeError(e);
        problems.push(inputProblem(shown(dir), `folder: ${message}`, hint));
        return;
      }
      const names = entries.filter((d) => !d.name.startsWith(".") && d.name !== "node_modules").map((d) => d.name);
      names.sort();
      for (let i = names.length - 1; i >= 0; i--) pending.push(join(dir, names[i]!));
    };
    enter(root);
    while (pending.length > 0) {
      const p = pending.pop()!;
      let stats: Stats;
      try {
        // Follows symbolic links: a link to a rule file or a folder counts as one.
        stats = statSync(p);
      } catch (e) {
        if (LINT_FILE_NAME.test(p) || (e as NodeJS.ErrnoException).code === "ELOOP") {
          const { message, hint } = describeError(e);
          problems.push(inputProblem(shown(p), message, hint));
        }
        continue;
      }
      if (stats.isDirectory()) {
        const id = `${stats.dev}:${stats.ino}`;
        if (walked.has(id)) {
          problems.push(
            inputProblem(
              shown(p),
              "a symbolic link back to a folder already being linted (a cycle): not walked again",
              "remove the symbolic link, or lint the folders it joins separately",
            ),
          );
          continue;
        }
        walked.add(id);
        enter(p);
        continue;
      }
      if (!LINT_FILE_NAME.test(p)) continue;
      if (!stats.isFile()) {
        problems.push(inputProblem(shown(p), notRegular(stats), NOT_REGULAR_HINT));
        continue;
      }
      files.push({ path: p, named: false, size: stats.size });
    }
  };

  for (const p of paths) {
    let stats: Stats;
    try {
      stats = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        // A dangling symbolic link exists, though what it names does not.
        if (isLink(p)) problems.push(inputProblem(shown(p), describeError(e).message, describeError(e).hint));
        else missing.push(p);
      } else {
        const { message, hint } = describeError(e);
        problems.push(inputProblem(shown(p), message, hint));
      }
      continue;
    }
    if (stats.isDirectory()) walk(p, stats);
    else files.push({ path: p, named: true, size: stats.isFile() ? stats.size : 0 });
  }
  return { files, missing, problems };
}

/** Whether `p` itself is a symbolic link, whatever it names. */
function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A file's bytes, or why they were not read. */
export type FileRead = { readonly bytes: Uint8Array } | { readonly problem: { readonly message: string; readonly hint: string } };

/**
 * Reads a whole file, if it is a regular file of at most `limit` bytes. It is opened without blocking
 * (a named pipe with no writer would block a plain open or read forever) and checked on the open
 * descriptor, so a path swapped for something else after it was listed is caught too.
 */
export function readLintFile(path: string, limit: number = MAX_LINT_FILE_BYTES): FileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return { problem: describeError(e) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { problem: { message: notRegular(stats), hint: NOT_REGULAR_HINT } };
    if (stats.size > limit) return { problem: tooLarge(limit, stats.size) };
    // Read until the end, whatever the size said: the file may have grown since.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, limit) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) return { problem: tooLarge(limit) };
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { problem: describeError(e) };
  } finally {
    closeSync(fd);
  }
}

/** The finding for a file over the limit (its size, when it was known before reading). */
function tooLarge(limit: number, size?: number): { message: string; hint: string } {
  const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
  return {
    message: `larger than ${mib(limit)}${size === undefined ? "" : ` (${size} bytes)`}: not read`,
    hint: `obsgen lint reads files up to ${mib(limit)}: split the file`,
  };
}
