import { describe, expect, it } from "vitest";
import { lintFiles, ruleYaml, testRule } from "../../../../test/helpers/rule-tester.js";
import { resolveCatalog } from "../../../model/resolve.js";
import { LINT_FIXTURE_CATALOG } from "../../fixture-catalog.js";
import rule, { identifies } from "./identifier-grouping.js";

testRule(rule, {
  valid: [
    { name: "grouping by a bounded label", expr: "sum by (method) (rate(http_requests_total[5m])) > 1" },
    { name: "counting users above a threshold", expr: "count(sum by (user_id) (rate(logins_total[5m])) > 1) > 10", noCatalog: true },
    { name: "the top ten users (a bounded count)", expr: "topk(10, sum by (user_id) (rate(logins_total[5m])))", kind: "record", noCatalog: true },
    { name: "a label named user (a tenant, as Cortex names it)", expr: "sum by (user) (rate(logins_total[5m])) > 1", noCatalog: true },
    { name: "an identifier-like name that is not exact", expr: "sum by (pod_uuid) (rate(logins_total[5m])) > 1", noCatalog: true },
    { name: "`without`, whose result is unknown without a catalog", expr: "sum without (instance) (rate(logins_total[5m])) > 1", noCatalog: true },
    {
      name: "a join copying labels (not followed)",
      expr: "sum by (user_id) (rate(logins_total[5m])) * on (user_id) group_left (name) user_info",
      noCatalog: true,
    },
  ],
  invalid: [
    {
      name: "an alert per user",
      expr: "sum by (user_id) (rate(login_failures_total[5m])) > 1",
      noCatalog: true,
      errors: [{ messageId: "alert", message: "alert TestAlert keeps the label user_id, one per user", span: [8, 15] }],
    },
    {
      name: "a recording rule per trace and span",
      expr: "sum by (job, trace_id, span_id) (rate(spans_total[5m]))",
      kind: "record",
      noCatalog: true,
      errors: [
        { messageId: "record", message: "keeps the label span_id, one per span", span: [23, 30] },
        { messageId: "record", message: "keeps the label trace_id, one per trace", span: [13, 21] },
      ],
    },
    {
      name: "camelCase and a comparison kept through arithmetic",
      expr: "sum by (requestId) (rate(errors_total[5m])) / sum by (requestId) (rate(requests_total[5m])) > 0.5",
      noCatalog: true,
      errors: [{ messageId: "alert", message: "requestId, one per request" }],
    },
    {
      name: "a client order id",
      expr: "max by (client_order_id) (order_age_seconds) > 60",
      noCatalog: true,
      errors: [{ messageId: "alert", message: "one per order" }],
    },
  ],
});

describe("identifier labels", () => {
  it("are told by their exact name, case, `_` and `-` aside", () => {
    expect(
      ["user_id", "USER_ID", "userId", "session-id", "uuid", "client_order_id", "x_request_id", "user", "tenant_id", "pod_uuid"].map(
        (l) => identifies(l) ?? "-",
      ),
    ).toEqual(["user", "user", "user", "session", "object", "order", "-", "-", "-", "-"]);
  });
});

describe("cardinality/identifier-grouping with a catalog", () => {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
  raw.services[0].metrics.logins = { type: "counter", name: "logins_total", help: "Logins", labels: { user_id: { open: true, maxValues: 1000 } } };
  const catalog = resolveCatalog(raw).value!;
  const { file, group, record } = ruleYaml;

  it("reports a recording rule keeping a catalog metric's identifier label through `without`", () => {
    const found = lintFiles(rule, { "a.yml": file(group("g", record("job:logins:rate5m", "sum without (instance) (rate(logins_total[5m]))"))) }, catalog);
    expect(found.map((d) => [d.messageId, d.span])).toEqual([["record", { from: 0, to: 47 }]]);
  });

  it("accepts a recording rule that aggregates the label away", () => {
    expect(lintFiles(rule, { "a.yml": file(group("g", record("job:logins:rate5m", "sum without (user_id) (rate(logins_total[5m]))"))) }, catalog)).toEqual([]);
  });
});
