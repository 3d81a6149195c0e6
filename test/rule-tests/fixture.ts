/**
 * A catalog exercising every shape rule-test generation handles: each condition kind, `by` with
 * a declared label and with a target label, `where` on closed and open labels, `abs`, per-minute
 * rates, `>=`/`<`/`<=`, a quantile below a threshold, the share form above the top bucket, a
 * unit-bounded gauge, templates with printf and humanize, and one hand-written case.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { emitPrometheusRules } from "../../src/emit/prometheus-rules.js";
import type { EmittedFile } from "../../src/emit/serialize.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { tempDir } from "../helpers/cli.js";
import { promtoolTestRules } from "../helpers/promtool-tests.js";

const common = (name: string, priority: string, forDuration: string) => ({
  name,
  priority,
  team: "web",
  for: forDuration,
  summary: `${name} on {{ $labels.method }}`,
  action: "Look at the checkout dashboard",
});

export function ruleTestCatalog(): any {
  const c = baseCatalog();
  const svc = c.services[0];
  svc.metrics.queue_depth = {
    type: "gauge",
    name: "checkout_queue_depth",
    help: "Queue depth",
    labels: { queue: { open: true, maxValues: 5, examples: ["orders"] }, region: ["eu", "us"] },
  };
  svc.metrics.cpu = { type: "gauge", name: "checkout_cpu_ratio", help: "CPU busy share", unit: "ratio" };
  svc.metrics.balance = {
    type: "gauge",
    name: "checkout_balance_dollars",
    help: "Balance",
    unit: "dollars",
    labels: { account: { open: true, maxValues: 3 } },
  };
  svc.alerts.push(
    {
      ...common("CheckoutErrorRatio", "P0", "2m"),
      description: "Error ratio {{ $value | humanizePercentage }}",
      condition: { kind: "ratio", metric: "checkout_requests_total", window: "5m", numerator: { status: "error" }, op: ">", threshold: 0.05 },
    },
    {
      ...common("CheckoutTrafficLow", "P2", "10m"),
      description: "{{ $labels.job }}: {{ $value | humanize }} requests/s",
      condition: { kind: "rate", metric: "checkout_requests_total", window: "10m", by: ["job"], op: "<", threshold: 5 },
    },
    {
      ...common("CheckoutErrorBurst", "P1", "0s"),
      description: '{{ printf "%.1f" $value }} errors in a minute',
      condition: { kind: "increase", metric: "checkout_requests_total", window: "1m", where: { status: "error" }, op: ">=", threshold: 100 },
    },
    {
      ...common("CheckoutPostsPerMinute", "P1", "1m"),
      description: "{{ $value }} POST/min",
      condition: { kind: "rate", metric: "checkout_request_latency_ms", window: "5m", per: "minute", where: { method: "POST" }, op: ">", threshold: 600 },
    },
    {
      ...common("QueueDeep", "P2", "5m"),
      description: "{{ $labels.queue }} in {{ $labels.region }}: {{ $value }} items",
      condition: {
        kind: "value",
        metric: "checkout_queue_depth",
        aggregate: "avg",
        by: ["queue", "region"],
        where: { region: "us" },
        op: ">=",
        threshold: 250,
      },
    },
    {
      ...common("BalanceSwing", "P1", "1m"),
      description: "{{ $labels.account }} moved {{ $value }} dollars",
      condition: { kind: "value", metric: "checkout_balance_dollars", abs: true, op: ">", threshold: 1000 },
    },
    {
      ...common("BalanceLow", "P2", "0s"),
      description: "{{ $labels.account }} holds {{ $value }}",
      condition: { kind: "value", metric: "checkout_balance_dollars", aggregate: "min", op: "<=", threshold: -50 },
    },
    {
      ...common("CpuBusy", "P2", "3m"),
      description: "CPU {{ $value | humanizePercentage }} busy",
      condition: { kind: "value", metric: "checkout_cpu_ratio", op: ">", threshold: 0.9 },
    },
    {
      ...common("CheckoutMedianFast", "P2", "5m"),
      description: "p50 {{ $value }}ms on {{ $labels.method }}: suspiciously fast",
      condition: { kind: "quantile", metric: "checkout_request_latency_ms", quantile: 0.5, window: "5m", by: ["method"], op: "<", threshold: 30 },
    },
    {
      ...common("CheckoutTailAboveTop", "P1", "5m"),
      description: "{{ $value | humanizePercentage }} of GETs slower than 500ms",
      condition: { kind: "quantile", metric: "checkout_request_latency_ms", quantile: 0.999, window: "5m", where: { method: "GET" }, op: ">", threshold: 500 },
    },
    {
      ...common("CheckoutAnyError", "P0", "0s"),
      description: "{{ $value }} errors",
      condition: { kind: "expr", expr: 'sum(increase(checkout_requests_total{status="error"}[5m])) > 0', metrics: ["checkout_requests_total"] },
      tests: [
        {
          name: "CheckoutAnyError: one error a minute fires at once",
          interval: "10s",
          inputSeries: [{ series: 'checkout_requests_total{status="error"}', values: "0+1x30" }],
          checks: [
            { evalTime: "0s", firing: [] },
            { evalTime: "5m", firing: [{ value: 30 }] },
          ],
        },
      ],
    },
  );
  return c;
}

export function resolved(raw: unknown): ResolvedCatalog {
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(`fixture does not resolve: ${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.value;
}

/** Writes files under a new temp folder and returns it. */
export function writeFiles(files: readonly EmittedFile[], dir = tempDir("obsgen-rule-tests-")): string {
  for (const f of files) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents);
  }
  return dir;
}

/**
 * `promtool test rules` on the test files among `files` (paths relative to the folder they are
 * written to, promtool's working folder): asynchronous, as the shipped catalog's tests take
 * promtool seconds of CPU, which a loaded machine stretches past vitest's worker RPC time-out
 * (test/helpers/spawn.ts); and each test file with its rule files is run once per test run
 * (test/helpers/promtool-tests.ts).
 */
export async function promtoolTest(files: readonly EmittedFile[], tests: readonly string[]): Promise<{ status: number | null; output: string }> {
  const r = await promtoolTestRules(files, tests);
  return { status: r.status, output: r.stdout + r.stderr + (r.error ? `\n${r.error.message}` : "") };
}

/** The rule files of a model (default Prometheus output). */
export function ruleFiles(model: ResolvedCatalog): EmittedFile[] {
  return emitPrometheusRules(model);
}
