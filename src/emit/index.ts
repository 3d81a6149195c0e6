/**
 * emit: ResolvedCatalog -> EmittedFile[]. Every emitter is a pure function of the model; the
 * result is sorted by path so output and `--check` reports are stable.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { fileNameProblem, pathCollisionKey } from "../model/file-names.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { compareCodePoints } from "../util/order.js";
import { emitAlertmanager } from "./alertmanager.js";
import { emitCatalogJson } from "./catalog-json.js";
import { emitGrafana } from "./grafana.js";
import { emitPrometheusConfig } from "./prometheus-config.js";
import { emitPrometheusRules } from "./prometheus-rules.js";
import { emitRuleTests } from "./rule-tests/index.js";
import { emitRunbooks } from "./runbooks.js";
import { emitMetricStubs } from "./stubs/index.js";
import type { EmittedFile } from "./serialize.js";
import { emitTargets, type TargetOptions } from "./targets/index.js";

export type { EmittedFile } from "./serialize.js";

const EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [
  emitAlertmanager,
  emitCatalogJson,
  emitGrafana,
  emitPrometheusConfig,
  emitPrometheusRules,
  emitRuleTests,
  emitRunbooks,
  emitMetricStubs,
];

/** Emitters whose output the config's deploy targets take over (the `prometheus` target reproduces them). */
const TARGET_REPLACED_EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [emitPrometheusConfig, emitPrometheusRules];
/** Emitters of files that load the plain rule files: left out with them when the config has no `prometheus` target. */
const PLAIN_RULES_DEPENDENT_EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [emitRuleTests];

/** Every file; with a config's `targets`, the deploy targets' files in place of the default Prometheus ones. */
export function emitAll(model: ResolvedCatalog, targets?: TargetOptions): EmittedFile[] {
  const r = emitOutput(model, targets);
  if (!r.value) throw new Error(`obsgen bug: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.value;
}

/**
 * Every file, checked as the build writes them: no two paths are one file, exactly or on a
 * case-insensitive file system (macOS, Windows), and every path segment is a file name every
 * system accepts. The resolver already refuses the catalog names that would break this
 * (`catalog/file-collision`, `catalog/file-name`); this is the last resort for what it cannot
 * see, and reports a diagnostic rather than letting one file overwrite another.
 */
export function emitOutput(model: ResolvedCatalog, targets?: TargetOptions): Result<EmittedFile[]> {
  const plain = !targets || targets.targets.some((t) => t.kind === "prometheus");
  const emitters = targets
    ? EMITTERS.filter((e) => !TARGET_REPLACED_EMITTERS.includes(e) && (plain || !PLAIN_RULES_DEPENDENT_EMITTERS.includes(e)))
    : EMITTERS;
  const files = [...emitters.flatMap((emit) => emit(model)), ...(targets ? emitTargets(model, targets) : [])];
  const diagnostics = checkEmittedPaths(files.map((f) => f.path));
  if (diagnostics.length > 0) return { value: undefined, diagnostics };
  return { value: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), diagnostics: [] };
}

const REPORT =
  "rename the catalog entry the file is named after; if no catalog name explains it, it is an obsgen bug: please report it with the catalog";

/** Problems of a set of output paths (relative to the output folder): collisions and unsafe names. */
export function checkEmittedPaths(paths: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, string>();
  const badSegments = new Set<string>();
  for (const path of [...paths].sort(compareCodePoints)) {
    const key = pathCollisionKey(path);
    const prev = seen.get(key);
    if (prev === path) {
      out.push({ code: "build/path-collision", severity: "error", message: `two generated files would both be written to ${path}`, hint: REPORT });
    } else if (prev !== undefined) {
      out.push({
        code: "build/path-collision",
        severity: "error",
        message: `generated files ${prev} and ${path} differ only in case: they are one file on macOS and Windows`,
        hint: REPORT,
      });
    } else seen.set(key, path);
    path.split("/").forEach((segment, i, all) => {
      // Hidden files (`.gitignore`) are for the emitters to choose; catalog names are checked stricter.
      const problem = fileNameProblem(segment, { allowHidden: true });
      const at = all.slice(0, i + 1).join("/");
      if (problem && !badSegments.has(at)) {
        badSegments.add(at);
        out.push({ code: "build/path-name", severity: "error", message: `the generated path ${at} ${problem}`, hint: REPORT });
      }
    });
  }
  return out;
}
