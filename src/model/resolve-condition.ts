/**
 * The compiler of typed alert conditions (`rate(m, …).above(5)`, `quantile(h, 0.99, …)`, …): the
 * condition checked against the metric it names and compiled to the PromQL comparison an alert
 * fires on. One compiler for every place a typed condition is written: a service's alerts, a kept
 * group's `alertRule`, and the import's check that a rule file's expression is such a condition
 * (src/import/conditions.ts).
 */
import type { PrometheusVersion } from "../compat/prometheus.js";
import type { Comparator } from "./authoring.js";
import { mulExact, subExact } from "./numbers.js";
import {
  countIncreaseExpr,
  countRateExpr,
  histogramRead,
  increaseExpr,
  nativeShareAboveExpr,
  quantileExpr,
  rateExpr,
  ratioExpr,
  shareAboveExpr,
  valueExpr,
} from "./promql-builder.js";
import { checkBy, type Ctx, err, lookupMetric, resolveMatchers } from "./resolve-context.js";
import type { CompiledComparison, ResolvedCondition, ResolvedMetric, ResolvedThreshold } from "./resolved.js";
import type { CatalogSpec, ConditionSpec, ThresholdSpec } from "./schema.js";

/** What of the catalog a condition reads: its parameters (thresholds) and the Prometheus versions targeted (bucket matchers). */
export interface ConditionCatalog {
  readonly parameters: CatalogSpec["parameters"];
  readonly prometheus: { readonly version: readonly PrometheusVersion[] };
}

export function resolveThreshold(ctx: Ctx, catalog: ConditionCatalog, t: ThresholdSpec, path: string): ResolvedThreshold {
  if (typeof t === "number") return { value: t, param: null };
  const p = catalog.parameters[t.param];
  if (!p) {
    const known = Object.keys(catalog.parameters).sort();
    err(
      ctx,
      "catalog/unknown-parameter",
      path,
      `refers to unknown parameter "${t.param}"`,
      known.length ? `declare it under \`parameters\` or use one of: ${known.join(", ")}` : "declare it under `parameters`",
    );
    return { value: 0, param: { name: t.param, factor: t.factor } };
  }
  return { value: mulExact(p.default, t.factor), param: { name: t.param, factor: t.factor } };
}

