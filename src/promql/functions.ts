/**
 * PromQL function signatures, looked up in the table of the release being parsed. The table and
 * each function's history (when it arrived, which are experimental, `holt_winters`'s rename) are
 * version facts, kept in `src/compat/promql-functions.ts`.
 */
import { type FunctionSignature, functionsOf } from "../compat/promql-functions.js";
import type { PromqlSyntax } from "../compat/promql-syntax.js";

export type { FunctionSignature } from "../compat/promql-functions.js";
export { functionHistory, functionsOf } from "../compat/promql-functions.js";

/** The signature of a function in a release, or undefined when it does not know the name (`getFunction`; names are case-sensitive). */
export function getFunction(name: string, syntax: PromqlSyntax): FunctionSignature | undefined {
  return functionsOf(syntax).get(name);
}

/** The fewest and most arguments a call accepts (`max` is Infinity for `variadic: -1`). */
export function arity(f: FunctionSignature): { readonly min: number; readonly max: number } {
  const n = f.argTypes.length;
  if (f.variadic === 0) return { min: n, max: n };
  if (f.variadic < 0) return { min: n - 1, max: Infinity };
  return { min: n - 1, max: n - 1 + f.variadic };
}
