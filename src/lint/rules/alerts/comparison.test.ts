import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./comparison.js";

testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[5m]) > 1" },
    { expr: 'absent(up{job="api"})' },
    { name: "absent_over_time", expr: 'absent_over_time(up{job="api"}[10m])' },
    { expr: "count(up == 0) > 0" },
    { name: "a series that disappeared (unless filters)", expr: "count by (instance) (up offset 1h) unless count by (instance) (up)" },
    { name: "a recording rule", expr: "sum(rate(http_requests_total[5m]))", kind: "record" },
    { name: "the dead-man's switch vector(1)", expr: "vector(1)" },
    { name: "a literal that always fires on purpose", expr: "1" },
    { name: "an info metric whose matchers are the condition", expr: 'x_resource_info{ready!="True"}' },
    { name: "a state metric selected by its state", expr: 'kube_pod_status_phase{phase="Failed"}' },
    { name: "a node condition selected by its status", expr: 'kube_node_status_condition{condition="Ready",status!="true"}' },
    { name: "a regex matcher on a non-identity label", expr: 'pg_index_size_bytes{indexrelname=~".*ccnew.*"}' },
    { name: "an aggregation of a selector filtered by state", expr: 'sum by (pod) (cilium_endpoint_state{endpoint_state="invalid"})' },
    { name: "firing alerts read from ALERTS", expr: 'ALERTS{alertstate="firing", severity="critical"}' },
    { name: "ALERTS without matchers (it exists only while alerts are active)", expr: "count by (namespace) (ALERTS)" },
    { name: "an and with another condition", expr: "up and on(job) deploy_in_progress" },
    { name: "a function whose result cannot be told (unknown to the rule)", expr: "histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m]))" },
  ],
  invalid: [
    { expr: "rate(job_errors_total[5m])", errors: [{ messageId: "none", span: [0, 26] }] },
    { name: "a bool comparison is a value, not a filter", expr: "queue_depth > bool 10", errors: [{ messageId: "none", span: [0, 21] }] },
    {
      name: "a ratio of two sums with no threshold (Prometheus's own rulefmt test file)",
      expr: "sum without(instance) (rate(errors_total[5m])) / sum without(instance) (rate(requests_total[5m]))",
      errors: [{ messageId: "none" }],
    },
    { name: "a bare gauge selected by job and namespace only", expr: 'queue_depth{job="worker", namespace=~"prod-.*"}', errors: [{ messageId: "none" }] },
    { name: "a scaled counter rate", expr: "100 * increase(job_errors_total[1h])", errors: [{ messageId: "none" }] },
    {
      name: "changes() without a threshold returns every series, zero included",
      expr: "changes(process_start_time_seconds[30m])",
      errors: [{ messageId: "none" }],
    },
    { name: "an or whose one side returns everything", expr: "absent(up) or sum(up)", errors: [{ messageId: "none" }] },
  ],
});
