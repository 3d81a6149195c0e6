/**
 * The typed PromQL syntax tree obsgen's linter reads, shaped like Prometheus's own
 * (`promql/parser/ast.go`) but with a source span on every node and every label.
 *
 * Spans are 0-based, half-open offsets into the parsed text (`from` inclusive, `to` exclusive),
 * straight from the parser, so diagnostics can point at them without remapping.
 */
import type { FunctionSignature } from "./functions.js";

/** A 0-based, half-open range of the source text. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** A name (label, metric, function) together with where it is written. */
export interface Named extends Span {
  readonly name: string;
}

/** Aggregation operators (`limitk` and `limit_ratio` since 2.54, behind promql-experimental-functions). */
export type AggregateOp =
  | "sum"
  | "avg"
  | "count"
  | "min"
  | "max"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "count_values"
  | "quantile"
  | "limitk"
  | "limit_ratio";

/** Binary operators, spelled as in PromQL (keywords lower-cased). */
export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "atan2"
  | "=="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "and"
  | "or"
  | "unless"
  /** Native-histogram trim operators (3.11): keep the part of each histogram below / above the value. */
  | "</"
  | ">/";

/** Label matcher operators. */
export type MatchOp = "=" | "!=" | "=~" | "!~";

/**
 * `offset <duration>`; `ms` may be negative (`offset -5m`), and is undefined when the offset is a
 * duration expression that depends on the query (`offset step()`). The span covers the whole modifier.
 */
export interface OffsetModifier extends Span {
  readonly ms: number | undefined;
}

/** `@ <timestamp>` (seconds since the epoch) or `@ start()` / `@ end()`. The span covers the whole modifier. */
export type AtModifier = (Span & { readonly kind: "timestamp"; readonly seconds: number }) | (Span & { readonly kind: "start" | "end" });

/** One `name op "value"` inside braces. `value` is unquoted. */
export interface LabelMatcher extends Span {
  readonly name: string;
  readonly nameSpan: Span;
  readonly op: MatchOp;
  readonly value: string;
  readonly valueSpan: Span;
}

/** A number; a sign written before it is part of the literal (`-1`), as in Prometheus. */
export interface NumberLiteral extends Span {
  readonly type: "NumberLiteral";
  readonly value: number;
  /** Written as a duration (`1h` for 3600), which 3.x allows where a number goes. */
  readonly duration?: true;
}

/** A string in `"..."`, `'...'` or `` `...` `` quotes. */
export interface StringLiteral extends Span {
  readonly type: "StringLiteral";
  /** The unquoted value. */
  readonly value: string;
}

/**
 * `name{matchers}`. A metric name written before the braces is `name`; a `__name__` matcher
 * inside the braces stays a matcher. `offset` and `at` are set when the modifiers follow the
 * selector directly (`foo offset 5m`); the span then includes them.
 */
export interface VectorSelector extends Span {
  readonly type: "VectorSelector";
  readonly name?: Named;
  readonly matchers: readonly LabelMatcher[];
  readonly offset?: OffsetModifier;
  readonly at?: AtModifier;
  /** The `anchored` or `smoothed` modifier (3.7, behind promql-extended-range-selectors). */
  readonly rangeModifier?: "anchored" | "smoothed";
}

/** `selector[range]`; modifiers written after the range belong to this node (`foo[5m] offset 1h`). */
export interface MatrixSelector extends Span {
  readonly type: "MatrixSelector";
  readonly vector: VectorSelector;
  /** Undefined when the range is a duration expression that depends on the query (`x[step()]`). */
  readonly rangeMs: number | undefined;
  /** The duration inside the brackets. */
  readonly rangeSpan: Span;
  readonly offset?: OffsetModifier;
  readonly at?: AtModifier;
  /** The `anchored` or `smoothed` modifier (3.7, behind promql-extended-range-selectors). */
  readonly rangeModifier?: "anchored" | "smoothed";
}

/**
 * `expr[range:step]`; `stepMs` is undefined when the step is omitted (`expr[5m:]`) or depends on
 * the query (`expr[5m:step()]`), `rangeMs` when the range does.
 */
