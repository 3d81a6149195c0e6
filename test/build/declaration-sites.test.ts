/**
 * A diagnostic about a catalog element names the file, line and column where the element was
 * declared (the authoring helper's call), beside its catalog path: in the build's and lint's text,
 * in lint's JSON and in SARIF. The catalog is spread over files as real ones are: metrics in one,
 * alerts in another, the service, SLOs and dashboards each in theirs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBinaryAsync, runInProcess, tempDir } from "../helpers/cli.js";

const FILES: Record<string, string> = {
  "index.ts": `import { defineCatalog } from "obsgen";
import { board } from "./dashboards.js";
import { orders } from "./services.js";
import { slos } from "./slos.js";

export default defineCatalog({
  name: "shop",
  teams: ["web"],
  services: [orders],
  slos,
  dashboards: [board],
  alerting: {
    receivers: { ops: { slack: [{ apiUrlFile: "/etc/alertmanager/slack-url", channel: "#ops" }] } },
    teams: {},
    defaultReceiver: "ops",
  },
});
`,
  "metrics.ts": `import { counter, histogram } from "obsgen";

export const latency = histogram({
  name: "orders_latency_ms",
  help: "Order latency",
  unit: "milliseconds",
  buckets: [10, 50, 100, 250],
  labels: { method: ["GET", "POST"] },
});

export const requests = counter({
  name: "orders_requests_total",
  help: "Requests",
  labels: { status: ["ok", "error"] },
});
`,
  "alerts.ts": `import { alert, expr, quantile } from "obsgen";
import { latency, requests } from "./metrics.js";

export const slow = alert({
  name: "OrdersSlow",
  priority: "P1",
  team: "web",
  for: "5m",
  summary: "Orders are slow",
  description: "p99 is {{ $value }}ms",
  action: "Check the database",
  condition: quantile(latency, 0.99, { window: "5m", where: { method: "POST" } }).above(100),
});

export const failing = alert({
  name: "OrdersFailing",
  priority: "P2",
  team: "web",
  for: "5m",
  summary: "Orders fail",
  description: "{{ $value }} errors per second",
  action: "Read the logs",
  condition: expr('sum(rate(orders_requets_total{status="error"}[5m])) > 1', { metrics: [requests] }),
});
`,
  "services.ts": `import { defineService } from "obsgen";
import { failing, slow } from "./alerts.js";
import { latency, requests } from "./metrics.js";

export const orders = defineService({
  name: "orders",
  description: "Orders API",
  metricsPort: 8080,
  metrics: { latency, requests },
  alerts: [slow, failing],
});
`,
  "slos.ts": `import { slo } from "obsgen";
import { latency } from "./metrics.js";

export const slos = [
  slo({
    kind: "latency",
    name: "orders-latency",
    description: "p99 under 120ms",
    metric: latency,
    quantile: 0.99,
    threshold: 120,
    window: "5m",
  }),
];
`,
  "dashboards.ts": `import { dashboard, expr, panel, rate, row } from "obsgen";
import { requests } from "./metrics.js";

export const board = dashboard({
  title: "Orders",
  description: "Orders at a glance",
  rows: [
    row("Traffic", [
      panel.timeseries({
        title: "Requests",
        description: "Requests per second",
        targets: [rate(requests, { window: "5m" })],
      }),
      panel.timeseries({
        title: "Errors",
        description: "Errors per second",
        targets: [expr("sum(rate(orders_errors_total[$__rate_interval]))")],
      }),
    ]),
  ],
});
`,
};

/** The catalog in a new folder, with `edits` (file, text, replacement) applied. */
function writeFixture(edits: readonly (readonly [string, string, string])[] = []): string {
  const dir = tempDir("obsgen-sites-");
  mkdirSync(join(dir, "catalog"));
  const files = { ...FILES };
  for (const [file, from, to] of edits) {
    expect(files[file]).toContain(from);
    files[file] = files[file]!.replace(from, to);
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "catalog", name), text);
  return dir;
}

interface Expected {
  readonly code: string;
  readonly severity: "error" | "warning";
  /** The finding's catalog path starts with this. */
  readonly path: string;
  /** The declaring file, and the call there: its `nth` line holding `call` (from 0), at the call's first character. */
  readonly file: string;
  readonly call: string;
  readonly nth?: number;
}

/** Where `e`'s call is in its fixture file: 1-based line and column. */
function siteOf(e: Expected): { line: number; column: number } {
  const lines = FILES[e.file]!.split("\n");
  const found = lines.map((text, i) => ({ i, col: text.indexOf(e.call) })).filter((x) => x.col >= 0);
  const at = found[e.nth ?? 0]!;
  return { line: at.i + 1, column: at.col + 1 };
}

const SCHEMA: { edits: [string, string, string][]; expected: Expected[] } = {
  edits: [
    ["metrics.ts", "buckets: [10, 50, 100, 250]", "buckets: [10, 50, 5, 250]"],
    ["services.ts", "metricsPort: 8080", "metricsPort: -1"],
  ],
  expected: [
    { code: "catalog/schema", severity: "error", path: "services.orders.metrics.latency.buckets[2]", file: "metrics.ts", call: "histogram(" },
    { code: "catalog/schema", severity: "error", path: "services.orders.metricsPort", file: "services.ts", call: "defineService(" },
  ],
};

