/**
 * A folder of the OS temp folder private to the user, for obsgen's caches: only its owner may write
 * in it, since obsgen imports modules and reads results from it. Shared by the transpiled-catalog
 * cache (src/load/load-catalog.ts) and the results cache (src/io/result-cache.ts).
 */
import { mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `$TMPDIR/<name>-<uid>` (`<name>` where there are no uids). */
export function userTempDir(name: string): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  return join(tmpdir(), uid === undefined ? name : `${name}-${uid}`);
}

/** Whether `dir` exists (made if need be) and only its owner, this user, may write in it. */
export function isPrivateDir(dir: string): boolean {
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    return st.isDirectory() && (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0));
  } catch {
    return false;
  }
}
