import { describe, expect, it } from "vitest";
import { loadRuleFile } from "../../rulefile/index.js";
import { runLint } from "../engine.js";
import type { LintInput } from "../types.js";
import { ruleFileGroups } from "./rulefile.js";

describe("rule file lint input", () => {
  /** Annotation entries read while linting an alert with `n` annotations that each draw a finding. */
  function entriesRead(n: number): { reads: number; findings: number; lines: number[] } {
    const annotations = Array.from({ length: n }, (_, i) => `      a${i}: "{{ $labels.instance }}"`);
    const text = ["groups:", "- name: g", "  rules:", "  - alert: A", "    expr: sum by (job) (up) > 0", "    annotations:", ...annotations, ""].join("\n");
    const loaded = loadRuleFile("a.yml", text);
    const rule = loaded.value.groups[0]!.rules[0]!;
    let reads = 0;
    const counted = new Proxy(rule.annotations as object[], { get: (t, k) => (typeof k === "string" && /^\d+$/.test(k) && reads++, Reflect.get(t, k)) });
    (rule as { annotations: unknown }).annotations = counted;
    const findings = lintTemplates(ruleFileGroups(loaded, "a.yml"));
    return { reads, findings: findings.length, lines: findings.map((d) => d.line ?? 0) };
  }

  it("locates findings on labels and annotations in work linear in their number", () => {
    // Each finding used to search the rule's annotations for its own: quadratic in them.
    const small = entriesRead(500);
    const large = entriesRead(2000);
    expect(small.findings).toBe(500);
    expect(large.lines.slice(0, 3)).toEqual([7, 8, 9]);
    expect(large.reads / small.reads).toBeLessThan(4.5);
  });

  it("keeps none of the decoded rule file's values alive in the lint nodes, only offsets into the text", () => {
    // A decoded rule holds a positioned value per field; kept for every rule of a large file, they were
    // a third of what its lint kept in memory.
    const text = [
      "groups:",
      "- name: g",
      "  rules:",
      "  - alert: A",
      "    expr: sum by (job) (up) > 0",
      "    for: 5m",
      "    labels: { severity: page }",
      "    annotations:",
      '      summary: "{{ $labels.instance }}"',
      "",
    ].join("\n");
    const loaded = loadRuleFile("a.yml", text);
    const decoded = reachable(loaded.value, new Set());
    const groups = ruleFileGroups(loaded, "a.yml");
    const kept = reachable(groups, new Set<object>([loaded.source]));
    expect(decoded.size).toBeGreaterThan(20);
    expect([...kept].filter((o) => decoded.has(o))).toEqual([]);
    // And the findings still point where they did.
    const findings = lintTemplates(groups);
    expect(findings.map((d) => [d.line, d.column])).toEqual([[9, 16]]);
  });
});

/** The findings of the template rule alone on `groups`. */
function lintTemplates(groups: LintInput["groups"]) {
  return runLint(
    { groups, dashboards: [], catalog: null, catalogFile: null, scrapeIntervalMs: 60_000, evaluationIntervalMs: 60_000, today: "2026-01-01" },
    { only: ["alerts/template"] },
  );
}

/** Every object reachable from `root` through own properties, except through `skip`. */
function reachable(root: unknown, skip: ReadonlySet<object>): Set<object> {
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v !== "object" || v === null || seen.has(v) || skip.has(v)) continue;
    seen.add(v);
    for (const k of Reflect.ownKeys(v)) todo.push((v as Record<PropertyKey, unknown>)[k]);
  }
  return seen;
}
