import { describe, expect, it } from "vitest";
import { lintFiles, ruleYaml, testRule, testRuleFiles } from "../../../../test/helpers/rule-tester.js";
import { resolveCatalog } from "../../../model/resolve.js";
import { LINT_FIXTURE_CATALOG } from "../../fixture-catalog.js";
import rule from "./rate-over-aggregation.js";

testRule(rule, {
  valid: [
    { name: "aggregating rates (rate, then sum)", expr: "sum(rate(http_requests_total[5m])) > 1" },
    { name: "a gauge function over a subquery of a sum", expr: "max_over_time(sum(rate(http_requests_total[5m]))[1h:]) > 1" },
    { name: "deriv() over a subquery of a sum", expr: "deriv(sum(queue_depth)[10m:]) > 0" },
    { name: "rate() over a subquery of max, which deduplicates replicas", expr: "rate(max without (replica) (http_requests_total)[5m:]) > 1", noCatalog: true },
    { name: "increase() over a subquery of topk (series pass unchanged)", expr: "increase(topk(3, http_requests_total)[1h:]) > 1" },
    { name: "`sum without ()`, which keeps every series apart", expr: "rate(sum without () (http_requests_total)[5m:]) > 1" },
    { name: "rate() over a subquery of a plain selector", expr: "rate(http_requests_total[5m:1m]) > 1" },
    {
      name: "increase() over an `or` of max and absent (the etcd mixin in the corpus)",
      expr: 'increase((max without (instance) (etcd_server_leader_changes_seen_total{job=~".*etcd.*"}) or 0*absent(etcd_server_leader_changes_seen_total{job=~".*etcd.*"}))[15m:1m]) >= 4',
      noCatalog: true,
    },
    { name: "rate() of a series nothing records", expr: "rate(job:http_requests:sum[5m]) > 1", noCatalog: true },
  ],
  invalid: [
    {
      name: "rate() over a subquery of a sum",
      expr: "rate(sum(http_requests_total)[5m:]) > 1",
      errors: [{ messageId: "subquery", message: "rate() of a subquery over sum(…)", span: [0, 35] }],
    },
    {
      name: "increase() over a subquery of a sum by, without a catalog",
      expr: "increase(sum by (job) (foo_total)[1h:5m]) > 10",
      noCatalog: true,
      errors: [{ messageId: "subquery", message: "(sum(increase(x[5m])))" }],
    },
    {
      name: "irate() over a subquery of avg, in parentheses",
      expr: "irate((avg(http_requests_total))[5m:]) > 1",
      errors: [{ messageId: "subquery", message: "avg(…)" }],
    },
    {
      name: "rate() over a subquery of a rate",
      expr: "rate(rate(http_requests_total[5m])[10m:]) > 1",
      errors: [{ messageId: "rateOfRate", message: "rate() of a subquery, which is already a rate()", span: [0, 41] }],
    },
    {
      name: "rate() over a subquery of a sum of rates",
      expr: "rate(sum(rate(http_requests_total[5m]))[10m:]) > 1",
      errors: [{ messageId: "rateOfRate", message: "already a rate()" }],
    },
    {
      name: "the finding nested in an aggregation",
      expr: "sum(rate(count(queue_depth)[5m:])) > 0",
      errors: [{ messageId: "subquery", span: [4, 33] }],
    },
  ],
});

const { file, group, record, alert } = ruleYaml;

testRuleFiles(rule, {
  withCatalog: false,
  valid: [
    {
      name: "rate() of a recorded copy of a counter",
      files: { "a.yml": file(group("g", record("job:requests:total", "http_requests_total") + alert("A", "rate(job:requests:total[5m]) > 1"))) },
    },
    {
      name: "rate() of a recorded max",
      files: { "a.yml": file(group("g", record("job:requests:max", "max by (job) (http_requests_total)") + alert("A", "rate(job:requests:max[5m]) > 1"))) },
    },
    {
      name: "a gauge function of a recorded sum",
      files: { "a.yml": file(group("g", record("job:queue:sum", "sum by (job) (queue_depth)") + alert("A", "deriv(job:queue:sum[10m]) > 0"))) },
    },
  ],
  invalid: [
    {
      name: "rate() of a recorded sum of counters, in another file",
      files: {
        "rec.yml": file(group("rec", record("job:requests:sum", "sum by (job) (http_requests_total)"))),
        "alerts.yml": file(group("alerts", alert("A", "rate(job:requests:sum[5m]) > 1"))),
      },
      errors: [
        {
          messageId: "recorded",
          message: "rate() of job:requests:sum, which group rec (rec.yml) records as sum(…)",
          file: "alerts.yml",
          group: "alerts",
          rule: 1,
          span: [0, 26],
        },
      ],
    },
    {
      name: "increase() of a recorded rate",
      files: {
        "a.yml": file(
          group("g", record("job:requests:rate5m", "sum by (job) (rate(http_requests_total[5m]))") + alert("A", "increase(job:requests:rate5m[1h]) > 1")),
        ),
      },
      errors: [
        {
          messageId: "rateOfRate",
          message: "increase() of job:requests:rate5m (recorded by group g (a.yml)), which is already a rate()",
          file: "a.yml",
          group: "g",
          rule: 2,
          span: [0, 33],
        },
      ],
    },
  ],
});

describe("promql/rate-over-aggregation with the catalog's recording rules", () => {
  it("reports rate() of a series the catalog records as a sum", () => {
    const resolved = resolveCatalog(structuredClone(LINT_FIXTURE_CATALOG) as any).value!;
    const catalog = {
      ...resolved,
      recordingRules: [{ record: "api:requests:sum", expr: "sum(http_requests_total)", labels: {}, ruleGroup: "g", source: "test" }],
    };
    const found = lintFiles(rule, { "a.yml": file(group("g", alert("A", "rate(api:requests:sum[5m]) > 1"))) }, catalog);
    expect(found.map((d) => d.message)).toEqual([expect.stringContaining("rate() of api:requests:sum, which the catalog records as sum(…)")]);
  });
});
