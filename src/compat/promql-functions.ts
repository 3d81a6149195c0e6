/**
 * PromQL's function signatures, with the release each function arrived in, the ones that left,
 * and the ones still experimental in the newest modelled release.
 *
 * Mirrors `Functions` in `promql/parser/functions.go` at v2.42.0 (225c611) and v3.14.0 (d7598b7):
 * every function both know has the same signature in both. "since" is the first `v*.0` tag whose
 * `functions.go` lists the name; `experimental` is the v3.14.0 entry's `Experimental: true` (the
 * call is refused without `--enable-feature=promql-experimental-functions`).
 */
import type { ValueType } from "../promql/types.js";
import { type PromqlSyntax, type Release, releaseAtLeast } from "./promql-syntax.js";

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
  /** Behind `--enable-feature=promql-experimental-functions` in the release looked up. */
  readonly experimental: boolean;
}

/** A function across releases. */
export interface FunctionHistory extends FunctionSignature {
  /** The first release that has it. @default "2.42" (or earlier) */
  readonly since: Release;
  /** The first release that no longer has it. */
  readonly removedIn?: Release;
  /** Its new name, when it was renamed rather than dropped. */
  readonly renamedTo?: string;
}

const V: ValueType = "vector";
const M: ValueType = "matrix";
const S: ValueType = "scalar";
const STR: ValueType = "string";

interface History {
  readonly since?: Release;
  readonly experimental?: boolean;
  readonly removedIn?: Release;
  readonly renamedTo?: string;
}

function fn(name: string, argTypes: ValueType[], returnType: ValueType = V, variadic = 0, h: History = {}): FunctionHistory {
  return {
    name,
    argTypes,
    variadic,
    returnType,
    experimental: h.experimental ?? false,
    since: h.since ?? "2.42",
    ...(h.removedIn ? { removedIn: h.removedIn } : {}),
    ...(h.renamedTo ? { renamedTo: h.renamedTo } : {}),
  };
}

/** Every function of the modelled releases. */
export const FUNCTION_HISTORY: readonly FunctionHistory[] = [
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
  fn("day_of_month", [V], V, 1),
  fn("day_of_week", [V], V, 1),
  fn("day_of_year", [V], V, 1),
  fn("days_in_month", [V], V, 1),
  fn("deg", [V]),
  fn("delta", [M]),
  fn("deriv", [M]),
  fn("double_exponential_smoothing", [M, S, S], V, 0, { since: "3.0", experimental: true }),
  fn("end", [], S, 0, { since: "3.12", experimental: true }),
  fn("exp", [V]),
  // Experimental from 3.7, stable since 3.14 (#19093).
  fn("first_over_time", [M], V, 0, { since: "3.7" }),
  fn("floor", [V]),
  fn("histogram_avg", [V], V, 0, { since: "2.51" }),
  fn("histogram_count", [V]),
  fn("histogram_fraction", [S, S, V]),
  fn("histogram_quantile", [S, V]),
  fn("histogram_quantiles", [V, STR, S, S], V, 9, { since: "3.11", experimental: true }),
  fn("histogram_stddev", [V], V, 0, { since: "2.47" }),
  fn("histogram_stdvar", [V], V, 0, { since: "2.47" }),
  fn("histogram_sum", [V]),
  // Renamed in 3.0 (#14930; migration guide): the new name is experimental.
  fn("holt_winters", [M, S, S], V, 0, { removedIn: "3.0", renamedTo: "double_exponential_smoothing" }),
  fn("hour", [V], V, 1),
  fn("idelta", [M]),
  fn("increase", [M]),
  fn("info", [V, V], V, 1, { since: "2.55", experimental: true }),
  fn("irate", [M]),
  fn("label_join", [V, STR, STR, STR], V, -1),
  fn("label_replace", [V, STR, STR, STR, STR]),
  fn("last_over_time", [M]),
  fn("ln", [V]),
  fn("log10", [V]),
  fn("log2", [V]),
  fn("mad_over_time", [M], V, 0, { since: "2.49", experimental: true }),
  fn("max_of", [S, S], S, 0, { since: "3.13", experimental: true }),
  fn("max_over_time", [M]),
  fn("min_of", [S, S], S, 0, { since: "3.13", experimental: true }),
  fn("min_over_time", [M]),
  fn("minute", [V], V, 1),
  fn("month", [V], V, 1),
  fn("pi", [], S),
  fn("predict_linear", [M, S]),
  fn("present_over_time", [M]),
  fn("quantile_over_time", [S, M]),
  fn("rad", [V]),
  fn("range", [], S, 0, { since: "3.12", experimental: true }),
  fn("rate", [M]),
  fn("resets", [M]),
  fn("round", [V, S], V, 1),
  fn("scalar", [V], S),
  fn("sgn", [V]),
  fn("sin", [V]),
  fn("sinh", [V]),
  fn("sort", [V]),
  fn("sort_by_label", [V, STR], V, -1, { since: "2.49", experimental: true }),
  fn("sort_by_label_desc", [V, STR], V, -1, { since: "2.49", experimental: true }),
  fn("sort_desc", [V]),
  fn("sqrt", [V]),
  fn("start", [], S, 0, { since: "3.12", experimental: true }),
  fn("start_timestamp", [V], V, 0, { since: "3.14", experimental: true }),
  fn("stddev_over_time", [M]),
  fn("stdvar_over_time", [M]),
  fn("step", [], S, 0, { since: "3.12", experimental: true }),
  fn("sum_over_time", [M]),
  fn("tan", [V]),
  fn("tanh", [V]),
  fn("time", [], S),
  fn("timestamp", [V]),
  fn("ts_of_first_over_time", [M], V, 0, { since: "3.7", experimental: true }),
  fn("ts_of_last_over_time", [M], V, 0, { since: "3.5", experimental: true }),
  fn("ts_of_max_over_time", [M], V, 0, { since: "3.5", experimental: true }),
  fn("ts_of_min_over_time", [M], V, 0, { since: "3.5", experimental: true }),
  fn("vector", [S]),
  fn("year", [V], V, 1),
];

const HISTORY_BY_NAME: ReadonlyMap<string, FunctionHistory> = new Map(FUNCTION_HISTORY.map((f) => [f.name, f]));

/** A function's history by name (case-sensitive, as Prometheus looks functions up). */
export function functionHistory(name: string): FunctionHistory | undefined {
  return HISTORY_BY_NAME.get(name);
}

const tables = new WeakMap<PromqlSyntax, ReadonlyMap<string, FunctionSignature>>();

/**
 * The functions a release's parser knows, by name. Functions added later are absent, as are removed
 * ones; `experimental` is only ever true for the newest modelled release (no function 2.42 has was
 * experimental then).
 */
export function functionsOf(syntax: PromqlSyntax): ReadonlyMap<string, FunctionSignature> {
  let table = tables.get(syntax);
  if (table === undefined) {
    const entries: Array<[string, FunctionSignature]> = [];
    for (const f of FUNCTION_HISTORY) {
      if (!releaseAtLeast(syntax.release, f.since)) continue;
      if (f.removedIn !== undefined && releaseAtLeast(syntax.release, f.removedIn)) continue;
      const { name, argTypes, variadic, returnType, experimental } = f;
      entries.push([name, { name, argTypes, variadic, returnType, experimental }]);
    }
    table = new Map(entries);
    tables.set(syntax, table);
  }
  return table;
}