export function resolveCondition(
  ctx: Ctx,
  catalog: ConditionCatalog,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  c: ConditionSpec,
  path: string,
): { condition: ResolvedCondition; compiled: CompiledComparison | null; metrics: string[] } | undefined {
  const direct = (lhs: string, op: Comparator, threshold: number): CompiledComparison => ({ lhs, op, threshold, method: "direct" });
  switch (c.kind) {
    case "quantile": {
      const m = lookupMetric(ctx, metrics, c.metric, `${path}.metric`, ["histogram"], "a quantile condition");
      const threshold = resolveThreshold(ctx, catalog, c.threshold, `${path}.threshold`);
      if (!m) return undefined;
      const where = resolveMatchers(ctx, m, c.where, `${path}.where`);
      checkBy(ctx, m, c.by, `${path}.by`);
      const top = m.buckets![m.buckets!.length - 1]!;
      // histogram_quantile never returns more than the highest finite bucket; "p99 > top edge"
      // is computed instead as "more than 1% of observations above the top edge", which is exact.
      // A native-only histogram takes the same form through histogram_fraction: when its series is
      // the stubs' classic buckets converted by the scrape (convert_classic_histograms_to_nhcb),
      // histogram_quantile is capped at the same edge.
      const shareAbove = threshold.value === top && (c.op === ">" || c.op === ">=");
      const read = histogramRead(m);
      const share =
        read === "native"
          ? nativeShareAboveExpr(m.name, top, c.window, where, c.by)
          : shareAboveExpr(m.name, top, c.window, where, c.by, catalog.prometheus.version);
      const compiled: CompiledComparison = shareAbove
        ? { lhs: share, op: ">", threshold: subExact(1, c.quantile), method: "share_above" }
        : direct(quantileExpr(m.name, c.quantile, c.window, where, c.by, read), c.op, threshold.value);
      return {
        condition: {
          kind: "quantile",
          metric: m.name,
          quantile: c.quantile,
          window: c.window,
          where,
          by: c.by,
          op: c.op,
          threshold,
          method: shareAbove ? "share_above" : "histogram_quantile",
        },
        compiled,
        metrics: [m.name],
      };
    }
    case "rate":
    case "increase": {
      const m = lookupMetric(ctx, metrics, c.metric, `${path}.metric`, ["counter", "histogram"], `a ${c.kind} condition`);
      const threshold = resolveThreshold(ctx, catalog, c.threshold, `${path}.threshold`);
      if (!m) return undefined;
      const where = resolveMatchers(ctx, m, c.where, `${path}.where`);
      checkBy(ctx, m, c.by, `${path}.by`);
      const histogram = m.type === "histogram";
      if (c.kind === "rate") {
        const rate = histogram
          ? countRateExpr(m.name, c.window, where, c.by, c.per === "minute", histogramRead(m))
          : rateExpr(m.name, c.window, where, c.by, c.per === "minute");
        return {
          condition: { kind: "rate", metric: m.name, window: c.window, per: c.per, where, by: c.by, op: c.op, threshold },
          compiled: direct(rate, c.op, threshold.value),
          metrics: [m.name],
        };
      }
      const increase = histogram ? countIncreaseExpr(m.name, c.window, where, c.by, histogramRead(m)) : increaseExpr(m.name, c.window, where, c.by);
      return {
        condition: { kind: "increase", metric: m.name, window: c.window, where, by: c.by, op: c.op, threshold },
        compiled: direct(increase, c.op, threshold.value),
        metrics: [m.name],
      };
    }
    case "value": {
      const m = lookupMetric(ctx, metrics, c.metric, `${path}.metric`, ["gauge", "counter"], "a value condition");
      const threshold = resolveThreshold(ctx, catalog, c.threshold, `${path}.threshold`);
      if (!m) return undefined;
      const where = resolveMatchers(ctx, m, c.where, `${path}.where`);
      checkBy(ctx, m, c.by, `${path}.by`);
      if (c.by.length > 0 && !c.aggregate) {
        err(ctx, "catalog/schema", `${path}.by`, "`by` needs `aggregate` (sum, max, min or avg)", "add `aggregate` or remove `by`");
      }
      return {
        condition: {
          kind: "value",
          metric: m.name,
          where,
          aggregate: c.aggregate ?? null,
          by: c.by,
          abs: c.abs,
          op: c.op,
          threshold,
        },
        compiled: direct(valueExpr(m.name, where, c.aggregate, c.by, c.abs), c.op, threshold.value),
        metrics: [m.name],
      };
    }
    case "ratio": {
      const m = lookupMetric(ctx, metrics, c.metric, `${path}.metric`, ["counter"], "a ratio condition");
      const threshold = resolveThreshold(ctx, catalog, c.threshold, `${path}.threshold`);
      if (!m) return undefined;
      const numerator = resolveMatchers(ctx, m, c.numerator, `${path}.numerator`);
      const denominator = resolveMatchers(ctx, m, c.denominator, `${path}.denominator`);
      checkBy(ctx, m, c.by, `${path}.by`);
      return {
        condition: { kind: "ratio", metric: m.name, window: c.window, numerator, denominator, by: c.by, op: c.op, threshold },
        compiled: direct(ratioExpr(m.name, c.window, numerator, denominator, c.by), c.op, threshold.value),
        metrics: [m.name],
      };
    }
    case "expr": {
      const names: string[] = [];
      c.metrics.forEach((name, i) => {
        const m = lookupMetric(ctx, metrics, name, `${path}.metrics[${i}]`, ["counter", "gauge", "histogram"], "an expression");
        if (m) names.push(m.name);
      });
      const threshold = c.threshold === undefined ? null : resolveThreshold(ctx, catalog, c.threshold, `${path}.threshold`);
      return {
        condition: { kind: "expr", metrics: names, op: c.op ?? null, threshold },
        compiled: null,
        metrics: names,
      };
    }
  }
}
