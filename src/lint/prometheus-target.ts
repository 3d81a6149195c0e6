/**
 * Which Prometheus a lint run judges by (one or more versions, and PromQL feature flags), and
 * PromQL analysis against all of them: an expression must be valid for every targeted version.
 */
import { DEFAULT_LINT_TARGET, type PrometheusTarget, type PrometheusVersion, type PromqlDialect, promqlDialect, SEMANTICS } from "../compat/prometheus.js";
import type { PromqlError } from "../promql/ast.js";
import { analyze, type Analysis } from "../promql/check.js";
import type { LintInput } from "./types.js";

/** The input's target, or the default for rule files and dashboards (see {@link DEFAULT_LINT_TARGET}). */
export function lintTarget(input: LintInput): PrometheusTarget {
  return input.prometheus ?? DEFAULT_LINT_TARGET;
}

/** Whether the run judges by `version` (among others, perhaps). */
export function targets(input: LintInput, version: PrometheusVersion): boolean {
  return lintTarget(input).versions.includes(version);
}

/** The PromQL dialect of each targeted version, in the order given. */
export function targetDialects(target: PrometheusTarget): PromqlDialect[] {
  return target.versions.map((v) => promqlDialect(v, target.features));
}

const merged = new WeakMap<PrometheusTarget, Map<string, Analysis>>();

/**
 * {@link analyze} for every targeted version, keeping the first error of each: Prometheus reports
 * only the first of an expression's parse errors (`ParseErrors.Error` returns `errs[0]`,
 * promql/parser/parse.go, v2.42.0 and v3.14.0), and the ones after it are mostly the parser
 * stumbling over the rest of the same mistake (`{job=${job}}`: `$`, then `job`, then `}`).
 * With one version, its analysis. With several, the errors of all of them (an error only some versions report names them: "Prometheus 3.14: …",
 * unless it already names a release), and the tree of the first version that accepts the text.
 */
export function analyzeForTarget(text: string, target: PrometheusTarget): Analysis {
  const dialects = targetDialects(target);
  if (dialects.length === 1) return firstError(analyze(text, dialects[0]));
  let byText = merged.get(target);
  if (byText === undefined) merged.set(target, (byText = new Map()));
  let result = byText.get(text);
  if (result === undefined) {
    const analyses = dialects.map((d) => firstError(analyze(text, d)));
    const key = (e: PromqlError): string => `${e.from}:${e.to}:${e.message}`;
    const errors: PromqlError[] = [];
    const seen = new Set<string>();
    analyses.forEach((a, i) => {
      for (const e of a.errors) {
        if (seen.has(key(e))) continue;
        seen.add(key(e));
        const everywhere = analyses.every((b) => b.errors.some((f) => key(f) === key(e)));
        const named = everywhere || /Prometheus \d/.test(e.message);
        errors.push(named ? e : { ...e, message: `${SEMANTICS[target.versions[i]!].release}: ${e.message}` });
      }
    });
    errors.sort((a, b) => a.from - b.from || a.to - b.to);
    const tree = analyses.find((a) => a.errors.length === 0) ?? analyses[0]!;
    result = { ...(tree.ast ? { ast: tree.ast } : {}), ...(tree.type ? { type: tree.type } : {}), errors: Object.freeze(errors) as PromqlError[] };
    // Bounded like analyze's own cache.
    if (byText.size >= 1024) byText.delete(byText.keys().next().value!);
    byText.set(text, result);
  }
  return result;
}

const firsts = new WeakMap<Analysis, Analysis>();

/** The analysis with only its first error (the same object when it has at most one). */
function firstError(a: Analysis): Analysis {
  if (a.errors.length <= 1) return a;
  let f = firsts.get(a);
  if (f === undefined) firsts.set(a, (f = { ...a, errors: Object.freeze(a.errors.slice(0, 1)) as PromqlError[] }));
  return f;
}
