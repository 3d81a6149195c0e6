import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../test/helpers/cli.js";
import { readMetadata, readMetadataText } from "./read-metadata.js";

const fixture = (name: string): string => readFileSync(join(ROOT, "test", "fixtures", "metadata", name), "utf8");

function source(file: string, text: string) {
  const r = readMetadataText(file, text);
  if ("problem" in r) throw new Error(r.problem.message);
  return r.source;
}

function problem(text: string) {
  const r = readMetadataText("meta.json", text);
  if (!("problem" in r)) throw new Error("read without a problem");
  return r.problem;
}

describe("reading a saved /api/v1/metadata response", () => {
  it("gives every family Prometheus 2.42 has metadata for, with its type and where it is written, and lists every name", () => {
    const text = fixture("api-metadata.json");
    const s = source("api-metadata.json", text);
    expect(s.kind).toBe("metadata-api");
    expect(s.namesComplete).toBe(true);
    expect(s.metrics.map((m) => `${m.name} ${m.type}`)).toEqual([
      "order_latency_seconds histogram",
      "order_size_dollars summary",
      "orders counter",
      "orders_build_info gauge",
      "orders_cancelled counter",
      "orders_open gauge",
    ]);
    const orders = s.metrics.find((m) => m.name === "orders")!;
    expect(orders.help).toBe("Orders received, by outcome");
    expect(orders.from.type).toEqual({ origin: "metadata", file: "api-metadata.json", line: 1, column: text.indexOf('"orders":') + 1 });
    // Metadata tells no labels and no bucket edges: neither is known, let alone complete.
    expect([orders.labels, orders.labelsComplete, orders.buckets]).toEqual([[], false, null]);
  });

  it("reads a type it does not know (a newer server's) as unknown", () => {
    const s = source("m.json", '{"status":"success","data":{"x":[{"type":"exotic","help":"","unit":""}]}}');
    expect(s.metrics[0]!.type).toBe("unknown");
  });
});

describe("reading a saved /api/v1/targets/metadata response", () => {
  it("gives each family once, located at its entry, and does not claim to list every name", () => {
    const text = fixture("targets-metadata.json");
    const s = source("targets-metadata.json", text);
    expect(s.kind).toBe("targets-metadata");
    expect(s.namesComplete).toBe(false);
    expect(s.metrics.map((m) => m.name)).toEqual([
      "orders",
      "orders_cancelled",
      "orders_open",
      "order_latency_seconds",
      "order_size_dollars",
      "orders_build_info",
    ]);
    expect(s.metrics[2]!.from.type.column).toBe(text.indexOf('"orders_open"') + 1);
  });

  it("keeps one entry per family when many targets expose it", () => {
    const entry = (instance: string) => ({ target: { instance, job: "api" }, metric: "up_total", type: "counter", help: "h", unit: "" });
    const s = source("t.json", JSON.stringify({ status: "success", data: [entry("a:1"), entry("b:1")] }));
    expect(s.metrics).toHaveLength(1);
  });
});

describe("reading a saved /metrics exposition", () => {
  it("gives a prom-client exporter's families (text format 0.0.4): types, labels and values seen, bucket edges, where each is", () => {
    const s = source("orders.prom", fixture("orders.prom"));
    expect(s.kind).toBe("exposition");
    expect(s.namesComplete).toBe(false);
    expect(s.metrics.map((m) => `${m.name} ${m.type}`)).toEqual([
      "orders_total counter",
      "orders_cancelled_total counter",
      "orders_open gauge",
      "order_latency_seconds histogram",
      "order_size_dollars summary",
      "orders_build_info gauge",
    ]);
    const orders = s.metrics[0]!;
    expect(orders.from.type).toEqual({ origin: "metadata", file: "orders.prom", line: 2, column: 1 });
    expect(orders.labels).toEqual([
      { name: "status", values: ["filled", "rejected"], valuesComplete: false },
      { name: "venue", values: ["xlon", "xnys"], valuesComplete: false },
    ]);
    // Labels seen are never all the labels of the scraped series (target labels come at scrape).
    expect([orders.labelsComplete, orders.targetLabels]).toEqual([false, null]);
    // A counter no request touched has no sample: its labels are unknown.
    expect(s.metrics[1]!.labels).toEqual([]);
    const latency = s.metrics[3]!;
    expect(latency.buckets).toEqual([0.005, 0.01, 0.05, 0.1, 0.5]);
    expect(latency.labels.map((l) => l.name)).toEqual(["venue"]);
    expect(latency.from.buckets?.line).toBe(fixture("orders.prom").split("\n").indexOf('order_latency_seconds_bucket{le="0.005",venue="xnys"} 1') + 1);
    expect(s.metrics[4]!.labels).toEqual([]);
  });

  it("gives the OpenMetrics exposition's families by their OpenMetrics names (a counter without _total)", () => {
    const s = source("orders.openmetrics", fixture("orders.openmetrics"));
    expect(s.metrics.slice(0, 2).map((m) => `${m.name} ${m.type}`)).toEqual(["orders counter", "orders_cancelled counter"]);
  });

  it("knows no bucket edges when a family's series disagree on them, and reads untyped as unknown", () => {
    const s = source(
      "x.prom",
      [
        "# TYPE h histogram",
        'h_bucket{a="1",le="1"} 0',
        'h_bucket{a="1",le="+Inf"} 0',
        'h_bucket{a="2",le="2"} 0',
        'h_bucket{a="2",le="+Inf"} 0',
        "h_sum 0",
        "h_count 0",
        "u 1",
        "",
      ].join("\n"),
    );
    expect(s.metrics.map((m) => [m.name, m.type, m.buckets])).toEqual([
      ["h", "histogram", null],
      ["u", "unknown", null],
    ]);
  });

  it("is not read when Prometheus would refuse it: the first error at its line and column", () => {
    const p = problem("# TYPE a counter\na 1\nb{x=1} 2\nc 3 4 5\n");
    expect(p).toMatchObject({ code: "metadata/unreadable", line: 3, column: 5 });
    expect(p.message).toMatch(/^neither JSON nor a \/metrics exposition Prometheus would read: .* \(and 1 more error\)$/);
  });
});

