/**
 * Words for an alert's condition: the threshold with its unit and the parameter it comes from,
 * the window, and what the compiled expression computes. Output is Markdown (code spans for
 * series, escaped text for the rest).
 */
import type { Comparator, Unit } from "../../model/authoring.js";
import { formatNumber, mulExact } from "../../model/numbers.js";
import { selector } from "../../model/promql-builder.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedThreshold } from "../../model/resolved.js";
import { codeSpan, escapeText } from "./markdown.js";

/** How a value of each unit is written after the number. */
const UNIT_SUFFIX: Record<Unit, string> = {
  seconds: " s",
  milliseconds: " ms",
  microseconds: " μs",
  bytes: " bytes",
  megabytes: " MB",
  dollars: " USD",
  basis_points: " bps",
  percent: "%",
  ratio: "",
  count: "",
  none: "",
};

/** `5000 μs`, `-5000 USD`, `80%`, `0.9 (90%)` for a ratio. */
export function withUnit(value: number, unit: Unit): string {
  const v = formatNumber(value);
  if (unit === "ratio") return `${v} (${formatNumber(mulExact(value, 100))}%)`;
  return `${v}${UNIT_SUFFIX[unit]}`;
}

/** `max_daily_loss`, `−max_daily_loss`, `0.95 × initial_capital`. */
export function parameterExpression(param: { readonly name: string; readonly factor: number }): string {
  if (param.factor === 1) return param.name;
  if (param.factor === -1) return `−${param.name}`;
  return `${formatNumber(param.factor)} × ${param.name}`;
}

/** `-5000 USD (−max_daily_loss)`: the value compared against, and the parameter it comes from. */
export function thresholdText(t: ResolvedThreshold, unit: Unit): string {
  const base = withUnit(t.value, unit);
  return t.param ? `${base} (${parameterExpression(t.param)})` : base;
}

const OP_WORDS: Record<Comparator, string> = {
  ">": "above",
  ">=": "at or above",
  "<": "below",
  "<=": "at or below",
  "==": "equal to",
  "!=": "not equal to",
};

/** The unit the compared value is in, per condition kind. */
export function comparedUnit(model: ResolvedCatalog, alert: ResolvedAlert): Unit {
  const c = alert.condition;
  if (c.kind === "ratio") return "ratio";
  const name = c.kind === "expr" ? (c.metrics.length === 1 ? c.metrics[0] : undefined) : c.metric;
  return model.metrics.find((m) => m.name === name)?.unit ?? "none";
}

export interface ConditionFacts {
  /** What is compared, in Markdown: "p99 of `m` over 5m". */
  readonly measure: string;
  /** The comparison, in Markdown: "above 5000 μs", or null for an expression without one. */
  readonly threshold: string | null;
  readonly window: string | null;
  /** How the expression computes it, when that differs from the words (Markdown), else null. */
  readonly method: string | null;
}

export function describeCondition(model: ResolvedCatalog, alert: ResolvedAlert): ConditionFacts {
  const c = alert.condition;
  const unit = comparedUnit(model, alert);
  const cmp = (op: Comparator, t: ResolvedThreshold, suffix = "") => escapeText(`${OP_WORDS[op]} ${thresholdText(t, unit)}${suffix}`);
  const by = "by" in c && c.by.length > 0 ? escapeText(`, by ${c.by.join(", ")}`) : "";
  switch (c.kind) {
    case "quantile": {
      const q = `p${formatNumber(mulExact(c.quantile, 100))}`;
      const measure = `${escapeText(q)} of ${codeSpan(selector(c.metric, c.where))} over ${escapeText(c.window)}${by}`;
      // The rule's own comparison (compiled once by resolve): the share and the number it is held to.
      const compiled = alert.compiled;
      const method =
        compiled?.method === "share_above"
          ? escapeText(
              `${withUnit(c.threshold.value, unit)} is the top finite bucket, which histogram_quantile never exceeds: the expression ` +
                `computes the share of observations above that bucket instead, and fires when it is over ${formatNumber(compiled.threshold)} ` +
                `(${formatNumber(mulExact(compiled.threshold, 100))}%), which is exactly "${q} ${OP_WORDS[c.op]} ${withUnit(c.threshold.value, unit)}".`,
            )
          : null;
      return { measure, threshold: cmp(c.op, c.threshold), window: c.window, method };
    }
    case "rate":
      return {
        measure: `rate of ${codeSpan(selector(c.metric, c.where))} over ${escapeText(c.window)}${by}`,
        threshold: cmp(c.op, c.threshold, ` per ${c.per}`),
        window: c.window,
        method: null,
      };
    case "increase":
      return {
        measure: `increase of ${codeSpan(selector(c.metric, c.where))} over ${escapeText(c.window)}${by}`,
        threshold: cmp(c.op, c.threshold),
        window: c.window,
        method: null,
      };
    case "value": {
      const series = codeSpan(selector(c.metric, c.where));
      const inner = c.abs ? `absolute value of ${series}` : series;
      const measure = c.aggregate ? `${escapeText(c.aggregate)} of ${inner}${by}` : `${inner} (each series)`;
      return { measure, threshold: cmp(c.op, c.threshold), window: null, method: null };
    }
    case "ratio":
      return {
        measure: `share of ${codeSpan(selector(c.metric, c.numerator))} in ${codeSpan(selector(c.metric, c.denominator))} over ${escapeText(c.window)}${by}`,
        threshold: cmp(c.op, c.threshold),
        window: c.window,
        method: null,
      };
    case "expr":
      return {
        measure: "the expression above",
        threshold: c.op && c.threshold ? cmp(c.op, c.threshold) : null,
        window: null,
        method: null,
      };
  }
}

/** The parameters an alert's threshold depends on, with their defaults. */
export function thresholdParameters(model: ResolvedCatalog, alert: ResolvedAlert) {
  const t = alert.condition.threshold;
  if (!t?.param) return [];
  const name = t.param.name;
  return model.parameters.filter((p) => p.name === name);
}
