import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./template.js";

const ann = (summary: string) => ({ summary, description: "d", runbook_url: "https://r.example/x" });

testRule(rule, {
  valid: [
    { expr: "sum by (method) (rate(http_requests_total[5m])) > 1", annotations: ann("{{ $labels.method }} busy") },
    { expr: "rate(http_requests_total[5m]) > 1", annotations: ann("{{ $labels.code }} on {{ $labels.instance }}") },
    { name: "a series the catalog does not know (labels unknowable)", expr: "rate(x_total[5m]) > 1", annotations: ann("{{ $labels.anything }}") },
    { name: "label_replace adds labels", expr: 'label_replace(sum(queue_depth), "q", "x", "", "") > 1', annotations: ann("{{ $labels.q }}") },
    { name: "$value in an annotation", expr: "queue_depth > 10", annotations: ann("depth {{ $value }}") },
    { name: "a label absent() sets from an `=` matcher", expr: 'absent(up{job="api"})', noCatalog: true, annotations: ann("{{ $labels.job }} is gone") },
    {
      name: "absent_over_time's `=` matcher, in parentheses",
      expr: 'absent_over_time((up{job="api"})[5m])',
      noCatalog: true,
      annotations: ann("{{ $labels.job }}"),
    },
    {
      name: "`or` of absent() and a series that has the label",
      expr: 'absent(up{job="api"}) or up{job="api"} == 0',
      noCatalog: true,
      annotations: ann("{{ $labels.instance }}"),
    },
    {
      name: "a label a join adds to absent()'s result",
      expr: 'absent(up{job="api"}) * on () group_left (cluster) cluster_info',
      noCatalog: true,
      annotations: ann("{{ $labels.cluster }}"),
    },
  ],
  invalid: [
    {
      expr: "sum(rate(http_requests_total[5m])) > 1",
      annotations: ann("errors on {{ $labels.instance }}"),
      errors: [{ messageId: "removed", message: "(the aggregation removes it)" }],
    },
    {
      name: "a label dropped by by()",
      expr: "sum by (code) (rate(http_requests_total[5m])) > 1",
      annotations: ann("{{ $labels.method }} {{ $labels.code }}"),
      errors: [{ messageId: "removed", message: "`$labels.method`" }],
    },
    { name: "$value in a label", expr: "queue_depth > 10", labels: { depth: "{{ $value }}" }, errors: [{ messageId: "valueInLabel" }] },
    {
      name: "a label absent() cannot return: its selector has no `=` matcher on it",
      expr: 'absent(up{job="api"})',
      noCatalog: true,
      annotations: ann("{{ $labels.instance }} of {{ $labels.job }} is gone"),
      errors: [{ messageId: "removed", message: "`$labels.instance`, but the expression's result has no `instance` label (absent() returns only the labels" }],
    },
    {
      name: "a label absent() drops: matched with a regex",
      expr: 'absent(up{job=~"api|web"})',
      noCatalog: true,
      annotations: ann("{{ $labels.job }}"),
      errors: [{ messageId: "removed", message: "`$labels.job`" }],
    },
    {
      name: "a label matched twice, which absent() drops",
      expr: 'absent(up{job="api", job="web"})',
      noCatalog: true,
      annotations: ann("{{ $labels.job }}"),
      errors: [{ messageId: "removed", message: "`$labels.job`" }],
    },
    {
      name: "an `=` matcher with the empty value, which is no label",
      expr: 'absent(up{job=""})',
      noCatalog: true,
      annotations: ann("{{ $labels.job }}"),
      errors: [{ messageId: "removed", message: "`$labels.job`" }],
    },
    {
      name: "absent() of an aggregation, which has no labels",
      expr: "absent(sum by (job) (up))",
      noCatalog: true,
      labels: { team: "{{ $labels.job }}" },
      errors: [{ messageId: "removed", message: "label team uses `$labels.job`" }],
    },
    {
      name: "absent() of a comparison, which has no labels (the Thanos mixin's rules in the corpus)",
      expr: 'absent(up{job=~".*thanos-compact.*"} == 1)',
      noCatalog: true,
      annotations: ann("Thanos Compact Is Down (instance {{ $labels.instance }})"),
      errors: [{ messageId: "removed", message: "`$labels.instance`" }],
    },
    {
      name: "both branches of an `or` of absent() lacking the label",
      expr: 'absent(up{job="a"}) or absent(up{job="b"})',
      noCatalog: true,
      annotations: ann("{{ $labels.instance }}"),
      errors: [{ messageId: "removed", message: "(absent() returns only" }],
    },
    // True catches from the rule corpus, pinned.
    {
      name: "an instance in the summary of a sum by pod (Cilium's rules in the corpus)",
      expr: "sum(cilium_unreachable_nodes{}) by (pod) > 0",
      noCatalog: true,
      annotations: ann("Cilium unreachable nodes (instance {{ $labels.instance }})"),
      errors: [{ messageId: "removed", message: "`$labels.instance`, but the expression's result has no `instance` label (the aggregation removes it)" }],
    },
    {
      name: "an instance in the summary of a ratio joined on zone (Cloudflare's rules in the corpus)",
      expr: '(sum by (zone) (rate(cloudflare_zone_requests_status{status=~"5.."}[5m])) / on (zone) sum by (zone) (rate(cloudflare_zone_requests_status[5m]))) * 100 > 5',
      noCatalog: true,
      annotations: ann("Cloudflare http 5xx error rate (instance {{ $labels.instance }})"),
      errors: [{ messageId: "removed", message: "`$labels.instance`" }],
    },
  ],
});
