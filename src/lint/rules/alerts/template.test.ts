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
