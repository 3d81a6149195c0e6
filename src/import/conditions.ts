/**
 * Typed conditions from PromQL: whether an alerting rule's expression is one the catalog's builders
 * write (`quantile`, `rate`, `increase`, `value`, `ratio` compared with a number), so that an
 * imported alert can say `rate(m.httpRequestsTotal, { window: "5m", by: ["job"] }).above(5)`
 * instead of its text.
 *
 * The shape is read from the parsed tree (src/promql), which proposes a candidate; the candidate is
 * accepted only when the catalog's own compiler (src/model/resolve-condition.ts) writes it, on the
 * targeted Prometheus versions together and on each alone, as text `normalisedEqual` to the input
 * (src/promql/print.ts). That is the guarantee: the kept rule built from the condition emits the
 * same query. A shape the compiler writes another way (`without`, `irate`, `> bool`, a `!=`
 * matcher, another window) is never equated; it stays PromQL. Pure: text and metric facts in.
 */
import { PROMETHEUS_VERSIONS, type PrometheusVersion } from "../compat/prometheus.js";
import { formatModelDuration } from "../compat/go/duration.js";
import type { Comparator, IncreaseCondition, QuantileCondition, RateCondition, RatioCondition, ValueCondition } from "../model/authoring.js";
import { compare } from "../model/promql-builder.js";
import { resolveCondition } from "../model/resolve-condition.js";
import type { Ctx } from "../model/resolve-context.js";
import type { ResolvedMetric } from "../model/resolved.js";
import type { ConditionSpec } from "../model/schema.js";
import type { AggregateExpr, Expr, LabelMatcher, MatrixSelector, VectorSelector } from "../promql/ast.js";
import { parsePromql } from "../promql/parse.js";
import { normalisedEqual } from "../promql/print.js";
import { walk } from "../promql/walk.js";

/** What is known of a metric the catalog declares: its type, a histogram's form and buckets. */
export interface ConditionMetric {
  readonly type: "counter" | "gauge" | "histogram";
  /** A histogram's form, as the catalog declares it. @default false (classic) */
  readonly native?: boolean | "both";
  /**
   * A histogram's buckets as the catalog declares them. Pass them when known: a quantile compared
   * with the highest bucket compiles to another form (the share of observations above it), and the
   * check must see the form the build will write.
   */
  readonly buckets?: readonly number[];
}

export interface ConditionContext {
  /** The metric the catalog declares under this name, or undefined: only these are tried. */
  metric(name: string): ConditionMetric | undefined;
  /** The Prometheus versions the catalog targets. @default every modelled version, when empty */
  readonly versions: readonly PrometheusVersion[];
}

/** A typed condition as catalog data, its `metric` the metric's name. */
export type TypedConditionData = QuantileCondition | RateCondition | IncreaseCondition | ValueCondition | RatioCondition;

type Query =
  | Omit<QuantileCondition, "op" | "threshold">
  | Omit<RateCondition, "op" | "threshold">
  | Omit<IncreaseCondition, "op" | "threshold">
  | Omit<ValueCondition, "op" | "threshold">
  | Omit<RatioCondition, "op" | "threshold">;

const COMPARATORS: ReadonlySet<string> = new Set<Comparator>([">", ">=", "<", "<=", "==", "!="]);

/**
 * The typed condition `text` is, or undefined. Accepted only when the catalog's compiler writes the
 * condition as `text` up to spelling, for `ctx.versions` together and each alone.
 *
 * @example typedConditionOf('sum by (job) (rate(http_requests_total{code="500"}[5m])) > 5', ctx)
 *   // → { kind: "rate", metric: "http_requests_total", window: "5m", where: { code: "500" }, by: ["job"], op: ">", threshold: 5 }
 */
