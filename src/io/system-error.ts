/**
 * The one mapping of Node's system errors (a full disk, a read-only folder, a missing file, a
 * name too long, a symlink loop, a NUL byte in a path, ...) to user errors. These are the user's
 * situation to fix, not bugs in obsgen: each becomes a diagnostic saying what failed, where (the
 * path) and what to do, never a stack trace. Anything else is not a system error and stays a bug.
 */
import { relative, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** A path as the user should read it: relative to the working directory inside it, else absolute. */
export function displayPath(p: string, cwd: string = process.cwd()): string {
  const abs = resolve(cwd, p);
  const rel = relative(cwd, abs);
  const shown = rel === "" ? "." : rel.startsWith("..") ? abs : rel;
  // A NUL byte would end the line on a terminal: show it escaped.
  return shown.replace(/\0/g, "\\0");
}

interface Known {
  /** Diagnostic code suffix: `io/<id>`. */
  readonly id: string;
  /** What went wrong, in words. */
  readonly what: string;
  /** What to do. */
  readonly hint: string;
}

const PERMISSION_HINT = "check the permissions of that path and of the folders above it (or use another path)";

/** errno codes (as libuv names them) that an environment produces; the texts are obsgen's own. */
const KNOWN: Readonly<Record<string, Known>> = {
  ENOSPC: { id: "no-space", what: "no space left on the device", hint: "free some space on that device, or write somewhere else" },
  EDQUOT: { id: "quota", what: "the disk quota is exceeded", hint: "free some space within the quota, or write somewhere else" },
  EFBIG: { id: "too-large", what: "the file is too large for the file system", hint: "write somewhere else" },
  EROFS: { id: "read-only", what: "the file system is read-only", hint: "write to a writable folder (for obsgen build: choose another --out)" },
  EACCES: { id: "permission", what: "permission denied", hint: PERMISSION_HINT },
  EPERM: { id: "permission", what: "operation not permitted", hint: PERMISSION_HINT },
  ENAMETOOLONG: { id: "name-too-long", what: "a name in the path is too long for the file system", hint: "use shorter file and folder names" },
  ENOENT: { id: "not-found", what: "no such file or folder", hint: "check the path" },
  ENOTDIR: { id: "not-a-folder", what: "a part of the path is a file, not a folder", hint: "check the path: every part before the last must be a folder" },
  EISDIR: { id: "is-a-folder", what: "it is a folder, not a file", hint: "give the path of a file" },
  ELOOP: { id: "symlink-loop", what: "a loop of symbolic links", hint: "fix or remove the symbolic link" },
  EMFILE: { id: "too-many-open-files", what: "too many open files", hint: "raise the limit of open files (`ulimit -n`) and run again" },
  ENFILE: { id: "too-many-open-files", what: "too many open files in the system", hint: "close other programs, or raise the system's limit of open files" },
  EIO: { id: "device", what: "input/output error from the device", hint: "check the disk or the network file system" },
  ENXIO: { id: "device", what: "no such device", hint: "give the path of a regular file" },
  ENODEV: { id: "device", what: "no such device", hint: "give the path of a regular file" },
  EBUSY: { id: "busy", what: "the file or folder is busy", hint: "close the program using it, and run again" },
  ETXTBSY: { id: "busy", what: "the file is busy", hint: "close the program using it, and run again" },
  EEXIST: {
    id: "changed-meanwhile",
    what: "it already exists: another program changed it meanwhile",
    hint: "make sure no other program writes there, and run again",
  },
  ENOTEMPTY: {
    id: "changed-meanwhile",
    what: "the folder is not empty: another program changed it meanwhile",
    hint: "make sure no other program writes there, and run again",
  },
  EXDEV: { id: "cross-device", what: "it cannot be moved across file systems", hint: "keep the output folder and its parent on one file system" },
  ESTALE: { id: "device", what: "stale network file handle", hint: "remount the network file system, and run again" },
};

/** What a system call was doing, for the message: `cannot create the folder`, `cannot read`, ... */
const DOING: Readonly<Record<string, string>> = {
  mkdir: "cannot create the folder",
  mkdtemp: "cannot create a temporary folder",
  rmdir: "cannot remove",
  rm: "cannot remove",
  unlink: "cannot remove",
  rename: "cannot move",
  link: "cannot create",
  symlink: "cannot create",
  write: "cannot write",
  open: "cannot open",
  read: "cannot read",
  close: "cannot write",
  fsync: "cannot write",
  copyfile: "cannot copy",
  scandir: "cannot read the folder",
  opendir: "cannot read the folder",
  stat: "cannot read",
  lstat: "cannot read",
  fstat: "cannot read",
  realpath: "cannot resolve",
  access: "cannot read",
  watch: "cannot watch",
};

type SystemError = Error & { code: string; syscall?: string; path?: string; dest?: string };

/**
 * Whether `e` is a system error: a libuv error code (`E...`) and the system call that failed,
 * or Node's refusal of a path holding a NUL byte.
 */
export function isSystemError(e: unknown): e is SystemError {
  if (!(e instanceof Error)) return false;
  const { code, syscall } = e as Partial<SystemError>;
  if (typeof code !== "string") return false;
  if (/^E[A-Z0-9]+$/.test(code) && typeof syscall === "string") return true;
  return isNulPath(e as SystemError);
}

function isNulPath(e: SystemError): boolean {
  return (e.code === "ERR_INVALID_ARG_VALUE" || e.code === "ERR_INVALID_ARG_TYPE") && /null bytes/.test(e.message);
}

export interface SystemErrorContext {
  /** Replaces the phrase derived from the system call: `cannot write the new output for out/`. */
  readonly doing?: string;
  /** The path concerned, when the error names none (a failed `write` on an open file). */
  readonly path?: string;
  /** Paths are shown relative to it. @default process.cwd() */
  readonly cwd?: string;
}

/** The diagnostic for a system error, or null for anything else (a bug, left to propagate). */
export function systemErrorDiagnostic(e: unknown, context: SystemErrorContext = {}): Diagnostic | null {
  const { doing, cwd = process.cwd() } = context;
  if (!isSystemError(e)) return null;
  if (isNulPath(e)) {
    // Node rejects the path before any system call and names it only in its message.
    const received = /Received (.*)$/s.exec(e.message)?.[1];
    return {
      code: "io/nul-byte",
      severity: "error",
      message: `${doing ? `${doing}: ` : ""}a path holds a NUL byte (\\0)${received ? `: ${received}` : ""}`,
      ...(context.path ? { file: displayPath(context.path, cwd) } : {}),
      hint: "remove the NUL character from the path (given on the command line or in obsgen.config.ts)",
    };
  }
  const known = KNOWN[e.code];
  // libuv's own text for codes not listed: `EXYZ: some description, syscall 'path'`.
  const what = known?.what ?? (/^[A-Z0-9]+: (.*?)(?:, [a-z_]+(?: '.*)?)?$/s.exec(e.message)?.[1] || e.message);
  const phrase = doing ?? DOING[e.syscall ?? ""] ?? "failed";
  const dest = e.dest ? ` to ${displayPath(e.dest, cwd)}` : "";
  return {
    code: `io/${known?.id ?? "system"}`,
    severity: "error",
    message: `${phrase}${dest}: ${what} (${e.code})`,
    ...(e.path || context.path ? { file: displayPath(e.path ?? context.path!, cwd) } : {}),
    hint:
      (known?.hint ?? "check that path, and run again") +
      (e.syscall === "mkdtemp" ? " (temporary folders are made in $TMPDIR, else the system's temporary folder)" : ""),
  };
}
