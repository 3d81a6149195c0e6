import { describe, expect, it } from "vitest";
import { resolveCatalog } from "../../model/resolve.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { LINT_FIXTURE_CATALOG } from "../fixture-catalog.js";
import { catalogLintInput, catalogPrometheusTarget } from "./catalog.js";

function fixture(): ResolvedCatalog {
  const r = resolveCatalog(structuredClone(LINT_FIXTURE_CATALOG) as never);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** The fixture with `prometheus` fields the catalog schema does not have yet. */
function declaring(fields: Record<string, unknown>): ResolvedCatalog {
  const model = fixture();
  return { ...model, prometheus: { ...model.prometheus, ...fields } };
}

describe("the Prometheus a catalog is linted against", () => {
  it("is 2.42 while the catalog declares no version", () => {
    expect(catalogPrometheusTarget(fixture())).toEqual({ versions: ["2.42"], features: [] });
    expect(catalogLintInput(fixture(), "catalog/index.ts", "2026-01-01").prometheus).toEqual({ versions: ["2.42"], features: [] });
  });

  it("is the catalog's prometheus.version and features once it declares them", () => {
    expect(catalogPrometheusTarget(declaring({ version: "3", features: ["promql-experimental-functions"] }))).toEqual({
      versions: ["3"],
      features: ["promql-experimental-functions"],
    });
    expect(catalogPrometheusTarget(declaring({ version: ["2.42", "3"] }))).toEqual({ versions: ["2.42", "3"], features: [] });
  });
});