export function typedConditionOf(text: string, ctx: ConditionContext): TypedConditionData | undefined {
  const { ast, errors } = parsePromql(text);
  if (ast === undefined || errors.length > 0) return undefined;
  const top = strip(ast);
  if (top.type !== "BinaryExpr" || !COMPARATORS.has(top.op) || top.bool || top.matching !== undefined) return undefined;
  const threshold = numberOf(top.rhs);
  if (threshold === undefined || !Number.isFinite(threshold)) return undefined;
  for (const q of queriesOf(strip(top.lhs), ctx)) {
    const c = { ...q, op: top.op as Comparator, threshold } as TypedConditionData;
    if (compilesTo(c, ctx, text)) return c;
  }
  return undefined;
}

/** Why `text` is not a typed condition, in a few words (for the import's report); undefined when it is one. */
export function untypedReason(text: string, ctx: ConditionContext): string | undefined {
  return typedConditionOf(text, ctx) ? undefined : reasonNotTyped(text, ctx);
}

/**
 * {@link untypedReason} for a text {@link typedConditionOf} has already refused: the import asks
 * that first, and compiling every candidate again for the reason would double its work.
 */
export function reasonNotTyped(text: string, ctx: ConditionContext): string {
  const { ast, errors } = parsePromql(text);
  if (ast === undefined || errors.length > 0) return "does not parse";
  const top = strip(ast);
  if (top.type === "BinaryExpr" && (top.op === "and" || top.op === "or" || top.op === "unless")) return "`and`/`or`/`unless` of expressions";
  if (top.type === "FunctionCall" && (top.name.name === "absent" || top.name.name === "absent_over_time")) return "`absent`";
  if (top.type !== "BinaryExpr" || !COMPARATORS.has(top.op)) return "no comparison at the top (fires on any result)";
  if (top.bool) return "`bool` comparison";
  if (numberOf(top.rhs) === undefined) return numberOf(top.lhs) === undefined ? "compares two expressions" : "number on the left of the comparison";
  const lhs = strip(top.lhs);
  const names = new Set<string>();
  let offset = false;
  const functions = new Set<string>();
  const aggregations = new Set<string>();
  let without = false;
  let unexpressible = false;
  let bareRange = false;
  walk(lhs, (n, ancestors) => {
    if (n.type === "VectorSelector") {
      if (n.name) names.add(n.name.name);
      if (n.offset || n.at) offset = true;
      if (n.matchers.some((m) => m.op === "!=" || m.op === "!~" || (m.op === "=~" && literalAlternatives(m.value) === undefined))) unexpressible = true;
    }
    if (n.type === "MatrixSelector" && (n.offset || n.at)) offset = true;
    if (n.type === "FunctionCall") {
      functions.add(n.name.name);
      if (["rate", "increase", "irate"].includes(n.name.name) && !ancestors.some((a) => a.type === "AggregateExpr")) bareRange = true;
    }
    if (n.type === "AggregateExpr") {
      aggregations.add(n.op);
      if (n.grouping?.kind === "without") without = true;
    }
    if (n.type === "SubqueryExpr") functions.add("subquery");
  });
  if (names.size === 0) return "reads no named metric";
  const families = new Set([...names].map((n) => familyOf(n, ctx) ?? n));
  if (families.size > 1) return "reads several metrics";
  // Shapes first, which no metadata would make typed; the metric's type last, which metadata would settle.
  const known = new Set(["rate", "increase", "histogram_quantile", "histogram_count", "abs"]);
  const other = [...functions].filter((f) => !known.has(f)).sort();
  if (other.length > 0) return `function the conditions do not write (${other.join(", ")})`;
  if (offset) return "`offset` or `@`";
  if (without) return "`without` grouping";
  if ([...aggregations].some((a) => !["sum", "max", "min", "avg"].includes(a))) return "aggregation the conditions do not write";
  if (bareRange) return "`rate`/`increase` without `sum` around it";
  if (unexpressible) return "negative or regular-expression matcher";
  const name = [...families][0]!;
  if (!ctx.metric(name) && ![...names].some((n) => ctx.metric(n))) return "metric type unknown";
  const threshold = numberOf(top.rhs);
  if (quantileQueries(lhs, ctx).some((q) => ctx.metric(q.metric as string)?.buckets?.at(-1) === threshold))
    return "quantile compared with the highest bucket (the build writes the share above it)";
  return "other shape";
}

