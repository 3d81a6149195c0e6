import { ruleYaml, testRule, testRuleFiles, type FileExpected, type FilesCase } from "../../../../test/helpers/rule-tester.js";
import { describe, expect, it, vi } from "vitest";
import { loadRuleFile } from "../../../rulefile/index.js";
import { ruleFileGroups } from "../../input/rulefile.js";
import type { LintInput } from "../../types.js";
import rule from "./duplicate.js";

// A single rule cannot repeat another.
testRule(rule, {
  valid: [{ name: "a lone recording rule", expr: "sum(rate(http_requests_total[5m]))", kind: "record" }],
  invalid: [],
});

const { file, group, record, alert } = ruleYaml;

const valid: FilesCase[] = [
  {
    name: "rules with different names in two groups",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)")), group("two", record("job:b:sum", "sum by (job) (b)"))) },
  },
  {
    name: "one alert at two severities in two groups",
    files: {
      "a.yml": file(
        group("one", alert("Errors", "rate(e[5m]) > 1", "{ severity: warning }")),
        group("two", alert("Errors", "rate(e[5m]) > 1", "{ severity: critical }")),
      ),
    },
  },
  {
    name: "two alerts of one name with different expressions in two groups",
    files: { "a.yml": file(group("one", alert("Errors", "rate(e[5m]) > 1")), group("two", alert("Errors", "rate(e[5m]) > 5"))) },
  },
  {
    name: "recording rules of one name told apart by a label",
    files: {
      "a.yml": file(
        group("one", record("job:a:sum", "sum by (job) (a)", "{ env: prod }")),
        group("two", record("job:a:sum", "sum by (job) (b)", "{ env: dev }")),
      ),
    },
  },
  {
    name: "an alert and a recording rule of one name",
    files: { "a.yml": file(group("one", record("Errors", "sum(a)")), group("two", alert("Errors", "sum(a)"))) },
  },
  {
    // Two projects' copies of one mixin, or exporters' example files side by side: files that may
    // never be loaded by one Prometheus.
    name: "an alert copied to another file",
    files: {
      "kubernetes/alerts.yaml": file(group("alerts", alert("Errors", "rate(e[5m]) > 1", "{ severity: page }"))),
      "kube-prometheus/rules.yaml": file(group("copied", alert("Errors", "rate(e[5m]) > 1", "{ severity: page }"))),
    },
  },
  {
    name: "a recording rule written from different expressions in two files of one folder",
    files: {
      "rules/a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)"))),
      "rules/b.yml": file(group("two", record("job:a:sum", "sum by (job) (b)"))),
    },
  },
];

const invalid: (FilesCase & { errors: FileExpected[] })[] = [
  {
    name: "a copy inside one group (promtool's duplicate-rules lint, opt-in, flags it by name and labels only)",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)") + record("job:a:sum", "sum by (job) (a)"))) },
    errors: [{ messageId: "duplicate", file: "a.yml", group: "one", rule: 2, message: "repeats rule 1 of group one in this file" }],
  },
  {
    name: "a recording rule copied to another group, spelled differently",
    files: {
      "a.yml": file(group("one", record("job:a:rate5m", "sum by (job) (rate(a[5m]))")), group("two", record("job:a:rate5m", "sum  BY(job)(rate(a[300s]))"))),
    },
    errors: [{ messageId: "duplicate", file: "a.yml", group: "two", rule: 1, message: "repeats rule 1 of group one in this file" }],
  },
  {
    name: "a copy with its matchers and labels in another order",
    files: {
      "a.yml": file(
        group("one", record("job:a:rate5m", '\'sum by (job, env) (rate(a{x="1", y="2"}[5m]))\'')),
        group("two", record("job:a:rate5m", '\'sum by (env, job) (rate(a{y="2", x="1"}[5m]))\'')),
      ),
    },
    errors: [{ messageId: "duplicate", file: "a.yml", group: "two", rule: 1 }],
  },
  {
    name: "an alert copied to another group of its file",
    files: {
      "a.yml": file(
        group("alerts", alert("Errors", "rate(e[5m]) > 1", "{ severity: page }")),
        group("copied", record("job:x:sum", "sum(x)") + alert("Errors", "rate(e[5m]) > 1", "{ severity: page }")),
      ),
    },
    errors: [{ messageId: "duplicate", file: "a.yml", group: "copied", rule: 2, message: "alert Errors repeats rule 1 of group alerts in this file" }],
  },
  {
    name: "two recording rules writing one series from different expressions",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)")), group("two", record("job:a:sum", "sum by (job) (b)"))) },
    errors: [{ messageId: "conflict", file: "a.yml", group: "two", rule: 1, message: "rule 1 of group one in this file" }],
  },
  {
    name: "three copies, each naming the first",
    files: {
      "a.yml": file(
        group("one", record("job:a:sum", "sum by (job) (a)")),
        group("two", record("job:a:sum", "sum by (job) (a)")),
        group("three", record("job:a:sum", "sum by (job) (a)")),
      ),
    },
    errors: [
      { messageId: "duplicate", file: "a.yml", group: "two", rule: 1, message: "group one" },
      { messageId: "duplicate", file: "a.yml", group: "three", rule: 1, message: "group one" },
    ],
  },
  {
    name: "a copy preferred over a conflict",
    files: {
      "a.yml": file(
        group("one", record("job:a:sum", "sum by (job) (a)")),
        group("two", record("job:a:sum", "sum by (job) (b)")),
        group("three", record("job:a:sum", "sum by (job) (b)")),
      ),
    },
    errors: [
      { messageId: "conflict", file: "a.yml", group: "two", rule: 1, message: "group one" },
      { messageId: "duplicate", file: "a.yml", group: "three", rule: 1, message: "group two" },
    ],
  },
];

