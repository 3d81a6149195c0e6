/**
 * What resolve.ts and its split-out parts (resolve-alerting.ts, resolve-dashboards.ts) share: the
 * context that collects their diagnostics, and the metric lookups and label checks each of them
 * makes. Kept apart so the parts import it rather than resolve.ts, which imports them.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Matcher } from "./promql-builder.js";
import type { ResolvedMetric } from "./resolved.js";
import type { Matchers } from "./schema.js";
import { compareCodePoints } from "../util/order.js";

export interface Ctx {
  readonly diags: Diagnostic[];
}

export function err(ctx: Ctx, code: string, path: string, message: string, hint?: string): void {
  ctx.diags.push({ code, severity: "error", message, path, ...(hint ? { hint } : {}) });
}

/** Labels Prometheus attaches to every scraped series (target labels), valid in `by`. */
const TARGET_LABELS = new Set(["job", "instance", "service"]);

export function resolveMatchers(ctx: Ctx, metric: ResolvedMetric, m: Matchers, path: string): Matcher[] {
  const out: Matcher[] = [];
  for (const [label, v] of Object.entries(m)) {
    const values = typeof v === "string" ? [v] : [...v];
    const decl = metric.labels.find((l) => l.name === label);
    if (!decl) {
      err(
        ctx,
        "catalog/unknown-label",
        `${path}.${label}`,
        `label "${label}" is not declared on metric ${metric.name}`,
        metric.labels.length ? `use one of its labels: ${metric.labels.map((l) => l.name).join(", ")}` : `${metric.name} has no labels; remove the matcher`,
      );
      continue;
    }
    if (decl.kind === "closed") {
      for (const value of values) {
        if (!decl.values.includes(value)) {
          err(
            ctx,
            "catalog/unknown-label-value",
            `${path}.${label}`,
            `value "${value}" is not one of the values declared for label "${label}" of ${metric.name}`,
            `use one of: ${decl.values.join(", ")} (or add it to the metric's label values)`,
          );
        }
      }
    }
    out.push({ label, values });
  }
  return out.sort((a, b) => compareCodePoints(a.label, b.label));
}

export function checkBy(ctx: Ctx, metric: ResolvedMetric, by: readonly string[], path: string): void {
  by.forEach((label, i) => {
    if (!TARGET_LABELS.has(label) && !metric.labels.some((l) => l.name === label)) {
      err(
        ctx,
        "catalog/unknown-label",
        `${path}[${i}]`,
        `cannot group by "${label}": it is neither a label of ${metric.name} nor a target label (job, instance, service)`,
        `use one of: ${[...metric.labels.map((l) => l.name), ...TARGET_LABELS].join(", ")}`,
      );
    }
  });
}

type MetricKinds = readonly ("counter" | "gauge" | "histogram")[];

export function lookupMetric(
  ctx: Ctx,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  name: string,
  path: string,
  allowed: MetricKinds,
  what: string,
): ResolvedMetric | undefined {
  const m = metrics.get(name);
  if (!m) {
    const near = [...metrics.keys()].filter((k) => k.includes(name) || name.includes(k)).slice(0, 3);
    err(
      ctx,
      "catalog/unknown-metric",
      path,
      `refers to metric "${name}", which the catalog does not declare`,
      near.length ? `did you mean ${near.join(" or ")}?` : "declare the metric in a service's `metrics` or a group's",
    );
    return undefined;
  }
  if (!allowed.includes(m.type)) {
    err(
      ctx,
      "catalog/metric-type",
      path,
      `${what} needs a ${allowed.join(" or ")}, but ${m.name} is a ${m.type}`,
      `pick a ${allowed.join(" or ")} metric or another condition kind`,
    );
    return undefined;
  }
  return m;
}
