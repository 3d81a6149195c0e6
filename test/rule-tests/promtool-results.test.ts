/**
 * The run's promtool results (test/helpers/promtool-tests.ts) are invisible in what a test sees:
 * the status and output are those of one `promtool test rules` over all the files, with and
 * without stored results; a test file is run again exactly when its text, a rule file it loads
 * or promtool changed; callers wanting the same file at once run it once; a lock left by a dead
 * worker does not stop the run.
 */
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import type { EmittedFile } from "../../src/emit/serialize.js";
import { tempDir } from "../helpers/cli.js";
import { promtoolTestRules, resultKey } from "../helpers/promtool-tests.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import { writeFiles } from "./fixture.js";

const rule = (alert: string, expr: string) => `groups:\n  - name: ${alert}\n    rules:\n      - alert: ${alert}\n        expr: ${expr}\n`;
const test = (rules: string[], alert: string, fires: boolean) =>
  `rule_files: [${rules.map((r) => `../rules/${r}`).join(", ")}]\ntests:\n  - interval: 1m\n    input_series: []\n    alert_rule_test:\n      - eval_time: 1m\n        alertname: ${alert}\n        exp_alerts: [${fires ? `{exp_labels: {}}` : ""}]\n`;

/** Three test files: one passing, one failing, one loading both rule files. */
const FILES: readonly EmittedFile[] = [
  { path: "prometheus/rules/a.yml", contents: rule("A", "vector(1)") },
  { path: "prometheus/rules/b.yml", contents: rule("B", "vector(1)") },
  { path: "prometheus/tests/a.test.yml", contents: test(["a.yml"], "A", true) },
  { path: "prometheus/tests/b.test.yml", contents: test(["b.yml"], "B", false) },
  { path: "prometheus/tests/both.test.yml", contents: test(["a.yml", "b.yml"], "B", true) },
];
const TESTS = FILES.filter((f) => f.path.endsWith(".test.yml")).map((f) => f.path);

const edit = (files: readonly EmittedFile[], path: string, contents: string) => files.map((f) => (f.path === path ? { ...f, contents } : f));
const verdict = (r: { status: number | null; stdout: string; stderr: string }) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });

it("the run shares one results folder", () => {
  expect(existsSync(inject("promtoolResults"))).toBe(true);
});

it("a test file's key names the rule files it loads, and is none when they cannot be told from the files given", () => {
  const byPath = new Map(FILES.map((f) => [f.path, f.contents]));
  const key = resultKey("v1", "prometheus/tests/a.test.yml", byPath)!;
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(resultKey("v1", "prometheus/tests/a.test.yml", new Map([...byPath, ["prometheus/rules/b.yml", rule("B", "vector(2)")]]))).toBe(key);
  expect(resultKey("v1", "prometheus/tests/a.test.yml", new Map([...byPath, ["prometheus/rules/a.yml", rule("A", "vector(2)")]]))).not.toBe(key);
  expect(resultKey("v2", "prometheus/tests/a.test.yml", byPath)).not.toBe(key);
  for (const entry of ["../rules/*.yml", "/etc/rules.yml", "../rules/missing.yml"])
    expect(
      resultKey("v1", "prometheus/tests/x.test.yml", new Map([...byPath, ["prometheus/tests/x.test.yml", `rule_files: ["${entry}"]\n`]])),
      entry,
    ).toBeNull();
  expect(resultKey("v1", "prometheus/tests/x.test.yml", new Map([...byPath, ["prometheus/tests/x.test.yml", "rule_files: [\n"]]))).toBeNull();
});

