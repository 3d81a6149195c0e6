import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./absent.js";

testRule(rule, {
  valid: [
    { name: "a `for` of two scrape intervals or more", expr: 'absent(job_errors_total{kind="crash"})', for: "1m" },
    { name: "an explicit `for: 0s` (firing at once is a decision)", expr: 'absent(up{job="api"})', for: "0s" },
    { name: "absent_over_time, whose range is its own `for`", expr: 'absent_over_time(up{job="api"}[10m])', for: null },
    { name: "absent() of a rate, whose range still holds the earlier samples", expr: "absent(rate(http_requests_total[5m]))", for: null },
    { name: "absent() of a recorded series (named as recording rules are)", expr: "absent(job:http_requests:rate5m)", for: null, noCatalog: true },
    { name: "absent() of ALERTS, which rule evaluation writes", expr: 'absent(ALERTS{alertname="Watchdog"})', for: null },
    { name: "a short `for` without a catalog (the scrape interval is unknown)", expr: 'absent(up{job="api"})', for: "30s", noCatalog: true },
    { name: "absent() on the right of `and` (the left side decides first)", expr: "queue_depth > 0 and absent(job_errors_total)", for: null },
    { name: "a recording rule", expr: 'absent(up{job="api"})', kind: "record" },
    { name: "no absent()", expr: "queue_depth > 100", for: null },
  ],
  invalid: [
    {
      name: "absent() of a scraped series without `for`",
      expr: 'absent(job_errors_total{kind="crash"})',
      for: null,
      errors: [{ messageId: "missing", message: "a single failed scrape", span: [0, 38] }],
    },
    {
      name: "absent(up) without `for`",
      expr: 'absent(up{job="api"})',
      for: null,
      errors: [{ messageId: "missing", message: "leaves service discovery", span: [0, 21] }],
    },
    {
      name: "absent(up == 1) without `for`: a failed scrape writes up 0",
      expr: 'absent(up{job="api"} == 1)',
      for: null,
      errors: [{ messageId: "missing", message: "a single failed scrape" }],
    },
    {
      name: "absent() of an aggregation of up, which a failed scrape does not empty",
      expr: 'absent(sum by (job) (up{job="api"}))',
      for: null,
      errors: [{ messageId: "missing", message: "leaves service discovery" }],
    },
    {
      name: "absent() on one side of `or`",
      expr: "count(queue_depth) > 5 or absent(queue_depth)",
      for: null,
      errors: [{ messageId: "missing", span: [26, 45] }],
    },
    {
      name: "absent() compared with a number, without a catalog",
      expr: "absent(nodejs_version_info) == 1",
      for: null,
      noCatalog: true,
      errors: [{ messageId: "missing" }],
    },
    {
      name: "a `for` shorter than two scrape intervals, with the catalog's 30s interval",
      expr: 'absent(job_errors_total{kind="crash"})',
      for: "45s",
      errors: [{ messageId: "short", message: "`for: 45s`, less than two scrape intervals (60s)" }],
    },
    // A true catch from the rule corpus, pinned.
    {
      name: "Promscale's down alert without `for` (its mixin in the corpus)",
      expr: 'absent(up{job=~".*promscale.*"})',
      for: null,
      noCatalog: true,
      errors: [{ messageId: "missing", message: 'alert TestAlert fires on absent(up{job=~".*promscale.*"}) with no `for`' }],
    },
  ],
});
