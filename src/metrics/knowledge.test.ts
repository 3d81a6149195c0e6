import { describe, expect, it } from "vitest";
import { metadataSource } from "../../test/helpers/rule-tester.js";
import { LINT_FIXTURE_CATALOG } from "../lint/fixture-catalog.js";
import { resolveCatalog } from "../model/resolve.js";
import { buildKnowledge, catalogKnowledge, conflictDiagnostic, mergeKnowledge } from "./knowledge.js";

const catalog = resolveCatalog(structuredClone(LINT_FIXTURE_CATALOG) as never).value!;

describe("metric knowledge", () => {
  it("knows a catalog's metrics as declared facts, with every label and closed value, and every metric name", () => {
    const k = catalogKnowledge(catalog, "catalog/index.ts");
    const requests = k.metrics.get("http_requests_total")!;
    expect(requests.type).toBe("counter");
    expect(requests.from.type).toEqual({ origin: "catalog", file: "catalog/index.ts" });
    expect(requests.labelsComplete).toBe(true);
    expect(requests.labels.find((l) => l.name === "code")).toEqual({ name: "code", values: ["200", "404", "500"], valuesComplete: true });
    expect(requests.labels.find((l) => l.name === "path")?.valuesComplete).toBe(false);
    expect(k.metrics.get("rpc_latency_seconds")!.native).toBe(true);
    expect(k.completeNames).toEqual([{ origin: "catalog", file: "catalog/index.ts" }]);
  });

  it("merges metadata files: labels seen are widened, never complete, and a server-wide file lists every name", () => {
    const { knowledge, conflicts } = buildKnowledge([
      metadataSource([{ name: "http_requests", type: "counter", labels: { code: ["200"] } }], { file: "a.metrics" }),
      metadataSource([{ name: "http_requests", type: "counter", labels: { code: ["500"], method: ["GET"] } }], { file: "b.metrics" }),
      metadataSource([{ name: "http_requests", type: "counter" }], { file: "prometheus.json", namesComplete: true }),
    ]);
    expect(conflicts).toEqual([]);
    const m = knowledge.metrics.get("http_requests")!;
    expect(m.labels).toEqual([
      { name: "code", values: ["200", "500"], valuesComplete: false },
      { name: "method", values: ["GET"], valuesComplete: false },
    ]);
    expect(m.labelsComplete).toBe(false);
    expect(m.from.type.file).toBe("a.metrics");
    expect(knowledge.completeNames).toEqual([{ origin: "metadata", file: "prometheus.json" }]);
  });

  it("reports two metadata files that disagree on a type, with both files, and believes neither", () => {
    const { knowledge, conflicts } = buildKnowledge([
      metadataSource([{ name: "jobs_queued", type: "gauge" }], { file: "a.json" }),
      metadataSource([{ name: "jobs_queued", type: "counter" }], { file: "b.json" }),
      // A third file agreeing with one of them does not settle it.
      metadataSource([{ name: "jobs_queued", type: "counter" }], { file: "c.json" }),
    ]);
    expect(knowledge.metrics.get("jobs_queued")!.type).toBe("unknown");
    expect(knowledge.metrics.get("jobs_queued")!.disputed).toEqual(["type"]);
    expect(conflicts.map((c) => [c.a.value, c.a.source.file, c.b.value, c.b.source.file])).toEqual([["gauge", "a.json", "counter", "b.json"]]);
    const d = conflictDiagnostic(conflicts[0]!);
    expect(d).toMatchObject({ code: "metadata/conflict", severity: "warning", file: "b.json", line: 2 });
    expect(d.message).toBe("jobs_queued has type counter here but gauge in a.json:2: the lint relies on neither");
  });

  it("reports bucket edges and units that disagree, and keeps neither", () => {
    const { knowledge, conflicts } = buildKnowledge([
      metadataSource([{ name: "rpc_seconds", type: "histogram", buckets: [0.1, 1], unit: "seconds" }], { file: "a.metrics" }),
      metadataSource([{ name: "rpc_seconds", type: "histogram", buckets: [0.1, 0.5, 1], unit: "milliseconds" }], { file: "b.metrics" }),
    ]);
    expect(conflicts.map((c) => `${c.fact}: ${c.a.value} / ${c.b.value}`)).toEqual(["unit: seconds / milliseconds", "buckets: [0.1, 1] / [0.1, 0.5, 1]"]);
    const m = knowledge.metrics.get("rpc_seconds")!;
    expect([m.buckets, m.unit]).toEqual([null, null]);
  });

  it("keeps the catalog's declaration over metadata that disagrees, and reports the disagreement on the metadata file", () => {
    const metadata = buildKnowledge([
      metadataSource(
        [
          { name: "queue_depth", type: "counter" },
          { name: "http_request_duration_seconds", type: "histogram", buckets: [0.1, 1] },
        ],
        {
          file: "api.metrics",
        },
      ),
    ]).knowledge;
    const { knowledge, conflicts } = mergeKnowledge(catalogKnowledge(catalog, "catalog/index.ts"), metadata);
    expect(knowledge.metrics.get("queue_depth")!.type).toBe("gauge");
    expect(knowledge.metrics.get("http_request_duration_seconds")!.buckets).toEqual([0.1, 0.25, 0.5, 1, 2.5, 5]);
    expect(conflicts.map((c) => conflictDiagnostic(c))).toMatchObject([
      { file: "api.metrics", line: 2, message: "queue_depth has type counter here but gauge in catalog/index.ts: the lint goes by the catalog's" },
      { file: "api.metrics", line: 3, message: expect.stringContaining("bucket edges [0.1, 1] here but [0.1, 0.25, 0.5, 1, 2.5, 5] in catalog/index.ts") },
    ]);
  });

  it("keeps another project's declared labels whatever order the files come in", () => {
    const declared = metadataSource([{ name: "orders_total", type: "counter", labels: { status: ["filled"] }, declared: true }], { file: "catalog.json" });
    const seen = metadataSource([{ name: "orders_total", type: "counter", labels: { status: ["filled"], pod: ["a"] } }], { file: "orders.metrics" });
    for (const order of [
      [declared, seen],
      [seen, declared],
    ]) {
      const m = buildKnowledge(order).knowledge.metrics.get("orders_total")!;
      expect(m.labels).toEqual([{ name: "status", values: ["filled"], valuesComplete: true }]);
      expect(m.labelsComplete).toBe(true);
    }
  });
});
