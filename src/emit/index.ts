/**
 * emit: ResolvedCatalog -> EmittedFile[]. Every emitter is a pure function of the model; the
 * result is sorted by path so output and `--check` reports are stable.
 */
import type { ResolvedCatalog } from "../model/resolved.js";
import { emitCatalogJson } from "./catalog-json.js";
import { emitPrometheusConfig } from "./prometheus-config.js";
import { emitPrometheusRules } from "./prometheus-rules.js";
import type { EmittedFile } from "./serialize.js";

export type { EmittedFile } from "./serialize.js";

const EMITTERS: readonly ((model: ResolvedCatalog) => EmittedFile[])[] = [
  emitCatalogJson,
  emitPrometheusConfig,
  emitPrometheusRules,
];

export function emitAll(model: ResolvedCatalog): EmittedFile[] {
  const files = EMITTERS.flatMap((emit) => emit(model));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`obsgen bug: two emitters wrote ${f.path}`);
    seen.add(f.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
