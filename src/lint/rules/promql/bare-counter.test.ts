import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./bare-counter.js";

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "sum(increase(job_errors_total[1h])) > 0" },
    { expr: "absent(http_requests_total)" },
    { expr: "count(http_requests_total) < 3" },
    { name: "a gauge", expr: "queue_depth > 100" },
    { name: "a recording rule copying the counter under another name", expr: "job_errors_total", kind: "record", ruleName: "job_failures_total" },
  ],
  invalid: [
    { expr: 'job_errors_total{kind="crash"} > 0', errors: [{ messageId: "bare", span: [0, 30] }] },
    { expr: "sum(http_request_duration_seconds_count) > 1000", errors: [{ messageId: "bare", span: [4, 39] }] },
    { name: "max_over_time of a counter", expr: "max_over_time(job_errors_total[1h]) > 5", errors: [{ messageId: "bare", span: [14, 34] }] },
  ],
});
