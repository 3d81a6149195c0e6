/**
 * The small catalog that rule tests and rule docs lint against: one metric of each type with
 * closed and open labels, a native-only and a classic-and-native histogram, a 30s scrape interval, a runbook base URL. Plain data, resolved like any catalog.
 */
export const LINT_FIXTURE_CATALOG = {
  name: "fixture",
  teams: ["ops"],
  services: [
    {
      name: "api",
      description: "HTTP API",
      metricsPort: 8080,
      // Owns the burn-rate alerts of SLOs on its metrics: it declares no alerts to tell by.
      team: "ops",
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
        rpc: {
          type: "histogram",
          name: "rpc_latency_seconds",
          help: "RPC latency, a native histogram",
          unit: "seconds",
          buckets: [0.1, 0.5, 1],
          native: true,
          labels: { method: ["GET", "POST"] },
        },
        upload: {
          type: "histogram",
          name: "upload_size_bytes",
          help: "Upload size, exposed classic and native",
          unit: "bytes",
          buckets: [1024, 65536, 1048576],
          native: "both",
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
  // Prometheus 3 alone: the native-only histogram needs it (2.42 has native histograms only behind a flag).
  prometheus: { scrapeInterval: "30s", evaluationInterval: "30s", port: 9090, version: "3" },
  // No alert is declared, so no runbook page exists: a rule file's link under this URL dangles.
  runbooks: { baseUrl: "https://runbooks.example.com/fixture" },
} as const;
