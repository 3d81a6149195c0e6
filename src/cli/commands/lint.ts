/**
 * `obsgen lint`: lint the catalog (no paths), or Prometheus rule files and folders (paths),
 * checked against a catalog with `--catalog`. Exit 0 without errors, 1 with errors or too many
 * warnings, 2 on usage or fatal errors.
 */
import { relative, resolve } from "node:path";
import { DEFAULT_LINT_TARGET, parsePrometheusVersions, parsePromqlFeatures, type PrometheusTarget } from "../../compat/prometheus.js";
import { type Diagnostic, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { type Format, FORMATS, renderGithub, renderJson, renderSarif } from "../../lint/format/index.js";
import { catalogPrometheusTarget } from "../../lint/input/catalog.js";
import { ruleDocUrl } from "../../lint/rule-docs.js";
import {
  DEFAULT_CATALOG_PROFILE,
  DEFAULT_FILE_PROFILE,
  isProfile,
  type LintProfile,
  PROFILE_IMPACTS,
  PROFILES,
  profilePrints,
  ruleImpacts,
} from "../../lint/profile.js";
import type { LintDashboard, LintGroupNode, LintInput } from "../../lint/types.js";
import { parseDuration } from "../../compat/go/duration.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import type { MetricKnowledge } from "../../metrics/knowledge.js";
import type { StageCache } from "../../pipeline/stage-cache.js";
import { configRelative } from "../../config/find-config.js";
import type { LoadedConfig } from "../../config/load-config.js";
import { inScopeOf, isUnder } from "../../lint/input/catalog-scope.js";
import { type Io, NO_TIMINGS, SILENT_IO, type Timings } from "../output.js";
import { collectGarbage, LARGE_INPUT_BYTES, lintWantsOptimizer, tuneHeapForLargeInput, useOptimizer } from "../heap.js";
import { renderText, summaryLine } from "../render.js";
import { VERSION } from "../version.js";

/*
 * The lint engine and its rules, the readers of rule files, dashboards and metadata are imported
 * where used (esbuild keeps each module's body lazy in the CLI bundle): linting the catalog alone,
 * with its findings cached (src/pipeline/stage-cache.ts), needs none of them.
 */

/**
 * The most findings one run reports: beyond, they are counted (in the summary and the exit code) but
 * not kept or printed. A formatted finding is several hundred bytes, and a generated file of minimal
 * rules draws several per rule: 100,000 rules made 500,000 findings, 2 GB of memory and 200 MB of JSON.
 */
export const MAX_REPORTED_FINDINGS = 100_000;

/** Findings kept for the report, and the ones counted past {@link MAX_REPORTED_FINDINGS}. */
class Findings {
  readonly kept: Diagnostic[] = [];
  readonly omitted = { error: 0, warning: 0, info: 0 };
  /** Places findings about catalog elements at their declarations (the compiled catalog's). */
  place: (d: Diagnostic) => Diagnostic = (d) => d;

  add(d: Diagnostic): void {
    if (this.kept.length < MAX_REPORTED_FINDINGS) this.kept.push(this.place(d));
    else this.omitted[d.severity]++;
  }

  /** A lint run's findings, added one by one (spreading hundreds of thousands into push() overflows the stack), and what it left out. */
  addLinted(linted: { readonly diagnostics: readonly Diagnostic[]; readonly omitted: Readonly<Record<"error" | "warning" | "info", number>> }): void {
    for (const d of linted.diagnostics) this.add(d);
    for (const s of ["error", "warning", "info"] as const) this.omitted[s] += linted.omitted[s];
  }

  get room(): number {
    return MAX_REPORTED_FINDINGS - this.kept.length;
  }
}

export interface LintCliOptions {
  catalog?: string;
  format: string;
  maxWarnings?: string;
  listRules?: boolean;
  color?: boolean;
  /** obsgen.config.ts: its `lint` and `runbooks` override the catalog's; its targets are checked. */
  config?: LoadedConfig | null;
  /** Report errors only (warnings still count for --max-warnings). */
  quiet?: boolean;
  timings?: Timings;
  /** `--prometheus`: the versions to judge by ("3", "2.42", "2.42,3"). */
  prometheus?: string;
  /** `--verbose`: list the files passed over inside folders, with why. */
  verbose?: boolean;
  /** `--enable-feature`, each value comma-separated. */
  enableFeature?: readonly string[];
  /** `--profile`: which impacts to print (bugs, recommended, all). */
  profile?: string;
  /** `--catalog-scope`: globs (relative to the working directory) of the files the catalog governs. */
  catalogScope?: readonly string[];
  /** The catalog came from the config (or beside it), not from `--catalog`. */
  catalogFromConfig?: boolean;
  /** `--metadata`: metadata files and folders (replacing the config's `lint.metadata`). */
  metadata?: readonly string[];
  /** Results of earlier runs on the same catalog (src/pipeline/stage-cache.ts). */
  cache?: StageCache;
  /** `--infer-types`: type metrics no source knows by their name's convention (default: the config's `lint.inferTypes`, else off). */
  inferTypes?: boolean;
}

/**
 * The metadata files and folders to read: `--metadata`'s (relative to the working directory), else
 * the config's `lint.metadata` (relative to the config), with what names them for a missing path.
 */
function metadataPaths(opts: LintCliOptions): { paths: string[]; namedBy: string } {
  if (opts.metadata && opts.metadata.length > 0) return { paths: [...opts.metadata], namedBy: "--metadata" };
  const config = opts.config ?? null;
  const configured = config?.config.lint?.metadata ?? [];
  return { paths: configured.map((p) => configRelative(config!, p)), namedBy: `lint.metadata of ${shown(config?.file ?? "obsgen.config.ts")}` };
}

/**
 * Which files the catalog governs. Globs (`--catalog-scope`, else the config's `lint.catalogScope`)
 * decide when given. Without them, a catalog named with `--catalog` governs every file; one found
 * through the config governs what obsgen builds into its output folder, and no file of anyone
 * else's: a folder walked, or files a pre-commit hook names, hold third-party rules as often as
 * one's own, and judging an exporter's rules against one's catalog makes every selector unknown.
 */
function catalogScope(opts: LintCliOptions): (file: string) => boolean {
  const config = opts.config ?? null;
  if (opts.catalogScope && opts.catalogScope.length > 0) {
    const globs = { patterns: opts.catalogScope, base: process.cwd() };
    return (f) => inScopeOf(globs, f);
  }
  const configured = config?.config.lint?.catalogScope;
  if (config && configured) {
    const globs = { patterns: configured, base: config.dir };
    return (f) => inScopeOf(globs, f);
  }
  if (!opts.catalogFromConfig || !config) return () => true;
  const out = configRelative(config, config.config.out ?? "out");
  return (f) => isUnder(f, out);
}

/**
 * The Prometheus to judge by: `--prometheus` when given, else the catalog's (when one is linted or
 * checked against), else {@link DEFAULT_LINT_TARGET}; `--enable-feature` flags are added to any of them.
 * A usage error as a message.
 */
function lintTargetOption(opts: LintCliOptions): { given?: PrometheusTarget; features: string[] } | { error: string } {
  // The config names the flags the servers run with; `--enable-feature` adds to them.
  const features = [...(opts.config?.config.prometheus?.features ?? []), ...(opts.enableFeature ?? [])];
  if (opts.prometheus === undefined) return { features };
  const versions = parsePrometheusVersions(opts.prometheus);
  if ("error" in versions) return { error: `--prometheus: ${versions.error}` };
  const parsed = parsePromqlFeatures(features, versions.versions);
  if ("error" in parsed) return { error: `--enable-feature: ${parsed.error}` };
  return { given: { versions: versions.versions, features: parsed.features }, features };
}

/** The target from the options, else the catalog's or the default, with the `--enable-feature` flags. */
function withFeatures(base: PrometheusTarget, features: readonly string[]): PrometheusTarget | { error: string } {
  if (features.length === 0) return base;
  const parsed = parsePromqlFeatures(features, base.versions);
  if ("error" in parsed) return { error: `--enable-feature: ${parsed.error}` };
  return { versions: base.versions, features: [...new Set([...base.features, ...parsed.features])] };
}

function shown(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return rel.startsWith("..") ? p : rel;
}

export async function runLintCommand(paths: readonly string[], opts: LintCliOptions, io: Io, today: string, color: boolean): Promise<number> {
  if (opts.listRules) {
    const { ALL_RULES } = await import("../../lint/registry.js");
    // Whether the default profile for rule files prints the rule; a catalog's default prints every rule.
    for (const r of ALL_RULES) {
      const impact = ruleImpacts(r.meta).join("+");
      const printed = profilePrints(DEFAULT_FILE_PROFILE, r.meta) ? "default" : "opt-in";
      io.out(`${r.meta.id.padEnd(34)} ${r.meta.severity.padEnd(8)} ${impact.padEnd(11)} ${printed.padEnd(8)} ${r.meta.description}`);
    }
    io.out("");
    io.out(
      `impact: bug (does not work as written), risk (misbehaves in some conditions), cost (needless work for Prometheus), convention (house style or policy).`,
    );
    io.out(`default: printed for rule files and dashboards by default (--profile ${DEFAULT_FILE_PROFILE}); opt-in: with --profile all, and on a catalog.`);
    return 0;
  }
  if (!FORMATS.includes(opts.format as Format)) {
    io.err(`obsgen lint: unknown --format "${opts.format}"; use one of ${FORMATS.join(", ")}`);
    return 2;
  }
  let maxWarnings = Infinity;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      io.err(`obsgen lint: --max-warnings takes a whole number, got "${opts.maxWarnings}"`);
      return 2;
    }
  }

  if (opts.profile !== undefined && !isProfile(opts.profile)) {
    io.err(`obsgen lint: unknown --profile "${opts.profile}"; use one of ${PROFILES.join(", ")}`);
    return 2;
  }

  const option = lintTargetOption(opts);
  if ("error" in option) {
    io.err(`obsgen lint: ${option.error}`);
    return 2;
  }

  const t = opts.timings ?? NO_TIMINGS;
  const findings = new Findings();
  let catalog: ResolvedCatalog | null = null;
  let catalogFile: string | null = null;
  const groups: LintGroupNode[] = [];
  const dashboards: LintDashboard[] = [];

  if (paths.length === 0 || opts.catalog) {
    // A catalog's lint runs long enough for optimised code to pay (see heap.ts).
    useOptimizer();
    // The catalog pipeline loads only when a catalog is linted: rule files alone need none of it.
    const [{ compile }, { pickCatalog }] = await Promise.all([import("../../pipeline/compile.js"), import("./build.js")]);
    const entry = paths.length === 0 ? pickCatalog(opts.catalog, opts.quiet ? SILENT_IO : io) : opts.catalog!;
    // A catalog linted on its own is judged against the config's deploy targets, as its build is.
    const r = await compile({
      entry,
      config: opts.config ?? null,
      until: "model",
      checkTargets: paths.length === 0,
      timings: t,
      ...(opts.cache ? { cache: opts.cache } : {}),
    });
    for (const d of r.diagnostics) findings.add(d);
    if (!r.model) return await finish(findings, opts, io, maxWarnings, color, true);
    catalog = r.model;
    catalogFile = r.file;
    if (r.place) findings.place = r.place;
  }

  // The catalog's levels (the config's merged over them), else the config's: they apply to rule
  // files and dashboards as to the catalog, and a rule given a level is on whatever the profile.
  const levels = catalog?.lint.rules ?? opts.config?.config.lint?.rules ?? {};
  const profile: LintProfile =
    (opts.profile as LintProfile | undefined) ??
    catalog?.lint.profile ??
    opts.config?.config.lint?.profile ??
    (paths.length === 0 ? DEFAULT_CATALOG_PROFILE : DEFAULT_FILE_PROFILE);
  const chosen = option.given ?? withFeatures(catalog ? catalogPrometheusTarget(catalog) : DEFAULT_LINT_TARGET, option.features);
  if ("error" in chosen) {
    io.err(`obsgen lint: ${chosen.error}`);
    return 2;
  }
  const target: PrometheusTarget = chosen;

  // Metadata files: what a Prometheus server, an exporter or another project's catalog says about metrics.
  const metadataFiles = metadataPaths(opts);
  let metadata: MetricKnowledge | undefined;
  if (metadataFiles.paths.length > 0) {
    const { readMetadataFiles } = await import("../../io/metadata-files.js");
    const { readMetadata } = await import("../../metrics/read-metadata.js");
    const read = readMetadataFiles(metadataFiles.paths, shown);
    if (read.missing.length > 0) {
      for (const m of read.missing) io.err(`obsgen lint: ${metadataFiles.namedBy}: ${shown(m)}: no such file or folder`);
      return 2;
    }
    for (const d of read.problems) findings.add(d);
    const known = readMetadata(
      read.files.map((f) => ({ file: shown(f.path), text: f.text })),
      catalog ? { model: catalog, file: catalogFile } : undefined,
    );
    for (const d of known.diagnostics) findings.add(d);
    metadata = known.knowledge;
  }

  if (paths.length === 0) {
    // A catalog on its own is linted as its build lints it (src/lint/catalog-lint.ts), with this run's profile and Prometheus.
    const { lintCatalogCached } = await import("../../pipeline/compile.js");
    findings.addLinted(
      await t.time("lint", () =>
        lintCatalogCached(opts.cache, catalog!, catalogFile!, { today, levels, profile, prometheus: target, maxFindings: findings.room }),
      ),
    );
    return await finish(findings, opts, io, maxWarnings, color, false);
  }
  const { inputProblem, listLintFiles, readLintFile } = await import("../../lint/input/files.js");
  const { classifyLintFile } = await import("../../lint/input/classify.js");
  const { jsonDashboard } = await import("../../lint/input/dashboards.js");
  const { loadRuleFile } = await import("../../rulefile/index.js");
  const { ruleFileGroups } = await import("../../lint/input/rulefile.js");
  const { lintFindings } = await import("../../lint/engine.js");
  const { files, missing, problems } = listLintFiles(paths, shown);
  if (missing.length > 0) {
    for (const m of missing) io.err(`obsgen lint: ${m}: no such file or folder`);
    return 2;
  }
  for (const d of problems) findings.add(d);
  /** Files inside folders that are neither rule files nor dashboards, with why (`--verbose` lists them). */
  const skipped: string[] = [];
  const bytes = files.reduce((n, f) => n + f.size, 0);
  if (lintWantsOptimizer(bytes)) useOptimizer();
  const large = bytes >= LARGE_INPUT_BYTES;
  if (large) tuneHeapForLargeInput();
  // One file at a time in a function of its own: its bytes, YAML tree and decoded model are garbage
  // once its lint input is made, not kept alive by this (suspended) function's frame to the end.
  const readInput = (f: (typeof files)[number]): void => {
    const read = readLintFile(f.path);
    if ("problem" in read) {
      findings.add(inputProblem(shown(f.path), read.problem.message, read.problem.hint));
      return;
    }
    const what = classifyLintFile(f.path, read.bytes, f.named);
    if (what.kind === "skipped") {
      skipped.push(`${shown(f.path)}: ${what.reason}`);
      return;
    }
    if (what.kind === "invalid-json") {
      findings.add({
        code: "grafana/json",
        severity: "error",
        message: `not valid JSON: ${what.message}`,
        file: shown(f.path),
        hint: "fix the file or export the dashboard again",
      });
      return;
    }
    if (what.kind === "other-json") {
      findings.add({
        code: "grafana/json",
        severity: "error",
        message: "neither a Grafana dashboard (no `panels` array) nor a rule file (no `groups`)",
        file: shown(f.path),
        hint: "pass a dashboard JSON file as exported by Grafana, or a rule file",
      });
      return;
    }
    if (what.kind === "dashboard") {
      const d = jsonDashboard(what.json, shown(f.path))!;
      dashboards.push(d.dashboard);
      groups.push(d.group);
      for (const x of d.diagnostics) findings.add(x);
      return;
    }
    const loaded = loadRuleFile(shown(f.path), read.bytes, { prometheus: target.versions, ...(what.yaml && { parsed: what.yaml }) });
    // The rulefile/* checks mirror what promtool refuses: Prometheus does not load the file.
    for (const d of loaded.diagnostics) {
      const impact = d.impact ?? "bug";
      // The profile and `lint.rules` levels apply to the rule-file checks as to the lint rules.
      const level = levels[d.code];
      if (level === "off" || (level === undefined && !PROFILE_IMPACTS[profile].has(impact))) continue;
      findings.add({ ...d, impact, ...(level !== undefined && { severity: level }) });
    }
    for (const g of ruleFileGroups(loaded, shown(f.path))) groups.push(g);
  };
  for (const f of files) readInput(f);
  reportSkipped(skipped, opts, io);
  // The parse's YAML nodes are garbage now: free them before the lint allocates (see heap.ts).
  if (large) collectGarbage();
  const input: LintInput = {
    groups,
    dashboards,
    catalog,
    catalogFile,
    scrapeIntervalMs: catalog ? (parseDuration(catalog.prometheus.scrapeInterval) ?? 60_000) : 60_000,
    evaluationIntervalMs: catalog ? (parseDuration(catalog.prometheus.evaluationInterval) ?? 60_000) : 60_000,
    today,
    prometheus: target,
    ...(metadata ? { metadata } : {}),
    // Off by default: on the public corpus, 40 of the 46 findings it adds are wrong or noise (docs/metadata.md).
    inferTypes: opts.inferTypes === true || (opts.config?.config.lint?.inferTypes ?? false),
  };
  // Files outside the catalog's scope are linted as third-party files, without it, in a second pass
  // that still sees every file (for what they record, duplicates and dashboard uids).
  const passes: Array<{ input: LintInput; reportOn?: (file: string) => boolean }> = [];
  if (paths.length > 0 && catalog) {
    const inScope = catalogScope(opts);
    const files = new Set([...groups.map((g) => g.file), ...dashboards.map((d) => d.file)]);
    const anyIn = [...files].some(inScope);
    const anyOut = [...files].some((f) => !inScope(f));
    if (anyIn || !anyOut) passes.push(anyOut ? { input, reportOn: inScope } : { input });
    if (anyOut) {
      passes.push({
        input: { ...input, catalog: null, catalogFile: null, scrapeIntervalMs: 60_000, evaluationIntervalMs: 60_000 },
        reportOn: (f) => !inScope(f),
      });
    }
  } else passes.push({ input });
  for (const pass of passes) {
    findings.addLinted(
      t.timeSync("lint", () =>
        lintFindings(pass.input, { levels, profile, maxFindings: findings.room, ...(pass.reportOn ? { reportOn: pass.reportOn } : {}) }),
      ),
    );
  }
  // What the lint allocated is garbage now too, above V8's next full collection: free it before the
  // findings are formatted, which would otherwise grow the heap past it (see heap.ts).
  if (large) collectGarbage();
  return await finish(findings, opts, io, maxWarnings, color, false);
}

