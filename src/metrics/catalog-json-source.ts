/**
 * Another project's `catalog.json` (schema `obsgen.catalog/v1`, docs/catalog-json.md) as metric
 * facts: its metrics are declared, so their labels and closed values are complete, as the linted
 * catalog's are; their series carry the target labels its generated scrape config sets (`job`,
 * `instance`, `service`). It lists that project's metrics, not every metric a server scrapes, so a
 * name it lacks is not unknown. catalog.json does not say whether a histogram is native: read as
 * either. Parsed with the reader `obsgen diff` uses (src/diff/catalog-doc.ts).
 */
import { type CatalogDoc, readCatalogDoc } from "../diff/catalog-doc.js";
import { jsonKeyLines } from "./json-lines.js";
import { CATALOG_TARGET_LABELS, type FactSource, type KnownMetric, type MetadataSource } from "./knowledge.js";

export { CatalogDocError } from "../diff/catalog-doc.js";

/** The metrics of a parsed catalog.json; throws CatalogDocError when `value` is not one this obsgen reads. */
export function catalogJsonSource(file: string, text: string, value: unknown): MetadataSource {
  const doc: CatalogDoc = readCatalogDoc(value);
  const lines = jsonKeyLines(text);
  const metrics = doc.metrics.map((m): KnownMetric => {
    const from: FactSource = { origin: "catalog", file, ...lines.valueAt("name", m.name) };
    return {
      name: m.name,
      type: m.type === "counter" || m.type === "gauge" || m.type === "histogram" ? m.type : "unknown",
      help: m.help || null,
      unit: m.unit,
      labels: m.labels.map((l) => ({ name: l.name, values: l.values, valuesComplete: l.kind === "closed" })),
      labelsComplete: true,
      targetLabels: CATALOG_TARGET_LABELS,
      buckets: m.buckets,
      native: m.type === "histogram" ? null : false,
      from: { type: from, labels: from, unit: from, ...(m.buckets ? { buckets: from } : {}) },
    };
  });
  return { file, kind: "catalog-json", metrics, namesComplete: false };
}
