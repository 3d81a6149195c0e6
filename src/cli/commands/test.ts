/**
 * `obsgen test`: run `promtool test rules` on the alerts' rule tests, generated and hand-written.
 * By default the catalog is compiled in memory and its rule files and test files are written to a
 * scratch folder (src/io) for promtool; with `--out <dir>` the files already built there are tested.
 * Extra promtool test files given as arguments run too.
 *
 * The catalog is linted as `obsgen build` lints it: its errors fail the command before anything
 * runs, its warnings are printed.
 *
 * Exit codes: 0 every test passes, 1 a test fails (or the catalog is invalid or has a lint error), 2 promtool is not
 * installed or the command is misused.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { LoadedConfig } from "../../config/load-config.js";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { emitPrometheusRules } from "../../emit/prometheus-rules.js";
import { coverageReport } from "../../emit/rule-tests/coverage.js";
import { withScratchDir } from "../../io/scratch-dir.js";
import { compile } from "../../pipeline/compile.js";
import type { StageCache } from "../../pipeline/stage-cache.js";
import { count, renderDiagnostic } from "../render.js";
import { pickCatalog } from "./build.js";
import type { Io } from "../output.js";

export interface TestOptions {
  catalog?: string;
  /** Test the files built into this folder instead of building in memory. */
  out?: string;
  config?: LoadedConfig | null;
  quiet?: boolean;
  /** The promtool to run. @default $OBSGEN_PROMTOOL, else `promtool` on PATH */
  promtool?: string;
  /** Results of earlier runs on the same catalog (src/pipeline/stage-cache.ts): the model, the lint, the rule-test plan. */
  cache?: StageCache;
}

export const PROMTOOL_INSTALL_HINT = "install it with `apt-get install prometheus` (Debian, Ubuntu), or put Prometheus's promtool on PATH";

function shown(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return rel === "" ? "." : rel.startsWith("..") ? resolve(p) : rel;
}

function print(text: string, write: (line: string) => void): void {
  const trimmed = text.replace(/\s+$/, "");
  if (trimmed !== "") for (const line of trimmed.split("\n")) write(line);
}

export async function runTestCommand(extra: readonly string[], opts: TestOptions, io: Io): Promise<number> {
  const promtool = opts.promtool ?? process.env.OBSGEN_PROMTOOL ?? "promtool";
  const probe = spawnSync(promtool, ["--version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    io.err(`obsgen test: promtool not found (ran \`${promtool} --version\`): ${PROMTOOL_INSTALL_HINT}`);
    return 2;
  }
  const missing = extra.filter((f) => !existsSync(f));
  if (missing.length > 0) {
    io.err(`obsgen test: no such test file: ${missing.join(", ")}`);
    return 2;
  }

  if (opts.out !== undefined) {
    const dir = join(opts.out, "prometheus", "tests");
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".test.yml"))
          .sort()
          .map((f) => join(dir, f))
      : [];
    if (files.length === 0) {
      io.err(`obsgen test: no rule tests in ${shown(dir)}/; run \`obsgen build --out ${opts.out}\` first, or leave out --out to build in memory`);
      return 1;
    }
    return runPromtool(promtool, process.cwd(), files, extra, opts, io);
  }

  const entry = pickCatalog(opts.catalog, io);
  const compiled = await compile({ entry, config: opts.config ?? null, until: "rule-tests", ...(opts.cache ? { cache: opts.cache } : {}) });
  const { model, ruleTests: plan } = compiled;
  // The catalog's lint runs as in the build: a catalog the build refuses is not tested.
  if (!model || !plan || hasErrors(compiled.diagnostics)) return report(compiled.diagnostics, io);
  if (!opts.quiet) for (const d of sortDiagnostics(compiled.diagnostics)) io.err(renderDiagnostic(d));
  if (!opts.quiet) for (const line of coverageReport(plan.coverage)) io.out(line);
  if (plan.files.length === 0 && extra.length === 0) {
    io.err("obsgen test: the catalog has no rule tests to run");
    return 1;
  }
  // The plain rule files, whatever the config's deploy targets: the tests load `../rules/<group>.yml`.
  return withScratchDir("obsgen-test-", async (dir) => {
    dir.writeAll([...emitPrometheusRules(model), ...plan.files]);
    // Run inside the temporary folder, so promtool reports `prometheus/tests/<group>.test.yml`.
    return runPromtool(
      promtool,
      dir.path,
      plan.files.map((f) => f.path),
      extra,
      opts,
      io,
    );
  });
}

/** `promtool test rules` on the test files (relative to `cwd`) and the extra ones, its output passed on. */
function runPromtool(promtool: string, cwd: string, files: readonly string[], extra: readonly string[], opts: TestOptions, io: Io): number {
  const args = ["test", "rules", ...files, ...extra.map((f) => resolve(f))];
  const r = spawnSync(promtool, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    io.err(`obsgen test: running promtool failed: ${r.error.message}`);
    return 2;
  }
  if (!opts.quiet || r.status !== 0) print(r.stdout, io.out);
  print(r.stderr, io.err);
  const n = files.length + extra.length;
  if (r.status === 0) {
    if (!opts.quiet) io.out(`obsgen test: ${count(n, "test file")} passed`);
    return 0;
  }
  io.err(`obsgen test: promtool test rules failed (exit ${r.status ?? "signal"}) on ${count(n, "test file")}`);
  return 1;
}

function report(diagnostics: readonly Parameters<typeof renderDiagnostic>[0][], io: Io): number {
  const ds = sortDiagnostics(diagnostics);
  for (const d of ds) io.err(renderDiagnostic(d));
  io.err(`obsgen test: ${count(ds.filter((d) => d.severity === "error").length, "error")}; nothing was tested`);
  return 1;
}
