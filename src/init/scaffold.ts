/**
 * `obsgen init`'s starting point, as data: a catalog with one service, one metric of each type,
 * one alert and one dashboard, plus an `obsgen.config.ts`. It builds and lints clean (a test keeps
 * it so). Pure: `src/io/new-files.ts` writes it.
 */
import { PROMETHEUS_VERSIONS } from "../compat/prometheus.js";
import { DEFAULT_CONFIG_FILE } from "../model/conventions.js";
import type { EmittedFile } from "../emit/serialize.js";

/** A catalog name from a folder name: `My App` -> `my-app`; `example` when nothing usable is left. */
export function catalogNameFor(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "");
  return name === "" ? "example" : name;
}

function catalogSource(name: string): string {
  return `/**
 * The ${name} observability catalog: every metric, alert and dashboard, declared once and typed.
 * \`obsgen build\` compiles it into out/ (rules, dashboards, runbooks, metric stubs);
 * \`obsgen lint\` checks it. Editor type checks need obsgen installed: \`npm install --save-dev obsgen\`.
 */
import {
  alert,
  counter,
  dashboard,
  defineCatalog,
  defineParameters,
  defineService,
  gauge,
  histogram,
  panel,
  quantile,
  rate,
  row,
  value,
} from "obsgen";

const params = defineParameters({
  latency_budget_seconds: { default: 0.5, unit: "seconds", description: "p99 latency budget of API requests" },
});

/** A counter: requests handled, by method and status class (closed labels: their values are the type). */
const requests = counter({
  name: "api_http_requests_total",
  help: "HTTP requests handled by the API",
  labels: { method: ["GET", "POST"], status: ["2xx", "4xx", "5xx"] },
});

/** A histogram: request latency in seconds; alert thresholds sit on bucket edges. */
const latency = histogram({
  name: "api_http_request_duration_seconds",
  help: "Time the API takes to handle an HTTP request",
  unit: "seconds",
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5],
  labels: { method: ["GET", "POST"] },
});

/** A gauge: requests in progress now. */
const inFlight = gauge({
  name: "api_http_requests_in_flight",
  help: "HTTP requests the API is handling now",
});

const api = defineService({
  name: "api",
  description: "The HTTP API",
  metricsPort: 9100,
  metrics: { requests, latency, in_flight: inFlight },
  alerts: [
    alert({
      name: "ApiLatencyHigh",
      priority: "P1",
      team: "platform",
      for: "10m",
      condition: quantile(latency, 0.99, { window: "5m" }).above(params.latency_budget_seconds),
      summary: "API p99 latency above its budget",
      description: "p99 latency is {{ $value | humanizeDuration }}",
      action: "Check the latest deploy and the API's dependencies; roll back if the deploy caused it",
      runbook: { steps: ["Open the API overview dashboard", "Compare p99 latency with the deploy times", "Roll back or scale out"] },
    }),
  ],
});

const overview = dashboard({
  title: "API overview",
  description: "Traffic, latency and load of the API.",
  tags: ["${name}"],
  rows: [
    row("Traffic and latency", [
      panel.timeseries({
        title: "Requests per second",
        description: "Requests handled per second, by status class.",
        targets: [rate(requests, { window: "$__rate_interval", by: ["status"] })],
      }),
      panel.timeseries({
        title: "Latency p99",
        description: "99th percentile of request latency; ApiLatencyHigh fires above the budget.",
        targets: [{ query: quantile(latency, 0.99, { window: "$__rate_interval" }), legend: "p99" }],
      }),
      panel.stat({
        title: "Requests in flight",
        description: "Requests the API is handling now.",
        targets: [value(inFlight, { aggregate: "sum" })],
      }),
    ]),
  ],
});

export default defineCatalog({
  name: "${name}",
  teams: ["platform"],
  parameters: params,
  services: [api],
  dashboards: [overview],
  runbooks: { baseUrl: "https://runbooks.example.com/${name}" },
});
`;
}

function configSource(): string {
  return `/**
 * How obsgen builds this project. Command-line flags win over these settings. Docs: the targets
 * (prometheus, prometheus-operator, mimir, thanos) are described in obsgen's docs/targets.md.
 */
import { defineConfig } from "obsgen";

export default defineConfig({
  catalog: "catalog/index.ts",
  out: "out",
  // Where the rules and dashboards go; several targets at once are fine, for example:
  //   { kind: "prometheus-operator", namespace: "monitoring", labels: { release: "kube-prometheus-stack" } },
  //   { kind: "mimir", namespaceBy: "team" },
  targets: [{ kind: "prometheus" }],
  // The Prometheus versions the output must be right on: ${PROMETHEUS_VERSIONS.map((v) => `"${v}"`).join(", ")}, or both (the default):
  // prometheus: { version: "3" },
  // Settings for every rule group, where the target's engine supports them:
  // rules: { queryOffset: "1m" },
});
`;
}

/** The files `obsgen init` writes, relative to the folder it scaffolds. */
export function scaffoldFiles(folderName: string): EmittedFile[] {
  const name = catalogNameFor(folderName);
  return [
    { path: "catalog/index.ts", contents: catalogSource(name) },
    { path: DEFAULT_CONFIG_FILE, contents: configSource() },
  ];
}
