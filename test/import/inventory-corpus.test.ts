/**
 * The metric inventory of each project of the public rule corpus (../shared/corpus/rules), one
 * inventory per project folder as a team would import its own rules. The assertions are the
 * inventory's invariants, checked against an independent walk of every expression: no count is
 * written down here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";
import { buildInventory, type Inventory, inventoryFigures } from "../../src/import/inventory.js";
import { selectorName } from "../../src/lint/promql-facts.js";
import { parsePromql } from "../../src/promql/parse.js";
import { walk } from "../../src/promql/walk.js";
import { loadRuleFile } from "../../src/rulefile/index.js";
import { describeWithShared, SHARED } from "../helpers/shared.js";

const CORPUS = join(SHARED, "corpus", "rules");

function projects(): { name: string; files: string[] }[] {
  const dirs = readdirSync(CORPUS)
    .filter((n) => statSync(join(CORPUS, n)).isDirectory())
    .sort();
  return dirs.map((name) => ({
    name,
    files: readdirSync(join(CORPUS, name), { recursive: true })
      .map(String)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => join(CORPUS, name, f)),
  }));
}

describeWithShared("corpus/rules", "the rule corpus", "the metric inventory of the rule corpus", () => {
  const all = projects();

  it("has rule files in every project folder", () => {
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) expect(p.files.length, p.name).toBeGreaterThan(0);
  });

  for (const { name, files } of all) {
    it(`lists every metric ${name} reads once, and no recorded series as a metric, with every histogram part folded`, () => {
      const ruleFiles = files.map((f) => ({ file: relative(CORPUS, f), loaded: loadRuleFile(relative(CORPUS, f), readFileSync(f)) }));
      const { inventory } = buildInventory({ ruleFiles });

      // An independent walk: every expression that parses, every named selector, every recorded name.
      const selectorNames: string[] = [];
      let unnamed = 0;
      const recordedNames = new Set<string>();
      const quantileBuckets = new Set<string>();
      for (const { loaded } of ruleFiles) {
        for (const g of loaded.value.groups) {
          for (const r of g.rules) {
            if (r.kind === "recording" && r.record) recordedNames.add(r.record.value);
            if (r.kind === "unknown" || !r.expr) continue;
            const parsed = parsePromql(r.expr.value);
            if (!parsed.ast || parsed.errors.length > 0) continue;
            walk(parsed.ast, (n) => {
              if (n.type === "FunctionCall" && n.name.name === "histogram_quantile" && n.args[1]) {
                walk(n.args[1], (b) => {
                  const s = b.type === "VectorSelector" ? selectorName(b) : undefined;
                  if (s?.endsWith("_bucket")) quantileBuckets.add(s);
                });
              }
              if (n.type !== "VectorSelector") return;
              const s = selectorName(n);
              if (s === undefined) unnamed++;
              else selectorNames.push(s);
            });
          }
        }
      }

      const metricOf = new Map<string, string>();
      for (const m of inventory.metrics) for (const s of m.series) metricOf.set(s, m.name);
      const listed = new Set([...metricOf.keys(), ...inventory.recorded.map((r) => r.name), ...inventory.builtin.map((b) => b.name)]);
      // Every selector's metric is in the inventory, and every use is counted once.
      for (const s of selectorNames) expect(listed.has(s), s).toBe(true);
      const uses = (inv: Inventory) =>
        inv.metrics.reduce((n, m) => n + m.uses.length, 0) +
        inv.recorded.reduce((n, r) => n + r.uses.length, 0) +
        inv.builtin.reduce((n, b) => n + b.uses.length, 0);
      expect(uses(inventory)).toBe(selectorNames.length);
      expect(inventory.unnamedSelectors.length).toBe(unnamed);
      // Each series belongs to one metric; names are unique.
      expect(new Set(inventory.metrics.map((m) => m.name)).size).toBe(inventory.metrics.length);
      expect(inventory.metrics.reduce((n, m) => n + m.series.length, 0)).toBe(metricOf.size);

      // No recorded series (by a rule here, or by its colon) is a metric.
      for (const r of recordedNames) expect(metricOf.has(r), r).toBe(false);
      for (const s of metricOf.keys()) expect(s.includes(":"), s).toBe(false);
      for (const r of recordedNames) expect(inventory.recorded.find((x) => x.name === r)?.producedBy.length, r).toBeGreaterThan(0);

      // Every histogram part is folded: no metric is a part of a histogram listed, and every bucket read
      // by `histogram_quantile` is a histogram's.
      const histograms = new Set(inventory.metrics.filter((m) => m.type === "histogram").map((m) => m.name));
      for (const m of inventory.metrics) {
        const stem = m.name.replace(/_(bucket|count|sum)$/, "");
        if (stem !== m.name) expect(histograms.has(stem), m.name).toBe(false);
      }
      for (const b of quantileBuckets) if (metricOf.has(b)) expect(histograms.has(metricOf.get(b)!), b).toBe(true);
      for (const h of histograms) {
        const m = inventory.metrics.find((x) => x.name === h)!;
        expect(
          m.labels.some((l) => l.name === "le"),
          h,
        ).toBe(false);
        expect(
          m.series.every((s) => s === h || /_(bucket|count|sum)$/.test(s)),
          h,
        ).toBe(true);
      }

      // The figures add up: no metadata was given, so every type is by convention or unknown, with its reason.
      const f = inventoryFigures(inventory);
      expect(f.typedByMetadata).toBe(0);
      expect(f.typedByConvention + f.unknown).toBe(f.metrics);
      for (const m of inventory.metrics) {
        if (m.typeFrom.origin === "unknown") expect(m.typeFrom.reason, m.name).not.toBe("");
        if (m.typeFrom.origin === "convention") expect(m.typeFrom.inferredFrom, m.name).not.toBe("");
      }

      // Deterministic: the same input gives the same inventory.
      expect(buildInventory({ ruleFiles }).inventory).toEqual(inventory);
    });
  }
});
