import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./comparison.js";

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "absent(up{job=\"api\"})" },
    { expr: "count(up == 0) > 0" },
    { name: "a series that disappeared (unless filters)", expr: "count by (instance) (up offset 1h) unless count by (instance) (up)" },
    { name: "a recording rule", expr: "sum(rate(http_requests_total[5m]))", kind: "record" },
  ],
  invalid: [
    { expr: "rate(job_errors_total[5m])", errors: [{ messageId: "none", span: [0, 26] }] },
    { name: "a bool comparison is a value, not a filter", expr: "queue_depth > bool 10", errors: [{ messageId: "none", span: [0, 21] }] },
  ],
});