describeWithTool("promtool", "promtool test rules through the run's results", () => {
  it("gives the status and output of one promtool run over all the test files, from stored results and without them", async () => {
    const whole = await run("promtool", ["test", "rules", ...TESTS], { cwd: writeFiles(FILES) });
    expect(whole.status).toBe(1);
    expect(whole.stdout).toMatch(/a\.test\.yml\n {2}SUCCESS[\s\S]*b\.test\.yml[\s\S]*both\.test\.yml\n {2}SUCCESS/);
    expect(whole.stderr).toMatch(/FAILED:[\s\S]*alertname: B/);
    const cacheDir = tempDir("obsgen-promtool-results-");
    const first = await promtoolTestRules(FILES, TESTS, { cacheDir });
    const stored = await promtoolTestRules(FILES, TESTS, { cacheDir });
    const uncached = await promtoolTestRules(FILES, TESTS, { cacheDir: null });
    expect([first.ran, stored.ran, uncached.ran]).toEqual([3, 0, 3]);
    for (const r of [first, stored, uncached]) expect(verdict(r)).toEqual(verdict(whole));
  });

  it("runs again exactly the test files whose text, rule files or promtool changed", async () => {
    const cacheDir = tempDir("obsgen-promtool-results-");
    expect((await promtoolTestRules(FILES, TESTS, { cacheDir })).ran).toBe(3);
    // b.yml is loaded by b.test.yml and both.test.yml; a.test.yml's result stands.
    const bFires = edit(FILES, "prometheus/rules/b.yml", rule("B", "vector(1) == 0"));
    const changed = await promtoolTestRules(bFires, TESTS, { cacheDir });
    expect(changed.ran).toBe(2);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/b\.test\.yml\n {2}SUCCESS/);
    expect(changed.stderr).toMatch(/FAILED:[\s\S]*alertname: B/);
    const retitled = edit(FILES, "prometheus/tests/a.test.yml", `# another comment\n${test(["a.yml"], "A", true)}`);
    expect((await promtoolTestRules(retitled, TESTS, { cacheDir })).ran).toBe(1);
    // Another promtool (a wrapper that says another version) is asked again, once.
    const other = join(tempDir(), "promtool");
    writeFileSync(other, '#!/bin/sh\nif [ "$1" = --version ]; then echo "promtool, version 0.0.0-other"; exit 0; fi\nexec promtool "$@"\n');
    chmodSync(other, 0o755);
    expect((await promtoolTestRules(FILES, TESTS, { cacheDir, promtool: other })).ran).toBe(3);
    expect((await promtoolTestRules(FILES, TESTS, { cacheDir, promtool: other })).ran).toBe(0);
  });

  it("runs a test file once when two callers want it at the same time", async () => {
    const cacheDir = tempDir("obsgen-promtool-results-");
    const [a, b] = await Promise.all([promtoolTestRules(FILES, TESTS, { cacheDir }), promtoolTestRules(FILES, TESTS, { cacheDir })]);
    expect(a.ran + b.ran).toBe(3);
    expect(verdict(a)).toEqual(verdict(b));
  });

  it("takes over a test file whose lock was left by a worker that died", async () => {
    const cacheDir = tempDir("obsgen-promtool-results-");
    const dead = await run(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    const v = await run("promtool", ["--version"]);
    const version = v.stdout + v.stderr;
    const key = resultKey(version, TESTS[0]!, new Map(FILES.map((f) => [f.path, f.contents])))!;
    writeFileSync(join(cacheDir, `${key}.lock`), dead.stdout);
    const r = await promtoolTestRules(FILES, TESTS, { cacheDir });
    expect(r.ran).toBe(3);
    expect(existsSync(join(cacheDir, `${key}.lock`))).toBe(false);
    expect(existsSync(join(cacheDir, `${key}.json`))).toBe(true);
  });

  it("keeps no result of a promtool that could not be started", async () => {
    const cacheDir = tempDir("obsgen-promtool-results-");
    const missing = join(tempDir(), "no-promtool");
    const r = await promtoolTestRules(FILES, TESTS, { cacheDir, promtool: missing });
    expect(r.status).not.toBe(0);
    expect(r.error?.message).toMatch(/ENOENT/);
    expect(r.ran).toBe(3);
  });
});
