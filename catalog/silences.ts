import type { Silence } from "obsgen";

/**
 * Deliberate deviations from Prometheus's naming conventions. The specification fixes these metric
 * names (section 2): services, dashboards and the people reading them use them as written. Each
 * deviation is silenced with its reason, never by turning a rule off.
 */

/** `_us` / `_ms` names measured in microseconds or milliseconds (spec 2.1). */
export const specTimeUnit: Silence[] = [
  { rule: "naming/abbreviated-unit", reason: "metric name fixed by the specification (section 2.1)" },
  {
    rule: "naming/base-unit",
    reason: "the specification measures the trading path in μs/ms and chose its bucket edges in that unit",
  },
];

/** `system_memory_usage_mb` (spec 2.5). */
export const specMegabytes: Silence[] = [
  { rule: "naming/abbreviated-unit", reason: "metric name fixed by the specification (section 2.5)" },
  { rule: "naming/base-unit", reason: "the specification's memory thresholds (500 MB, 1 GB) are in megabytes" },
];

/** `system_cpu_usage_percent` (spec 2.5). */
export const specPercent: Silence[] = [{ rule: "naming/base-unit", reason: "the specification reports CPU in percent (threshold 80%)" }];

/** Counters the specification names without `_total` (spec 2.4). */
export const specCounterName: Silence[] = [{ rule: "naming/counter-total", reason: "metric name fixed by the specification (section 2.4)" }];
