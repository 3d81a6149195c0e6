/**
 * `obsgen import`: writes a TypeScript catalog from a team's rule files, dashboards, SLO documents
 * and metadata (src/import/import.ts, src/import/write-catalog.ts), with IMPORT.md, the report.
 * Exit 1 when the input has errors (the files are written all the same, the report lists them),
 * 2 on usage errors.
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { importCatalog, parseSeverityTable } from "../../import/import.js";
import { importFigures } from "../../import/model.js";
import { IMPORT_MARKER, writeCatalog } from "../../import/write-catalog.js";
import { writeImportDir } from "../../io/import-dir.js";
import { readMetadataFiles } from "../../io/metadata-files.js";
import { listLintFiles, readLintFile } from "../../lint/input/files.js";
import type { Io } from "../output.js";

export interface ImportCommandOptions {
  readonly rules?: readonly string[];
  readonly dashboards?: readonly string[];
  readonly slos?: readonly string[];
  readonly metadata?: readonly string[];
  readonly prometheusConfig?: string;
  readonly name?: string;
  readonly severity?: string;
  readonly out?: string;
  readonly force?: boolean;
}

export function runImport(opts: ImportCommandOptions, io: Io): number {
  const shown = (p: string) => relative(process.cwd(), p) || ".";
  const usage = (m: string) => {
    io.err(`obsgen import: ${m}`);
    return 2;
  };
  const table = opts.severity !== undefined ? parseSeverityTable(opts.severity) : undefined;
  if (typeof table === "string") return usage(`--severity: ${table}`);
  if ((opts.rules ?? []).length === 0 && (opts.dashboards ?? []).length === 0 && (opts.slos ?? []).length === 0)
    return usage("nothing to import: name rule files (--rules), dashboards (--dashboards) or SLO documents (--slos)");
  const read = (paths: readonly string[], flag: string, json: boolean): { file: string; text: string }[] | number => {
    const listed = listLintFiles(paths, shown);
    if (listed.missing.length > 0) return usage(`${flag} ${shown(listed.missing[0]!)}: no such file or folder`);
    const out: { file: string; text: string }[] = [];
    for (const f of listed.files) {
      if (!f.named && json !== /\.json$/i.test(f.path)) continue;
      const r = readLintFile(f.path);
      if ("problem" in r) {
        io.err(`error ${shown(f.path)}: ${r.problem.message} (${r.problem.hint})`);
        continue;
      }
      out.push({ file: shown(f.path), text: new TextDecoder("utf-8").decode(r.bytes) });
    }
    return out;
  };
  const rules = read(opts.rules ?? [], "--rules", false);
  if (typeof rules === "number") return rules;
  const dashboards = read(opts.dashboards ?? [], "--dashboards", true);
  if (typeof dashboards === "number") return dashboards;
  const slos = read(opts.slos ?? [], "--slos", false);
  if (typeof slos === "number") return slos;
  const meta = readMetadataFiles(opts.metadata ?? [], shown);
  if (meta.missing.length > 0) return usage(`--metadata ${shown(meta.missing[0]!)}: no such file or folder`);
  let prometheusConfig: { file: string; text: string } | undefined;
  if (opts.prometheusConfig !== undefined) {
    try {
      prometheusConfig = { file: shown(opts.prometheusConfig), text: readFileSync(opts.prometheusConfig, "utf8") };
    } catch {
      return usage(`--prometheus-config ${opts.prometheusConfig}: no such file`);
    }
  }
  const out = resolve(opts.out ?? "catalog");
  const { catalog, diagnostics } = importCatalog(
    { rules, dashboards, slos, metadata: meta.files.map((f) => ({ file: shown(f.path), text: f.text })), ...(prometheusConfig ? { prometheusConfig } : {}) },
    { ...(opts.name !== undefined ? { name: opts.name } : {}), ...(table ? { severityTable: table } : {}) },
  );
  const written = writeImportDir(out, writeCatalog(catalog), IMPORT_MARKER, Boolean(opts.force));
  if (written.status === "refused") {
    io.err(
      written.reason === "not-import"
        ? `error ${shown(out)}: not empty, and not written by obsgen import: nothing was written; name an empty or new folder with --out`
        : `error ${shown(out)}: holds an earlier import: nothing was written; pass --force to replace it`,
    );
    return 1;
  }
  for (const d of [...diagnostics, ...meta.problems].filter((x) => x.severity === "error"))
    io.err(`error ${d.file ?? ""}${d.line ? `:${d.line}:${d.column ?? 1}` : ""}: ${d.message}${d.hint ? ` (${d.hint})` : ""} [${d.code}]`);
  const f = importFigures(catalog);
  io.out(
    `obsgen import: ${f.alerts} alerts (${f.alertsTyped} typed, ${f.alerts - f.alertsTyped} expr), ${f.records} recording rules, ` +
      `${f.metricsDeclared} metrics declared, ${f.metricsUnknown} unknown, dashboards ${f.dashboardsCatalog} catalog / ${f.dashboardsRaw} raw, ${f.slos} SLOs`,
  );
  io.out(`obsgen import: wrote ${shown(out)}; the report is ${shown(join(out, "IMPORT.md"))}`);
  return f.errors > 0 || meta.problems.length > 0 ? 1 : 0;
}
