/**
 * The language-neutral plan of the metric stubs: one module per service and per shared metric
 * group, the metrics each declares, the names of every declaration (all from conventions), the
 * Rust counter kind, the series that are pre-zeroed and the doc text. The Rust and TypeScript
 * renderers read only this plan, so both languages agree on names, label order and pre-zeroing.
 */
import {
  camelCase,
  JS_RESERVED_WORDS,
  labelValueVariants,
  rustParams,
  StubNameScope,
  stubLabelKey,
  stubModuleIdents,
  stubModuleNames,
} from "../../model/conventions.js";
import { formatNumber, mulExact } from "../../model/numbers.js";
import type {
  ResolvedAlert,
  ResolvedCatalog,
  ResolvedCondition,
  ResolvedLabel,
  ResolvedMetric,
  ResolvedService,
  ResolvedThreshold,
} from "../../model/resolved.js";
import { mdCode, mdParagraphs, mdText } from "./code.js";

/**
 * Pre-zeroing creates every series of a metric before its first event, so `rate()` and
 * `increase()` count that first event (a series that appears at 1 has no increase to see). It
 * applies to counters and histograms a service owns whose labels are all closed with at most
 * this many combinations. Never to gauges: a gauge at 0 is a reading (a fill rate of 0 fires
 * `LowFillRate`), not "no data yet". Never to shared groups: their closed labels often name the
 * exposing service (`zmq_messages_published_total{service=…}`), and zeroing the other services'
 * series would be a lie.
 */
export const PRE_ZERO_MAX_SERIES = 64;

/**
 * Rust counter kind. One rule: a counter of events (unit `none` or `count`) counts whole
 * occurrences and is an `IntCounter` (u64); a counter of a measured quantity (any other unit:
 * dollars, seconds, bytes) accumulates fractions and is a `Counter` (f64).
 */
export type CounterKind = "int" | "float";

export function counterKind(metric: ResolvedMetric): CounterKind | null {
  if (metric.type !== "counter") return null;
  return metric.unit === "none" || metric.unit === "count" ? "int" : "float";
}

/** Seconds in the metric's unit, for units of time (a duration helper converts with it). */
export function perSecond(metric: ResolvedMetric): number | null {
  return { seconds: 1, milliseconds: 1_000, microseconds: 1_000_000 }[metric.unit as string] ?? null;
}

export function isPreZeroed(metric: ResolvedMetric): boolean {
  if (metric.service === null || metric.type === "gauge" || metric.labels.length === 0) return false;
  if (metric.labels.some((l) => l.kind !== "closed")) return false;
  return metric.labels.reduce((n, l) => n * l.values.length, 1) <= PRE_ZERO_MAX_SERIES;
}

export interface StubLabel {
  readonly label: ResolvedLabel;
  /** Name of the value type of a closed label; null for an open label (a plain string). */
  readonly type: string | null;
  /** Rust parameter name. */
  readonly rustParam: string;
}

export interface StubLabelType {
  readonly name: string;
  readonly labelName: string;
  readonly values: readonly { readonly value: string; readonly variant: string }[];
  readonly description: string | null;
  /** Names of the metrics using it. */
  readonly metrics: readonly string[];
}

export interface StubMetric {
  readonly metric: ResolvedMetric;
  /** Labels in the catalog's declared order: the order every method takes them in. */
  readonly labels: readonly StubLabel[];
  readonly rustStatic: string;
  readonly rustType: string;
  /** Rust names of the value parameters, free of clashes with label parameters. */
  readonly rustValue: { readonly value: string; readonly amount: string; readonly elapsed: string };
  readonly tsHandle: string;
  readonly tsLabelsType: string;
  readonly counterKind: CounterKind | null;
  readonly perSecond: number | null;
  readonly preZero: boolean;
  /** Doc text, markdown, one entry per line. */
  readonly doc: readonly string[];
}

export interface StubModule {
  readonly kind: "service" | "group";
  /** The service's or group's catalog name. */
  readonly name: string;
  readonly rustModule: string;
  readonly tsModule: string;
  /** Name the TypeScript index exports the module under. */
  readonly tsNamespace: string;
  /** The service, for a service module. */
  readonly service: ResolvedService | null;
  /** Metrics declared in this module, sorted by name. */
  readonly metrics: readonly StubMetric[];
  readonly labelTypes: readonly StubLabelType[];
  /** Service module: the groups whose metrics it also exposes. Group module: empty. */
  readonly groups: readonly string[];
  /** Group module: the services exposing it. Service module: the service. */
  readonly exposedBy: readonly string[];
  /** Every metric name the module's service exposes (service) or the group declares (group), sorted. */
  readonly exposes: readonly string[];
}

export interface StubPlan {
  readonly catalog: ResolvedCatalog;
  /** Service modules (catalog order is sorted by name), then group modules sorted by name. */
  readonly modules: readonly StubModule[];
}

