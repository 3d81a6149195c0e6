/**
 * Writes new files without ever replacing one: when any of them exists, nothing is written and
 * the existing ones are returned. Files are created exclusively (`wx`), so a file appearing
 * between the check and the write is not overwritten either.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EmittedFile } from "../emit/serialize.js";

export type NewFilesResult = { readonly written: readonly string[] } | { readonly existing: readonly string[] };

export function writeNewFiles(dir: string, files: readonly EmittedFile[]): NewFilesResult {
  const existing = files.map((f) => f.path).filter((p) => existsSync(join(dir, p)));
  if (existing.length > 0) return { existing };
  const written: string[] = [];
  try {
    for (const f of files) {
      const target = join(dir, f.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.contents, { flag: "wx" });
      written.push(f.path);
    }
  } catch (e) {
    // Leave no half scaffold behind: remove what this call wrote, then report.
    for (const p of written) rmSync(join(dir, p), { force: true });
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return { existing: files.map((f) => f.path).filter((p) => existsSync(join(dir, p))) };
    throw e;
  }
  return { written };
}
