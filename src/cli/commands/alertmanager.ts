/**
 * `obsgen alertmanager merge <base.yml> [--out <file>]`: the catalog's routes, receivers and
 * inhibit rules merged into an Alertmanager configuration someone else owns (a shared
 * Alertmanager, kube-prometheus-stack's), for `amtool check-config` and deployment. The catalog is
 * compiled in memory, as `obsgen test` does; the merge itself is src/emit/alertmanager-merge.ts.
 *
 * Exit codes: 0 merged, 1 the catalog or the base cannot be used (invalid catalog, no `alerting`,
 * base not YAML or not an Alertmanager configuration, a receiver clash), 2 usage errors.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { LoadedConfig } from "../../config/load-config.js";
import { type Diagnostic, hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { alertmanagerFragment } from "../../emit/alertmanager.js";
import { mergeAlertmanagerConfig } from "../../emit/alertmanager-merge.js";
import { writeFileAtomic } from "../../io/write-file.js";
import { compile } from "../../pipeline/compile.js";
import { count, renderDiagnostic } from "../render.js";
import { pickCatalog } from "./build.js";
import type { Io } from "../output.js";

export interface AlertmanagerMergeOptions {
  catalog?: string;
  /** Where the merged configuration goes. @default standard output */
  out?: string;
  config?: LoadedConfig | null;
  quiet?: boolean;
}

function shown(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return rel.startsWith("..") ? resolve(p) : rel;
}

export async function runAlertmanagerMerge(base: string, opts: AlertmanagerMergeOptions, io: Io): Promise<number> {
  // Read first: a missing base is the user's to fix before the catalog is even compiled.
  const text = readFileSync(base, "utf8");
  const entry = pickCatalog(opts.catalog, io);
  const compiled = await compile({ entry, config: opts.config ?? null, until: "model" });
  const { model } = compiled;
  if (!model || hasErrors(compiled.diagnostics)) {
    for (const d of sortDiagnostics(compiled.diagnostics)) io.err(renderDiagnostic(d));
    io.err(
      `obsgen alertmanager merge: ${count(compiled.diagnostics.filter((d) => d.severity === "error").length, "error")} in the catalog; nothing was merged`,
    );
    return 1;
  }
  if (!model.alerting) {
    io.err(
      `obsgen alertmanager merge: the catalog ${compiled.file} has no \`alerting\` section, so it has no routes to merge; declare its receivers and team routes (docs/alertmanager.md)`,
    );
    return 1;
  }
  const fragment = alertmanagerFragment(model.alerting, model.severities, model.teams);
  const receiverSites = Object.fromEntries(
    model.alerting.receivers.map((r) => {
      const site: Diagnostic = { code: "site", severity: "info", message: "", path: r.path, file: compiled.file };
      const d = compiled.place ? compiled.place(site) : site;
      const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}` : "";
      return [r.name, where ? `${r.path} in ${where}` : r.path];
    }),
  );
  const merged = mergeAlertmanagerConfig({
    text,
    file: shown(base),
    fragment,
    receiverSites,
    header: ` merged by obsgen alertmanager merge: ${shown(base)} with the ${model.name} catalog's routes (first under the root route), receivers and inhibit rules`,
  });
  if (!merged.value) {
    for (const d of sortDiagnostics(merged.diagnostics)) io.err(renderDiagnostic(d));
    io.err(`obsgen alertmanager merge: ${count(merged.diagnostics.length, "error")} in ${shown(base)}; nothing was written`);
    return 1;
  }
  const m = merged.value;
  if (opts.out !== undefined) writeFileAtomic(opts.out, m.text);
  else io.out(m.text.trimEnd());
  if (!opts.quiet) {
    const shared = m.receiversShared.length ? ` (${count(m.receiversShared.length, "receiver")} already there, identical)` : "";
    io.err(
      `obsgen alertmanager merge: the ${model.name} catalog's route at position ${m.routeIndex + 1} under the root route, ` +
        `${count(m.receiversAdded.length, "receiver")} added${shared}, ${count(m.inhibitRulesAdded, "inhibit rule")} appended` +
        (opts.out !== undefined ? `; wrote ${shown(opts.out)}` : ""),
    );
  }
  return 0;
}
