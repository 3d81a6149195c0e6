/**
 * Readers of saved Prometheus HTTP API responses (https://prometheus.io/docs/prometheus/latest/querying/api/#querying-metric-metadata):
 *
 * - `/api/v1/metadata`: `{"status":"success","data":{"<family>":[{"type","help","unit"}, …]}}`,
 *   one entry per distinct metadata the server's targets expose for the family. Unfiltered, it
 *   names every family the server has metadata for: it is the one metadata source that lists every
 *   name (what `promql/unknown-metric` needs).
 * - `/api/v1/targets/metadata`: `{"status":"success","data":[{"target":{…},"metric","type","help","unit"}, …]}`,
 *   one entry per target and family. Usually fetched for some targets (`match_target`), so read
 *   as listing some names, not all.
 *
 * Neither says which labels a family has, nor its bucket edges. Pure: text in, facts out.
 */
import { z } from "zod";
import { type FactSource, isKnownType, type KnownMetric, type KnownType, type MetadataSource } from "./knowledge.js";
import { jsonKeyLines } from "./json-lines.js";

const entry = z.object({ type: z.string(), help: z.string().optional(), unit: z.string().optional() });

/** `/api/v1/metadata`'s `data`. */
export const metadataApiData = z.record(z.string(), z.array(entry));

/** `/api/v1/targets/metadata`'s `data`. */
export const targetsMetadataData = z.array(
  entry.extend({
    metric: z.string(),
    target: z.record(z.string(), z.string()).optional(),
  }),
);

/**
 * A type as Prometheus writes it in metadata (`model.MetricType` of prometheus/common: counter,
 * gauge, histogram, gaugehistogram, summary, info, stateset, unknown); anything else (a newer
 * server's) is read as unknown, so no check rests on it.
 */
function knownType(type: string): KnownType {
  return isKnownType(type) ? type : "unknown";
}

function family(name: string, e: { type: string; help?: string | undefined; unit?: string | undefined }, from: FactSource): KnownMetric {
  return {
    name,
    type: knownType(e.type),
    help: e.help ? e.help : null,
    unit: e.unit ? e.unit : null,
    labels: [],
    labelsComplete: false,
    targetLabels: null,
    buckets: null,
    native: null,
    from: { type: from, ...(e.unit ? { unit: from } : {}) },
  };
}

/** The families of a `/api/v1/metadata` response's `data`, each located at its key in `text`. */
export function metadataApiSource(file: string, text: string, data: z.output<typeof metadataApiData>): MetadataSource {
  const lines = jsonKeyLines(text);
  const metrics: KnownMetric[] = [];
  for (const [name, entries] of Object.entries(data)) {
    const from: FactSource = { origin: "metadata", file, ...lines.keyAt(name) };
    for (const e of entries) metrics.push(family(name, e, from));
  }
  return { file, kind: "metadata-api", metrics, namesComplete: true };
}

/** The families of a `/api/v1/targets/metadata` response's `data`, each located at its entry's `"metric"` in `text`. */
export function targetsMetadataSource(file: string, text: string, data: z.output<typeof targetsMetadataData>): MetadataSource {
  const lines = jsonKeyLines(text);
  const metrics: KnownMetric[] = [];
  // Every target of a job exposes the same families: one entry per distinct (family, type, unit).
  const seen = new Set<string>();
  for (const e of data) {
    const key = JSON.stringify([e.metric, e.type, e.unit ?? ""]);
    if (seen.has(key)) continue;
    seen.add(key);
    metrics.push(family(e.metric, e, { origin: "metadata", file, ...lines.valueAt("metric", e.metric) }));
  }
  return { file, kind: "targets-metadata", metrics, namesComplete: false };
}
