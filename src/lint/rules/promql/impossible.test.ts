import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./impossible.js";

testRule(rule, {
  valid: [
    { name: "grouping by a target label", expr: "sum by (job) (rate(http_requests_total[5m])) > 1" },
    { name: "grouping by a label the inner aggregation kept", expr: "sum by (code) (sum by (code, method) (rate(http_requests_total[5m]))) > 1" },
    { name: "grouping a series the catalog does not know", expr: "sum by (cluster) (rate(unknown_requests_total[5m])) > 1" },
    { name: "grouping a built-in series", expr: "sum by (cluster) (up) == 0" },
    { name: "grouping by a label a metric lacks, without a catalog", expr: "sum by (region) (rate(http_requests_total[5m])) > 1", noCatalog: true },
    { name: "grouping after label_replace (label flow not followed)", expr: 'sum by (cluster) (label_replace(sum(foo), "cluster", "a", "", "")) > 0' },
    { name: "`without` a label that is already gone (a no-op, not a dead end)", expr: "sum without (cluster) (sum(foo)) > 0" },
    { name: "a join on ()", expr: "sum(rate(http_requests_total[5m])) / on () sum(rate(job_errors_total[5m])) > 0.1" },
    {
      name: "a join on a label both sides keep",
      expr: "sum by (job) (rate(job_errors_total[5m])) / on (job) sum by (job) (rate(http_requests_total[5m])) > 0.1",
    },
    { name: "a join on a label of an unknown series", expr: "rate(http_requests_total[5m]) * on (instance) group_left (version) build_info > 0" },
    { name: "`or on` a label one side lacks (adds the other side's series)", expr: "sum by (job) (foo) or on (job) vector(0)" },
    { name: "`and` between two labelled sides", expr: 'up{job="a"} and up{job="b"}' },
    { name: "`and` with a side whose labels are unknown", expr: 'up{job="a"} and foo' },
    { name: "`and` where no label is certainly present", expr: "rate(http_requests_total[5m]) and sum(rate(job_errors_total[5m]))" },
    { name: "`unless on ()` (matches everything on purpose)", expr: 'up{job="a"} unless on () sum(up)' },
    { name: "`unless ignoring` the only certain label", expr: 'foo{job="a"} unless ignoring (job) sum(foo)' },
    { name: "`or` between a labelled and a bare side", expr: 'foo{job="a"} or sum(foo)' },
    { name: "`and` with absent (labels not followed)", expr: 'absent(foo{job="a"}) and sum(foo)' },
    { name: "a matcher that accepts the empty value proves nothing", expr: 'foo{job=~"a|"} unless sum(foo)' },
  ],
  invalid: [
    {
      name: "grouping by a label an inner sum removed",
      expr: "sum by (cluster) (sum(foo)) > 0",
      errors: [{ messageId: "by", message: "its input has no labels", span: [8, 15] }],
    },
    { name: "group by a removed label", expr: "group by (cluster) (sum(foo)) > 0", errors: [{ messageId: "by", span: [10, 17] }] },
    {
      name: "grouping by a label the catalog metric does not have",
      expr: "sum by (region) (rate(http_requests_total[5m])) > 1",
      errors: [{ messageId: "by", message: "at most code, instance, job, method, path, service", span: [8, 14] }],
    },
    { name: "only the missing one of several labels", expr: "sum by (job, cluster) (sum by (job) (foo)) > 0", errors: [{ messageId: "by", span: [13, 20] }] },
    { name: "topk by a removed label", expr: "topk by (cluster) (3, sum by (job) (foo))", errors: [{ messageId: "by", span: [9, 16] }] },
    { name: "a join on a label neither side has", expr: "sum(foo) / on (cluster) count(bar) > 1", errors: [{ messageId: "onNeither", span: [15, 22] }] },
    {
      name: "a join on a label one side cannot have",
      expr: "rate(http_requests_total[5m]) / on (instance, queue) queue_depth > 1",
      errors: [{ messageId: "onOneSide", message: "the left side (rate(http_requests_total[5m]))", span: [46, 51] }],
    },
    {
      name: "a group_left join on a label one side cannot have",
      expr: "rate(http_requests_total[5m]) * on (instance, queue) group_left queue_depth > 1",
      errors: [{ messageId: "onOneSide", span: [46, 51] }],
    },
    {
      name: "every finding of a nested query, outermost first",
      expr: "sum by (cluster) (sum(foo)) / on (cluster) sum by (cluster) (sum(bar))",
      errors: [
        { messageId: "onNeither", span: [34, 41] },
        { messageId: "by", span: [8, 15] },
        { messageId: "by", span: [51, 58] },
      ],
    },
    {
      name: "unless against a side without labels",
      expr: 'foo{job="a"} unless sum(foo)',
      errors: [{ messageId: "unlessNever", message: "label job", span: [20, 28] }],
    },
    { name: "and with the bare side on the left", expr: 'sum(foo) and foo{job!=""}', errors: [{ messageId: "andNever", span: [0, 8] }] },
    { name: "and ignoring another label", expr: 'foo{job="a"} and ignoring (instance) sum(foo)', errors: [{ messageId: "andNever", span: [37, 45] }] },
    { name: "a label kept through rate", expr: 'rate(foo{job="a"}[5m]) unless sum(rate(foo[5m]))', errors: [{ messageId: "unlessNever", span: [30, 48] }] },
    { name: "a label kept through a comparison filter", expr: '(foo{job="a"} > 1) unless count(foo)', errors: [{ messageId: "unlessNever", span: [26, 36] }] },
  ],
});
