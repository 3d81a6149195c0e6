import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./syntax.js";

testRule(rule, {
  valid: [{ expr: "sum by (job) (rate(http_requests_total[5m])) > 1" }, { expr: "absent(up)", noCatalog: true }],
  invalid: [
    { name: "an unclosed parenthesis", expr: "rate(http_requests_total[5m]", errors: [{ messageId: "invalid", message: "unclosed left parenthesis" }] },
    { name: "an error at the very end", expr: "http_requests_total >", errors: [{ messageId: "invalid", message: "unexpected end of input" }] },
    { name: "a wrong argument type", expr: "rate(http_requests_total) > 1", errors: [{ messageId: "invalid", message: "expected type range vector" }] },
    { name: "an unknown function", expr: "sort_by(up, \"job\")", errors: [{ messageId: "invalid", message: 'unknown function with name "sort_by"' }] },
    {
      name: "a function newer than 2.42, with the release that has it",
      expr: "histogram_avg(up)",
      errors: [{ messageId: "invalid", message: "`histogram_avg` needs Prometheus 2.51 or later; Prometheus 2.42 does not have it" }],
    },
  ],
});
