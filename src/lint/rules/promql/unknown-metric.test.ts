import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./unknown-metric.js";

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 1" },
    { expr: 'up{job="api"} == 0' },
    { name: "a name given by __name__", expr: '{__name__="queue_depth"} > 10' },
    { name: "without a catalog", expr: "rate(whatever_total[5m]) > 1", noCatalog: true },
  ],
  invalid: [
    { expr: "rate(http_request_total[5m]) > 1", errors: [{ messageId: "unknown", span: [5, 23] }] },
    { expr: "sum(rate(http_request_duration_seconds[5m])) > 1", errors: [{ messageId: "histogramBare", span: [9, 38] }] },
    { expr: 'queue_depht{queue="a"} > 1 or queue_depth > 5', errors: [{ messageId: "unknown", span: [0, 11] }] },
  ],
});
