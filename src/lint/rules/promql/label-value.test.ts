import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./label-value.js";

testRule(rule, {
  valid: [
    { expr: 'rate(http_requests_total{code="500"}[5m]) > 1' },
    { expr: 'rate(http_requests_total{code=~"5.."}[5m]) > 1' },
    { name: "a value of an open label", expr: 'rate(http_requests_total{path="/anything"}[5m]) > 1' },
    { name: "a negative matcher", expr: 'rate(http_requests_total{code!="503"}[5m]) > 1' },
  ],
  invalid: [
    { expr: 'rate(http_requests_total{code="503"}[5m]) > 1', errors: [{ messageId: "equal", span: [30, 35] }] },
    { expr: 'rate(http_requests_total{method=~"put|delete"}[5m]) > 1', errors: [{ messageId: "regex", span: [33, 45] }] },
    { name: "case matters", expr: 'sum(rate(job_errors_total{kind="Timeout"}[5m])) > 0', errors: [{ messageId: "equal" }] },
  ],
});
