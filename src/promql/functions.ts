/**
 * The PromQL function signature table of Prometheus 2.42.
 *
 * Mirrors `Functions` in `promql/parser/functions.go` at v2.42.0. Functions added later
 * (e.g. `sort_by_label`, `info`, `double_exponential_smoothing`, `mad_over_time`,
 * `histogram_avg`, `ts_of_*`, `first_over_time`) are deliberately absent: 2.42 reports them as
 * `unknown function with name "X"`, and so do we. `holt_winters` is present (renamed only in 3.0).
 * 2.42 has no experimental functions; the flag exists so later tables can set it.
 */
import type { ValueType } from "./types.js";

/** One function's signature, as Prometheus's `Function` struct describes it. */
export interface FunctionSignature {
  readonly name: string;
  /** Argument types in order; with `variadic` the last one may repeat or be left out. */
  readonly argTypes: readonly ValueType[];
  /**
   * 0: exactly `argTypes.length` arguments. n > 0: the last argument type is optional and may be
   * given up to n times. -1: the last argument type repeats without limit.
   */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Behind `--enable-feature=promql-experimental-functions`; never true in 2.42. */
  readonly experimental: boolean;
}

const V: ValueType = "vector";
const M: ValueType = "matrix";
const S: ValueType = "scalar";
const STR: ValueType = "string";

function fn(name: string, argTypes: ValueType[], returnType: ValueType = V, variadic = 0): FunctionSignature {
  return { name, argTypes, variadic, returnType, experimental: false };
}

const TABLE: readonly FunctionSignature[] = [
  fn("abs", [V]),
  fn("absent", [V]),
  fn("absent_over_time", [M]),
  fn("acos", [V]),
  fn("acosh", [V]),
  fn("asin", [V]),
  fn("asinh", [V]),
  fn("atan", [V]),
  fn("atanh", [V]),
  fn("avg_over_time", [M]),
  fn("ceil", [V]),
  fn("changes", [M]),
  fn("clamp", [V, S, S]),
  fn("clamp_max", [V, S]),
  fn("clamp_min", [V, S]),
  fn("cos", [V]),
  fn("cosh", [V]),
  fn("count_over_time", [M]),
  fn("days_in_month", [V], V, 1),
  fn("day_of_month", [V], V, 1),
  fn("day_of_week", [V], V, 1),
  fn("day_of_year", [V], V, 1),
  fn("deg", [V]),
  fn("delta", [M]),
  fn("deriv", [M]),
  fn("exp", [V]),
  fn("floor", [V]),
  fn("histogram_count", [V]),
  fn("histogram_sum", [V]),
  fn("histogram_fraction", [S, S, V]),
  fn("histogram_quantile", [S, V]),
  fn("holt_winters", [M, S, S]),
  fn("hour", [V], V, 1),
  fn("idelta", [M]),
  fn("increase", [M]),
  fn("irate", [M]),
  fn("label_replace", [V, STR, STR, STR, STR]),
  fn("label_join", [V, STR, STR, STR], V, -1),
  fn("last_over_time", [M]),
  fn("ln", [V]),
  fn("log10", [V]),
  fn("log2", [V]),
  fn("max_over_time", [M]),
  fn("min_over_time", [M]),
  fn("minute", [V], V, 1),
  fn("month", [V], V, 1),
  fn("pi", [], S),
  fn("predict_linear", [M, S]),
  fn("present_over_time", [M]),
  fn("quantile_over_time", [S, M]),
  fn("rad", [V]),
  fn("rate", [M]),
  fn("resets", [M]),
  fn("round", [V, S], V, 1),
  fn("scalar", [V], S),
  fn("sgn", [V]),
  fn("sin", [V]),
  fn("sinh", [V]),
  fn("sort", [V]),
  fn("sort_desc", [V]),
  fn("sqrt", [V]),
  fn("stddev_over_time", [M]),
  fn("stdvar_over_time", [M]),
  fn("sum_over_time", [M]),
  fn("tan", [V]),
  fn("tanh", [V]),
  fn("time", [], S),
  fn("timestamp", [V]),
  fn("vector", [S]),
  fn("year", [V], V, 1),
];

/** Every function Prometheus 2.42 knows, by name (names are case-sensitive). */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(TABLE.map((f) => [f.name, f]));

/** The signature of a 2.42 function, or undefined when 2.42 does not know the name (`getFunction`). */
export function getFunction(name: string): FunctionSignature | undefined {
  return FUNCTIONS.get(name);
}

/** The fewest and most arguments a call accepts (`max` is Infinity for `variadic: -1`). */
export function arity(f: FunctionSignature): { readonly min: number; readonly max: number } {
  const n = f.argTypes.length;
  if (f.variadic === 0) return { min: n, max: n };
  if (f.variadic < 0) return { min: n - 1, max: Infinity };
  return { min: n - 1, max: n - 1 + f.variadic };
}