/** The expression under any parentheses. */
function strip(e: Expr): Expr {
  while (e.type === "ParenExpr") e = e.expr;
  return e;
}

/** A number literal, possibly signed and parenthesised. */
function numberOf(e: Expr): number | undefined {
  const s = strip(e);
  if (s.type === "NumberLiteral") return s.value;
  if (s.type === "UnaryExpr") {
    const n = numberOf(s.expr);
    return n === undefined ? undefined : s.op === "-" ? -n : n;
  }
  return undefined;
}

/** The histogram family a series name belongs to (`x` for `x_bucket`, `x_count`), when the catalog declares `x` as a histogram. */
function familyOf(series: string, ctx: ConditionContext): string | undefined {
  const m = /^(.+)_(bucket|count|sum)$/.exec(series);
  return m && ctx.metric(m[1]!)?.type === "histogram" ? m[1] : undefined;
}

/** Candidate queries for the left side of a comparison; the compiler decides which (if any) it is. */
function queriesOf(lhs: Expr, ctx: ConditionContext): Query[] {
  const out: Query[] = [];
  // `… * 60`: a rate per minute.
  if (lhs.type === "BinaryExpr" && lhs.op === "*" && !lhs.bool && lhs.matching === undefined && numberOf(lhs.rhs) === 60) {
    for (const q of rangeQueries(strip(lhs.lhs), ctx)) if (q.kind === "rate") out.push({ ...q, per: "minute" });
  }
  out.push(...rangeQueries(lhs, ctx), ...quantileQueries(lhs, ctx), ...valueQueries(lhs, ctx), ...ratioQueries(lhs, ctx));
  return out;
}

/** `sum [by (…)] (f(m{…}[w]))`, with what it is summed by. */
function summedRange(e: Expr, fns: readonly string[]): { fn: string; matrix: MatrixSelector; by: string[]; inner: Expr } | undefined {
  if (e.type !== "AggregateExpr" || e.op !== "sum" || e.expr === undefined || e.param !== undefined) return undefined;
  if (e.grouping?.kind === "without") return undefined;
  const inner = strip(e.expr);
  const by = (e.grouping?.labels ?? []).map((l) => l.name);
  let call = inner;
  // `histogram_count(rate(m[w]))`: a native histogram's observation rate.
  if (call.type === "FunctionCall" && call.name.name === "histogram_count" && call.args.length === 1) call = strip(call.args[0]!);
  if (call.type !== "FunctionCall" || !fns.includes(call.name.name) || call.args.length !== 1) return undefined;
  const matrix = strip(call.args[0]!);
  if (matrix.type !== "MatrixSelector" || matrix.rangeMs === undefined) return undefined;
  return { fn: call.name.name, matrix, by, inner };
}

function rangeQueries(e: Expr, ctx: ConditionContext): Query[] {
  const s = summedRange(e, ["rate", "increase"]);
  if (!s) return [];
  const kind = s.fn as "rate" | "increase";
  const name = s.matrix.vector.name?.name;
  const where = whereOf(s.matrix.vector);
  if (name === undefined || where === undefined) return [];
  const window = formatModelDuration(s.matrix.rangeMs!);
  const out: Query[] = [];
  const base = { window, ...(Object.keys(where).length ? { where } : {}), ...(s.by.length ? { by: s.by } : {}) };
  // A counter, a classic histogram's `_count`, or a native histogram under histogram_count.
  if (ctx.metric(name)) out.push({ kind, metric: name, ...base });
  const family = familyOf(name, ctx);
  if (family && name === `${family}_count`) out.push({ kind, metric: family, ...base });
  return out;
}

