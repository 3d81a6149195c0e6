import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./syntax.js";

testRule(rule, {
  valid: [
    { expr: "sum by (job) (rate(http_requests_total[5m])) > 1" },
    { expr: "absent(up)", noCatalog: true },
    { name: "3.x syntax under the default target, 3", expr: 'sum by ("job") (rate({"http_requests_total"}[5]))' },
    { name: "holt_winters under 2.42", expr: "holt_winters(up[1h], 0.5, 0.5)", prometheus: ["2.42"] },
    { name: "an experimental function with its flag", expr: 'sort_by_label(up, "job")', features: ["promql-experimental-functions"], prometheus: ["3"] },
  ],
  invalid: [
    { name: "an unclosed parenthesis", expr: "rate(http_requests_total[5m]", errors: [{ messageId: "invalid", message: "unclosed left parenthesis" }] },
    { name: "an error at the very end", expr: "http_requests_total >", errors: [{ messageId: "invalid", message: "unexpected end of input" }] },
    { name: "a wrong argument type", expr: "rate(http_requests_total) > 1", errors: [{ messageId: "invalid", message: "expected type range vector" }] },
    { name: "an unknown function", expr: "sort_by(up, \"job\")", errors: [{ messageId: "invalid", message: 'unknown function with name "sort_by"' }] },
    {
      name: "an experimental function without its flag",
      expr: 'sort_by_label(up, "job")',
      errors: [{ messageId: "invalid", message: 'function "sort_by_label" is experimental: it needs --enable-feature=promql-experimental-functions' }],
    },
    {
      name: "a function newer than the targeted 2.42",
      expr: "histogram_avg(up)",
      prometheus: ["2.42"],
      errors: [{ messageId: "invalid", message: "`histogram_avg` needs Prometheus 2.51 or later; Prometheus 2.42 does not have it" }],
    },
    {
      name: "holt_winters under 3, with the new name",
      expr: "holt_winters(up[1h], 0.5, 0.5)",
      errors: [{ messageId: "invalid", message: "Prometheus 3.0 renamed it to double_exponential_smoothing" }],
    },
    {
      name: "for each version what it refuses, naming the version when only some do",
      expr: 'holt_winters(up[1h], 0.5, 0.5) + {"up"} + up[5s x]',
      prometheus: ["2.42", "3"],
      errors: [
        { messageId: "invalid", message: 'unknown function with name "holt_winters": Prometheus 3.0 renamed it' },
        { messageId: "invalid", message: "quoted metric names need Prometheus 3.0 or later; Prometheus 2.42 does not have them" },
        { messageId: "invalid", message: "Prometheus 3.14: unexpected character: 'x', expected ':'" },
      ],
    },
    {
      name: "quoted metric names under 2.42",
      expr: '{"http.requests"}',
      prometheus: ["2.42"],
      errors: [{ messageId: "invalid", message: "quoted metric names need Prometheus 3.0 or later", span: [1, 16] }],
    },
  ],
});
