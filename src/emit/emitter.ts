/**
 * What an output of `obsgen build` is: an emitter with a stable id, a one-line description and
 * the builds that run it. Each emitter declares itself beside its code (`alertmanagerEmitter` in
 * alertmanager.ts, …) and takes one line in `EMITTERS` (./registry.ts); `emitOutput` (./index.ts)
 * runs the enabled ones and never names one.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import type { EmittedFile } from "./serialize.js";

/**
 * Which builds run an emitter.
 * - `always`: every build.
 * - `without-targets`: only a build whose config names no deploy targets; with targets, the
 *   `prometheus` target writes these files itself (with the group fields its version loads).
 * - `with-plain-rules`: every build that writes the plain rule files (`out/prometheus/rules/`),
 *   which the emitter's files load: without targets, or with a target that writes them.
 */
export type EmitterEnabledWhen = "always" | "without-targets" | "with-plain-rules";

export interface Emitter {
  /** Stable kebab-case id, e.g. `grafana`. */
  readonly id: string;
  /** What it writes, in one line, e.g. "Grafana dashboards and their provisioning file (grafana/)". */
  readonly description: string;
  readonly enabledWhen: EmitterEnabledWhen;
  /** Pure: the same model gives the same files, paths relative to the output folder. */
  readonly emit: (model: ResolvedCatalog) => EmittedFile[];
  /**
   * Pure: what the files leave out of the catalog, as info or warning diagnostics on catalog
   * paths (a format that cannot express an SLO, say), reported by every build that runs the
   * emitter. Never errors: what stops a build is found before anything is emitted.
   */
  readonly notes?: (model: ResolvedCatalog) => Diagnostic[];
}

/** What a build has that decides which emitters run. */
export interface EmitterContext {
  /** The config names deploy targets (`targets`). */
  readonly targets: boolean;
  /** The build writes the plain rule files: no targets, or a target that writes them. */
  readonly plainRules: boolean;
}

export function emitterEnabled(e: Emitter, ctx: EmitterContext): boolean {
  switch (e.enabledWhen) {
    case "always":
      return true;
    case "without-targets":
      return !ctx.targets;
    case "with-plain-rules":
      return ctx.plainRules;
  }
}
