/**
 * What a series name alone makes near-certain, by the naming conventions of Prometheus and
 * OpenMetrics 1.0 (https://prometheus.io/docs/practices/naming/, and the OpenMetrics spec's
 * "Metric types", which requires a counter's samples to end in `_total`, an info metric's in
 * `_info`, a histogram's in `_bucket`, `_count`, `_sum`, and names the created timestamp
 * `_created`). Used only where no source knows the name, and only by the checks for which the
 * inferred fact is near-certain (docs/metadata.md lists them): nothing is ever inferred to be a
 * gauge, so `rate()` of an unknown series is never questioned.
 *
 * Names with a colon are left alone: by the recording-rule naming convention
 * (`level:metric:operations`) they are outputs of rules, whose values are whatever the rule
 * computed (`job:http_requests_total:rate5m` is a rate, not a counter).
 */
import type { KnownMetric, KnownType, SeriesPart } from "./knowledge.js";

interface Convention {
  readonly suffix: string;
  readonly type: KnownType;
  /** The family is the whole name (a text-format counter is named with its `_total`), or the name without the suffix. */
  readonly family: "whole" | "stem";
  readonly part: SeriesPart;
  readonly reason: string;
}

/** In the order they are tried; the first whose suffix the name has applies. */
const CONVENTIONS: readonly Convention[] = [
  { suffix: "_total", type: "counter", family: "whole", part: "", reason: "a counter by its `_total` suffix" },
  { suffix: "_bucket", type: "histogram", family: "stem", part: "bucket", reason: "a classic histogram's bucket by its `_bucket` suffix" },
  // A `_count` or `_sum` is a histogram's or a summary's, or a gauge named so (`pg_stat_activity_count`):
  // recognised, and typed as neither, so no check rests on it.
  { suffix: "_count", type: "unknown", family: "stem", part: "count", reason: "a histogram's or summary's count by its `_count` suffix" },
  { suffix: "_sum", type: "unknown", family: "stem", part: "sum", reason: "a histogram's or summary's sum by its `_sum` suffix" },
  { suffix: "_info", type: "info", family: "stem", part: "info", reason: "an info metric by its `_info` suffix" },
  { suffix: "_created", type: "unknown", family: "stem", part: "created", reason: "a created timestamp by its `_created` suffix" },
];

/** The family a name belongs to by convention, and which of its series it is; undefined when no convention applies. */
export function inferFromName(name: string): { readonly metric: KnownMetric; readonly part: SeriesPart } | undefined {
  if (name.includes(":")) return undefined;
  for (const c of CONVENTIONS) {
    if (!name.endsWith(c.suffix) || name.length === c.suffix.length) continue;
    const family = c.family === "whole" ? name : name.slice(0, -c.suffix.length);
    return {
      metric: {
        name: family,
        type: c.type,
        help: null,
        unit: null,
        labels: [],
        labelsComplete: false,
        targetLabels: null,
        buckets: null,
        native: c.type === "histogram" ? null : false,
        from: { type: { origin: "inferred", file: null, reason: c.reason } },
      },
      part: c.part,
    };
  }
  return undefined;
}
