/**
 * naming/abbreviated-unit: unit words are spelled out (`_seconds`, not `_s`, `_ms`, `_us`; `_bytes`,
 * not `_mb`), as promtool check metrics reports ("metric names should not contain abbreviated units").
 */
import { defineRule } from "../../types.js";

/** Abbreviations promtool's linter rejects as name components, with the spelled-out unit. */
const ABBREVIATIONS: Record<string, string> = {
  s: "seconds",
  sec: "seconds",
  secs: "seconds",
  ms: "milliseconds (better: seconds)",
  us: "microseconds (better: seconds)",
  ns: "nanoseconds (better: seconds)",
  min: "minutes (better: seconds)",
  mins: "minutes (better: seconds)",
  b: "bytes",
  kb: "kilobytes (better: bytes)",
  mb: "megabytes (better: bytes)",
  gb: "gigabytes (better: bytes)",
  tb: "terabytes (better: bytes)",
  pb: "petabytes (better: bytes)",
};

export default defineRule({
  meta: {
    id: "naming/abbreviated-unit",
    severity: "warning",
    impact: "convention",
    description: "Metric names spell units out (`_seconds`, `_bytes`), never `_ms`, `_us` or `_mb`.",
    messages: { abbreviated: "{{name}} abbreviates a unit as `_{{abbr}}`; spell it out as {{unit}}" },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    for (const part of metric.name.split(/[_:]/)) {
      const unit = ABBREVIATIONS[part.toLowerCase()];
      if (unit) {
        report({ messageId: "abbreviated", data: { name: metric.name, abbr: part, unit } });
        return;
      }
    }
  },
});
