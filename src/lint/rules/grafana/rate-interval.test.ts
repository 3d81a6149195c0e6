import { grafanaDashboard, grafanaPanel, testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./rate-interval.js";

const d = (expr: string) => grafanaDashboard([grafanaPanel(1, expr)]);

testRule(rule, {
  valid: [
    { name: "$__rate_interval", dashboard: d("sum(rate(http_requests_total[$__rate_interval]))") },
    { name: "increase over $__range", dashboard: d("sum(increase(http_requests_total[$__range]))") },
    { name: "an alert's fixed window (not a dashboard)", expr: "rate(http_requests_total[5m]) > 1" },
  ],
  invalid: [
    { name: "a fixed window", dashboard: d("sum(rate(http_requests_total[5m]))"), errors: [{ messageId: "fixed", message: "[5m]" }] },
    { name: "$__interval", dashboard: d("sum(rate(http_requests_total[$__interval]))"), errors: [{ messageId: "fixed", message: "[$__interval]" }] },
  ],
});
