/**
 * obsgen's PromQL front end: parse and check expressions like Prometheus 2.42 or 3.14 (with its
 * experimental flags), and walk the
 * typed syntax tree. See `check.ts` for {@link analyze}, the entry point.
 */
export * from "./ast.js";
export { analyze, checkRuleExprType, typeOf } from "./check.js";
export type { Analysis, RuleExprTypeVerdict } from "./check.js";
export { parsePromql } from "./parse.js";
export type { ParseResult } from "./parse.js";
export { arity, functionHistory, functionsOf, getFunction } from "./functions.js";
export type { FunctionSignature } from "./functions.js";
export { documentedType } from "./types.js";
export { parseNumberLiteral } from "./number.js";
export { canonicalPromql, normalisedEqual, printPromql } from "./print.js";
export type { PrintOptions } from "./print.js";
export { unquote } from "./quoting.js";
export { compileMatcherRegex } from "./regex.js";
export type { MatcherRegex } from "./regex.js";
export { aggregationOutputLabels, children, innermostFunction, nodes, selectorUses, walk } from "./walk.js";
export type { LabelSet, SelectorUse } from "./walk.js";
