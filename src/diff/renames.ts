/**
 * Managed renames between two catalogs: a head metric declaring `renamedFrom` a metric the
 * baseline has (and the head no longer does). Queries that only follow such a rename are not
 * changed queries: comparisons read the baseline's expressions with the old names replaced
 * (`rate(old_total[5m])` and `rate(new_total[5m])` are the same query across the rename).
 */
import type { CatalogDoc } from "./catalog-doc.js";
import { seriesOf } from "./consumers.js";

/** Old series name → new series name, histogram series included. */
export type Renames = ReadonlyMap<string, string>;

export function metricRenames(base: CatalogDoc, head: CatalogDoc): Renames {
  const baseBy = new Map(base.metrics.map((m) => [m.name, m]));
  const headNames = new Set(head.metrics.map((m) => m.name));
  const out = new Map<string, string>();
  for (const h of head.metrics) {
    const old = h.renamedFrom ? baseBy.get(h.renamedFrom.name) : undefined;
    if (!old || headNames.has(old.name) || baseBy.has(h.name)) continue;
    const from = seriesOf(old);
    const to = seriesOf({ name: h.name, type: old.type });
    from.forEach((s, i) => out.set(s, to[i]!));
  }
  return out;
}

/** `text` with every whole metric name that was renamed written with its new name. */
export function applyRenames(text: string, renames: Renames): string {
  if (renames.size === 0) return text;
  return text.replace(/[a-zA-Z_:][a-zA-Z0-9_:]*/g, (name) => renames.get(name) ?? name);
}
