/**
 * The catalog's SLOs as Sloth `prometheus/v1` specs (`slo/sloth/<service>.yml`) and OpenSLO v1
 * documents (`slo/openslo/<service>.yaml`), for teams that run Sloth or an OpenSLO tool rather
 * than obsgen's own SLO rules. On in every build: it writes a few small files, and a catalog's
 * SLOs are only portable if every build writes them (docs/slo-export.md).
 *
 * What a format cannot express is a note (info) on the SLO's declaration, never a silent drop.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { parseDuration } from "../../compat/go/duration.js";
import { generatedHeader, openSloPath, slothSpecPath } from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { compareCodePoints } from "../../util/order.js";
import type { Emitter } from "../emitter.js";
import { type EmittedFile, toYaml } from "../serialize.js";
import { type ExportedSlo, sloExports } from "./mapping.js";
import { durationShorthand, OPENSLO_NAME, openSloNames, openSloService, openSloSlo } from "./openslo.js";
import { SLOTH_NAME, slothSpec } from "./sloth.js";

export const SLO_EXPORT_NOTE = {
  notExpressible: "slo-export/not-expressible",
  sloth: "slo-export/sloth",
  openslo: "slo-export/openslo",
} as const;

/** Periods Sloth has alert windows for without `--slo-period-windows-path` (internal/alert/windows/google-{28,30}d.yaml). */
const SLOTH_BUILTIN_PERIODS = ["28d", "30d"].map((p) => parseDuration(p)!);

interface Plan {
  /** Exported SLOs per service, services sorted. */
  readonly services: readonly { readonly name: string; readonly slos: readonly ExportedSlo[] }[];
  /** Which of them each format leaves out (by SLO name), and every note. */
  readonly slothSkips: ReadonlySet<string>;
  readonly openSloSkips: ReadonlySet<string>;
  readonly notes: readonly Diagnostic[];
}

function plan(model: ResolvedCatalog): Plan {
  const { exported, notes: mapped } = sloExports(model);
  const notes: Diagnostic[] = [...mapped];
  const slothSkips = new Set<string>();
  const openSloSkips = new Set<string>();
  const period = durationShorthand(model.sloPeriod);
  if (!period) {
    notes.push({
      code: SLO_EXPORT_NOTE.openslo,
      severity: "info",
      message: `no OpenSLO documents are written: the SLO period ${model.sloPeriod} is not a whole number of minutes, and OpenSLO's duration shorthand has no smaller unit`,
      path: "sloPeriod",
      hint: "write sloPeriod in whole minutes, hours or days (30d, 28d, 720h)",
    });
  }
  if (!SLOTH_BUILTIN_PERIODS.includes(parseDuration(model.sloPeriod)!) && exported.length > 0) {
    notes.push({
      code: SLO_EXPORT_NOTE.sloth,
      severity: "info",
      message: `Sloth has alert windows for 28d and 30d SLO periods only; the ${model.sloPeriod} period needs an AlertWindows file of your own (sloth generate --slo-period-windows-path) with obsgen's budget shares (2% in 1h, 5% in 6h, 10% in 1d and in 3d)`,
      path: "sloPeriod",
      hint: 'see docs/slo-export.md, "The period"',
    });
  }
  for (const e of exported) {
    const where = e.slo.path;
    const slothBad = [e.service, e.slo.name].filter((n) => !SLOTH_NAME.test(n));
    if (slothBad.length > 0) {
      slothSkips.add(e.slo.name);
      notes.push({
        code: SLO_EXPORT_NOTE.sloth,
        severity: "info",
        message: `SLO ${e.slo.name} is not in the Sloth export: Sloth names start and end with a letter or digit and hold only letters, digits, '.', '_' and '-', and ${slothBad.map((n) => `"${n}"`).join(" and ")} does not`,
        path: where,
        hint: "rename the SLO (or the catalog, for an SLO no service owns)",
      });
    }
    const names = openSloNames(e.slo.name);
    const openBad = [e.service, names.slo, names.indicator, ...names.policies].filter((n) => !OPENSLO_NAME.test(n));
    if (period && openBad.length > 0) {
      openSloSkips.add(e.slo.name);
      notes.push({
        code: SLO_EXPORT_NOTE.openslo,
        severity: "info",
        message: `SLO ${e.slo.name} is not in the OpenSLO export: OpenSLO names are RFC 1123 labels (lowercase letters, digits and '-', at most 63 characters), and ${openBad.map((n) => `"${n}"`).join(", ")} is not`,
        path: where,
        hint: "shorten or rename the SLO (or the catalog, for an SLO no service owns)",
      });
    }
  }
  const byService = new Map<string, ExportedSlo[]>();
  for (const e of exported) byService.set(e.service, [...(byService.get(e.service) ?? []), e]);
  const services = [...byService.entries()].sort(([a], [b]) => compareCodePoints(a, b)).map(([name, slos]) => ({ name, slos }));
  return { services, slothSkips, openSloSkips: period ? openSloSkips : new Set(exported.map((e) => e.slo.name)), notes };
}

/** YAML documents in one file, each after `---`, under the generated-file header. */
function yamlDocuments(docs: readonly unknown[], header: string): string {
  return `# ${header}\n${docs.map((d) => `---\n${toYaml(d)}`).join("")}`;
}

export function emitSloExports(model: ResolvedCatalog): EmittedFile[] {
  const p = plan(model);
  const header = generatedHeader(model.name);
  const files: EmittedFile[] = [];
  for (const { name, slos } of p.services) {
    const sloth = slos.filter((e) => !p.slothSkips.has(e.slo.name));
    if (sloth.length > 0) files.push({ path: slothSpecPath(name), contents: toYaml(slothSpec(name, sloth), header) });
    const open = slos.filter((e) => !p.openSloSkips.has(e.slo.name));
    if (open.length > 0) {
      const service = model.services.find((s) => s.name === name);
      const docs = [openSloService(name, service, model.description), ...open.map((e) => openSloSlo(e, model.sloPeriod))];
      files.push({ path: openSloPath(name), contents: yamlDocuments(docs, header) });
    }
  }
  return files;
}

export const sloExportEmitter: Emitter = {
  id: "slo-export",
  description: "the SLOs as Sloth prometheus/v1 specs and OpenSLO v1 documents (slo/sloth/, slo/openslo/)",
  enabledWhen: "always",
  emit: emitSloExports,
  notes: (model) => [...plan(model).notes],
};
