/**
 * emit: ResolvedCatalog -> EmittedFile[]. Runs the enabled emitters of the registry
 * (./registry.ts) and the config's deploy targets; every emitter is a pure function of the model.
 * The result is sorted by path so output and `--check` reports are stable; its diagnostics are the
 * enabled emitters' notes (what their formats leave out), and path problems.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { fileNameProblem, pathCollisionKey } from "../model/file-names.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { compareCodePoints } from "../util/order.js";
import { type Emitter, emitterEnabled } from "./emitter.js";
import { EMITTERS } from "./registry.js";
import type { EmittedFile } from "./serialize.js";
import { emitTargets, type TargetOptions, writesPlainRules } from "./targets/index.js";
import { DEPLOY_TARGETS, type TargetRegistry } from "./targets/registry.js";

export type { EmittedFile } from "./serialize.js";

/** The outputs a build can have; tests pass their own to show that adding one is one entry. */
export interface Registry {
  readonly emitters: readonly Emitter[];
  readonly deployTargets: TargetRegistry;
}

export const REGISTRY: Registry = { emitters: EMITTERS, deployTargets: DEPLOY_TARGETS };

/** Every file; with a config's `targets`, the deploy targets' files in place of the default Prometheus ones. */
export function emitAll(model: ResolvedCatalog, targets?: TargetOptions, registry: Registry = REGISTRY): EmittedFile[] {
  const r = emitOutput(model, targets, registry);
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
export function emitOutput(model: ResolvedCatalog, targets?: TargetOptions, registry: Registry = REGISTRY): Result<EmittedFile[]> {
  const context = { targets: targets !== undefined, plainRules: !targets || writesPlainRules(targets, registry.deployTargets) };
  const enabled = registry.emitters.filter((e) => emitterEnabled(e, context));
  const files = [...enabled.flatMap((e) => e.emit(model)), ...(targets ? emitTargets(model, targets, registry.deployTargets) : [])];
  const notes = enabled.flatMap((e) => e.notes?.(model) ?? []);
  const diagnostics = checkEmittedPaths(files.map((f) => f.path));
  if (diagnostics.length > 0) return { value: undefined, diagnostics: [...diagnostics, ...notes] };
  return { value: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), diagnostics: notes };
}

const REPORT = "rename the catalog entry the file is named after; if no catalog name explains it, it is an obsgen bug: please report it with the catalog";

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
