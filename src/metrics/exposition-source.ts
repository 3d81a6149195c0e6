/**
 * A saved `/metrics` exposition (`curl host:port/metrics`, Prometheus text 0.0.4 or OpenMetrics
 * 1.0, parsed by ./exposition.ts) as metric facts. It shows what one exporter exposes now: each
 * family's type (TYPE), help, unit (OpenMetrics UNIT), the labels and values of its samples, and a
 * classic histogram's bucket edges (its `_bucket` samples' `le`). It lists one exporter's
 * families, not every name a server scrapes; and the labels it shows are not every label of the
 * scraped series (Prometheus adds target labels, whatever relabeling writes) nor its values every
 * value to come: so no label or value is known complete from it (docs/metadata.md).
 *
 * An exposition with an error (what Prometheus's scrape refuses whole, or OpenMetrics forbids) is
 * not read: Prometheus would ingest none of it either.
 */
import { type ExpositionFamily, type FamilyType, parseBound, parseExposition } from "./exposition.js";
import type { FactSource, KnownLabel, KnownMetric, KnownType, MetadataSource } from "./knowledge.js";

/** The text format's `untyped` is OpenMetrics' `unknown`, as Prometheus's metadata API calls both. */
function knownType(t: FamilyType): KnownType {
  return t === "untyped" ? "unknown" : t;
}

/** Labels a family's samples carry, with the values seen; `le` and `quantile` are the series' own, not the family's. */
function familyLabels(f: ExpositionFamily): KnownLabel[] {
  const values = new Map<string, Set<string>>();
  for (const s of f.samples) {
    for (const l of s.labels) {
      if (l.name === "le" && s.name.endsWith("_bucket") && (f.type === "histogram" || f.type === "gaugehistogram")) continue;
      if (l.name === "quantile" && f.type === "summary" && s.name === f.name) continue;
      let set = values.get(l.name);
      if (!set) values.set(l.name, (set = new Set()));
      set.add(l.value);
    }
  }
  return [...values].map(([name, seen]) => ({ name, values: [...seen].sort(), valuesComplete: false }));
}

/**
 * A classic histogram's finite bucket edges, when every series of the family shows the same ones;
 * null when there are no buckets or the series disagree (an exporter may expose one family with
 * several bucket layouts: no single edge list is then right).
 */
function bucketEdges(f: ExpositionFamily): number[] | null {
  if (f.type !== "histogram") return null;
  const bySeries = new Map<string, number[]>();
  for (const s of f.samples) {
    if (s.name !== `${f.name}_bucket`) continue;
    const le = s.labels.find((l) => l.name === "le");
    const bound = le ? parseBound(le.value) : undefined;
    if (bound === undefined) return null;
    if (bound === Infinity) continue;
    const key = JSON.stringify(
      s.labels
        .filter((l) => l.name !== "le")
        .map((l) => [l.name, l.value])
        .sort(),
    );
    const edges = bySeries.get(key) ?? [];
    edges.push(bound);
    bySeries.set(key, edges);
  }
  const layouts = new Set([...bySeries.values()].map((e) => JSON.stringify([...e].sort((a, b) => a - b))));
  if (layouts.size !== 1) return null;
  const edges = JSON.parse([...layouts][0]!) as number[];
  return edges.length > 0 ? edges : null;
}

export type ExpositionRead =
  | { readonly source: MetadataSource }
  | { readonly error: { readonly line: number; readonly column: number; readonly message: string } };

/** The families of a saved exposition, or its first error. */
export function expositionSource(file: string, text: string): ExpositionRead {
  const parsed = parseExposition(text);
  const errors = parsed.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
    return { error: { line: first.line, column: first.column, message: `${first.message}${more}` } };
  }
  const metrics = parsed.families.map((f): KnownMetric => {
    const from: FactSource = { origin: "metadata", file, line: f.typeLine ?? f.line, column: 1 };
    const labels = familyLabels(f);
    const buckets = bucketEdges(f);
    return {
      name: f.name,
      type: knownType(f.type),
      help: f.help,
      unit: f.unit,
      labels,
      labelsComplete: false,
      targetLabels: null,
      buckets,
      native: f.type === "histogram" ? null : false,
      from: {
        type: from,
        ...(labels.length > 0 ? { labels: { ...from, line: f.samples[0]?.line ?? from.line } } : {}),
        ...(buckets ? { buckets: { ...from, line: f.samples.find((s) => s.name.endsWith("_bucket"))?.line ?? from.line } } : {}),
        ...(f.unit ? { unit: from } : {}),
      },
    };
  });
  return { source: { file, kind: "exposition", metrics, namesComplete: false } };
}
