import { ruleYaml, testRule, testRuleFiles, type FileExpected, type FilesCase } from "../../../../test/helpers/rule-tester.js";
import { describe, expect, it, vi } from "vitest";
import { loadRuleFile } from "../../../rulefile/index.js";
import { runLint } from "../../engine.js";
import { ruleFileGroups } from "../../input/rulefile.js";
import rule from "./dependency.js";

testRule(rule, {
  valid: [
    { name: "a catalog metric", expr: "rate(http_requests_total[5m]) > 1" },
    { name: "an unknown name without a colon (promql/unknown-metric's concern)", expr: "foo_total > 1" },
    { name: "a recording rule reading its own output", expr: "job:test:sum offset 1m", kind: "record", ruleName: "job:test:sum" },
    { name: "a name matched by regex", expr: '{__name__=~"job:.*"} > 1' },
    { name: "an exporter's name with a leading colon (not the recording rule convention)", expr: ':tensorflow:serving:request_count{status!="OK"} > 1' },
    {
      name: "a recorded name nothing linted records, without a catalog (another file, federation or remote write may provide it)",
      expr: "job:http_requests:rate5m > 1",
      noCatalog: true,
    },
  ],
  invalid: [
    {
      name: "a recorded name nothing records",
      expr: "job:http_requests:rate5m > 1",
      errors: [{ messageId: "missing", message: "job:http_requests:rate5m is named like", span: [0, 24] }],
    },
    { name: "a name given as a __name__ matcher", expr: 'rate({__name__="job:a:total"}[5m]) > 1', errors: [{ messageId: "missing", span: [5, 29] }] },
    {
      name: "two missing names",
      expr: "sum(job:errors:rate5m) / sum(job:requests:rate5m) > 0.1",
      errors: [
        { messageId: "missing", span: [4, 21] },
        { messageId: "missing", span: [29, 48] },
      ],
    },
    { name: "one finding per name", expr: "job:a:ratio > 0.1 and job:a:ratio offset 1h > 0.1", errors: [{ messageId: "missing", span: [0, 11] }] },
  ],
});

const { file, group, record, alert } = ruleYaml;

const BASE = record("job:errors:rate5m", "sum by (job) (rate(job_errors_total[5m]))");

const valid: FilesCase[] = [
  {
    name: "a recording rule reading one recorded before it in its group",
    files: { "a.yml": file(group("errors", BASE + record("errors:rate5m:avg", "avg(job:errors:rate5m)"))) },
  },
  {
    name: "an alert reading a series another group records",
    files: { "a.yml": file(group("base", BASE), group("alerts", alert("Errors", "job:errors:rate5m > 1"))) },
  },
  {
    name: "an alert reading a series another file records",
    files: { "a.yml": file(group("base", BASE)), "b.yml": file(group("alerts", alert("Errors", "job:errors:rate5m > 1"))) },
  },
  {
    name: "a series recorded both in the reading rule's group and elsewhere",
    files: { "a.yml": file(group("base", BASE), group("agg", BASE + record("errors:rate5m:avg", "avg(job:errors:rate5m)"))) },
  },
  {
    // Another file may be an alternative no Prometheus loads with this one (another project's
    // example rules): which group records the series there cannot be told.
    name: "a recording rule reading a series only another file records",
    files: { "a.yml": file(group("base", BASE)), "b.yml": file(group("agg", record("errors:rate5m:sum", 'sum(job:errors:rate5m{env="prod"})'))) },
  },
];

const invalid: (FilesCase & { errors: FileExpected[] })[] = [
  {
    name: "a recording rule reading a series another group records",
    files: { "a.yml": file(group("base", BASE), group("aggregations", record("errors:rate5m:avg", "avg(job:errors:rate5m)"))) },
    errors: [
      {
        messageId: "otherGroup",
        file: "a.yml",
        group: "aggregations",
        rule: 1,
        span: [4, 21],
        message: "recorded in group base of this file, not in this rule's group aggregations",
      },
    ],
  },
  {
    name: "an alert reading a recorded series no file records",
    files: { "a.yml": file(group("base", BASE), group("alerts", alert("Errors", "job:error:rate5m > 1"))) },
    errors: [{ messageId: "missing", file: "a.yml", group: "alerts", rule: 1, span: [0, 16] }],
  },
];

testRuleFiles(rule, { valid, invalid });

// Without a catalog the linted files may not be all there is: only a probable typo is reported.
testRuleFiles(rule, {
  withCatalog: false,
  valid: [
    {
      name: "an alert reading a recorded name that its file records nothing like (promtool's prometheus-rules.lint.yml)",
      files: { "a.yml": file(group("alerts", alert("HighRequestLatency", 'job:request_latency_seconds:mean5m{job="myjob"} > 0.5'))) },
    },
    {
      name: "a name a typo away from one another file records (only the reading rule's own file is looked in)",
      files: { "a.yml": file(group("base", BASE)), "b.yml": file(group("alerts", alert("Errors", "job:error:rate5m > 1"))) },
    },
  ],
  invalid: [
    {
      name: "an alert reading a name one edit away from one its file records",
      files: { "a.yml": file(group("base", BASE), group("alerts", alert("Errors", "job:error:rate5m > 1"))) },
      errors: [{ messageId: "typo", file: "a.yml", group: "alerts", rule: 1, span: [0, 16], message: "this file records job:errors:rate5m: probably a typo" }],
    },
  ],
});

describe("many groups recording one name", () => {
  /** Elements `Array.prototype.includes` looked through while linting `n` groups recording `job:a:sum`. */
  function scanned(n: number): number {
    const text = file(...Array.from({ length: n }, (_, i) => group(`g${i}`, record("job:a:sum", "sum by (job) (a)") + record("job:b:sum", "job:a:sum"))));
    const groups = ruleFileGroups(loadRuleFile("a.yml", text), "a.yml");
    let elements = 0;
    const includes = Array.prototype.includes;
    const spy = vi.spyOn(Array.prototype, "includes").mockImplementation(function (this: unknown[], ...args: [unknown, number?]) {
      elements += this.length;
      return includes.apply(this, args);
    });
    try {
      runLint(
        { groups, dashboards: [], catalog: null, catalogFile: null, scrapeIntervalMs: 60_000, evaluationIntervalMs: 60_000, today: "2026-01-01" },
        { only: ["rule/dependency"] },
      );
    } finally {
      spy.mockRestore();
    }
    return elements;
  }

  it("lists the groups recording a name in work linear in their number", () => {
    // Each group used to be looked up in the list of groups before it.
    expect(scanned(2000) / Math.max(scanned(500), 1)).toBeLessThan(4.5);
  });
});
