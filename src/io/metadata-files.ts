/**
 * The metadata files `obsgen lint --metadata <file|folder>` (and `lint.metadata`) name: a file as
 * named, a folder's every regular file, depth first in name order (names starting with a dot
 * skipped, a folder reached twice through symbolic links walked once). Each is read as lint reads
 * its files (src/lint/input/files.ts: regular files up to 16 MiB, never blocking on a pipe).
 */
import { type Dirent, readdirSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { readLintFile } from "../lint/input/files.js";

export interface MetadataFileText {
  readonly path: string;
  readonly text: string;
}

export interface MetadataFiles {
  readonly files: MetadataFileText[];
  /** Paths that do not exist: a usage error. */
  readonly missing: string[];
  /** Files or folders that exist but could not be read. */
  readonly problems: Diagnostic[];
}

function problem(shown: string, message: string, hint: string): Diagnostic {
  return { code: "metadata/unreadable", severity: "error", message, file: shown, hint };
}

/** Lists and reads the files under `paths`; `shown` prints a path. */
export function readMetadataFiles(paths: readonly string[], shown: (path: string) => string): MetadataFiles {
  const files: MetadataFileText[] = [];
  const missing: string[] = [];
  const problems: Diagnostic[] = [];
  const walked = new Set<string>();

  const read = (p: string): void => {
    const r = readLintFile(p);
    if ("problem" in r) problems.push(problem(shown(p), r.problem.message, r.problem.hint.replace("obsgen lint reads", "obsgen reads metadata")));
    else files.push({ path: p, text: new TextDecoder("utf-8").decode(r.bytes) });
  };
  const walk = (dir: string, stats: Stats): void => {
    const id = `${stats.dev}:${stats.ino}`;
    if (walked.has(id)) return;
    walked.add(id);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      problems.push(problem(shown(dir), `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, "check its permissions"));
      return;
    }
    const names = entries.map((d) => d.name).filter((n) => !n.startsWith("."));
    names.sort();
    for (const name of names) {
      const p = join(dir, name);
      let s: Stats;
      try {
        s = statSync(p);
      } catch (e) {
        problems.push(problem(shown(p), `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, "fix or remove it"));
        continue;
      }
      if (s.isDirectory()) walk(p, s);
      else if (s.isFile()) read(p);
    }
  };
  for (const p of paths) {
    let s: Stats;
    try {
      s = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") missing.push(p);
      else problems.push(problem(shown(p), `cannot be read (${code ?? String(e)})`, "check the path and its permissions"));
      continue;
    }
    if (s.isDirectory()) walk(p, s);
    else read(p);
  }
  return { files, missing, problems };
}