/**
 * Files passed over inside folders, on stderr: each with why under `--verbose`, else one line
 * counting them (nothing under `--quiet`), so a folder of files lint cannot read never passes silently.
 */
function reportSkipped(skipped: readonly string[], opts: LintCliOptions, io: Io): void {
  if (skipped.length === 0 || opts.quiet) return;
  if (opts.verbose) {
    for (const s of skipped) io.err(`obsgen lint: skipped ${s}`);
    return;
  }
  const n = skipped.length === 1 ? "1 file" : `${skipped.length} files`;
  io.err(`obsgen lint: ${n} skipped (neither rule files nor dashboards); --verbose lists them with why`);
}

async function finish(findings: Findings, opts: LintCliOptions, io: Io, maxWarnings: number, color: boolean, fatal: boolean): Promise<number> {
  const counted = sortDiagnostics(findings.kept);
  const { omitted } = findings;
  const hidden = omitted.error + omitted.warning + (opts.quiet ? 0 : omitted.info);
  const shownOmitted = opts.quiet ? { ...omitted, warning: 0, info: 0 } : omitted;
  const diagnostics = opts.quiet ? counted.filter((d) => d.severity === "error") : counted;
  switch (opts.format as Format) {
    case "json":
      io.out(renderJson(diagnostics, shownOmitted).trimEnd());
      break;
    case "sarif": {
      const { ALL_RULES } = await import("../../lint/registry.js");
      const descriptions = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta.description]));
      const impacts = new Map(ALL_RULES.map((r) => [r.meta.id, r.meta.impact]));
      const helpUris = new Map(ALL_RULES.map((r) => [r.meta.id, ruleDocUrl(r.meta.id, VERSION)]));
      io.out(renderSarif(diagnostics, { version: VERSION, ruleDescriptions: descriptions, ruleImpacts: impacts, ruleHelpUris: helpUris }).trimEnd());
      break;
    }
    case "github":
      if (diagnostics.length) io.out(renderGithub(diagnostics));
      break;
    default:
      if (diagnostics.length) io.out(`${renderText(diagnostics, { color })}\n`);
      if (hidden > 0) io.out(`obsgen lint: ${hidden} more findings not shown (a run reports at most ${MAX_REPORTED_FINDINGS})`);
      if (!opts.quiet || diagnostics.length) io.out(`obsgen lint: ${summaryLine(diagnostics, shownOmitted)}`);
  }
  const errors = counted.filter((d) => d.severity === "error").length + omitted.error;
  const warnings = counted.filter((d) => d.severity === "warning").length + omitted.warning;
  if (fatal || errors > 0) return 1;
  if (warnings > maxWarnings) {
    io.err(`obsgen lint: ${warnings} warnings exceed --max-warnings ${maxWarnings}`);
    return 1;
  }
  return 0;
}
