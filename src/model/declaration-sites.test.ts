/**
 * The authoring helpers record where each element was declared, out of band: the element stays
 * the plain data it was, and the record names the helper's caller.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { stackFrames } from "../load/stack-frames.js";
import { alert, counter, dashboard, defineCatalog, defineMetricGroup, defineParameters, defineService, histogram, panel, row, slo } from "./authoring.js";
import { declarations } from "./declaration-sites.js";

const THIS_FILE = fileURLToPath(import.meta.url);

/** The file and line the helper's caller was at, as recorded. */
function recorded(x: object): { kind: string; file: string; line: number } | undefined {
  const d = declarations().get(x);
  const frame = stackFrames(d?.trace.stack)[0];
  return d && frame && { kind: d.kind, file: frame.file, line: frame.line };
}

/** The 1-based number of the first line of `source` holding `text` after the line holding `after`. */
function lineOf(text: string, after: string, source: string): number {
  const lines = source.split("\n");
  const from = lines.findIndex((l) => l.includes(after));
  return lines.findIndex((l, i) => i > from && l.includes(text)) + 1;
}

describe("declaration sites", () => {
  it("names the file and line of each helper's caller", () => {
    const source = readFileSync(THIS_FILE, "utf8");
    // marker: declared below
    const m = counter({ name: "x_total", help: "X" });
    const h = histogram({ name: "y_seconds", help: "Y", buckets: [1] });
    const a = alert({ name: "A", priority: "P1", team: "t", summary: "s", description: "d", action: "a", condition: { kind: "expr", expr: "up == 0" } });
    const s = defineService({ name: "svc", description: "d", metricsPort: 1, metrics: { m } });
    const g = defineMetricGroup({ name: "grp", description: "d", exposedBy: [], metrics: {} });
    const p = defineParameters({ k: { default: 1, description: "d" } });
    const o = slo({ kind: "manual", name: "o", description: "d", objective: "x", reason: "r" });
    const pn = panel.stat({ title: "t", description: "d", targets: [] });
    const r = row("r", [pn]);
    const b = dashboard({ title: "b", description: "d", rows: [r] });
    const c = defineCatalog({ name: "c", teams: [], services: [s] });
    const expected: [object, string, string][] = [
      [m, "metric", "counter({"],
      [h, "metric", "histogram({"],
      [a, "alert", "alert({"],
      [s, "service", "defineService({"],
      [g, "group", "defineMetricGroup({"],
      [p, "parameters", "defineParameters({"],
      [o, "slo", "slo({"],
      [pn, "panel", "panel.stat({"],
      [r, "row", "row("],
      [b, "dashboard", "dashboard({"],
      [c, "catalog", "defineCatalog({"],
    ];
    for (const [x, kind, call] of expected) {
      expect(recorded(x), call).toEqual({ kind, file: THIS_FILE, line: lineOf(call, "marker: declared below", source) });
    }
  });

  it("leaves each element the plain data it was: same keys, no symbols, same JSON", () => {
    const def = { name: "A", priority: "P1", team: "t", summary: "s", description: "d", action: "a", condition: { kind: "expr", expr: "up == 0" } } as const;
    const before = JSON.stringify(def);
    const a = alert(def);
    expect(a).toBe(def);
    expect(Object.keys(a)).toEqual(Object.keys(def));
    expect(Object.getOwnPropertySymbols(a)).toEqual([]);
    expect(Object.getOwnPropertyNames(a)).toEqual(Object.keys(def));
    expect(JSON.stringify(a)).toBe(before);
    const m = counter({ name: "x_total", help: "X" });
    expect(Object.getOwnPropertyNames(m)).toEqual(["type", "name", "help"]);
  });

  it("keeps the first declaration of an element handed to a second helper", () => {
    const m = counter({ name: "x_total", help: "X" });
    const first = declarations().get(m);
    expect(alert(m as never)).toBe(m);
    expect(declarations().get(m)).toBe(first);
  });

  it("passes what is not an object through, for the schema to report", () => {
    expect(alert(undefined as never)).toBeUndefined();
    expect(defineService(null as never)).toBeNull();
    expect(slo("latency" as never)).toBe("latency");
  });

  it("restores the stack trace limit it lowers while capturing", () => {
    const before = Error.stackTraceLimit;
    Error.stackTraceLimit = 37;
    try {
      counter({ name: "x_total", help: "X" });
      expect(Error.stackTraceLimit).toBe(37);
    } finally {
      Error.stackTraceLimit = before;
    }
  });
});
