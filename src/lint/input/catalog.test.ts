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
    const undeclared = structuredClone(LINT_FIXTURE_CATALOG) as unknown as {
      prometheus: Record<string, unknown>;
      services: { metrics: Record<string, { native?: unknown }> }[];
    };
    delete undeclared.prometheus.version;
    // Without a version both are targeted, and a native-only histogram needs 3 alone: drop it.
    for (const s of undeclared.services) for (const [k, m] of Object.entries(s.metrics)) if (m.native === true) delete s.metrics[k];
    const r = resolveCatalog(undeclared as never);
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
    expect(catalogPrometheusTarget(r.value)).toEqual({ versions: ["2.42", "3"], features: [] });
    expect(catalogLintInput(r.value, "catalog/index.ts", "2026-01-01").prometheus).toEqual({ versions: ["2.42", "3"], features: [] });
  });

  it("is the catalog's prometheus.version once it declares one, with no experimental flag", () => {
    expect(catalogPrometheusTarget(declaring("3"))).toEqual({ versions: ["3"], features: [] });
    expect(catalogPrometheusTarget(fixture())).toEqual({ versions: ["3"], features: [] });
  });
});