function quantileQueries(e: Expr, ctx: ConditionContext): Query[] {
  if (e.type !== "FunctionCall" || e.name.name !== "histogram_quantile" || e.args.length !== 2) return [];
  const q = numberOf(e.args[0]!);
  const s = summedRange(strip(e.args[1]!), ["rate"]);
  if (q === undefined || !s || s.inner.type !== "FunctionCall" || s.inner.name.name !== "rate") return [];
  const name = s.matrix.vector.name?.name;
  const where = whereOf(s.matrix.vector);
  if (name === undefined || where === undefined) return [];
  const window = formatModelDuration(s.matrix.rangeMs!);
  const metric =
    familyOf(name, ctx) !== undefined && name.endsWith("_bucket") ? familyOf(name, ctx)! : ctx.metric(name)?.type === "histogram" ? name : undefined;
  if (metric === undefined) return [];
  // The compiler puts `le` first in a classic histogram's `by`; the condition's `by` has the rest.
  const by = s.by.filter((l) => l !== "le");
  return [{ kind: "quantile", metric, quantile: q, window, ...(Object.keys(where).length ? { where } : {}), ...(by.length ? { by } : {}) }];
}

function valueQueries(e: Expr, ctx: ConditionContext): Query[] {
  let agg: AggregateExpr | undefined;
  let inner = e;
  if (e.type === "AggregateExpr") {
    if (!["sum", "max", "min", "avg"].includes(e.op) || e.expr === undefined || e.param !== undefined || e.grouping?.kind === "without") return [];
    agg = e;
    inner = strip(e.expr);
  }
  let abs = false;
  if (inner.type === "FunctionCall" && inner.name.name === "abs" && inner.args.length === 1) {
    abs = true;
    inner = strip(inner.args[0]!);
  }
  if (inner.type !== "VectorSelector" || inner.name === undefined || !ctx.metric(inner.name.name)) return [];
  const where = whereOf(inner);
  if (where === undefined) return [];
  const by = (agg?.grouping?.labels ?? []).map((l) => l.name);
  return [
    {
      kind: "value",
      metric: inner.name.name,
      ...(Object.keys(where).length ? { where } : {}),
      ...(agg ? { aggregate: agg.op as "sum" | "max" | "min" | "avg" } : {}),
      ...(by.length ? { by } : {}),
      ...(abs ? { abs } : {}),
    },
  ];
}

function ratioQueries(e: Expr, ctx: ConditionContext): Query[] {
  if (e.type !== "BinaryExpr" || e.op !== "/" || e.bool || e.matching !== undefined) return [];
  const num = summedRange(strip(e.lhs), ["rate"]);
  const den = summedRange(strip(e.rhs), ["rate"]);
  if (!num || !den || num.inner.type !== "FunctionCall" || den.inner.type !== "FunctionCall") return [];
  const name = num.matrix.vector.name?.name;
  if (name === undefined || name !== den.matrix.vector.name?.name || !ctx.metric(name)) return [];
  const numerator = whereOf(num.matrix.vector);
  const denominator = whereOf(den.matrix.vector);
  if (numerator === undefined || denominator === undefined || Object.keys(numerator).length === 0) return [];
  return [
    {
      kind: "ratio",
      metric: name,
      window: formatModelDuration(num.matrix.rangeMs!),
      numerator,
      ...(Object.keys(denominator).length ? { denominator } : {}),
      ...(num.by.length ? { by: num.by } : {}),
    },
  ];
}

/**
 * A selector's matchers as a condition's `where`: `l="v"` as `v`, `l=~"a|b"` of literal
 * alternatives as `["a", "b"]`. Undefined when a matcher has no such form (`!=`, a regular
 * expression, one label matched twice): the compiler could not write it back.
 */
function whereOf(v: VectorSelector): Record<string, string | readonly string[]> | undefined {
  const where: Record<string, string | readonly string[]> = {};
  for (const m of v.matchers) {
    if (m.name === "__name__" && m.op === "=" && m.value === v.name?.name) continue;
    if (Object.hasOwn(where, m.name)) return undefined;
    const values = valuesOf(m);
    if (values === undefined) return undefined;
    where[m.name] = values.length === 1 ? values[0]! : values;
  }
  return where;
}

function valuesOf(m: LabelMatcher): readonly string[] | undefined {
  if (m.op === "=") return [m.value];
  if (m.op === "=~") return literalAlternatives(m.value);
  return undefined;
}

const META = new Set([..."\\.^$|?*+()[]{}"]);

