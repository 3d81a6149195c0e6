/**
 * The small catalog that rule tests and rule docs lint against: one metric of each type with
 * closed and open labels, a 30s scrape interval, a runbook base URL. Plain data, resolved like any catalog.
 */
export const LINT_FIXTURE_CATALOG = {
  name: "fixture",
  teams: ["ops"],
  services: [
    {
      name: "api",
      description: "HTTP API",
      metricsPort: 8080,
      metrics: {
        requests: {
          type: "counter",
          name: "http_requests_total",
          help: "HTTP requests",
          labels: { code: ["200", "404", "500"], method: ["GET", "POST"], path: { open: true, maxValues: 50 } },
        },
        duration: {
          type: "histogram",
          name: "http_request_duration_seconds",
          help: "HTTP request duration",
          unit: "seconds",
          buckets: [0.1, 0.25, 0.5, 1, 2.5, 5],
          labels: { method: ["GET", "POST"] },
        },
        queue: {
          type: "gauge",
          name: "queue_depth",
          help: "Jobs waiting",
          labels: { queue: { open: true, maxValues: 5 } },
        },
        errors: {
          type: "counter",
          name: "job_errors_total",
          help: "Failed jobs",
          labels: { kind: ["timeout", "crash"] },
        },
      },
    },
  ],
  prometheus: { scrapeInterval: "30s", evaluationInterval: "30s", port: 9090 },
  // No alert is declared, so no runbook page exists: a rule file's link under this URL dangles.
  runbooks: { baseUrl: "https://runbooks.example.com/fixture" },
} as const;
