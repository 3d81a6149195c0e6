import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./result-type.js";

testRule(rule, {
  valid: [
    { expr: "sum(rate(http_requests_total[5m]))", kind: "record" },
    { name: "a scalar", expr: "time()", kind: "record" },
  ],
  invalid: [
    { expr: "http_requests_total[5m]", kind: "record", errors: [{ messageId: "matrix", span: [0, 23] }] },
    { expr: '"text"', kind: "record", errors: [{ messageId: "string", span: [0, 6] }] },
    { name: "a subquery", expr: "rate(http_requests_total[5m])[1h:1m]", kind: "record", errors: [{ messageId: "matrix" }] },
  ],
});
