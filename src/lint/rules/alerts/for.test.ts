import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "../../../../test/helpers/cli.js";
import { testRule } from "../../../../test/helpers/rule-tester.js";
import { describeWithTool } from "../../../../test/helpers/tools.js";
import rule from "./for.js";

testRule(rule, {
  valid: [
    { name: "an alert on up with for: 5m", expr: "up == 0", for: "5m" },
    { name: "a recording rule (no for)", expr: "sum(up)", kind: "record", for: null },
    { name: "an explicit for: 0s, a decision to fire at once", expr: "up == 0", for: "0s" },
    { name: "an explicit for: 0m", expr: "up == 0", for: "0m" },
    { name: "a for shorter than the evaluation interval (it still waits one evaluation)", expr: "up == 0", for: "30s", interval: "1m" },
    { name: "an alert without for on a counter's rate (whether it flickers is not known)", expr: "sum(rate(http_requests_total[5m])) > 1", for: null },
    {
      name: "a multi-window burn-rate alert without for",
      expr: "sum(rate(errors_total[1h])) / sum(rate(requests_total[1h])) > 14.4 * 0.001 and sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) > 14.4 * 0.001",
      for: null,
    },
    { name: "a dead-man's switch without for", expr: "vector(1)", for: null },
    { name: "a raw gauge without for that need not flicker", expr: "kubelet_certificate_manager_client_ttl_seconds < 86400", for: null },
    { name: "an aggregation of up without for (no longer one scrape's value)", expr: "avg by (job) (up) < 0.5", for: null },
    { name: "absent(up) without for", expr: 'absent(up{job="api"})', for: null },
    { name: "up compared with another series without for", expr: "up != on(job) group_left() up offset 1m", for: null },
  ],
  invalid: [
    { name: "an alert on up == 0 without for", expr: "up == 0", for: null, errors: [{ messageId: "missing", message: "compares up" }] },
    { name: "up with matchers, in parentheses, without for", expr: '(up{job="api"}) == 0', for: null, errors: [{ messageId: "missing" }] },
    { name: "a number on the left of the comparison", expr: "0 >= up", for: null, errors: [{ messageId: "missing" }] },
    { name: "up == 0 joined with another condition", expr: "up == 0 and on(job) x_info", for: null, errors: [{ messageId: "missing" }] },
    {
      name: "a single scrape's duration without for",
      expr: "scrape_duration_seconds > 10",
      for: null,
      errors: [{ messageId: "missing", message: "compares scrape_duration_seconds" }],
    },
  ],
});

// What the rule's page says about a short `for`, shown by Prometheus's own rule evaluation: with
// `for: 1s` and a 1m interval the alert is pending at the first evaluation and fires at the next,
// while the same alert without `for` fires at the first.
describeWithTool("promtool", "alerts/for and Prometheus's evaluation of a short for", () => {
  it("finds an alert with for: 1s pending at the first evaluation and firing at the next (promtool test rules)", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "rules.yml"),
      "groups:\n  - name: g\n    interval: 1m\n    rules:\n      - alert: Short\n        expr: up == 0\n        for: 1s\n      - alert: Immediate\n        expr: up == 0\n",
    );
    writeFileSync(
      join(dir, "test.yml"),
      `rule_files: [rules.yml]
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'up{job="a"}'
        values: '0x5'
    alert_rule_test:
      - { alertname: Short, eval_time: 0m, exp_alerts: [] }
      - { alertname: Short, eval_time: 1m, exp_alerts: [{ exp_labels: { job: a } }] }
      - { alertname: Immediate, eval_time: 0m, exp_alerts: [{ exp_labels: { job: a } }] }
    promql_expr_test:
      - expr: ALERTS{alertname="Short"}
        eval_time: 0m
        exp_samples: [{ labels: 'ALERTS{alertname="Short", alertstate="pending", job="a"}', value: 1 }]
      - expr: ALERTS{alertname="Short"}
        eval_time: 1m
        exp_samples: [{ labels: 'ALERTS{alertname="Short", alertstate="firing", job="a"}', value: 1 }]
`,
    );
    const r = spawnSync("promtool", ["test", "rules", "test.yml"], { cwd: dir, encoding: "utf8" });
    expect(r.stdout + r.stderr).toContain("SUCCESS");
    expect(r.status).toBe(0);
  });
});
