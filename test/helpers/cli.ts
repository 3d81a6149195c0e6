/** Runs obsgen: in-process through `main` (fast), or as the real installed binary (exit codes, stdio). */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";
import { run } from "./spawn.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BIN = join(ROOT, "bin", "obsgen.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

export function runBinary(args: string[], cwd: string = ROOT): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `runBinary` without blocking the test worker (test/helpers/spawn.ts): for builds of real
 * catalogs, which take seconds on a loaded machine.
 */
export async function runBinaryAsync(args: string[], cwd: string = ROOT): Promise<CliResult> {
  const r = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr + (r.error ? String(r.error) : "") };
}

export function tempDir(prefix = "obsgen-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A hash of a folder's tree: every path (folders too, so an empty one counts) and every file's bytes. */
export function treeHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        h.update(`${rel}${name}/\0`);
        walk(p, `${rel}${name}/`);
      } else h.update(`${rel}${name}\0`).update(readFileSync(p)).update("\0");
    }
  };
  walk(dir, "");
  return h.digest("hex");
}
