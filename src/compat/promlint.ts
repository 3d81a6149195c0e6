/**
 * The lint `promtool check metrics` runs on an exposition: promtool v2.42.0 (cmd/promtool/main.go
 * `CheckMetrics`) hands it to client_golang v1.14.0's prometheus/testutil/promlint/promlint.go,
 * which checks each metric family for: a HELP line, base units, `_total` on counters only, the
 * histogram and summary suffixes and labels, the type in the name, `:` in the name, camelCase
 * metric and label names, and abbreviated units. Each problem's text is promtool's own, so
 * output can be compared line for line.
 *
 * Two departures, both about repetition, not verdicts: promtool prints a problem once per
 * occurrence (a camelCase label on ten series prints ten lines), this mirror once per family; and
 * where a name holds two unit words, one a base unit (`x_bytes_minutes`), promtool picks one at
 * random (it ranges over a Go map) and reports the other only sometimes, this mirror always.
 */

import { type ExpositionFamily, type ExpositionFormat, seriesName } from "../metrics/exposition.js";

/** Metric types as client_model's `MetricType` has them (v0.3.0, which promtool 2.42 builds with). */
export type PromlintType = "counter" | "gauge" | "summary" | "untyped" | "histogram" | "gaugehistogram";

/** The lowercase type names `lintMetricTypeInName` looks for: every `MetricType_name` but UNTYPED. */
const TYPE_NAMES: readonly string[] = ["counter", "gauge", "summary", "histogram", "gauge_histogram"];

export interface PromlintFamily {
  readonly name: string;
  readonly type: PromlintType;
  /** Null when the family has no HELP line (an empty one counts as help, as expfmt sets it). */
  readonly help: string | null;
  /** The label names of its samples, each sample's once. */
  readonly labelNames: readonly string[];
}

/** Which check of promlint.go found the problem. */
export type PromlintCheck =
  | "help"
  | "base-unit"
  | "counter-total"
  | "reserved-suffix"
  | "reserved-label"
  | "type-in-name"
  | "colon"
  | "camel-case"
  | "abbreviated-unit";

export interface PromlintProblem {
  readonly metric: string;
  readonly check: PromlintCheck;
  /** promtool's text, e.g. `counter metrics should have "_total" suffix`. */
  readonly text: string;
}

/** promlint.go `units`: each unit word and its base unit. */
const UNITS: Readonly<Record<string, string>> = {
  amperes: "amperes",
  bytes: "bytes",
  celsius: "celsius",
  grams: "grams",
  joules: "joules",
  kelvin: "kelvin",
  meters: "meters",
  metres: "metres",
  seconds: "seconds",
  volts: "volts",
  minutes: "seconds",
  hours: "seconds",
  days: "seconds",
  weeks: "seconds",
  kelvins: "kelvin",
  fahrenheit: "celsius",
  rankine: "celsius",
  inches: "meters",
  yards: "meters",
  miles: "meters",
  bits: "bytes",
  calories: "joules",
  pounds: "grams",
  ounces: "grams",
};

/** promlint.go `unitPrefixes`, tried before the bare unit. */
const UNIT_PREFIXES: readonly string[] = [
  "pico",
  "nano",
  "micro",
  "milli",
  "centi",
  "deci",
  "deca",
  "hecto",
  "kilo",
  "kibi",
  "mega",
  "mibi",
  "giga",
  "gibi",
  "tera",
  "tebi",
  "peta",
  "pebi",
];

/** promlint.go `unitAbbreviations`, matched as `_x_` or a final `_x` in the lowercased name. */
const UNIT_ABBREVIATIONS: readonly string[] = ["s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d"];

/** promlint.go `camelCase`: a lowercase letter followed by an uppercase one. */
const CAMEL_CASE = /[a-z][A-Z]/;

/** The first word of the name (split at `_`) that is a non-base unit, with its base unit. */
function nonBaseUnit(name: string): { unit: string; base: string } | null {
  const words = name.split("_");
  for (const word of words) {
    for (const [unit, base] of Object.entries(UNITS)) {
      if (unit === base && word === unit) continue;
      if (word === unit || UNIT_PREFIXES.some((p) => word === p + unit)) return { unit: word, base };
    }
  }
  return null;
}