testRuleFiles(rule, { valid, invalid, withCatalog: false });

describe("many copies of one rule", () => {
  /** Rule-group reads while checking `n` copies of one recording rule, alternating between two groups. */
  function groupReads(n: number): { reads: number; findings: number } {
    const rules = Array.from({ length: n }, () => record("job:a:sum", "sum by (job) (a)")).join("");
    let reads = 0;
    const groups = ruleFileGroups(loadRuleFile("a.yml", file(group("one", rules), group("two", rules))), "a.yml");
    for (const g of groups) {
      const counted = g.rules.map((r) => new Proxy(r, { get: (t, k) => (k === "group" && reads++, Reflect.get(t, k)) }));
      g.rules.splice(0, g.rules.length, ...counted);
    }
    let findings = 0;
    const input: LintInput = {
      groups,
      dashboards: [],
      catalog: null,
      catalogFile: null,
      scrapeIntervalMs: 60_000,
      evaluationIntervalMs: 60_000,
      today: "2026-01-01",
    };
    rule.all!({ input, catalog: null, ruleIds: new Set(), report: () => void findings++ });
    return { reads, findings };
  }

  it("looks at each rule a bounded number of times, however many copies there are", () => {
    // Each rule used to be compared with every earlier copy: 50,000 copies took a minute.
    const small = groupReads(500);
    const large = groupReads(2000);
    // Every copy after the first, in either group, is reported.
    expect(small.findings).toBe(999);
    expect(large.findings).toBe(3999);
    expect(large.reads / small.reads).toBeLessThan(4.5);
  });
});

describe("copies of deeply aggregated expressions", () => {
  /** Values the expression comparison serialises for two copies of `sum(` nested `n` deep. */
  function serialised(n: number): { values: number; findings: number } {
    const expr = `${"sum(".repeat(n)}up${")".repeat(n)}`;
    const groups = ruleFileGroups(loadRuleFile("a.yml", file(group("one", record("job:a:sum", expr)), group("two", record("job:a:sum", expr)))), "a.yml");
    let values = 0;
    const stringify = JSON.stringify;
    const spy = vi.spyOn(JSON, "stringify").mockImplementation((value: unknown, replacer?: unknown, space?: string | number) =>
      stringify(
        value,
        typeof replacer === "function"
          ? function (this: unknown, k: string, v: unknown) {
              values++;
              return (replacer as (this: unknown, k: string, v: unknown) => unknown).call(this, k, v);
            }
          : (replacer as undefined),
        space,
      ),
    );
    let findings = 0;
    try {
      const input: LintInput = {
        groups,
        dashboards: [],
        catalog: null,
        catalogFile: null,
        scrapeIntervalMs: 60_000,
        evaluationIntervalMs: 60_000,
        today: "2026-01-01",
      };
      rule.all!({ input, catalog: null, ruleIds: new Set(), report: () => void findings++ });
    } finally {
      spy.mockRestore();
    }
    return { values, findings };
  }

  it("compares them in work linear in their depth", () => {
    // An aggregation's operand is also in its arguments: serialising both doubled the work at every
    // level, and two copies of sum(…) fifty deep never finished.
    const shallow = serialised(8);
    const deep = serialised(16);
    expect(deep.findings).toBe(1);
    expect(deep.values / shallow.values).toBeLessThan(2.5);
  });
});
