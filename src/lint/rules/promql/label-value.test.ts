import { metadataKnowledge, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./label-value.js";

/** Values an exposition shows: a value not seen yet may come. */
const exposition = metadataKnowledge([{ name: "grpc_server_handled_total", type: "counter", labels: { grpc_code: ["OK", "Unavailable"] } }], {
  file: "api.metrics",
});
/** Another project's catalog.json: a closed label's values are declared, so complete. */
const declared = metadataKnowledge([{ name: "orders_total", type: "counter", labels: { status: ["filled", "rejected"] }, declared: true }], {
  file: "orders/catalog.json",
});

testRule(rule, {
  valid: [
    { expr: 'rate(http_requests_total{code="500"}[5m]) > 1' },
    { expr: 'rate(http_requests_total{code=~"5.."}[5m]) > 1' },
    { name: "a value of an open label", expr: 'rate(http_requests_total{path="/anything"}[5m]) > 1' },
    { name: "a negative matcher", expr: 'rate(http_requests_total{code!="503"}[5m]) > 1' },
    {
      name: "a value an exposition has not shown",
      expr: 'rate(grpc_server_handled_total{grpc_code="Internal"}[5m]) > 1',
      noCatalog: true,
      metadata: exposition,
    },
  ],
  invalid: [
    { expr: 'rate(http_requests_total{code="503"}[5m]) > 1', errors: [{ messageId: "equal", span: [30, 35] }] },
    { expr: 'rate(http_requests_total{method=~"put|delete"}[5m]) > 1', errors: [{ messageId: "regex", span: [33, 45] }] },
    { name: "case matters", expr: 'sum(rate(job_errors_total{kind="Timeout"}[5m])) > 0', errors: [{ messageId: "equal" }] },
    {
      name: "a value a catalog.json's closed label does not have, without a catalog",
      expr: 'rate(orders_total{status="cancelled"}[5m]) > 1',
      noCatalog: true,
      metadata: declared,
      errors: [{ messageId: "equal", message: "(per orders/catalog.json:2)", span: [25, 36] }],
    },
  ],
});