/** `a|b\\.c` as `["a", "b.c"]`: alternatives of literal text, metacharacters escaped; undefined for any other regular expression. */
function literalAlternatives(re: string): string[] | undefined {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < re.length; i++) {
    const ch = re[i]!;
    if (ch === "\\") {
      const next = re[i + 1];
      if (next === undefined || !META.has(next)) return undefined;
      cur += next;
      i++;
    } else if (ch === "|") {
      out.push(cur);
      cur = "";
    } else if (META.has(ch)) return undefined;
    else cur += ch;
  }
  out.push(cur);
  return out.length >= 2 && out.every((v) => v !== "") ? out : undefined;
}

/** The schema's output for a condition the helpers would write: defaults filled in. */
function specOf(c: TypedConditionData): ConditionSpec {
  const metric = c.metric as string;
  const by = [...(c.by ?? [])];
  switch (c.kind) {
    case "quantile":
      return {
        kind: "quantile",
        metric,
        quantile: c.quantile,
        window: c.window,
        where: { ...(c.where ?? {}) },
        by,
        op: c.op,
        threshold: c.threshold as number,
      } as ConditionSpec;
    case "rate":
      return {
        kind: "rate",
        metric,
        window: c.window,
        per: c.per ?? "second",
        where: { ...(c.where ?? {}) },
        by,
        op: c.op,
        threshold: c.threshold as number,
      } as ConditionSpec;
    case "increase":
      return { kind: "increase", metric, window: c.window, where: { ...(c.where ?? {}) }, by, op: c.op, threshold: c.threshold as number } as ConditionSpec;
    case "value":
      return {
        kind: "value",
        metric,
        where: { ...(c.where ?? {}) },
        aggregate: c.aggregate,
        by,
        abs: c.abs ?? false,
        op: c.op,
        threshold: c.threshold as number,
      } as ConditionSpec;
    case "ratio":
      return {
        kind: "ratio",
        metric,
        window: c.window,
        numerator: { ...c.numerator },
        denominator: { ...(c.denominator ?? {}) },
        by,
        op: c.op,
        threshold: c.threshold as number,
      } as ConditionSpec;
  }
}

/** A catalog metric as the compiler reads it, from the facts given and the labels the condition names. */
function declaredMetric(name: string, facts: ConditionMetric, c: TypedConditionData): ResolvedMetric {
  const labels = new Set<string>([...Object.keys("where" in c ? (c.where ?? {}) : {}), ...(c.by ?? [])]);
  if (c.kind === "ratio") for (const l of [...Object.keys(c.numerator), ...Object.keys(c.denominator ?? {})]) labels.add(l);
  return {
    key: name,
    name,
    type: facts.type,
    help: "",
    unit: "none",
    buckets: facts.type === "histogram" ? (facts.buckets ?? []) : null,
    native: facts.type === "histogram" ? (facts.native ?? false) : false,
    labels: [...labels].map((l) => ({ name: l, kind: "open", values: [], maxValues: 1, examples: [], description: null })),
    service: null,
    group: null,
    exposedBy: [],
    path: name,
    silence: [],
    notes: null,
    renamedFrom: null,
  };
}

/** Whether the catalog's compiler writes `c` as `text` (up to spelling) on the versions together and on each alone. */
function compilesTo(c: TypedConditionData, ctx: ConditionContext, text: string): boolean {
  const name = c.metric as string;
  const facts = ctx.metric(name);
  if (!facts) return false;
  const metrics = new Map([[name, declaredMetric(name, facts, c)]]);
  const versions = ctx.versions.length > 0 ? ctx.versions : PROMETHEUS_VERSIONS;
  for (const version of [versions, ...versions.map((v) => [v])]) {
    const found: Ctx = { diags: [] };
    const r = resolveCondition(found, { parameters: {}, prometheus: { version } }, metrics, specOf(c), "condition");
    if (!r?.compiled || found.diags.length > 0) return false;
    if (!normalisedEqual(compare(r.compiled.lhs, r.compiled.op, r.compiled.threshold), text)) return false;
  }
  return true;
}
