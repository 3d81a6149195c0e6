/**
 * The only module that writes generated files. A build is written to a sibling temporary folder
 * and swapped into place with renames, so a failed or interrupted build leaves the previous
 * output as it was; `--check` compares without writing.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { EmittedFile } from "../emit/index.js";

export interface Staleness {
  /** Files whose contents differ from what the build would write. */
  readonly modified: readonly string[];
  /** Files the build would write that do not exist. */
  readonly missing: readonly string[];
  /** Files in the output folder that the build would not write. */
  readonly extra: readonly string[];
}

function listFiles(root: string, rel = ""): string[] {
  const dir = join(root, rel);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(root, p));
    else out.push(p);
  }
  return out;
}

export function staleness(outDir: string, files: readonly EmittedFile[]): Staleness {
  const root = resolve(outDir);
  const wanted = new Map(files.map((f) => [f.path, f.contents]));
  const present = new Set(listFiles(root));
  const modified: string[] = [];
  const missing: string[] = [];
  for (const [path, contents] of wanted) {
    if (!present.has(path)) missing.push(path);
    else if (readFileSync(join(root, path), "utf8") !== contents) modified.push(path);
  }
  const extra = [...present].filter((p) => !wanted.has(p));
  return { modified: modified.sort(), missing: missing.sort(), extra: extra.sort() };
}

export function isStale(s: Staleness): boolean {
  return s.modified.length + s.missing.length + s.extra.length > 0;
}

/** Replaces `outDir` with exactly `files`. Returns false when it already held them (nothing written). */
export function writeOutDir(outDir: string, files: readonly EmittedFile[]): boolean {
  const root = resolve(outDir);
  if (existsSync(root) && !isStale(staleness(root, files))) return false;
  if (existsSync(root) && !statSync(root).isDirectory()) throw new Error(`${outDir} exists and is not a folder`);
  const parent = dirname(root);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(root)}.obsgen-tmp-${process.pid}`);
  const old = join(parent, `.${basename(root)}.obsgen-old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const f of files) {
      const target = join(tmp, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.contents);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const hadOld = existsSync(root);
  if (hadOld) renameSync(root, old);
  try {
    renameSync(tmp, root);
  } catch (e) {
    if (hadOld) renameSync(old, root);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
  return true;
}
