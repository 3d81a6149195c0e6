/**
 * catalog.json has one schema: the shipped file and the writer's output parse with it without
 * losing a field (parsing drops unknown fields, so equality means the schema names them all), and
 * the reader reads what the writer wrote. That the writer cannot add a field the schema lacks is
 * held by tsc (`catalogJson()` returns `CatalogJson`).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCatalogDoc } from "../diff/catalog-doc.js";
import { jsonOf, diffBase } from "../../test/diff/fixture.js";
import { CATALOG_JSON_SCHEMA, catalogDocSchema } from "./catalog-doc-schema.js";

/** The diff tests' catalog with a managed rename, so the optional `renamedFrom` is written too. */
function testCatalogJson(): any {
  const c = JSON.parse(JSON.stringify(diffBase()).replaceAll("checkout_queue_depth", "checkout_queue_length"));
  c.services[0].metrics.queue.renamedFrom = { name: "checkout_queue_depth", until: "2026-09-30" };
  return jsonOf(c);
}

describe("the catalog.json schema", () => {
  it("parses the shipped out/catalog.json without dropping a field", () => {
    const shipped = JSON.parse(readFileSync(new URL("../../out/catalog.json", import.meta.url), "utf8"));
    expect(shipped.schema).toBe(CATALOG_JSON_SCHEMA);
    expect(catalogDocSchema.parse(shipped)).toEqual(shipped);
  });

  it("parses the writer's output of a test catalog without dropping a field", () => {
    const json = testCatalogJson();
    expect(json.metrics.some((m: any) => m.renamedFrom)).toBe(true);
    expect(new Set(json.slos.map((s: any) => s.kind))).toEqual(new Set(["ratio", "latency", "manual"]));
    expect(catalogDocSchema.parse(json)).toEqual(json);
  });

  it("round-trips the writer's output through the reader", () => {
    const json = testCatalogJson();
    const doc = readCatalogDoc(json);
    expect(doc.catalog).toEqual({ name: json.catalog.name, version: json.catalog.version });
    expect(doc.metrics.map((m) => [m.name, m.type, m.unit, m.path, m.renamedFrom])).toEqual(
      json.metrics.map((m: any) => [m.name, m.type, m.unit, m.path, m.renamedFrom ?? null]),
    );
    expect(doc.metrics.flatMap((m) => m.labels)).toEqual(
      json.metrics.flatMap((m: any) => m.labels.map((l: any) => ({ name: l.name, kind: l.kind, values: l.values ?? [], maxValues: l.maxValues ?? null }))),
    );
    expect(doc.alerts.map((a) => ({ name: a.name, expr: a.expr, kind: a.condition.kind, op: a.condition.op, path: a.path }))).toEqual(
      json.alerts.map((a: any) => ({ name: a.name, expr: a.expr, kind: a.condition.kind, op: a.condition.op, path: a.path })),
    );
    expect(doc.recordingRules.map((r) => r.record)).toEqual(json.recordingRules.map((r: any) => r.record));
    expect(doc.slos.map((s) => s.fields)).toEqual(json.slos);
    expect(doc.dashboards.map((d) => [d.uid, d.panels.length])).toEqual(json.dashboards.map((d: any) => [d.uid, d.panels.length]));
    expect(doc.dashboards.length).toBeGreaterThan(0);
  });

  it("reads a v1 document written before dashboards and prometheus.versions were added, as one without dashboards", () => {
    const json = testCatalogJson();
    delete json.dashboards;
    delete json.prometheus.versions;
    expect(readCatalogDoc(json).dashboards).toEqual([]);
  });

  it("drops the fields a newer v1 document adds", () => {
    const json = testCatalogJson();
    const doc = readCatalogDoc({ ...json, later: 1, metrics: json.metrics.map((m: any) => ({ ...m, later: true })) });
    expect(doc).toEqual(readCatalogDoc(json));
  });

  it("refuses a document missing a field v1 always had, naming where", () => {
    const json = testCatalogJson();
    delete json.alerts[0].condition;
    expect(() => readCatalogDoc(json)).toThrow(/^alerts\[0\]\.condition: /);
  });
});
