/**
 * The PromQL front end's entry point for the linter: {@link analyze} parses and checks an
 * expression like the targeted Prometheus (2.42, or 3.14 with its flags). Re-exported from `check.ts`, where it lives with the checks.
 */
export { analyze, checkRuleExprType, typeOf } from "./check.js";
export type { Analysis, RuleExprTypeVerdict } from "./check.js";