/** Every problem promtool check metrics reports for the family, in promlint.go's order of checks. */
export function promlint(f: PromlintFamily): PromlintProblem[] {
  const out: PromlintProblem[] = [];
  const add = (check: PromlintCheck, text: string) => {
    if (!out.some((p) => p.text === text)) out.push({ metric: f.name, check, text });
  };
  const { name, type } = f;

  // lintHelp
  if (f.help === null) add("help", "no help text");

  // lintMetricUnits
  const unit = nonBaseUnit(name);
  if (unit) add("base-unit", `use base unit ${JSON.stringify(unit.base)} instead of ${JSON.stringify(unit.unit)}`);

  // lintCounter
  const total = name.endsWith("_total");
  if (type === "counter" && !total) add("counter-total", 'counter metrics should have "_total" suffix');
  else if (type !== "untyped" && type !== "counter" && total) add("counter-total", 'non-counter metrics should not have "_total" suffix');

  // lintHistogramSummaryReserved: not for untyped families.
  if (type !== "untyped") {
    const histogram = type === "histogram";
    const summary = type === "summary";
    if (!histogram && name.endsWith("_bucket")) add("reserved-suffix", 'non-histogram metrics should not have "_bucket" suffix');
    if (!histogram && !summary && name.endsWith("_count")) add("reserved-suffix", 'non-histogram and non-summary metrics should not have "_count" suffix');
    if (!histogram && !summary && name.endsWith("_sum")) add("reserved-suffix", 'non-histogram and non-summary metrics should not have "_sum" suffix');
    for (const l of f.labelNames) {
      if (!histogram && l === "le") add("reserved-label", 'non-histogram metrics should not have "le" label');
      if (!summary && l === "quantile") add("reserved-label", 'non-summary metrics should not have "quantile" label');
    }
  }

  // lintMetricTypeInName
  const lower = name.toLowerCase();
  for (const t of TYPE_NAMES) {
    if (lower.includes(`_${t}_`) || lower.endsWith(`_${t}`)) add("type-in-name", `metric name should not include type '${t}'`);
  }

  // lintReservedChars
  if (name.includes(":")) add("colon", "metric names should not contain ':'");

  // lintCamelCase
  if (CAMEL_CASE.test(name)) add("camel-case", "metric names should be written in 'snake_case' not 'camelCase'");
  if (f.labelNames.some((l) => CAMEL_CASE.test(l))) add("camel-case", "label names should be written in 'snake_case' not 'camelCase'");

  // lintUnitAbbreviations
  if (UNIT_ABBREVIATIONS.some((a) => lower.includes(`_${a}_`) || lower.endsWith(`_${a}`)))
    add("abbreviated-unit", "metric names should not contain abbreviated units");

  return out;
}

/**
 * The family as promlint.go sees it, through expfmt's text parser (prometheus/common v0.39.0,
 * expfmt/text_parse.go): the stored name, a type of its own, the label names; a HELP whose text is
 * blank is no HELP (`startComment` stops before setting it); and a family without samples is not
 * there at all (`TextToMetricFamilies` drops it), so promtool lints nothing of it: null.
 */
export function promlintFamily(f: ExpositionFamily, format: ExpositionFormat): PromlintFamily | null {
  if (f.samples.length === 0) return null;
  const types: Partial<Record<ExpositionFamily["type"], PromlintType>> = {
    counter: "counter",
    gauge: "gauge",
    summary: "summary",
    histogram: "histogram",
    gaugehistogram: "gaugehistogram",
  };
  const labelNames = new Set<string>();
  for (const s of f.samples) for (const l of s.labels) labelNames.add(l.name);
  const help = f.help === null || /^[ \t]*$/.test(f.help) ? null : f.help;
  return { name: seriesName(f, format), type: types[f.type] ?? "untyped", help, labelNames: [...labelNames] };
}
