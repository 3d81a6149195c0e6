/**
 * The pipeline, in one place: a catalog entry and the config in use become the resolved model,
 * its rule tests and its output files, with every diagnostic collected on the way.
 *
 * ```
 * entry --load--> unknown --config--> unknown --resolve--> ResolvedCatalog --+--> target checks
 *                                                                           +--> lint (at `files`: its errors stop the build)
 *                                                                           +--> rule tests --> emit --> EmittedFile[]
 * ```
 *
 * Every command that reads a catalog (`build`, `lint`, `test`, and both sides of `diff`) asks
 * this service, so they all see the catalog `obsgen build` builds: the config's overrides
 * (`prometheus.version`, `runbooks`, `lint`) applied before validation. Pure apart from loading
 * the catalog module: nothing is printed or written; the caller reports the diagnostics and
 * hands the files to src/io. With a {@link CompileOptions.cache}, results of earlier runs on the
 * same model are read from it, and new ones stored.
 */
import { applyConfigToCatalog } from "../config/apply.js";
import type { LoadedConfig } from "../config/load-config.js";
import { type Diagnostic, hasErrors } from "../diagnostics/diagnostic.js";
import type { EmittedFile } from "../emit/serialize.js";
import type { RuleTestPlan } from "../emit/rule-tests/index.js";
import type { CatalogLintOptions, CatalogLintResult } from "../lint/catalog-lint.js";
import { atDeclaration } from "../load/declarations.js";
import { loadCatalog } from "../load/load-catalog.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import type { EnvironmentRequest } from "../model/resolve-discovery.js";
import { cachedResolve, cachedRuleTestPlan, cachedStageAsync, isCatalogLintResult, isEmitResult, type StageCache } from "./stage-cache.js";

/**
 * How far to go. `model`: load, apply the config, resolve (lint, diff). `rule-tests`: also plan
 * the rule tests, whose templates must render (test). `files`: also emit (build). The catalog's
 * lint runs for `test` and `build` (see {@link CompileOptions.lint}).
 */
export type Stage = "model" | "rule-tests" | "files";

/** Measures each stage (`--verbose`); the CLI's Timings is one. */
export interface StageTimer {
  time<T>(stage: string, fn: () => Promise<T>): Promise<T>;
  timeSync<T>(stage: string, fn: () => T): T;
}

const UNTIMED: StageTimer = { time: (_s, fn) => fn(), timeSync: (_s, fn) => fn() };

export interface CompileOptions {
  /** The catalog entry file (`catalog/index.ts`). */
  readonly entry: string;
  /** obsgen.config.ts: its catalog overrides are applied; its deploy targets are checked and emitted. */
  readonly config?: LoadedConfig | null;
  /** @default "files" */
  readonly until?: Stage;
  /**
   * Check the model against the config's deploy targets (`target/*`): part of what the build
   * refuses, and of a catalog's lint. Not for rule files linted against the catalog, nor for
   * `obsgen test`, which tests the plain rule files whatever the targets.
   * @default true when `until` is "files"
   */
  readonly checkTargets?: boolean;
  /**
   * Lint the catalog as `obsgen lint` does: its errors stop the build and `obsgen test` alike, so
   * no gate passes a catalog another gate refuses. `obsgen lint` runs the lint itself.
   * @default true from `rule-tests` on
   */
  readonly lint?: boolean;
  readonly timings?: StageTimer;
  /** The environment to build (`obsgen build --env`), over the config's `environment`. */
  readonly environment?: string;
  /**
   * The date silences expire against (`YYYY-MM-DD`), for the catalog's lint, which the build runs
   * at `files`: its errors fail the build, as they fail `obsgen lint`.
   * @default today's UTC date
   */
  readonly today?: string;
  /**
   * Where the results of the stages after `resolve` (lint, rule tests, emit) are kept between runs,
   * by content (./stage-cache.ts); the command line passes one. Without it, everything is computed.
   */
  readonly cache?: StageCache;
}

export interface Compilation {
  /** The entry as loaded and shown to the user; the diagnostics without a file of their own name it. */
  readonly file: string;
  /** Absolute paths of the files the catalog imports (the build never replaces their folders). */
  readonly inputs: readonly string[];
  /** The resolved catalog; absent when it could not be loaded or does not resolve. */
  readonly model?: ResolvedCatalog;
  /** From `rule-tests` on, when the model resolved. */
  readonly ruleTests?: RuleTestPlan;
  /** At `files`, when nothing before was an error and the paths are safe to write. */
  readonly files?: readonly EmittedFile[];
  /**
   * Everything found, in the order found: load or resolve, target checks, rule tests, emit. Those
   * about an element of the catalog name the file, line and column where it was declared.
   */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Places a diagnostic about a catalog element (with a catalog path, naming the entry file or
   * none) at the element's declaration, as `diagnostics` are: for findings made from the model
   * afterwards (`obsgen lint`). Absent when the catalog did not load.
   */
  readonly place?: (d: Diagnostic) => Diagnostic;
}

