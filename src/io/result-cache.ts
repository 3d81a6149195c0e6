/**
 * A cache of what the pipeline computes from a resolved catalog (the catalog's lint, the planned
 * rule tests, the emitted files), in the OS temp folder, for the next run on the same catalog:
 * `$TMPDIR/obsgen-results-<uid>/<key>.bin`, one file per result. The key (src/pipeline/
 * stage-cache.ts) hashes everything the result depends on, obsgen's own build included, so an
 * entry is never stale; it is only ever missing. A file that does not check out (truncated,
 * overwritten with garbage, written by something else) is a miss: the result is computed again
 * and the file rewritten. Deleting the folder clears the cache.
 *
 * Each file is a header line (`obsgen-results 1 <key> <sha-256 of the payload>`) and the value
 * as V8 serializes it (`v8.serialize`: strings, numbers including NaN and -0, undefined, arrays,
 * plain objects, Maps and Sets), which reads back as written without a schema.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { isPrivateDir, userTempDir } from "../util/private-temp-dir.js";

/**
 * The identity of the running obsgen, lent by dist/cli.js (a hash of the CLI bundle, see
 * scripts/build.mjs); undefined when running from the TypeScript sources, whose code can change
 * under the same version.
 */
declare const __obsgenBuildId: string | undefined;

/** Results kept: each build stores a few (lint, rule tests, files); older ones are removed. */
const KEEP_ENTRIES = 48;
const MAGIC = "obsgen-results 1";

/** Values by key, as the pipeline asks for them. */
export interface ResultStore {
  /** What is stored under `key` (a hex digest), or undefined when nothing valid is. */
  get(key: string): unknown;
  /** Stores `value` under `key`; a value that cannot be stored, or a failed write, is not an error. */
  set(key: string, value: unknown): void;
}

/** The running build's identity, or undefined when it has none (the sources: no cache). */
export function runningBuildId(): string | undefined {
  return typeof __obsgenBuildId === "string" && __obsgenBuildId !== "" ? __obsgenBuildId : undefined;
}

/**
 * The store the command line uses: in `dir` (default: the user's folder in the OS temp folder), or
 * undefined when the folder cannot be made or kept private to the user (then nothing is cached).
 */
export function diskResultStore(dir: string = userTempDir("obsgen-results")): ResultStore | undefined {
  if (!isPrivateDir(dir)) return undefined;
  // Pruned once per run, at its first write: a build writes a few entries, so the folder holds at
  // most that many over KEEP_ENTRIES between runs.
  let pruned = false;
  return {
    get: (key) => readEntry(join(dir, `${key}.bin`), key),
    set: (key, value) => {
      if (writeEntry(dir, key, value) && !pruned) {
        pruned = true;
        prune(dir);
      }
    },
  };
}

const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

function readEntry(file: string, key: string): unknown {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const newline = data.indexOf(10);
  if (newline < 0) return undefined;
  const [magic, version, storedKey, digest] = data.subarray(0, newline).toString("latin1").split(" ");
  if (`${magic} ${version}` !== MAGIC || storedKey !== key) return undefined;
  const payload = data.subarray(newline + 1);
  if (sha256(payload) !== digest) return undefined;
  try {
    return deserialize(payload);
  } catch {
    return undefined;
  }
}

/** Whether the entry was written. */
function writeEntry(dir: string, key: string, value: unknown): boolean {
  let payload: Buffer;
  try {
    payload = serialize(value);
  } catch {
    return false;
  }
  const file = join(dir, `${key}.bin`);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC} ${key} ${sha256(payload)}\n`, "latin1"), payload]));
    renameSync(tmp, file);
    return true;
  } catch {
    // A cache is an optimisation: a full or read-only temp folder only means the next run computes again.
    rmSync(tmp, { force: true });
    return false;
  }
}

/** Keeps the newest entries (every catalog edit makes new ones), and drops temporary files a killed run left. */
function prune(dir: string): void {
  const entries = readdirSync(dir).flatMap((f) => {
    if (!f.endsWith(".bin") && !f.endsWith(".tmp")) return [];
    try {
      return [{ path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs, tmp: f.endsWith(".tmp") }];
    } catch {
      return [];
    }
  });
  const now = Date.now();
  for (const e of entries) if (e.tmp && now - e.mtime > 60_000) rmSync(e.path, { force: true });
  const old = entries
    .filter((e) => !e.tmp)
    .sort((a, b) => b.mtime - a.mtime)
    .slice(KEEP_ENTRIES);
  for (const e of old) rmSync(e.path, { force: true });
}