export interface SubqueryExpr extends Span {
  readonly type: "SubqueryExpr";
  readonly expr: Expr;
  readonly rangeMs: number | undefined;
  readonly rangeSpan: Span;
  readonly stepMs?: number;
  readonly stepSpan?: Span;
  readonly offset?: OffsetModifier;
  readonly at?: AtModifier;
}

/** `name(args)`. `func` is undefined when the targeted Prometheus does not know the function. */
export interface FunctionCall extends Span {
  readonly type: "FunctionCall";
  readonly name: Named;
  readonly func: FunctionSignature | undefined;
  readonly args: readonly Expr[];
}

/** `by (labels)` or `without (labels)` on an aggregation. */
export interface Grouping extends Span {
  readonly kind: "by" | "without";
  readonly labels: readonly Named[];
}

/**
 * `op [by|without (labels)] (param, expr)`. `args` is what was written; `param` and `expr` are
 * set when the argument count is right (`param` only for topk, bottomk, quantile, count_values).
 */
export interface AggregateExpr extends Span {
  readonly type: "AggregateExpr";
  readonly op: AggregateOp;
  readonly opSpan: Span;
  readonly grouping?: Grouping;
  readonly args: readonly Expr[];
  readonly param?: Expr;
  readonly expr?: Expr;
}

/** `on(labels)` / `ignoring(labels)`, optionally with `group_left(labels)` / `group_right(labels)`. */
export interface VectorMatching extends Span {
  readonly kind: "on" | "ignoring";
  readonly labels: readonly Named[];
  readonly group?: Span & { readonly side: "left" | "right"; readonly labels: readonly Named[] };
}

/** `lhs op [bool] [on|ignoring (...) [group_left|group_right (...)]] rhs`; `opSpan` covers the operator only. */
export interface BinaryExpr extends Span {
  readonly type: "BinaryExpr";
  readonly op: BinaryOp;
  readonly opSpan: Span;
  readonly bool: boolean;
  readonly matching?: VectorMatching;
  /**
   * `fill(v)`, `fill_left(v)`, `fill_right(v)` (3.10, behind promql-binop-fill-modifiers): the value
   * a side without a match is taken to have.
   */
  readonly fill?: Span & { readonly lhs?: number; readonly rhs?: number };
  readonly lhs: Expr;
  readonly rhs: Expr;
}

/** Unary `-expr` or `+expr`. A sign directly before a number is folded into the NumberLiteral. */
export interface UnaryExpr extends Span {
  readonly type: "UnaryExpr";
  readonly op: "-" | "+";
  readonly expr: Expr;
}

/** `( expr )`. */
export interface ParenExpr extends Span {
  readonly type: "ParenExpr";
  readonly expr: Expr;
}

/** Any PromQL expression. */
export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | FunctionCall
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;

/** An error found in a PromQL string, with a 0-based half-open span into it. */
export interface PromqlError {
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

const AGGREGATE_OPS: ReadonlySet<string> = new Set<AggregateOp>([
  "sum",
  "avg",
  "count",
  "min",
  "max",
  "group",
  "stddev",
  "stdvar",
  "topk",
  "bottomk",
  "count_values",
  "quantile",
  "limitk",
  "limit_ratio",
]);

/** Whether `s` (lower-cased) is an aggregation operator. */
export function isAggregateOp(s: string): s is AggregateOp {
  return AGGREGATE_OPS.has(s);
}

/** Aggregations whose first argument is a parameter (`topk(5, x)`). */
export function aggregateHasParam(op: AggregateOp): boolean {
  return op === "topk" || op === "bottomk" || op === "quantile" || op === "count_values" || op === "limitk" || op === "limit_ratio";
}

/**
 * Aggregations that return some of their input series unchanged, labels and values: `topk`,
 * `bottomk`, and 3.x's `limitk`, `limit_ratio`.
 */
export function selectsSeries(op: AggregateOp): boolean {
  return op === "topk" || op === "bottomk" || op === "limitk" || op === "limit_ratio";
}

/** Comparison operators (`IsComparisonOperator`). */
export function isComparisonOp(op: BinaryOp): boolean {
  return op === "==" || op === "!=" || op === ">" || op === "<" || op === ">=" || op === "<=";
}

/** Set operators (`IsSetOperator`). */
export function isSetOp(op: BinaryOp): boolean {
  return op === "and" || op === "or" || op === "unless";
}

export type { ValueType } from "./types.js";