const RESOLVE: { edits: [string, string, string][]; expected: Expected[] } = {
  edits: [["alerts.ts", 'where: { method: "POST" }', 'where: { method: "PUT" }']],
  expected: [
    {
      code: "catalog/unknown-label-value",
      severity: "error",
      path: "services.orders.alerts.OrdersSlow.condition.where.method",
      file: "alerts.ts",
      call: "alert(",
    },
    // No helper declares `alerting`: the nearest declared element on its path is the catalog.
    { code: "catalog/unrouted-team", severity: "warning", path: "alerting.teams", file: "index.ts", call: "defineCatalog(" },
  ],
};

/** Findings of the catalog lint on the fixture as written. */
const LINT: Expected[] = [
  { code: "naming/abbreviated-unit", severity: "warning", path: "services.orders.metrics.latency", file: "metrics.ts", call: "histogram(" },
  { code: "promql/unknown-metric", severity: "error", path: "services.orders.alerts.OrdersFailing", file: "alerts.ts", call: "alert(", nth: 1 },
  { code: "slo/threshold-bucket-edge", severity: "error", path: "slos.orders-latency", file: "slos.ts", call: "slo(" },
  { code: "grafana/rate-interval", severity: "warning", path: "dashboards[0].rows[0].panels[0]", file: "dashboards.ts", call: "timeseries(" },
  { code: "promql/unknown-metric", severity: "error", path: "dashboards[0].rows[0].panels[1]", file: "dashboards.ts", call: "timeseries(", nth: 1 },
  { code: "catalog/unrouted-team", severity: "warning", path: "alerting.teams", file: "index.ts", call: "defineCatalog(" },
];

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string | null;
  line: number | null;
  column: number | null;
  path?: string;
}

interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } } }[];
}

/** Runs `obsgen lint` on the catalog in `dir` in each format, in process (the working directory is the repository's). */
async function lintFormats(dir: string): Promise<{ text: string; json: JsonFinding[]; sarif: SarifResult[] }> {
  const entry = join(dir, "catalog", "index.ts");
  const text = await runInProcess(["lint", "--catalog", entry]);
  const json = await runInProcess(["lint", "--catalog", entry, "--format", "json"]);
  const sarif = await runInProcess(["lint", "--catalog", entry, "--format", "sarif"]);
  return {
    text: text.stdout,
    json: (JSON.parse(json.stdout) as { diagnostics: JsonFinding[] }).diagnostics,
    sarif: (JSON.parse(sarif.stdout) as { runs: { results: SarifResult[] }[] }).runs[0]!.results,
  };
}

function expectEverywhere(dir: string, found: Awaited<ReturnType<typeof lintFormats>>, expected: readonly Expected[]): void {
  for (const e of expected) {
    const file = join(dir, "catalog", e.file);
    const { line, column } = siteOf(e);
    const where = `${e.code} at ${e.path}`;
    expect(found.text, where).toMatch(new RegExp(`^${escape(`${file}:${line}:${column}: ${e.path}`)}\\S*: ${e.severity} .* \\[${escape(e.code)}[,\\]]`, "m"));
    expect(
      found.json.filter((d) => d.ruleId === e.code && d.path?.startsWith(e.path)),
      where,
    ).toContainEqual(expect.objectContaining({ severity: e.severity, file, line, column }));
    const sarif = found.sarif.filter((r) => r.ruleId === e.code && r.message.text.startsWith(e.path));
    expect(
      sarif.map((r) => r.locations[0]?.physicalLocation),
      where,
    ).toContainEqual({ artifactLocation: { uri: file }, region: { startLine: line, startColumn: column } });
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("diagnostics about catalog elements name where each was declared", () => {
  it("places schema errors at the metric's and the service's declarations", async () => {
    const dir = writeFixture(SCHEMA.edits);
    expectEverywhere(dir, await lintFormats(dir), SCHEMA.expected);
  });

  it("places resolve errors at the alert's declaration, and a warning on an undeclared part at the catalog's", async () => {
    const dir = writeFixture(RESOLVE.edits);
    expectEverywhere(dir, await lintFormats(dir), RESOLVE.expected);
  });

  it("places lint findings on metrics, alerts, SLOs and dashboard panels at their declarations", async () => {
    const dir = writeFixture();
    expectEverywhere(dir, await lintFormats(dir), LINT);
  });

  it("prints the declaration in the build's text, through the real binary, relative to the working directory", async () => {
    for (const { edits, expected } of [SCHEMA, RESOLVE, { edits: [], expected: LINT }]) {
      const dir = writeFixture(edits);
      const r = await runBinaryAsync(["build", "--catalog", join("catalog", "index.ts"), "--out", "out"], dir);
      expect(r.code).toBe(1);
      for (const e of expected) {
        const { line, column } = siteOf(e);
        expect(r.stderr, `${e.code} at ${e.path}`).toMatch(
          new RegExp(`^${e.severity} ${escape(`catalog/${e.file}:${line}:${column}: ${e.path}`)}\\S*: .* \\[${escape(e.code)}\\]$`, "m"),
        );
      }
    }
  });
});
