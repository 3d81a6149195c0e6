import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./regexp.js";

testRule(rule, {
  valid: [
    { name: "an exact matcher", expr: 'up{job="api"} == 0' },
    { name: "an alternation", expr: 'up{job=~"api|web"} == 0' },
    { name: "a negative alternation", expr: 'up{job!~"api|web"} == 0' },
    { name: "a prefix match", expr: 'up{job=~"api.+"} == 0' },
    { name: "a class inside a range selector", expr: 'rate(http_requests_total{code=~"5.."}[5m]) > 1' },
    { name: "an escaped dollar at the end (a literal, not an anchor)", expr: 'up{job=~"api\\\\$|web"} == 0' },
    { name: "a case-insensitive match", expr: 'up{job=~"(?i)api"} == 0' },
    { name: "`.+`, which excludes the empty value", expr: 'up{job=~".+"} == 0' },
    { name: "a negative `.*` (matches nothing, not this rule's concern)", expr: 'up{job!~".*"} == 0' },
    { name: "`^` inside the value (not the first character)", expr: 'up{job=~"a|^b"} == 0' },
    { name: "a `.*` placeholder left open by a rule generator (a no-op, harmless)", expr: 'up{job=~".*", namespace=~".*", instance="a"} == 0' },
    { name: "a `.*` placeholder in backquotes", expr: "sum by (integration) (rate(alertmanager_notifications_failed_total{integration=~`.*`}[5m])) > 0" },
  ],
  invalid: [
    { name: "a regex matcher on a plain value", expr: 'up{job=~"api"} == 0', errors: [{ messageId: "literal", message: 'write job="api"', span: [3, 13] }] },
    {
      name: "a negative regex matcher on a plain value",
      expr: 'up{job!~"api"} == 0',
      errors: [{ messageId: "literal", message: 'write job!="api"', span: [3, 13] }],
    },
    {
      name: "a regex on one job name (ingress-nginx's rules in the corpus)",
      expr: 'sum(rate(nginx_ingress_controller_requests{job=~"ingress-nginx-controller-metrics"}[5m])) > 0',
      errors: [{ messageId: "literal", message: 'write job="ingress-nginx-controller-metrics"' }],
    },
    {
      name: "an empty negative regex in backquotes (kube-prometheus's in the corpus)",
      expr: "up{alertmanager!~``} == 0",
      errors: [{ messageId: "literal", message: 'write alertmanager!=""' }],
    },
    { name: "an anchored plain value", expr: 'up{job=~"^api$"} == 0', errors: [{ messageId: "literal", message: 'write job="api"', span: [3, 15] }] },
    { name: "an empty regex", expr: 'up{job=~"", instance="a"} == 0', errors: [{ messageId: "literal", message: 'write job=""', span: [3, 10] }] },
    { name: "a __name__ regex on one name", expr: '{__name__=~"up"} == 0', errors: [{ messageId: "literal", span: [1, 15] }] },
    {
      name: "both anchors",
      expr: 'up{job=~"^(api|web)$"} == 0',
      errors: [{ messageId: "anchors", message: "the anchors `^` and `$` are redundant", span: [3, 21] }],
    },
    { name: "a trailing anchor", expr: 'up{job=~"api|web$"} == 0', errors: [{ messageId: "anchors", message: "the anchor `$` is redundant", span: [3, 18] }] },
    {
      name: "a leading anchor in a range selector",
      expr: 'rate(http_requests_total{code=~"^5.."}[5m]) > 1',
      errors: [{ messageId: "anchors", span: [25, 37] }],
    },
    {
      name: "an anchored match-everything matcher (the anchors are still redundant)",
      expr: 'up{job=~"^.*$", instance="a"} == 0',
      errors: [{ messageId: "anchors", span: [3, 14] }],
    },
    {
      name: "one finding per matcher, on both sides of a binary operation",
      expr: 'up{job=~"a"} * on (instance) up{job=~"^b.*"}',
      errors: [
        { messageId: "literal", span: [3, 11] },
        { messageId: "anchors", span: [32, 43] },
      ],
    },
  ],
});
