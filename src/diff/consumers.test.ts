import { describe, expect, it } from "vitest";
import { readCatalogDoc } from "./catalog-doc.js";
import { bucketMoves } from "./compare-metrics.js";
import { exprShape } from "./compare-alerts.js";
import { bucketConsumers, labelConsumers, metricConsumers, recordedSeriesConsumers } from "./consumers.js";
import { applyRenames } from "./renames.js";

/** A catalog.json value with the given metrics, recording rules and alerts; the fields the diff does not read are fixed. */
function json(metrics: { name: string; type: string; buckets?: number[]; labels: unknown[] }[], rules: unknown[], alerts: { name: string; expr: string }[]) {
  return {
    schema: "obsgen.catalog/v1",
    generatedBy: "test",
    catalog: { name: "t", version: null, description: null },
    teams: [],
    parameters: [],
    services: [],
    metrics: metrics.map((m) => ({ help: "h", unit: "none", buckets: null, service: null, group: null, exposedBy: [], path: `metrics.${m.name}`, ...m })),
    alerts: alerts.map((a) => ({
      group: "g",
      priority: "P1",
      for: "5m",
      labels: {},
      annotations: {},
      condition: { kind: "expr", metrics: [], op: null, threshold: null },
      service: null,
      path: `alerts.${a.name}`,
      ...a,
    })),
    recordingRules: rules.map((r) => ({ group: "g", labels: {}, source: "test", ...(r as object) })),
    slos: [],
    prometheus: { scrapeInterval: "15s", evaluationInterval: "15s", port: 9090, ruleGroupPrefix: "t" },
    alertmanager: { host: "localhost", port: 9093 },
  };
}

/** A catalog.json with one counter, the given recording rules and alerts. */
function doc(
  rules: { record: string; expr: string; labels?: Record<string, string> }[],
  alerts: { name: string; expr: string; annotations?: Record<string, string> }[],
) {
  return readCatalogDoc(
    json([{ name: "req_total", type: "counter", labels: [{ name: "code", kind: "closed", values: ["200", "500"], description: null }] }], rules, alerts),
  );
}

const names = (cs: readonly { kind: string; name: string; via: string | null; uses: readonly string[] }[]) =>
  cs.map((c) => `${c.kind} ${c.name}${c.via ? ` via ${c.via}` : ""}${c.uses.length ? `: ${c.uses.join(", ")}` : ""}`);

describe("consumers", () => {
  it("tells apart readers of one recorded name by the rules' static labels", () => {
    const d = doc(
      [
        { record: "slo:err:rate5m", expr: 'sum(rate(req_total{code="500"}[5m]))', labels: { slo: "a" } },
        { record: "slo:err:rate5m", expr: "sum(rate(other_total[5m]))", labels: { slo: "b" } },
      ],
      [
        { name: "ABurn", expr: 'slo:err:rate5m{slo="a"} > 0.1' },
        { name: "BBurn", expr: 'slo:err:rate5m{slo="b"} > 0.1' },
        { name: "AnyBurn", expr: 'max(slo:err:rate5m{slo=~"a|b"}) > 0.1' },
        { name: "NotA", expr: 'slo:err:rate5m{slo!="a"} > 0.1' },
      ],
    );
    expect(names(metricConsumers(d, { name: "req_total", type: "counter" }))).toEqual([
      'alert ABurn via slo:err:rate5m{slo="a"}',
      'alert AnyBurn via slo:err:rate5m{slo="a"}',
      'recording-rule slo:err:rate5m{slo="a"}',
    ]);
    expect(names(recordedSeriesConsumers(d, { name: "slo:err:rate5m", labels: { slo: "b" } }))).toEqual(["alert BBurn", "alert AnyBurn", "alert NotA"]);
  });

  it("follows a label through a recording rule that keeps it, not through one that aggregates it away", () => {
    const d = doc(
      [
        { record: "code:req:rate5m", expr: "sum by (code) (rate(req_total[5m]))" },
        { record: "req:rate5m", expr: "sum(rate(req_total[5m]))" },
      ],
      [
        { name: "ByCode", expr: 'code:req:rate5m{code="500"} > 1' },
        { name: "Total", expr: "req:rate5m > 1", annotations: { summary: "{{ $labels.code }}" } },
      ],
    );
    expect(names(labelConsumers(d, { name: "req_total", type: "counter" }, "code"))).toEqual([
      'alert ByCode via code:req:rate5m: code="500"',
      "recording-rule code:req:rate5m: sum by (code)",
    ]);
  });

  it("finds a label in on(), group_left() and label_replace()", () => {
    const d = doc(
      [],
      [
        { name: "Join", expr: "rate(req_total[5m]) * on (code) group_left (team) owner_info > 1" },
        { name: "Replace", expr: 'label_replace(rate(req_total[5m]), "status", "$1", "code", "(.*)") > 1' },
      ],
    );
    expect(names(labelConsumers(d, { name: "req_total", type: "counter" }, "code"))).toEqual([
      "alert Join: on (code)",
      'alert Replace: label_replace(…, "code", …)',
    ]);
  });
});

describe("bucket consumers", () => {
  it("leaves out selectors whose le matcher picks other edges", () => {
    const d = readCatalogDoc(
      json(
        [{ name: "lat_ms", type: "histogram", buckets: [100, 250, 500], labels: [] }],
        [],
        [
          { name: "P99", expr: "histogram_quantile(0.99, sum by (le) (rate(lat_ms_bucket[5m]))) > 300" },
          { name: "ShareAboveTop", expr: '(1 - sum(rate(lat_ms_bucket{le="500"}[5m])) / sum(rate(lat_ms_count[5m]))) > 0.01' },
          { name: "ShareUnder250", expr: 'sum(rate(lat_ms_bucket{le=~"250|250.0"}[5m])) / sum(rate(lat_ms_count[5m])) < 0.9' },
        ],
      ),
    );
    expect(names(bucketConsumers(d, { name: "lat_ms" }, [250]))).toEqual(["alert P99: histogram_quantile", 'alert ShareUnder250: le=~"250|250.0"']);
  });
});

describe("helpers", () => {
  it("pairs moved bucket edges within the gap between kept edges", () => {
    expect(bucketMoves([10, 50, 100, 250, 500], [10, 50, 100, 200, 500])).toEqual({ moved: [[250, 200]], removed: [], added: [] });
    expect(bucketMoves([10, 50, 100], [5, 50, 100, 1000])).toEqual({ moved: [[10, 5]], removed: [], added: [1000] });
    expect(bucketMoves([1, 2, 3], [1.5])).toEqual({ moved: [], removed: [1, 2, 3], added: [1.5] });
  });

  it("blanks a top-level comparison against a number and folds whitespace", () => {
    expect(exprShape("sum(rate(x[5m])) > 3")).toBe(exprShape("sum(rate(x[5m]))  >=  5"));
    expect(exprShape("sum(rate(x[5m])) > 3")).not.toBe(exprShape("sum(rate(x[10m])) > 3"));
  });

  it("rewrites whole renamed names only", () => {
    const renames = new Map([["old_total", "new_total"]]);
    expect(applyRenames('rate(old_total{a="old_total"}[5m]) / rate(old_total_x[5m])', renames)).toBe(
      'rate(new_total{a="new_total"}[5m]) / rate(old_total_x[5m])',
    );
  });
});
