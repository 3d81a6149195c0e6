import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./fragile.js";

testRule(rule, {
  valid: [
    { name: "an alert on every series over a threshold", expr: "rate(job_errors_total[5m]) > 1" },
    { name: "topk in a recording rule", expr: "topk(3, rate(http_requests_total[5m]))", kind: "record" },
    { name: "topk below an aggregation", expr: "sum(topk(3, rate(http_requests_total[5m]))) > 10" },
    { name: "topk counted", expr: "count(topk(3, queue_depth > 10)) > 2" },
    { name: "topk in a scalar", expr: "queue_depth > scalar(topk(1, queue_depth))" },
    { name: "topk inside a range function", expr: "max_over_time(topk(1, queue_depth)[5m:1m]) > 10" },
    { name: "topk on the one side of a group_left join", expr: "x > on (job) group_left topk by (job) (1, y)" },
    { name: "topk on the matching side of `unless`", expr: "queue_depth > 10 unless topk(3, queue_depth)" },
    { name: "topk deduplicating the info side of a join", expr: "rate(x[5m]) * on (instance) group_left (node) topk by (instance, node) (1, node_info) > 0" },
    { name: "topk on the matching side of a division", expr: "used / ignoring (type) topk by (namespace) (1, hard) > 0.9" },
    { name: "topk by every label of the series (one series per group)", expr: "topk by (queue, job, instance, service) (3, queue_depth) > 10" },
    { name: "topk by (…) (1, …), the deduplication idiom", expr: "topk by (cluster, namespace) (1, max without (instance, job) (quota)) > 0.9" },
    { name: "topk without labels the series lacks", expr: "topk without (region) (1, queue_depth) > 10" },
    { name: "topk of a single series", expr: "topk(1, sum(queue_depth)) > 10" },
    { name: "a ratio of aggregations held with for", expr: "sum(rate(job_errors_total[5m])) / sum(rate(http_requests_total[5m])) > 0.1", for: "5m" },
    { name: "a ratio of aggregations in a recording rule", expr: "sum(rate(job_errors_total[5m])) / sum(rate(http_requests_total[5m]))", kind: "record" },
    { name: "an aggregation divided by a number", expr: "sum(rate(job_errors_total[5m])) / 60 > 0.1", for: null },
    { name: "an aggregation compared with another", expr: "sum(queue_depth) > sum(queue_depth offset 1h)", for: null },
    { name: "a ratio of two aggregations of the same series", expr: "sum(vault_core_active) / count(vault_core_active) <= 0.5", for: null },
    {
      name: "a share of the same series that pass a filter",
      expr: "count by (cluster) (ceph_osd_up == 0) / count by (cluster) (ceph_osd_up) > 0.1",
      for: null,
    },
    {
      name: "a ratio of aggregations with no comparison (alerts/comparison's finding)",
      expr: "sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))",
      for: null,
    },
    { name: "a ratio of aggregations with an explicit for: 0s", expr: "sum(rate(job_errors_total[5m])) / sum(rate(http_requests_total[5m])) > 0.1", for: "0s" },
    {
      name: "a ratio of per-target aggregations",
      expr: "sum by (job, instance) (rate(job_errors_total[5m])) / sum without (code, method, path) (rate(http_requests_total[5m])) > 0.1",
      for: null,
    },
    {
      name: "an info join between aggregations",
      expr: "sum by (instance) (rate(job_errors_total[15m])) * on (instance) group_left (node) max by (instance, node) (node_info) > 0",
      for: "0s",
    },
  ],
  invalid: [
    { name: "topk deciding the alerts", expr: "topk(10, mymetric > 0)", errors: [{ messageId: "sampling", message: "`topk` decides", span: [0, 22] }] },
    { name: "bottomk under a comparison", expr: "bottomk(3, rate(x[5m])) < 1", errors: [{ messageId: "sampling", span: [0, 23] }] },
    { name: "topk through a function", expr: "abs(topk(1, x)) > 0", errors: [{ messageId: "sampling", span: [4, 14] }] },
    { name: "topk by some of the series' labels", expr: "topk by (queue) (3, queue_depth) > 10", errors: [{ messageId: "sampling", span: [0, 32] }] },
    { name: "topk(1) without grouping", expr: "topk(1, queue_depth) > 10", errors: [{ messageId: "sampling", span: [0, 20] }] },
    { name: "topk on the right of group_right", expr: "info * on (job) group_right topk(3, y)", errors: [{ messageId: "sampling", span: [28, 38] }] },
    { name: "topk on either side of or", expr: "x > 1 or topk(3, y)", errors: [{ messageId: "sampling", span: [9, 19] }] },
    { name: "topk right of a scalar", expr: "10 < topk(3, y)", errors: [{ messageId: "sampling", span: [5, 15] }] },
    {
      name: "a ratio of sums without for",
      expr: "sum(a) / sum(b) > 0.1",
      for: null,
      errors: [{ messageId: "partial", message: "alert TestAlert has no `for`", span: [0, 15] }],
    },
    // True catches from the rule corpus, pinned.
    {
      name: "a ratio of rates of different series without for (Cloudflare's CloudflareHttp5xxErrorRate in the corpus)",
      expr: '(sum by (zone) (rate(cloudflare_zone_requests_status{status=~"^5.."}[5m])) / on (zone) sum by (zone) (rate(cloudflare_zone_requests_status[5m]))) * 100 > 5',
      for: null,
      errors: [{ messageId: "partial" }],
    },
    {
      name: "a parenthesised aggregation",
      expr: "sum(rate(errors_total[5m])) / (sum(rate(requests_total[5m]))) > 0.05",
      for: null,
      errors: [{ messageId: "partial", span: [0, 61] }],
    },
    { name: "arithmetic over aggregations on one side", expr: "(sum(a) - sum(b)) / sum(c) > 0", for: null, errors: [{ messageId: "partial", span: [0, 26] }] },
    {
      name: "one finding per alert",
      expr: "sum(a) / (sum(a) + sum(b)) > 0.02 and (sum(a) + sum(b)) > 0",
      for: null,
      errors: [{ messageId: "partial", span: [0, 26] }],
    },
    {
      name: "aggregations of which one spans targets",
      expr: "sum by (instance) (rate(a[5m])) / sum(rate(b[5m])) > 0.1",
      for: null,
      errors: [{ messageId: "partial", span: [0, 50] }],
    },
    {
      name: "both problems at once",
      expr: "topk(1, sum by (job) (a) / sum by (job) (b)) > 0.5",
      for: null,
      errors: [
        { messageId: "sampling", span: [0, 44] },
        { messageId: "partial", span: [8, 43] },
      ],
    },
  ],
});
