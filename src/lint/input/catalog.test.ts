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

/** The fixture catalog with its `prometheus.version` set, resolved. */
function declaring(version: unknown): ResolvedCatalog {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as { prometheus?: Record<string, unknown> };
  raw.prometheus = { ...raw.prometheus, version };
  const r = resolveCatalog(raw as never);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

describe("the Prometheus a catalog is linted against", () => {
  it("is every modelled version while the catalog declares none, as the emitters target", () => {
    expect(catalogPrometheusTarget(fixture())).toEqual({ versions: ["2.42", "3"], features: [] });
    expect(catalogLintInput(fixture(), "catalog/index.ts", "2026-01-01").prometheus).toEqual({ versions: ["2.42", "3"], features: [] });
  });

  it("is the catalog's prometheus.version once it declares one, with no experimental flag", () => {
    expect(catalogPrometheusTarget(declaring("3"))).toEqual({ versions: ["3"], features: [] });
    expect(catalogPrometheusTarget(declaring("2.42"))).toEqual({ versions: ["2.42"], features: [] });
    expect(catalogPrometheusTarget(declaring(["3", "2.42"]))).toEqual({ versions: ["2.42", "3"], features: [] });
  });
});
