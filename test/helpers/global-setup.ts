/**
 * Builds dist/ once before the suite, so tests that run the real `obsgen` binary test the code
 * under test rather than a stale build; and makes the run's folder of promtool results
 * (test/helpers/promtool-tests.ts), removed after the run, with those of runs that died.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PROMTOOL_RESULTS = join(root, "test", ".tmp", "promtool-results");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export default function setup(project: TestProject): () => void {
  const r = spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building dist/ failed:\n${r.stdout}\n${r.stderr}`);

  mkdirSync(PROMTOOL_RESULTS, { recursive: true });
  for (const name of readdirSync(PROMTOOL_RESULTS)) {
    const pid = /^run-(\d+)-/.exec(name)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join(PROMTOOL_RESULTS, name), { recursive: true, force: true });
  }
  const results = mkdtempSync(join(PROMTOOL_RESULTS, `run-${process.pid}-`));
  project.provide("promtoolResults", results);
  return () => rmSync(results, { recursive: true, force: true });
}
