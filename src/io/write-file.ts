/**
 * Writes one file all at once: the contents go to a sibling temporary file, which is renamed
 * over the target, so a reader (Alertmanager reloading, a CI step) sees the old file or the new
 * one, never half of one, and a failed write leaves the old file as it was. The temporary name
 * (`.<name>.obsgen-tmp-<pid>`) is one the repository's ignore rules already cover.
 */
import { rmSync, writeFileSync, renameSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export function writeFileAtomic(path: string, contents: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.obsgen-tmp-${process.pid}`);
  try {
    writeFileSync(tmp, contents);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
