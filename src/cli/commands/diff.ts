/**
 * `obsgen diff`: what a release changes between two catalogs, classified (breaking, warning,
 * info), with everything each change affects. Exit 0 when nothing reaches `--fail-on`, 1 when
 * something does, 2 on usage errors or when a side cannot be built, as diff(1) does.
 */
import { relative, resolve } from "node:path";
import { type FailOn, FAIL_ON, diffCatalogs, fails } from "../../diff/diff.js";
import { type DiffFormat, DIFF_FORMATS, renderDiff } from "../../diff/format.js";
import { loadSide, type SideResult, sideFromCatalog } from "../../diff/source.js";
import type { LoadedConfig } from "../../config/load-config.js";
import { sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { renderDiagnostic } from "../render.js";
import { pickCatalog } from "./build.js";
import type { Io } from "../output.js";

export interface DiffCliOptions {
  against: string;
  head?: string;
  catalog?: string;
  format: string;
  failOn: string;
  /** obsgen.config.ts: its catalog is the default entry, and its overrides apply to every side built from a catalog. */
  config?: LoadedConfig | null;
}

export async function runDiffCommand(opts: DiffCliOptions, io: Io, color: boolean): Promise<number> {
  if (!DIFF_FORMATS.includes(opts.format as DiffFormat)) {
    io.err(`obsgen diff: unknown --format "${opts.format}"; use one of ${DIFF_FORMATS.join(", ")}`);
    return 2;
  }
  if (!FAIL_ON.includes(opts.failOn as FailOn)) {
    io.err(`obsgen diff: unknown --fail-on "${opts.failOn}"; use one of ${FAIL_ON.join(", ")}`);
    return 2;
  }
  const entry = pickCatalog(opts.catalog, io);
  const shownEntry = relative(process.cwd(), resolve(entry));
  const entryLabel = shownEntry.startsWith("..") ? entry : shownEntry;

  const config = opts.config ?? null;
  const baseline = await loadSide(opts.against, entry, config);
  if (!baseline.ok) return trouble(baseline, `the baseline ${opts.against}`, io);
  const head = opts.head === undefined ? await sideFromCatalog(entry, entryLabel, config) : await loadSide(opts.head, entry, config);
  if (!head.ok) return trouble(head, `the head ${opts.head ?? entryLabel}`, io);

  const report = {
    baseline: baseline.value.side,
    head: head.value.side,
    failOn: opts.failOn as FailOn,
    changes: diffCatalogs(baseline.value.doc, head.value.doc),
  };
  io.out(renderDiff(report, opts.format as DiffFormat, { color }).trimEnd());
  return fails(report.changes, report.failOn) ? 1 : 0;
}

function trouble(r: Extract<SideResult, { ok: false }>, what: string, io: Io): number {
  for (const d of sortDiagnostics(r.diagnostics)) io.err(renderDiagnostic(d));
  io.err(`obsgen diff: cannot build ${what}; nothing was compared`);
  return 2;
}
