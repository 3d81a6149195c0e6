/**
 * Typed conditions on the rule corpus: for each source project, the alerts whose expression
 * `typedConditionOf` types, with metric types from `buildInventory` (naming conventions, no
 * metadata), and why the others stay PromQL. Every typed condition, put into a kept group of a
 * catalog declaring its metric, must build to an expression `normalisedEqual` to the corpus text.
 * The figures are printed, not asserted: they describe the corpus.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type ConditionMetric, type TypedConditionData, typedConditionOf, untypedReason } from "../../src/import/conditions.js";
import { buildInventory } from "../../src/import/inventory.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { normalisedEqual } from "../../src/promql/print.js";
import { loadRuleFile } from "../../src/rulefile/index.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { acceptedCorpusFiles, CORPUS } from "../helpers/corpus.js";
import { describeWithShared } from "../helpers/shared.js";

const VERSIONS = ["2.42", "3"] as const;
/** The buckets a catalog declares for a histogram whose exposition the corpus does not show (the Go client's defaults). */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Alert {
  readonly file: string;
  readonly name: string;
  readonly expr: string;
}

interface ProjectOutcome {
  readonly project: string;
  readonly alerts: number;
  readonly typed: { readonly alert: Alert; readonly condition: TypedConditionData }[];
  readonly reasons: ReadonlyMap<string, number>;
  readonly metrics: ReadonlyMap<string, ConditionMetric>;
}

function measure(project: string, files: readonly string[]): ProjectOutcome {
  const loaded = files.map((file) => ({ file, loaded: loadRuleFile(file, readFileSync(join(CORPUS, file), "utf8")) }));
  const { inventory } = buildInventory({ ruleFiles: loaded });
  const metrics = new Map<string, ConditionMetric>();
  for (const m of inventory.metrics) {
    if (m.type === "counter" || m.type === "gauge") metrics.set(m.name, { type: m.type });
    else if (m.type === "histogram") metrics.set(m.name, { type: "histogram", buckets: m.buckets ?? DEFAULT_BUCKETS });
  }
  const ctx = { metric: (name: string) => metrics.get(name), versions: VERSIONS };
  const alerts: Alert[] = loaded.flatMap(({ file, loaded: l }) =>
    l.value.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === "alerting" && r.expr ? [{ file, name: r.name, expr: r.expr.value }] : []))),
  );
  const typed: ProjectOutcome["typed"][number][] = [];
  const reasons = new Map<string, number>();
  for (const alert of alerts) {
    const condition = typedConditionOf(alert.expr, ctx);
    if (condition) typed.push({ alert, condition });
    else {
      const reason = untypedReason(alert.expr, ctx) ?? "typed on the second try (a bug)";
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  return { project, alerts: alerts.length, typed, reasons, metrics };
}

/** A catalog declaring the metrics of `typed` (labels they name as open labels), with one kept group holding them as typed alert rules. */
function catalogOf(outcome: ProjectOutcome): unknown {
  const labels = new Map<string, Set<string>>();
  for (const { condition: c } of outcome.typed) {
    const names = labels.get(c.metric as string) ?? new Set<string>();
    for (const l of [
      ...Object.keys("where" in c ? (c.where ?? {}) : {}),
      ...(c.kind === "ratio" ? [...Object.keys(c.numerator), ...Object.keys(c.denominator ?? {})] : []),
      ...(c.by ?? []),
    ])
      names.add(l);
    labels.set(c.metric as string, names);
  }
  const declared = Object.fromEntries(
    [...labels].map(([name, ls], i) => {
      const facts = outcome.metrics.get(name)!;
      return [
        `m${i}`,
        {
          type: facts.type,
          name,
          help: "imported",
          ...(facts.type === "histogram" ? { buckets: facts.buckets } : {}),
          labels: Object.fromEntries([...ls].map((l) => [l, { open: true, maxValues: 10 }])),
        },
      ];
    }),
  );
  return {
    ...baseCatalog(),
    prometheus: { port: 9090, version: [...VERSIONS] },
    groups: [{ name: "imported", description: "Imported metrics", exposedBy: ["checkout"], metrics: declared }],
    ruleGroups: [{ name: `imported-${outcome.project}`, rules: outcome.typed.map(({ alert, condition }) => ({ alert: alert.name, expr: condition })) }],
  };
}

describeWithShared("corpus/rules/promtool-verdicts.tsv", "the rule corpus", "typed conditions recognised in the rule corpus", () => {
  const accepted = acceptedCorpusFiles();
  const projects = [...new Set(accepted.map((f) => f.split("/")[0]!))].sort();
  const outcomes = projects.map((p) =>
    measure(
      p,
      accepted.filter((f) => f.startsWith(`${p}/`)),
    ),
  );

  it("measures, per source project, the alerts typed and the reasons the others are not", () => {
    const lines = ["project | alerts | typed | share", "--- | --- | --- | ---"];
    for (const o of outcomes) {
      expect(o.alerts).toBeGreaterThan(0);
      expect(o.typed.length + [...o.reasons.values()].reduce((a, b) => a + b, 0)).toBe(o.alerts);
      lines.push(`${o.project} | ${o.alerts} | ${o.typed.length} | ${((100 * o.typed.length) / o.alerts).toFixed(1)}%`);
    }
    // Reasons naming functions are counted together, then by function.
    const all = new Map<string, number>();
    const functions = new Map<string, number>();
    for (const o of outcomes)
      for (const [r, n] of o.reasons) {
        const fns = /^function the conditions do not write \((.*)\)$/.exec(r);
        const key = fns ? "function the conditions do not write" : r;
        all.set(key, (all.get(key) ?? 0) + n);
        for (const f of fns ? fns[1]!.split(", ") : []) functions.set(f, (functions.get(f) ?? 0) + n);
      }
    const table = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([r, n]) => `${r} | ${n}`);
    lines.push("", "reason not typed | alerts", "--- | ---", ...table(all));
    lines.push("", "function not written by a condition | alerts", "--- | ---", ...table(functions));
    console.log(lines.join("\n"));
    expect(all.has("typed on the second try (a bug)")).toBe(false);
    expect(outcomes.some((o) => o.typed.length > 0)).toBe(true);
  });

  it("builds every typed condition, in a kept group of a catalog declaring its metric, to the corpus expression", () => {
    for (const o of outcomes) {
      if (o.typed.length === 0) continue;
      const r = resolveCatalog(catalogOf(o));
      expect(
        r.diagnostics.filter((d) => d.severity === "error"),
        o.project,
      ).toEqual([]);
      const rules = r.value!.keptRuleGroups[0]!.rules;
      const differing = o.typed.flatMap(({ alert }, i) =>
        normalisedEqual(rules[i]!.expr, alert.expr) ? [] : [`${alert.file} ${alert.name}: ${alert.expr} → ${rules[i]!.expr}`],
      );
      expect(differing, o.project).toEqual([]);
    }
  });
});
