// Generates a Prometheus rules file of N realistic alerting rules: error ratios, latency quantiles
// over `sum by (le)`, counter rates, gauges and absent(), with templated annotations.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function generateRules(n, perGroup = 50) {
  const lines = ["groups:"];
  for (let i = 0; i < n; i++) {
    if (i % perGroup === 0) lines.push(`  - name: service-${i / perGroup}`, "    interval: 30s", "    rules:");
    const svc = `svc${Math.floor(i / 5)}`;
    const job = `job-${Math.floor(i / 5)}`;
    const common = (summary) => [
      `        labels:`,
      `          severity: ${["critical", "warning", "info"][i % 3]}`,
      `          team: team-${i % 7}`,
      `        annotations:`,
      `          summary: "${summary}"`,
      `          description: "{{ $labels.job }} reports {{ $value | humanize }} on {{ $labels.instance }}"`,
      `          runbook_url: "https://runbooks.example.com/${svc}/${i}"`,
    ];
    switch (i % 5) {
      case 0:
        lines.push(
          `      - alert: ${svc}ErrorRatioHigh${i}`,
          `        expr: sum by (job, instance) (rate(${svc}_http_requests_total{job="${job}", code=~"5.."}[5m])) / sum by (job, instance) (rate(${svc}_http_requests_total{job="${job}"}[5m])) > 0.05`,
          `        for: 5m`,
          ...common("High 5xx ratio"),
        );
        break;
      case 1:
        lines.push(
          `      - alert: ${svc}LatencyHigh${i}`,
          `        expr: histogram_quantile(0.99, sum by (le, job, instance) (rate(${svc}_request_duration_seconds_bucket{job="${job}"}[5m]))) > 0.5`,
          `        for: 10m`,
          ...common("p99 latency above 500ms"),
        );
        break;
      case 2:
        lines.push(
          `      - alert: ${svc}Errors${i}`,
          `        expr: sum by (job, instance) (increase(${svc}_errors_total{job="${job}", kind!="expected"}[15m])) > 10`,
          `        for: 5m`,
          ...common("Errors increasing"),
        );
        break;
      case 3:
        lines.push(
          `      - alert: ${svc}QueueBacklog${i}`,
          `        expr: max by (job, instance, queue) (${svc}_queue_depth{job="${job}"}) > 1000`,
          `        for: 15m`,
          ...common("Queue backlog"),
        );
        break;
      default:
        lines.push(`      - alert: ${svc}Absent${i}`, `        expr: absent(up{job="${job}"} == 1)`, `        for: 5m`, ...common("Target missing"));
    }
  }
  return `${lines.join("\n")}\n`;
}

export function writeRules(path, n) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, generateRules(n));
  return path;
}
