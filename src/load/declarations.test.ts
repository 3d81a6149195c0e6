/**
 * From a catalog path to the element that declares it: the nearest element on the path that a
 * helper recorded, counted only where it is declared (not where it is referred to).
 */
import { describe, expect, it } from "vitest";
import type { Declaration, DeclarationKind } from "../model/declaration-sites.js";
import { atDeclaration, type CatalogSites, nearestDeclaration } from "./declarations.js";

/** A registry recording `objects` under the given kinds, each with a trace naming itself. */
function registry(entries: readonly (readonly [object, DeclarationKind, string])[]): WeakMap<object, Declaration> {
  const map = new WeakMap<object, Declaration>();
  for (const [o, kind, name] of entries) map.set(o, { kind, trace: { stack: `Error\n    at ${name}` } });
  return map;
}

const nameOf = (d: Declaration | undefined) => d?.trace.stack?.split("at ")[1];

describe("the nearest declaration of a catalog path", () => {
  const latency = { type: "histogram", name: "api_latency_seconds", buckets: [0.1, 1] };
  const slow = { name: "ApiSlow", condition: { kind: "quantile", metric: latency }, where: {} };
  const raw = { kind: "expr", expr: "up == 0", metrics: [latency] };
  const down = { name: "ApiDown", condition: raw };
  const api = { name: "api.v2", metrics: { latency }, alerts: [slow, down] };
  const panel = { title: "Latency", targets: [] };
  const row = { title: "Traffic", panels: [panel] };
  const board = { title: "API", rows: [row] };
  const catalog = { name: "shop", services: [api], dashboards: [board], alerting: { teams: {} } };
  const reg = registry([
    [catalog, "catalog", "catalog"],
    [api, "service", "service"],
    [latency, "metric", "metric"],
    [slow, "alert", "slow"],
    [down, "alert", "down"],
    [board, "dashboard", "dashboard"],
    [row, "row", "row"],
    [panel, "panel", "panel"],
  ]);
  const at = (path: string) => nameOf(nearestDeclaration(catalog, path, reg));

  it("follows list elements by name, even a name holding dots, and records by key", () => {
    expect(at("services.api.v2")).toBe("service");
    expect(at("services.api.v2.metrics.latency.buckets[1]")).toBe("metric");
    expect(at("services.api.v2.alerts.ApiSlow.where")).toBe("slow");
  });

  it("follows list elements by index and rows by title", () => {
    expect(at("dashboards[0].rows[0].panels[0].targets[0]")).toBe("panel");
    expect(at("dashboards[0].rows.Traffic")).toBe("row");
    expect(at("dashboards[0].description")).toBe("dashboard");
  });

  it("takes a metric where it is declared, not where an alert's condition refers to it", () => {
    expect(at("services.api.v2.alerts.ApiSlow.condition.metric")).toBe("slow");
    expect(at("services.api.v2.alerts.ApiDown.condition.metrics[0]")).toBe("down");
  });

  it("ignores a lint finding's field after the path, and falls back to the catalog", () => {
    expect(at("services.api.v2.alerts.ApiDown (for)")).toBe("down");
    expect(at("alerting.teams")).toBe("catalog");
    expect(at("(catalog)")).toBe("catalog");
    expect(at("services.nope.metrics")).toBe("catalog");
  });

  it("finds nothing in a catalog no helper declared", () => {
    expect(nearestDeclaration(structuredClone(catalog), "services.api.v2.alerts.ApiSlow", reg)).toBeUndefined();
  });
});

describe("placing a diagnostic at its declaration", () => {
  const sites: CatalogSites = { at: (path) => (path.startsWith("services") ? { file: "catalog/api.ts", line: 4, column: 20 } : undefined) };
  const base = { code: "catalog/schema", severity: "error" as const, message: "is wrong" };

  it("places a diagnostic naming the entry file, or no file, by its path", () => {
    expect(atDeclaration({ ...base, file: "catalog/index.ts", path: "services.api" }, "catalog/index.ts", sites)).toMatchObject({
      file: "catalog/api.ts",
      line: 4,
      column: 20,
      path: "services.api",
    });
    expect(atDeclaration({ ...base, path: "services.api" }, "catalog/index.ts", sites)).toMatchObject({ file: "catalog/api.ts", line: 4 });
  });

  it("leaves alone a diagnostic of another file, one with a line, one without a path, and one no element declares", () => {
    for (const d of [
      { ...base, file: "obsgen.config.ts", path: "services.api" },
      { ...base, file: "catalog/index.ts", line: 3, column: 1, path: "services.api" },
      { ...base, file: "catalog/index.ts" },
      { ...base, file: "catalog/index.ts", path: "alerting.teams" },
    ]) {
      expect(atDeclaration(d, "catalog/index.ts", sites)).toBe(d);
    }
  });
});
