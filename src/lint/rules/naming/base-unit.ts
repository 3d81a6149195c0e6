/**
 * naming/base-unit: metrics use base units (seconds, bytes, ratios), as Prometheus's naming
 * practice asks and promtool check metrics reports ("use base unit \"seconds\" instead of …").
 */
import type { Unit } from "../../../model/authoring.js";
import { defineRule } from "../../types.js";

/** Non-base units a catalog can declare, with the base unit to use instead. */
const NON_BASE: Partial<Record<Unit, string>> = {
  milliseconds: "seconds",
  microseconds: "seconds",
  megabytes: "bytes",
  percent: "ratio",
};

/** Unit words in a name that promtool flags: an SI prefix before a base unit, and time words. */
const NAME_UNITS: [RegExp, string][] = [
  [/(^|_)(nano|micro|milli|centi|deci)seconds(_|$)/, "seconds"],
  [/(^|_)(minutes|hours|days|weeks)(_|$)/, "seconds"],
  [/(^|_)(kilo|mega|giga|tera|peta)bytes(_|$)/, "bytes"],
  [/(^|_)percent(age)?(_|$)/, "ratio"],
];

export default defineRule({
  meta: {
    id: "naming/base-unit",
    severity: "warning",
    impact: "convention",
    description: "Metrics use base units: seconds, bytes, ratios (not milliseconds, megabytes, percent).",
    messages: {
      unit: "{{name}} is declared in {{unit}}; use the base unit {{base}} (and scale at the source)",
      name: "{{name}} names the unit `{{word}}`; use the base unit {{base}}",
    },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    const base = NON_BASE[metric.unit];
    if (base) {
      report({ messageId: "unit", data: { name: metric.name, unit: metric.unit, base } });
      return;
    }
    for (const [re, b] of NAME_UNITS) {
      const m = re.exec(metric.name);
      if (m) {
        report({ messageId: "name", data: { name: metric.name, word: m[0].replace(/^_|_$/g, ""), base: b } });
        return;
      }
    }
  },
});
