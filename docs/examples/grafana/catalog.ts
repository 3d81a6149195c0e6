/**
 * A small catalog whose dashboards go to two Grafana folders: the generated ones (per service and
 * the SLO dashboard) to `grafana.folder`, the declared overview to its own `folder`.
 * docs/grafana.md shows what it builds; test/grafana/deployed.test.ts rebuilds it.
 */
import { dashboard, defineCatalog, panel, quantile, rate, row } from "obsgen";

const latency = {
  type: "histogram",
  name: "checkout_request_duration_seconds",
  help: "Request latency",
  unit: "seconds",
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5],
  labels: { method: ["GET", "POST"] },
} as const;
const requests = { type: "counter", name: "checkout_requests_total", help: "Requests", labels: { status: ["ok", "error"] } } as const;

export default defineCatalog({
  name: "shop",
  teams: ["web"],
  services: [
    {
      name: "checkout",
      description: "Checkout API",
      metricsPort: 8080,
      // An availability SLO: the SLO dashboard shows it, linked to this service's dashboard.
      availability: 99.9,
      metrics: { latency, requests },
      alerts: [
        {
          name: "CheckoutSlow",
          priority: "P1",
          team: "web",
          for: "5m",
          summary: "Checkout is slow",
          description: "p99 is {{ $value }}s",
          action: "Check the database",
          condition: { kind: "quantile", metric: latency.name, quantile: 0.99, window: "5m", op: ">", threshold: 0.25 },
        },
        {
          name: "CheckoutErrors",
          priority: "P0",
          team: "web",
          for: "2m",
          summary: "Checkout fails",
          description: "{{ $value }} errors per second",
          action: "Roll back the last deploy",
          condition: { kind: "rate", metric: requests.name, window: "5m", where: { status: "error" }, op: ">", threshold: 1 },
        },
      ],
    },
    { name: "payments", description: "Payments API", metricsPort: 8081 },
  ],
  dashboards: [
    dashboard({
      title: "Shop overview",
      description: "Checkout latency and traffic at a glance.",
      folder: "Shop overview",
      rows: [
        row("Checkout", [
          panel.timeseries({ title: "p99 latency", description: "Checkout p99", targets: [quantile(latency, 0.99, { window: "$__rate_interval" })] }),
          panel.timeseries({ title: "Requests/s", description: "By status", targets: [rate(requests, { window: "$__rate_interval", by: ["status"] })] }),
        ]),
      ],
    }),
  ],
  runbooks: { baseUrl: "https://runbooks.example.com/shop" },
  // Generated dashboards go here (the catalog's name when unset).
  grafana: { baseUrl: "https://grafana.example.com", folder: "Shop" },
});
