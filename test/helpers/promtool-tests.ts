/**
 * `promtool test rules`, each test file run once per test run: several tests hand promtool the
 * same test file with the same rule files (the shipped catalog for Prometheus 3 is also the
 * catalog as shipped; a rule broken on purpose leaves the other groups' files as they were), and
 * on two cores that repeated work was most of the suite's promtool time.
 *
 * promtool tests each file on its own: it prints `Unit Testing:  <file>` and the file's result,
 * and exits 1 when any file failed (cmd/promtool/unittest.go, RulesUnitTest, v2.42). So the
 * result of one run over several files is the results of one run per file, concatenated, and one
 * file's result depends only on that file, the rule files its `rule_files` names (resolved
 * against the test file's folder) and promtool. That is the key: the sha256 of promtool's
 * `--version`, the test file's path and text and each rule file's path and text.
 *
 * The results live in a folder the whole run shares (test/.tmp/promtool-results/run-<pid>-*,
 * made by the global setup and removed after the run; test/helpers/global-setup.ts), written by
 * whichever worker gets to a key first: it takes `<key>.lock` (O_EXCL), runs promtool, writes
 * `<key>.json` beside and renames it into place; a worker wanting the same key meanwhile waits for
 * the lock to go (or its holder to die). Without that folder (a run without the global setup)
 * every file is run, as before. The lock saves work only; correctness never depends on it: two
 * runs of one key give the same result, and the rename makes either one whole.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import yaml from "js-yaml";
import { inject } from "vitest";
import type { EmittedFile } from "../../src/emit/serialize.js";
import { tempDir } from "./cli.js";
import { run } from "./spawn.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's folder of promtool results (test/helpers/global-setup.ts). */
    promtoolResults: string;
  }
}

export interface PromtoolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when promtool could not be started. */
  readonly error?: Error;
  /** How many promtool processes this call started (the rest were results of this run already). */
  readonly ran: number;
}

export interface PromtoolTestOptions {
  /** The results folder; `null` runs every file. Default: the run's folder. */
  readonly cacheDir?: string | null;
  /** The promtool command. Default: `promtool`. */
  readonly promtool?: string;
}

type FileResult = Omit<PromtoolRun, "ran">;

const versions = new Map<string, Promise<string>>();

/** promtool's `--version` output (its version, revision and Go version), asked once per worker. */
function promtoolVersion(promtool: string): Promise<string> {
  let v = versions.get(promtool);
  if (!v) {
    v = run(promtool, ["--version"]).then((r) => (r.status === 0 ? r.stdout + r.stderr : ""));
    versions.set(promtool, v);
  }
  return v;
}

function runFolder(): string | null {
  try {
    return inject("promtoolResults") ?? null;
  } catch {
    return null; // not inside a vitest worker
  }
}

/**
 * The key of one test file's result: null when it cannot be told from `files` alone (a rule file
 * that is a glob, absolute, or not among them; a test file that does not parse), then it is run.
 */
export function resultKey(version: string, test: string, files: ReadonlyMap<string, string>): string | null {
  const text = files.get(test);
  if (text === undefined || version === "") return null;
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch {
    return null;
  }
  const listed = (doc as { rule_files?: unknown } | null)?.rule_files ?? [];
  if (!Array.isArray(listed)) return null;
  const rules: [string, string][] = [];
  for (const entry of listed) {
    if (typeof entry !== "string" || /[*?[\\]/.test(entry) || posix.isAbsolute(entry)) return null;
    const path = posix.normalize(posix.join(posix.dirname(test), entry));
    const contents = files.get(path);
    if (contents === undefined) return null;
    rules.push([path, contents]);
  }
  return createHash("sha256")
    .update(JSON.stringify(["promtool test rules", version, test, text, rules]))
    .digest("hex");
}

function readResult(file: string): FileResult | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as FileResult;
  } catch {
    return null; // not there yet
  }
}

function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, "utf8"));
  } catch {
    return false; // released
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Resolves once `lock` is gone, or its holder has died (then the lock is removed). Woken by the
 * folder's change events; the once-a-second look is for a holder that died without a trace in
 * the folder, not a deadline.
 */
function lockGone(dir: string, lock: string): Promise<void> {
  return new Promise((resolve) => {
    let watcher: ReturnType<typeof watch> | undefined;
    const check = () => {
      if (existsSync(lock) && holderAlive(lock)) return;
      if (existsSync(lock)) rmSync(lock, { force: true });
      clearInterval(timer);
      watcher?.close();
      resolve();
    };
    const timer = setInterval(check, 1_000);
    try {
      watcher = watch(dir, check);
    } catch {
      // no change events here: the interval alone
    }
    check();
  });
}

/** One test file's result: this run's, or promtool's, stored for the rest of the run. */
async function cachedResult(dir: string, key: string, compute: () => Promise<FileResult>): Promise<FileResult & { ran: number }> {
  const file = join(dir, `${key}.json`);
  const lock = join(dir, `${key}.lock`);
  for (;;) {
    const hit = readResult(file);
    if (hit) return { ...hit, ran: 0 };
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      await lockGone(dir, lock);
      continue;
    }
    try {
      const again = readResult(file);
      if (again) return { ...again, ran: 0 };
      const r = await compute();
      // Only promtool's verdicts are kept (0: passed, 1: failed); a crash or a missing promtool is not.
      if (!r.error && (r.status === 0 || r.status === 1)) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ status: r.status, stdout: r.stdout, stderr: r.stderr }));
        renameSync(tmp, file);
      }
      return { ...r, ran: 1 };
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/**
 * `promtool test rules <tests>` run inside a folder holding `files` (paths relative to it, the
 * tests among them): the status and output one such run gives, each test file's part taken from
 * this run's results when the same input was already tested.
 */
export async function promtoolTestRules(files: readonly EmittedFile[], tests: readonly string[], opts: PromtoolTestOptions = {}): Promise<PromtoolRun> {
  const promtool = opts.promtool ?? "promtool";
  const cacheDir = opts.cacheDir === undefined ? runFolder() : opts.cacheDir;
  let written: Promise<string> | undefined;
  const folder = () => {
    written ??= Promise.resolve().then(() => {
      const dir = tempDir("obsgen-promtool-");
      for (const f of files) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.contents);
      }
      return dir;
    });
    return written;
  };
  const runOne = async (test: string): Promise<FileResult> => run(promtool, ["test", "rules", test], { cwd: await folder() });

  const byPath = new Map(files.map((f) => [f.path, f.contents]));
  const version = cacheDir ? await promtoolVersion(promtool) : "";
  if (cacheDir) mkdirSync(cacheDir, { recursive: true });
  const results = await Promise.all(
    tests.map((test) => {
      const key = cacheDir ? resultKey(version, test, byPath) : null;
      return key ? cachedResult(cacheDir!, key, () => runOne(test)) : runOne(test).then((r) => ({ ...r, ran: 1 }));
    }),
  );
  const dir = written ? await written : undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  const error = results.find((r) => r.error)?.error;
  return {
    status: results.every((r) => r.status === 0) ? 0 : results.find((r) => r.status !== 0)!.status,
    stdout: results.map((r) => r.stdout).join(""),
    stderr: results.map((r) => r.stderr).join(""),
    ...(error ? { error } : {}),
    ran: results.reduce((n, r) => n + r.ran, 0),
  };
}