describe("reading another project's catalog.json", () => {
  it("gives its metrics as declared facts: labels and closed values complete, bucket edges, the target labels its scrape config sets", () => {
    const text = readFileSync(join(ROOT, "out", "catalog.json"), "utf8");
    const s = source("out/catalog.json", text);
    expect(s.kind).toBe("catalog-json");
    expect(s.namesComplete).toBe(false);
    const m = s.metrics.find((x) => x.name === "execution_engine_orders_submitted_total")!;
    expect(m.type).toBe("counter");
    expect(m.from.type.origin).toBe("catalog");
    expect(m.from.type.line).toBe(text.slice(0, text.indexOf('"name": "execution_engine_orders_submitted_total"')).split("\n").length);
    expect(m.labelsComplete).toBe(true);
    expect(m.targetLabels).toEqual(["job", "instance", "service"]);
    expect(m.labels.find((l) => l.name === "order_type")).toEqual({ name: "order_type", values: ["market", "limit"], valuesComplete: true });
    expect(m.labels.find((l) => l.name === "exchange")?.valuesComplete).toBe(false);
    const h = s.metrics.find((x) => x.name === "execution_engine_api_call_latency_ms")!;
    expect([h.buckets, h.native]).toEqual([[10, 25, 50, 100, 250, 500, 1000, 2500], null]);
  });
});

describe("a metadata file that cannot be read", () => {
  it("is not JSON: the error says the line and column where it stops being JSON", () => {
    const p = problem('{\n  "status": "success",\n  "data": {\n    "x": [{"type": "counter",}]\n  }\n}\n');
    expect(p).toMatchObject({ code: "metadata/unreadable", severity: "error", file: "meta.json", line: 4, column: 30 });
    expect(p.message).toBe('not valid JSON: unexpected "}" where a string was expected');
  });

  it("ends early: the error is at the end", () => {
    expect(problem('{"status": "success", "data": {')).toMatchObject({
      line: 1,
      column: 32,
      message: "not valid JSON: the text ends where a string was expected",
    });
  });

  it("is the response of a failed call", () => {
    const p = problem('{"status":"error","errorType":"bad_data","error":"invalid parameter"}');
    expect(p.message).toBe('the response of a failed API call (status "error", bad_data: invalid parameter)');
  });

  it("has the wrong shape: the error names the path and the metric's position", () => {
    const p = problem('{"status":"success","data":{"a":[{"type":"counter"}],"b":[{"help":"no type"}]}}');
    expect(p).toMatchObject({ path: 'data["b"][0].type', line: 1, column: 54 });
    expect(p.message).toMatch(/^not a \/api\/v1\/metadata response: data\["b"\]\[0\]\.type: /);
  });

  it("is JSON of something else, another API's response, an empty file, another catalog.json schema", () => {
    expect(problem('{"groups": []}').message).toMatch(/^JSON, but neither a Prometheus API response/);
    expect(problem('{"status":"success","data":"x"}').message).toMatch(/whose `data` is neither/);
    expect(problem("  \n").message).toBe("empty: no metric metadata in it");
    expect(problem('{"schema":"obsgen.catalog/v9"}').message).toMatch(/^a catalog.json that has schema obsgen.catalog\/v9/);
  });
});

describe("metadata files together", () => {
  it("report where two disagree, and where one disagrees with the catalog, naming both files", () => {
    const a = '{"status":"success","data":{"jobs":[{"type":"gauge","help":"","unit":""}]}}';
    const b = '{"status":"success","data":{"jobs":[{"type":"counter","help":"","unit":""}]}}';
    const { knowledge, diagnostics } = readMetadata([
      { file: "a.json", text: a },
      { file: "b.json", text: b },
      { file: "bad.json", text: "{" },
    ]);
    expect(knowledge.metrics.get("jobs")!.type).toBe("unknown");
    expect(diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`)).toEqual([
      "metadata/unreadable bad.json:1:2 not valid JSON: the text ends where a string was expected",
      "metadata/conflict b.json:1:29 jobs has type counter here but gauge in a.json:1:29: the lint relies on neither",
    ]);
  });
});
