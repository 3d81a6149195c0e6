/** Shared by the SLO export tests: the documents a build exports, and the schemas they answer to. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import yaml from "js-yaml";
import { emitAll } from "../../src/emit/index.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { ROOT } from "../helpers/cli.js";

export const EXAMPLE_DIR = join(ROOT, "docs", "examples", "slo");

export async function resolved(entry: string): Promise<ResolvedCatalog> {
  const loaded = await loadCatalog(entry);
  const r = resolveCatalog(loaded.value!.value);
  if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
  return r.value;
}

export interface ExportedDoc {
  readonly format: "sloth" | "openslo";
  /** `slo/sloth/x.yml#0` */
  readonly where: string;
  readonly doc: Record<string, any>;
}

/** Every Sloth spec and OpenSLO document of a build, parsed. */
export function exportedDocs(model: ResolvedCatalog): ExportedDoc[] {
  const out: ExportedDoc[] = [];
  for (const f of emitAll(model)) {
    const format = f.path.startsWith("slo/sloth/") ? "sloth" : f.path.startsWith("slo/openslo/") ? "openslo" : undefined;
    if (!format) continue;
    yaml.loadAll(f.contents).forEach((doc, i) => out.push({ format, where: `${f.path}#${i}`, doc: doc as Record<string, any> }));
  }
  return out;
}

const schemaDir = join(ROOT, "test", "fixtures", "slo-schemas");
// Strict about unknown keywords (a typo in a schema is an error); the if/then rules name no `type`, as draft-07 allows.
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
export const SCHEMAS: Record<"sloth" | "openslo", ValidateFunction> = {
  sloth: ajv.compile(JSON.parse(readFileSync(join(schemaDir, "sloth-prometheus-v1.schema.json"), "utf8"))),
  openslo: ajv.compile(JSON.parse(readFileSync(join(schemaDir, "openslo-v1.schema.json"), "utf8"))),
};

/** Schema errors of a document, as `path: message` lines; empty when it validates. */
export function schemaErrors(format: "sloth" | "openslo", doc: unknown): string[] {
  const v = SCHEMAS[format];
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

/** Sloth's window placeholder, as its validation matches it (`{{ *\.window *}}`). */
export const SLOTH_WINDOW_RE = /\{\{ *\.window *\}\}/g;

/** Every PromQL query of an exported document, with where it is. */
export function queries(d: ExportedDoc): { where: string; query: string }[] {
  const out: { where: string; query: string }[] = [];
  const visit = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
    else if (typeof v === "string" && /(^|\.)(error_query|total_query|error_ratio_query|query)$/.test(path)) out.push({ where: `${d.where}${path}`, query: v });
  };
  visit(d.doc, "");
  return out;
}