const ORDER: readonly Stage[] = ["model", "rule-tests", "files"];

export async function compile(opts: CompileOptions): Promise<Compilation> {
  const until = ORDER.indexOf(opts.until ?? "files");
  const t = opts.timings ?? UNTIMED;
  const config = opts.config ?? null;
  const loaded = await t.time("load", () => loadCatalog(opts.entry));
  if (!loaded.value) return { file: opts.entry, inputs: [], diagnostics: loaded.diagnostics };
  const { file, inputs, sites } = loaded.value;
  // Stages report catalog paths; here they become the file and line each element was declared at.
  const place = (d: Diagnostic): Diagnostic => atDeclaration(d, file, sites);
  const located = (d: Diagnostic): Diagnostic => place(d.file ? d : { ...d, file });

  const environment: EnvironmentRequest | undefined =
    opts.environment !== undefined
      ? { name: opts.environment, from: "`--env`" }
      : config?.config.environment !== undefined
        ? { name: config.config.environment, from: `${config.file}'s \`environment\`` }
        : undefined;
  const applied = applyConfigToCatalog(loaded.value.value, config?.config);
  // The resolver and its schema are loaded when used: a model an earlier run stored needs neither.
  const resolved = await t.time("resolve", () =>
    cachedResolve(opts.cache, [applied, environment ?? null], async () => {
      const { resolveCatalog } = await import("../model/resolve.js");
      return resolveCatalog(applied, environment ? { environment } : {});
    }),
  );
  const diagnostics = resolved.diagnostics.map(located);
  const model = resolved.value;
  if (!model) return { file, inputs, diagnostics, place };
  if (config && (opts.checkTargets ?? until >= ORDER.indexOf("files"))) {
    // Imported when used: a catalog's lint without a config starts as fast as before the config existed.
    const { checkTargets } = await import("../emit/targets/check.js");
    diagnostics.push(...checkTargets(model, config.config, config.file));
  }
  if (opts.lint ?? until >= ORDER.indexOf("rule-tests")) {
    // What `obsgen lint` finds wrong with the catalog, with the catalog's levels and profile, is
    // wrong for the build too: its errors stop the build, its warnings are reported.
    const today = opts.today ?? new Date().toISOString().slice(0, 10);
    const linted = await t.time("lint", () => lintCatalogCached(opts.cache, model, file, { today }));
    diagnostics.push(...linted.diagnostics.map(place));
  }
  if (until < ORDER.indexOf("rule-tests")) return { file, inputs, model, diagnostics, place };

  // Rule tests are planned before anything is emitted: a template they cannot render fails the build.
  // Their code, and the emitters', is loaded when used: results an earlier run stored need none of it.
  const ruleTests = await t.time("rule tests", () => cachedRuleTestPlan(opts.cache, model));
  diagnostics.push(...ruleTests.diagnostics.map(located));
  if (until < ORDER.indexOf("files") || hasErrors(diagnostics)) return { file, inputs, model, ruleTests, diagnostics, place };

  const targets = config ? { targets: config.config.targets, rules: config.config.rules } : undefined;
  const emitted = await t.time("emit", () =>
    cachedStageAsync(opts.cache, "emit", model, [targets], isEmitResult, async () => {
      // A stored plan is the one the rule-test emitter would compute again: it takes this one.
      (await import("../emit/rule-tests/index.js")).rememberPlan(model, ruleTests);
      return (await import("../emit/index.js")).emitOutput(model, targets);
    }),
  );
  diagnostics.push(...emitted.diagnostics.map(place));
  return { file, inputs, model, ruleTests, ...(emitted.value ? { files: emitted.value } : {}), diagnostics, place };
}

/**
 * The catalog's lint (src/lint/catalog-lint.ts), or its findings stored by an earlier run on the
 * same model, file and options. The findings name catalog paths, not yet declarations: callers
 * place them as they place computed ones. The lint's code is loaded only to compute.
 */
export function lintCatalogCached(cache: StageCache | undefined, model: ResolvedCatalog, file: string, opts: CatalogLintOptions): Promise<CatalogLintResult> {
  return cachedStageAsync(cache, "catalog-lint", model, [file, opts], isCatalogLintResult, async () =>
    (await import("../lint/catalog-lint.js")).lintCatalog(model, file, opts),
  );
}
