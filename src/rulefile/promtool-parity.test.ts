/**
 * Runs the real `promtool check rules` (2.42) on the fixtures in testdata/parity and checks that the
 * checker, judging as Prometheus 2.42 (`--prometheus 2.42`), agrees: same pass/fail verdict, the same duplicate-rules lint count (when promtool gets to lint),
 * and every message promtool prints is one of ours (same text; same group and rule, or same line where
 * promtool gives one).
 * YAML syntax errors are compared by verdict only: the two YAML parsers word them differently.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { describeWithTool } from "../../test/helpers/tools.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { loadRuleFile } from "./load-rule-file.js";

const DIR = fileURLToPath(new URL("./testdata/parity/", import.meta.url));
const FIXTURES = readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort();

/** One message promtool printed, with whatever location it gave. */
interface Expected {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly group?: string;
  readonly rule?: number;
}

interface PromtoolRun {
  readonly exitCode: number;
  readonly expected: Expected[];
  readonly duplicates: number;
}

const RULE_ERROR = /^(?:\d+:\d+: )*group "(.*)", rule (\d+), ".*?": (.*)$/;
const POSITIONED = /^(\d+):(\d+): (.*)$/;

function runPromtool(file: string): PromtoolRun {
  const r = spawnSync("promtool", ["check", "rules", file], { cwd: DIR, encoding: "utf8" });
  const expected: Expected[] = [];
  let duplicates = 0;
  const lines = `${r.stdout}\n${r.stderr}`.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lint = /^lint error (\d+) duplicate rule\(s\) found\.$/.exec(line);
    if (lint) duplicates = Number(lint[1]);
    if (!line.startsWith(`${file}: `)) continue;
    const body = line.slice(file.length + 2);
    if (body === "yaml: unmarshal errors:") {
      for (let m; (m = /^ {2}line (\d+): (.*)$/.exec(lines[i + 1] ?? "")); i++) expected.push({ line: Number(m[1]), message: m[2]! });
      continue;
    }
    if (body.startsWith("yaml: ")) continue; // syntax error: wording differs between parsers
    const rule = RULE_ERROR.exec(body);
    const positioned = POSITIONED.exec(body);
    if (rule) expected.push({ group: rule[1]!, rule: Number(rule[2]), message: rule[3]! });
    else if (positioned) expected.push({ line: Number(positioned[1]), column: Number(positioned[2]), message: positioned[3]! });
    else expected.push({ message: body });
  }
  return { exitCode: r.status ?? -1, expected, duplicates };
}

function matches(d: Diagnostic, e: Expected): boolean {
  return (
    d.message === e.message &&
    (e.line === undefined || d.line === e.line) &&
    (e.column === undefined || d.column === e.column) &&
    (e.group === undefined || d.group === e.group) &&
    (e.rule === undefined || d.rule === e.rule)
  );
}

describeWithTool("promtool", "promtool check rules parity", () => {
  it.each(FIXTURES)("agrees with promtool on %s", (file) => {
    const promtool = runPromtool(file);
    const ours = loadRuleFile(file, readFileSync(join(DIR, file)), { prometheus: ["2.42"] }).diagnostics;
    const errors = ours.filter((d) => d.severity === "error");

    expect(errors.length > 0, "verdict").toBe(promtool.exitCode !== 0);
    // promtool lints only files that pass; we report duplicates regardless.
    if (promtool.exitCode === 0) {
      expect(ours.filter((d) => d.code === "rulefile/duplicate-rule").length, "duplicate rules").toBe(promtool.duplicates);
    }
    const missing = promtool.expected.filter((e) => !ours.some((d) => matches(d, e)));
    expect(missing, "promtool messages we do not report").toEqual([]);
  });
});
