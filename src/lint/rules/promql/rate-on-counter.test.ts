import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./rate-on-counter.js";

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "sum(rate(http_request_duration_seconds_bucket[5m])) > 1" },
    { expr: "increase(http_request_duration_seconds_count[1h]) > 100" },
    { name: "deriv of a gauge", expr: "deriv(queue_depth[10m]) > 0" },
    { name: "a series the catalog does not know", expr: "rate(node_cpu_seconds_total[5m]) > 1" },
  ],
  invalid: [
    { expr: "rate(queue_depth[5m]) > 1", errors: [{ messageId: "gauge", span: [0, 21] }] },
    { expr: 'sum(increase(queue_depth{queue="a"}[1h])) > 10', errors: [{ messageId: "gauge", message: "use delta()", span: [4, 40] }] },
  ],
});
