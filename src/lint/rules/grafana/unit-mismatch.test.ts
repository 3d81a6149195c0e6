import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./unit-mismatch.js";

const p99 = "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))";
const d = (expr: string, unit: string) => grafanaDashboard([grafanaPanel(1, expr, { fieldConfig: { defaults: { unit } } })]);

testRule(rule, {
  valid: [
    { name: "seconds as s", dashboard: d(p99, "s") },
    { name: "a rate (unit per second, not the metric's)", dashboard: d("sum(rate(http_request_duration_seconds_count[$__rate_interval]))", "ops") },
    { name: "a metric without a unit", dashboard: d("max(queue_depth)", "short") },
  ],
  invalid: [{ name: "seconds shown as milliseconds", dashboard: d(p99, "ms"), errors: [{ messageId: "mismatch", message: 'use "s"' }] }],
});
