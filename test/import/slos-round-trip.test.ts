/**
 * Export, then import: the Sloth and OpenSLO files a build writes for the shipped catalog and for
 * docs/examples/slo/ read back into the catalog's own SLO declarations, for every SLO the exporter
 * can express (src/emit/slo-export/mapping.ts). Fields neither format carries (`window`, `for`,
 * `alertBelow`) are left out of the comparison; docs/import.md says so.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { sloExports } from "../../src/emit/slo-export/mapping.js";
import { type ImportedSlo, importSlos, type SloFormat } from "../../src/import/slos.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { catalogSchema, type CatalogSpec } from "../../src/model/schema.js";
import { EXAMPLE_DIR, resolved } from "../slo-export/helpers.js";

async function spec(entry: string): Promise<CatalogSpec> {
  const loaded = await loadCatalog(entry);
  return catalogSchema.parse(loaded.value!.value);
}

/** What both formats carry of a catalog SLO: the team is the SLO's own or its metric's service's. */
function comparable(s: ImportedSlo | CatalogSpec["slos"][number], teamOf: (metric: string) => string | undefined): unknown {
  if ("spec" in s) return comparable(s.spec, teamOf);
  if (s.kind === "ratio")
    return {
      kind: s.kind,
      name: s.name,
      description: s.description,
      team: s.team ?? teamOf(s.metric),
      metric: s.metric,
      good: s.good,
      total: s.total,
      objective: s.objective,
    };
  if (s.kind === "latency")
    return {
      kind: s.kind,
      name: s.name,
      description: s.description,
      team: s.team ?? teamOf(s.metric),
      metric: s.metric,
      quantile: s.quantile,
      threshold: s.threshold,
      where: s.where,
    };
  return s;
}

describe.each([
  ["the shipped catalog", "catalog/index.ts"],
  ["the docs example", join(EXAMPLE_DIR, "catalog", "index.ts")],
])("the SLO export of %s, imported back", (_, entry) => {
  it.each(["sloth", "openslo"] as SloFormat[])("gives back from %s every exported SLO as the catalog declares it", async (format) => {
    const catalog = await spec(entry);
    const model = await resolved(entry);
    const files = emitAll(model)
      .filter((f) => f.path.startsWith(`slo/${format}/`))
      .map((f) => ({ file: f.path, text: f.contents }));
    expect(files.length).toBeGreaterThan(0);
    const imported = importSlos(files);
    expect(imported.diagnostics).toEqual([]);
    expect(imported.slos.filter((s) => s.kind === "raw")).toEqual([]);

    const serviceOf = new Map(model.metrics.map((m) => [m.name, m.service]));
    const teamOf = (metric: string) => catalog.services.find((s) => s.name === serviceOf.get(metric))?.team;
    const exported = sloExports(model).exported.map((e) => e.slo);
    const expected = exported.flatMap((slo) => {
      if (slo.kind === "availability") return [{ kind: "availability", name: slo.name, service: slo.service, objective: slo.objective }];
      const declared = catalog.slos.find((s) => s.name === slo.name)!;
      return [comparable(declared, teamOf)];
    });
    const got = imported.slos.map((s) =>
      s.kind === "availability" ? { kind: s.kind, name: s.name, service: s.service, objective: s.objective } : comparable(s, teamOf),
    );
    const byName = (a: unknown, b: unknown) => ((a as { name: string }).name < (b as { name: string }).name ? -1 : 1);
    expect(got.sort(byName)).toEqual(expected.sort(byName));
    if (format === "openslo") expect(imported.period).toBe(catalog.sloPeriod);
  });

  it("names the metrics each imported SLO reads, with the type the catalog declares them with", async () => {
    const model = await resolved(entry);
    const files = emitAll(model)
      .filter((f) => f.path.startsWith("slo/sloth/"))
      .map((f) => ({ file: f.path, text: f.contents }));
    for (const s of importSlos(files).slos) {
      if (s.kind !== "slo") continue;
      for (const use of s.metrics) {
        const m = model.metrics.find((x) => x.name === use.name);
        expect(m, `${s.spec.name} reads ${use.name}`).toBeDefined();
        expect(m!.type).toBe(use.type);
        if (use.type === "histogram") expect(m!.native === true).toBe(use.native);
      }
    }
  });
});
