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
  ],
  invalid: [
    { name: "a regex matcher on a plain value", expr: 'up{job=~"api"} == 0', errors: [{ messageId: "literal", message: 'write job="api"', span: [3, 13] }] },
    { name: "a negative regex matcher on a plain value", expr: 'up{job!~"api"} == 0', errors: [{ messageId: "literal", message: 'write job!="api"', span: [3, 13] }] },
    { name: "an anchored plain value", expr: 'up{job=~"^api$"} == 0', errors: [{ messageId: "literal", message: 'write job="api"', span: [3, 15] }] },
    { name: "an empty regex", expr: 'up{job=~"", instance="a"} == 0', errors: [{ messageId: "literal", message: 'write job=""', span: [3, 10] }] },
    { name: "a __name__ regex on one name", expr: '{__name__=~"up"} == 0', errors: [{ messageId: "literal", span: [1, 15] }] },
    { name: "both anchors", expr: 'up{job=~"^(api|web)$"} == 0', errors: [{ messageId: "anchors", message: "the anchors `^` and `$` are redundant", span: [3, 21] }] },
    { name: "a trailing anchor", expr: 'up{job=~"api|web$"} == 0', errors: [{ messageId: "anchors", message: "the anchor `$` is redundant", span: [3, 18] }] },
    { name: "a leading anchor in a range selector", expr: 'rate(http_requests_total{code=~"^5.."}[5m]) > 1', errors: [{ messageId: "anchors", span: [25, 37] }] },
    { name: "a match-everything matcher", expr: 'up{job=~".*", instance="a"} == 0', errors: [{ messageId: "matchAll", span: [3, 12] }] },
    { name: "an anchored match-everything matcher", expr: 'up{job=~"^.*$", instance="a"} == 0', errors: [{ messageId: "matchAll", span: [3, 14] }] },
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