/** Module-level value names of a service module that metric handles must not take. */
export const SERVICE_MODULE_ITEMS = [
  ...["SERVICE", "SERVICE_LABEL", "METRICS_PORT", "METRIC_NAMES", "register", "pre_zero", "serve_metrics", "serve_metrics_on"],
  ...["preZero", "serveMetrics", "registry", "render", "contentType", "rt", "startMetricsServer"],
];
/** Module-level value names of a group module. */
export const GROUP_MODULE_ITEMS = ["GROUP", "EXPOSED_BY", "METRIC_NAMES", "register", "registry", "rt"];
/** Names the TypeScript index exports besides the module namespaces. */
export const TS_INDEX_ITEMS = ["registry", "render", "contentType", "startMetricsServer"];

const byName = <T extends { readonly name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function planStubs(model: ResolvedCatalog): StubPlan {
  const groupNames = [...new Set(model.metrics.flatMap((m) => (m.group === null ? [] : [m.group])))].sort();
  const services = [...model.services].sort(byName);
  // Namespaces of the TypeScript index, services first: a service module imports its groups
  // under the same names, so they keep clear of a module's own items too (a group `rt`).
  const indexScope = new StubNameScope([...TS_INDEX_ITEMS, ...SERVICE_MODULE_ITEMS, ...GROUP_MODULE_ITEMS, ...JS_RESERVED_WORDS]);
  const serviceIdents = stubModuleIdents(services.map((s) => s.name));
  const groupIdents = stubModuleIdents(groupNames);
  const namespace = new Map<string, string>();
  for (const s of services) namespace.set(`service:${s.name}`, indexScope.take(camelCase(s.name), "Service"));
  for (const g of groupNames) namespace.set(`group:${g}`, indexScope.take(camelCase(g), "Group"));

  const moduleOf = (kind: "service" | "group", name: string, metrics: readonly ResolvedMetric[], service: ResolvedService | null): StubModule => {
    const groups = service === null ? [] : groupNames.filter((g) => model.metrics.some((m) => m.group === g && m.exposedBy.includes(service.name)));
    // A service module reaches its groups' modules under their names (`system.cpuUsage`).
    const reserved = kind === "service" ? [...SERVICE_MODULE_ITEMS, ...groups.map((g) => namespace.get(`group:${g}`)!)] : GROUP_MODULE_ITEMS;
    const names = stubModuleNames(metrics, reserved);
    const labelTypes = new Map<string, StubLabelType & { metrics: string[] }>();
    const stubMetrics = [...metrics].sort(byName).map((metric): StubMetric => {
      const params = rustParams(
        metric.labels.map((l) => l.name),
        ["value", "amount", "elapsed"],
      );
      const labels = metric.labels.map((label, i): StubLabel => {
        const type = label.kind === "closed" ? names.labelType.get(stubLabelKey(metric.name, label.name))! : null;
        if (type !== null) {
          const existing = labelTypes.get(type);
          if (existing) existing.metrics.push(metric.name);
          else {
            const variants = labelValueVariants(label.values);
            labelTypes.set(type, {
              name: type,
              labelName: label.name,
              values: label.values.map((value, j) => ({ value, variant: variants[j]! })),
              description: label.description,
              metrics: [metric.name],
            });
          }
        }
        return { label, type, rustParam: params.labels[i]! };
      });
      return {
        metric,
        labels,
        rustStatic: names.rustStatic.get(metric.name)!,
        rustType: names.metricType.get(metric.name)!,
        rustValue: { value: params.values[0]!, amount: params.values[1]!, elapsed: params.values[2]! },
        tsHandle: names.tsHandle.get(metric.name)!,
        tsLabelsType: names.labelsType.get(metric.name)!,
        counterKind: counterKind(metric),
        perSecond: perSecond(metric),
        preZero: isPreZeroed(metric),
        doc: metricDoc(model, metric),
      };
    });
    const exposedBy = service !== null ? [service.name] : [...new Set(metrics.flatMap((m) => m.exposedBy))].sort();
    return {
      kind,
      name,
      rustModule: (kind === "service" ? serviceIdents : groupIdents).get(name)!.rust,
      tsModule: (kind === "service" ? serviceIdents : groupIdents).get(name)!.ts,
      tsNamespace: namespace.get(`${kind}:${name}`)!,
      service,
      metrics: stubMetrics,
      labelTypes: [...labelTypes.values()].sort(byName),
      groups,
      exposedBy,
      exposes: service !== null ? [...service.metrics] : metrics.map((m) => m.name).sort(),
    };
  };

  return {
    catalog: model,
    modules: [
      ...services.map((s) =>
        moduleOf(
          "service",
          s.name,
          model.metrics.filter((m) => m.service === s.name),
          s,
        ),
      ),
      ...groupNames.map((g) =>
        moduleOf(
          "group",
          g,
          model.metrics.filter((m) => m.group === g),
          null,
        ),
      ),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Doc text

const UNIT_WORDS: Record<string, string> = { basis_points: "basis points" };

function thresholdText(t: ResolvedThreshold): string {
  const value = formatNumber(t.value);
  if (t.param === null) return value;
  const factor = t.param.factor === 1 ? "" : `${formatNumber(t.param.factor)} × `;
  return `${value} (${factor}parameter ${mdCode(t.param.name)})`;
}

function conditionText(c: ResolvedCondition): string {
  switch (c.kind) {
    case "quantile": {
      const q = `p${formatNumber(mulExact(c.quantile, 100))}`;
      const how = c.method === "share_above" ? " (as the share of observations above that bucket edge)" : "";
      return `${q} ${c.op} ${thresholdText(c.threshold)} over ${c.window}${how}`;
    }
    case "rate":
      return `rate ${c.op} ${thresholdText(c.threshold)} per ${c.per} over ${c.window}`;
    case "increase":
      return `increase ${c.op} ${thresholdText(c.threshold)} over ${c.window}`;
    case "value":
      return `${c.abs ? "absolute " : ""}${c.aggregate ?? "value"} ${c.op} ${thresholdText(c.threshold)}`;
    case "ratio":
      return `ratio ${c.op} ${thresholdText(c.threshold)} over ${c.window}`;
    case "expr":
      return c.op !== null && c.threshold !== null ? `${c.op} ${thresholdText(c.threshold)}` : "custom expression";
  }
}

function alertLine(a: ResolvedAlert): string {
  return `- ${mdCode(a.name)} (${a.priority}, for ${a.for}): ${conditionText(a.condition)}: ${mdCode(a.expr)}`;
}

function labelLine(l: ResolvedLabel): string {
  const what =
    l.kind === "closed"
      ? `one of ${l.values.map(mdCode).join(", ")}`
      : `open, at most ${l.maxValues} values${l.examples.length ? ` (e.g. ${l.examples.map(mdCode).join(", ")})` : ""}`;
  return `- ${mdCode(l.name)}: ${what}${l.description ? `. ${mdText(l.description)}` : ""}`;
}

/**
 * Doc text of a metric, as Markdown lines: name, type and unit, help, labels, buckets, owner,
 * notes and its alerts. Catalog text is escaped (`mdText`, `mdCode`, `mdParagraphs`): it renders
 * as written and can start no Markdown block (a code block here would be a Rust doc test).
 */
/** The stub's note on a histogram the catalog declares native (`true`) or `"both"`. */
function nativeNote(native: true | "both"): string[] {
  return native === true
    ? [
        "The catalog declares it a native histogram (`native: true`): queries read the native series, never `_bucket`.",
        "This stub exposes the classic buckets above, as its client library has no native histograms; the scrape",
        "stores them as a native histogram with these buckets (`convert_classic_histograms_to_nhcb`). For native",
        "resolution, expose it with a client that has native histograms (client_golang, client_java, prometheus-client for Python).",
      ]
    : [
        'The catalog declares it exposed both ways (`native: "both"`); queries read the classic buckets. This stub',
        "exposes the classic buckets only, as its client library has no native histograms.",
      ];
}

export function metricDoc(model: ResolvedCatalog, m: ResolvedMetric): string[] {
  const unit = m.unit === "none" ? "" : `, in ${UNIT_WORDS[m.unit] ?? m.unit}`;
  const lines = [`${mdCode(m.name)} (${m.type}${unit}): ${mdText(m.help)}.`.replace(/\.\.$/, ".")];
  if (m.labels.length > 0) lines.push("", "Labels, in the order the methods take them:", ...m.labels.map(labelLine));
  else lines.push("", "No labels.");
  if (m.buckets !== null) lines.push("", `Buckets: ${m.buckets.map(formatNumber).join(", ")} (and +Inf).`);
  // Neither prom-client 15 (15.1.3 lib/histogram.js lines 297 and 314 write `le` bucket series
  // only, and lib/registry.js serves the text formats only) nor the Rust `prometheus` crate 0.13
  // (0.13.3 src/histogram.rs lines 73-83: `HistogramOpts` holds buckets only) has native histograms.
  if (m.native !== false) lines.push("", ...nativeNote(m.native));
  lines.push(
    "",
    m.service !== null ? `Owned and exposed by ${mdCode(m.service)}.` : `Shared group ${mdCode(m.group!)}, exposed by ${m.exposedBy.map(mdCode).join(", ")}.`,
  );
  const notes = m.notes ? mdParagraphs(m.notes) : [];
  if (notes.length > 0) lines.push("", `Note: ${notes[0]}`, ...notes.slice(1));
  const alerts = model.alerts.filter((a) => a.metrics.includes(m.name)).sort(byName);
  if (alerts.length > 0) lines.push("", "Alerts reading it:", ...alerts.map(alertLine));
  return lines;
}
