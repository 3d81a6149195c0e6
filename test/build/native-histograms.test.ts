/**
 * A catalog with a native-only histogram (`native: true`) and one exposed both ways (`"both"`),
 * targeting Prometheus 3: it builds, promtool accepts its rules, native-only queries read no
 * `_bucket`/`_count`/`le`, the scrape jobs get the native-histogram fields Prometheus 3.14 names,
 * alerts on the native histogram are reported uncovered by rule tests, and a 2.42 target is refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SCRAPE_CONFIG_FIELD_SINCE } from "../../src/compat/prometheus.js";
import { planRuleTests } from "../../src/emit/rule-tests/index.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const NATIVE = "checkout_request_latency_ms";
const BOTH = "checkout_payload_bytes";

function nativeCatalog(version: unknown = "3"): any {
  const c = baseCatalog();
  const checkout = c.services[0];
  checkout.metrics.request_latency.native = true;
  checkout.metrics.payload = { type: "histogram", name: BOTH, help: "Request payload size", unit: "bytes", buckets: [1024, 65536], native: "both" };
  const common = { priority: "P1", team: "web", for: "5m", summary: "s", description: "d", action: "a" };
  checkout.alerts.push(
    { ...common, name: "CheckoutLatencyAboveTop", condition: { kind: "quantile", metric: NATIVE, quantile: 0.99, window: "5m", op: ">", threshold: 500 } },
    { ...common, name: "CheckoutQuiet", condition: { kind: "rate", metric: NATIVE, window: "5m", op: "<", threshold: 1 } },
    { ...common, name: "CheckoutPayloadLarge", condition: { kind: "quantile", metric: BOTH, quantile: 0.9, window: "5m", op: ">", threshold: 1024 } },
  );
  // 120 is no bucket edge: a native-only histogram's SLO needs none (histogram_fraction).
  c.slos = [{ kind: "latency", name: "checkout-latency", description: "p99 under 120ms", metric: NATIVE, quantile: 0.99, threshold: 120, window: "5m" }];
  c.prometheus = { port: 9090, version };
  return c;
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe("a catalog with a native-only and a classic-and-native histogram", () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    const { entry } = writeCatalog(nativeCatalog());
    const r = await runInProcess(["build", "--catalog", entry, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("reads the native-only histogram without _bucket, _count, _sum or le in rules, dashboards and runbooks", () => {
    const texts = [
      ...files(join(out, "prometheus", "rules"), /\.yml$/),
      ...files(join(out, "grafana"), /\.json$/),
      ...files(join(out, "runbooks"), /\.md$/),
    ].map((f) => readFileSync(f, "utf8"));
    const all = texts.join("\n");
    expect(all).toContain(`rate(${NATIVE}`);
    expect(all).not.toMatch(new RegExp(`${NATIVE}_(bucket|count|sum)`));
    for (const line of all.split("\n").filter((l) => l.includes(NATIVE))) expect(line).not.toMatch(/\ble\b\s*[=!]/);
  });

  it("compiles the native-only conditions and SLO to histogram_quantile, histogram_fraction and histogram_count", () => {
    const model = resolveCatalog(nativeCatalog()).value!;
    const expr = (name: string) => model.alerts.find((a) => a.name === name)!.expr;
    expect(expr("CheckoutSlow")).toBe(`histogram_quantile(0.99, sum(rate(${NATIVE}{method="POST"}[5m]))) > 250`);
    expect(expr("CheckoutLatencyAboveTop")).toBe(`histogram_fraction(500, +Inf, sum(rate(${NATIVE}[5m]))) > 0.01`);
    expect(expr("CheckoutQuiet")).toBe(`sum(histogram_count(rate(${NATIVE}[5m]))) < 1`);
    const rule = (record: string) => model.recordingRules.find((r) => r.record === record)!.expr;
    expect(rule("slo:sli_error:ratio_rate30m")).toBe(`1 - histogram_fraction(-Inf, 120, sum(rate(${NATIVE}[30m])))`);
    // The 5-minute error ratio divides the recorded bad and total observation rates, which the long windows sum.
    expect(rule("slo:sli_error_events:rate5m")).toBe(
      `sum(histogram_count(rate(${NATIVE}[5m]))) * (1 - histogram_fraction(-Inf, 120, sum(rate(${NATIVE}[5m]))))`,
    );
    expect(rule("slo:sli_total_events:rate5m")).toBe(`sum(histogram_count(rate(${NATIVE}[5m])))`);
  });

  it("reads the histogram exposed both ways through its classic buckets", () => {
    const model = resolveCatalog(nativeCatalog()).value!;
    expect(model.alerts.find((a) => a.name === "CheckoutPayloadLarge")!.expr).toBe(`histogram_quantile(0.9, sum by (le) (rate(${BOTH}_bucket[5m]))) > 1024`);
  });

  it("reports the alerts reading the native-only histogram as uncovered by rule tests, with the reason", () => {
    const plan = planRuleTests(resolveCatalog(nativeCatalog()).value!);
    const uncovered = new Map(plan.coverage.uncovered.map((u) => [u.alert, u.reason]));
    for (const a of ["CheckoutSlow", "CheckoutLatencyAboveTop", "CheckoutQuiet"]) expect(uncovered.get(a)).toMatch(/native histogram .*2\.47/);
    expect(plan.coverage.covered).toContain("CheckoutPayloadLarge");
  });

  it("gives only the job exposing them the native-histogram scrape fields Prometheus 3.14 names", () => {
    const config = parse(readFileSync(join(out, "prometheus", "prometheus.yml"), "utf8"));
    const job = (name: string) => config.scrape_configs.find((j: any) => j.job_name === name);
    expect(job("checkout")).toMatchObject({ scrape_native_histograms: true, always_scrape_classic_histograms: true, convert_classic_histograms_to_nhcb: true });
    // The field names are those of config/config.go ScrapeConfig at v3.14.0 (lines 790-794).
    const native = Object.keys(job("checkout")).filter((k) => k.includes("histogram"));
    expect(native.sort()).toEqual(Object.keys(SCRAPE_CONFIG_FIELD_SINCE).sort());
    expect(Object.keys(job("payments")).filter((k) => k.includes("histogram"))).toEqual([]);
  });
});

describe("a native-only histogram with Prometheus 2.42 targeted", () => {
  it("is refused with an error naming the metric, the version and what to do", async () => {
    const { entry } = writeCatalog(nativeCatalog(["2.42", "3"]));
    const r = await runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("services.checkout.metrics.request_latency.native");
    expect(r.stderr).toContain("Prometheus 2.42");
    expect(r.stderr).toContain('prometheus.version: "3"');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it("accepts a histogram exposed both ways, read classic, with no native scrape fields", () => {
    const c = nativeCatalog(["2.42", "3"]);
    c.services[0].metrics.request_latency.native = "both";
    const r = resolveCatalog(c);
    expect(r.value, JSON.stringify(r.diagnostics)).toBeDefined();
  });
});

describeWithTool("promtool", "promtool on a catalog with native histograms", () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    const { entry } = writeCatalog(nativeCatalog());
    const r = await runInProcess(["build", "--catalog", entry, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("promtool check rules passes on every generated rules file", async () => {
    const dir = join(out, "prometheus", "rules");
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".yml"))) {
      const r = await run("promtool", ["check", "rules", join(dir, f)]);
      expect(r.status, `${f}:\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });

  it("promtool 2.42 refuses the 3.x scrape fields, which is why a 2.42 target never gets them", async () => {
    const r = await run("promtool", ["check", "config", join(out, "prometheus", "prometheus.yml")]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/field (scrape_native_histograms|always_scrape_classic_histograms|convert_classic_histograms_to_nhcb) not found/);
  });

  it("promtool check config passes on the config of a catalog targeting 2.42 and 3 with a histogram exposed both ways", async () => {
    const c = nativeCatalog(["2.42", "3"]);
    c.services[0].metrics.request_latency.native = "both";
    // Exposed both ways, the SLO counts classic buckets: its threshold must be an edge.
    c.slos[0].threshold = 100;
    const dir = tempDir();
    const { entry } = writeCatalog(c);
    const b = await runInProcess(["build", "--catalog", entry, "--out", dir]);
    expect(b.code, b.stderr).toBe(0);
    const yml = join(dir, "prometheus", "prometheus.yml");
    expect(readFileSync(yml, "utf8")).not.toContain("histograms");
    const r = await run("promtool", ["check", "config", yml]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
