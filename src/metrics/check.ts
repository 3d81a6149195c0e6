/**
 * `obsgen check-metrics`'s verdict, pure: parsed expositions held against the catalog. What an
 * exporter serves is compared with what the catalog declares (the metrics, their type, HELP,
 * unit, labels, closed label values, buckets and series bounds), and linted as `promtool check
 * metrics` lints it (src/compat/promlint.ts). Findings are diagnostics with a code per check
 * (`metrics/absent`, `metrics/undeclared`, `metrics/type`, …), the input (file or URL) and line.
 *
 * A finding the check cannot be sure of is not made: a labelled metric that is absent may only
 * not have been used yet (the Rust crate and Go's client expose a labelled metric from its first
 * series on), so it is a warning, not an error; a label Prometheus attaches itself (`job`,
 * `instance`, the scrape config's `service`) is never missing; client libraries' runtime metrics
 * are not undeclared.
 */
import { type PromlintCheck, promlint, promlintFamily } from "../compat/promlint.js";
import { type Diagnostic, type Impact, type Severity, sortDiagnostics } from "../diagnostics/diagnostic.js";
import { silenceApplies } from "../lint/silence.js";
import { SERVICE_TARGET_LABEL } from "../model/conventions.js";
import type { ResolvedCatalog, ResolvedLabel, ResolvedMetric } from "../model/resolved.js";
import { type Exposition, type ExpositionFamily, type ExpositionFormat, type ExpositionSample, parseBound, seriesName } from "./exposition.js";

/** One check of check-metrics: its code, what it finds, and why it matters. */
export interface MetricsCheck {
  readonly code: string;
  readonly description: string;
}

/** Every code check-metrics reports, in the order docs/check-metrics.md explains them. */
export const METRICS_CHECKS: readonly MetricsCheck[] = [
  { code: "metrics/scrape", description: "The endpoint answers: reachable, in time, with 200 and a body within the size limit." },
  { code: "metrics/input", description: "A saved exposition can be read: a regular file within the size limit." },
  { code: "metrics/syntax", description: "The exposition parses: Prometheus would refuse the whole scrape (or OpenMetrics calls it invalid)." },
  { code: "metrics/format", description: "The exposition follows its format's rules that Prometheus does not enforce." },
  { code: "metrics/absent", description: "Every metric the catalog declares (for the service) is exposed." },
  { code: "metrics/undeclared", description: "Every metric exposed is declared in the catalog (for the service)." },
  { code: "metrics/type", description: "Each metric is exposed with its declared type." },
  { code: "metrics/help", description: "Each metric is exposed with its declared HELP text." },
  { code: "metrics/unit", description: "An OpenMetrics UNIT agrees with the declared unit." },
  { code: "metrics/label", description: "Each series carries exactly the declared labels." },
  { code: "metrics/label-value", description: "Closed labels take only their declared values." },
  { code: "metrics/buckets", description: "Histograms expose exactly their declared buckets." },
  { code: "metrics/cardinality", description: "Open labels stay within their declared bound, and each metric within the series budget." },
  {
    code: "metrics/promlint",
    description:
      "What promtool check metrics reports: HELP, base units, _total, reserved suffixes and labels, type in the name, colons, camelCase, abbreviated units.",
  },
];

/** An exposition and how findings name it: a file path as shown, or the URL scraped. */
export interface ExpositionInput {
  readonly source: string;
  readonly exposition: Exposition;
}

export interface CheckMetricsOptions {
  readonly catalog: ResolvedCatalog;
  /** The catalog's entry file: findings about a declaration that no single input can name point there. */
  readonly catalogFile: string;
  /**
   * Hold each input to this service's metrics (its own and its groups'): the others are undeclared
   * for it. Without one, the inputs together are held to the whole catalog.
   */
  readonly service?: string;
  /** Report client libraries' runtime metrics (`process_*`, `nodejs_*`, `go_*`) as undeclared too. */
  readonly runtimeMetrics?: boolean;
  /** `YYYY-MM-DD`: silences expire against it. */
  readonly today: string;
}

/**
 * Metrics client libraries register by default, about the process and the runtime, not the
 * service: prom-client's `collectDefaultMetrics` (`process_*`, `nodejs_*`), client_golang's Go and
 * process collectors (`go_*`, `process_*`) and its `promhttp` handler's own metrics, the Rust
 * crate's `process` feature (`process_*`). Every service exposes them alike, and a catalog that
 * had to declare them for each would list the library's metrics, not its own.
 */
export const RUNTIME_METRIC_PREFIXES: readonly string[] = ["process_", "nodejs_", "go_", "promhttp_metric_handler_"];

/** Labels Prometheus attaches to every series of a target itself: an exporter need not expose them. */
const TARGET_LABELS: ReadonlySet<string> = new Set(["job", "instance", SERVICE_TARGET_LABEL]);

/** The naming rule of the catalog lint that judges what each promtool check judges: its silences apply. */
const NAMING_RULE: Partial<Record<PromlintCheck, string>> = {
  "base-unit": "naming/base-unit",
  "counter-total": "naming/counter-total",
  "reserved-suffix": "naming/reserved-suffix",
  "type-in-name": "naming/type-in-name",
  colon: "naming/snake-case",
  "camel-case": "naming/snake-case",
  "abbreviated-unit": "naming/abbreviated-unit",
};

/** Unit spellings a UNIT line may use for a catalog unit (the line must be the name's suffix: `_us`). */
const UNIT_SPELLINGS: Partial<Record<ResolvedMetric["unit"], readonly string[]>> = {
  seconds: ["seconds", "s"],
  milliseconds: ["milliseconds", "ms"],
  microseconds: ["microseconds", "us"],
  bytes: ["bytes"],
  megabytes: ["megabytes", "mb"],
  dollars: ["dollars", "usd"],
  basis_points: ["basis_points", "bps"],
  percent: ["percent"],
  ratio: ["ratio"],
};

/** Distinct bad values of one closed label reported one by one; beyond, one finding counts the rest. */
const MAX_VALUES_REPORTED = 5;

const isRuntime = (name: string) => RUNTIME_METRIC_PREFIXES.some((p) => name.startsWith(p));

const formatNumber = (n: number) => (n === Infinity ? "+Inf" : String(n));

export function checkMetrics(inputs: readonly ExpositionInput[], opts: CheckMetricsOptions): Diagnostic[] {
  const { catalog } = opts;
  const service = opts.service === undefined ? undefined : catalog.services.find((s) => s.name === opts.service);
  if (opts.service !== undefined && !service) throw new Error(`checkMetrics: no service ${opts.service}`);
  const expected = service ? catalog.metrics.filter((m) => service.metrics.includes(m.name)) : catalog.metrics;
  const out: Diagnostic[] = [];
  // Without a service, several inputs are the parts of one system: a metric is absent when none exposes it.
  const together = !service && inputs.length > 1;
  const exposedSomewhere = new Set<string>();
  for (const input of inputs) {
    const checker = new InputChecker(input, opts, expected, out);
    const found = checker.run(!together);
    for (const name of found) exposedSomewhere.add(name);
  }
  if (together) {
    for (const m of expected) {
      if (!exposedSomewhere.has(m.name)) out.push(absent(m, { file: opts.catalogFile, path: m.path }, `in none of the ${inputs.length} expositions`));
    }
  }
  return sortDiagnostics(out);
}

/**
 * `listsUnused`: the exposition shows a metric without series (a TYPE or HELP line alone), as
 * prom-client and Python's client do for a registered metric not used yet; client_golang and the
 * Rust crate leave such a family out. From an exporter that lists them, a labelled metric that is
 * missing is not registered at all.
 */
function absent(m: ResolvedMetric, where: { file: string; path: string }, what: string, listsUnused = false): Diagnostic {
  const labelled = m.labels.length > 0 && !listsUnused;
  return {
    code: "metrics/absent",
    severity: labelled ? "warning" : "error",
    impact: labelled ? "risk" : "bug",
    messageId: labelled ? "absent-labelled" : "absent",
    data: { metric: m.name, type: m.type },
    message: labelled
      ? `${m.type} ${m.name} is ${what}: no series, no HELP or TYPE line`
      : `${m.type} ${m.name} is ${what}: its alerts and panels read nothing`,
    ...where,
    hint: labelled
      ? "register it; a labelled metric may only have no series yet (the Rust crate and Go's client expose one from its first use): create its series at start, as the generated stubs' preZero does, or check an instance that has used it"
      : "register and expose it, or remove it from the catalog",
  };
}

class InputChecker {
  private readonly source: string;
  private readonly format: ExpositionFormat;
  private readonly byName = new Map<string, ExpositionFamily>();
  private readonly matched = new Map<ExpositionFamily, ResolvedMetric>();
  private readonly reported = new Set<string>();
  private readonly declared: ReadonlyMap<string, ResolvedMetric>;
  /** The exporter shows registered metrics without series (see {@link absent}). */
  private readonly listsUnused: boolean;

  constructor(
    private readonly input: ExpositionInput,
    private readonly opts: CheckMetricsOptions,
    private readonly expected: readonly ResolvedMetric[],
    private readonly out: Diagnostic[],
  ) {
    this.source = input.source;
    this.format = input.exposition.format;
    this.declared = new Map(opts.catalog.metrics.map((m) => [m.name, m]));
    this.listsUnused = input.exposition.families.some((f) => f.samples.length === 0 && (f.typeLine !== null || f.helpLine !== null));
    for (const f of input.exposition.families) {
      const name = seriesName(f, this.format);
      if (!this.byName.has(name)) this.byName.set(name, f);
    }
  }

  private add(d: Omit<Diagnostic, "file">, key?: string): void {
    if (key !== undefined) {
      if (this.reported.has(key)) return;
      this.reported.add(key);
    }
    this.out.push({ ...d, file: this.source });
  }

  /** Checks the input; returns the names of the expected metrics it exposes. */
  run(reportAbsent: boolean): string[] {
    const { exposition } = this.input;
    for (const p of exposition.problems) {
      const error = p.severity === "error";
      this.add({
        code: error ? "metrics/syntax" : "metrics/format",
        severity: p.severity,
        impact: error ? "bug" : "risk",
        messageId: error ? "syntax" : "format",
        message: p.message,
        line: p.line,
        column: p.column,
        hint: error
          ? exposition.format === "openmetrics"
            ? "fix the exporter: an OpenMetrics exposition with an error is invalid as a whole"
            : "fix the exporter: Prometheus fails the whole scrape on this line"
          : "fix the exporter: Prometheus ingests it, but queries or tools reading the metadata may misbehave",
      });
    }
    const exposed: string[] = [];
    for (const m of this.expected) {
      const f = this.byName.get(m.name);
      // A histogram's HELP line without its TYPE line makes an untyped family without series.
      if ((!f || (f.samples.length === 0 && (f.type === "untyped" || f.type === "unknown"))) && this.untypedHistogram(m, f)) {
        exposed.push(m.name);
        continue;
      }
      if (f) {
        this.matched.set(f, m);
        exposed.push(m.name);
        this.checkFamily(m, f);
        continue;
      }
      if (this.totalSuffixed(m)) {
        exposed.push(m.name);
        continue;
      }
      if (reportAbsent) this.out.push(absent(m, { file: this.source, path: m.path }, "not in the exposition", this.listsUnused));
    }
    const declared = this.declared;
    const renamed = new Map(this.opts.catalog.metrics.filter((m) => m.renamedFrom).map((m) => [m.renamedFrom!.name, m]));
    for (const f of exposition.families) {
      const name = seriesName(f, this.format);
      if (this.matched.has(f)) continue;
      if (isRuntime(name) && !this.opts.runtimeMetrics) continue;
      this.undeclared(f, name, declared.get(name), renamed.get(name));
    }
    for (const f of exposition.families) this.promlint(f);
    return exposed;
  }

  /**
   * OpenMetrics writes counter `foo`'s value as `foo_total`: a catalog counter named without
   * `_total` is then stored under another name than the one its alerts query.
   */
  private totalSuffixed(m: ResolvedMetric): boolean {
    if (this.format !== "openmetrics" || m.type !== "counter") return false;
    const f = this.input.exposition.families.find((x) => x.name === m.name && x.type === "counter");
    if (!f) return false;
    this.matched.set(f, m);
    this.add({
      code: "metrics/absent",
      severity: "error",
      impact: "bug",
      messageId: "total-suffix",
      data: { metric: m.name, stored: `${m.name}_total` },
      message: `counter ${m.name} is exposed in OpenMetrics, which stores it as ${m.name}_total: queries of ${m.name} find nothing`,
      line: f.typeLine ?? f.line,
      path: m.path,
      hint: `name the catalog's counter ${m.name}_total, or serve the Prometheus text format`,
    });
    this.checkFamily(m, f);
    return true;
  }

  /** A histogram without its TYPE line: its `_bucket`, `_count` and `_sum` are untyped families of their own. */
  private untypedHistogram(m: ResolvedMetric, help: ExpositionFamily | undefined): boolean {
    if (m.type !== "histogram") return false;
    const parts = ["_bucket", "_count", "_sum"]
      .map((s) => this.byName.get(m.name + s))
      .filter((f) => f !== undefined && (f.type === "untyped" || f.type === "unknown"));
    if (parts.length === 0) return false;
    for (const f of parts) this.matched.set(f!, m);
    if (help) this.matched.set(help, m);
    this.add({
      code: "metrics/type",
      severity: "warning",
      impact: "risk",
      messageId: "untyped",
      data: { metric: m.name, type: m.type },
      message: `histogram ${m.name} has no TYPE line: its series ${parts.map((f) => f!.name).join(", ")} are untyped metrics of their own`,
      line: help?.line ?? parts[0]!.line,
      path: m.path,
      hint: `write \`# TYPE ${m.name} histogram\` before its series`,
    });
    return true;
  }

  private undeclared(f: ExpositionFamily, name: string, declared: ResolvedMetric | undefined, renamedTo: ResolvedMetric | undefined): void {
    const base = { code: "metrics/undeclared", severity: "warning" as Severity, impact: "convention" as Impact, line: f.typeLine ?? f.line };
    if (declared) {
      const where = declared.exposedBy.length > 0 ? declared.exposedBy.join(", ") : "no service";
      this.add({
        ...base,
        messageId: "other-service",
        data: { metric: name, service: this.opts.service ?? "", exposedBy: where },
        message: `${name} is exposed, but the catalog declares it for ${where}, not ${this.opts.service}`,
        path: declared.path,
        hint: `declare it for ${this.opts.service} too (exposedBy), or stop exposing it here`,
      });
      return;
    }
    if (renamedTo) {
      this.add({
        ...base,
        messageId: "renamed",
        data: { metric: name, renamedTo: renamedTo.name },
        message: `${name} is exposed, but the catalog renamed it to ${renamedTo.name}`,
        path: renamedTo.path,
        hint: `expose ${renamedTo.name}; the rename's recording rules keep ${name} queryable until ${renamedTo.renamedFrom!.until}`,
      });
      return;
    }
    const what = f.samples.length === 0 ? " (registered, no series yet)" : "";
    this.add({
      ...base,
      messageId: "undeclared",
      data: { metric: name, type: f.type },
      message: `${name} is exposed${what} but not declared in the catalog${this.opts.service ? ` for ${this.opts.service}` : ""}`,
      hint: "declare it in the catalog, or stop exposing it",
    });
  }

  private checkFamily(m: ResolvedMetric, f: ExpositionFamily): void {
    const line = f.typeLine ?? f.line;
    const path = m.path;
    if (f.type === "untyped" || f.type === "unknown") {
      this.add({
        code: "metrics/type",
        severity: "warning",
        impact: "risk",
        messageId: "untyped",
        data: { metric: m.name, type: m.type, exposed: f.type },
        message: `${m.name} is exposed ${f.typeLine === null ? "without a TYPE line" : `as ${f.type}`}; the catalog declares a ${m.type}`,
        line,
        path,
        hint: "Prometheus then records no type for it, and tools that read the metadata cannot tell: expose its type",
      });
    } else if (f.type !== m.type) {
      this.add({
        code: "metrics/type",
        severity: "error",
        impact: "bug",
        messageId: "type",
        data: { metric: m.name, type: m.type, exposed: f.type },
        message: `${m.name} is exposed as ${/^[aeiu]/.test(f.type) ? "an" : "a"} ${f.type}, but the catalog declares a ${m.type}`,
        line,
        path,
        hint:
          m.type === "counter"
            ? "rate() and increase() of it are wrong on anything but a counter: expose a counter"
            : `expose a ${m.type}, or change the catalog`,
      });
    }
    if (f.help === null) {
      this.add({
        code: "metrics/help",
        severity: "warning",
        impact: "convention",
        messageId: "no-help",
        data: { metric: m.name, help: m.help },
        message: `${m.name} has no HELP line; the catalog's is ${JSON.stringify(m.help)}`,
        line,
        path,
        hint: "expose the catalog's help text",
      });
    } else if (f.help !== m.help) {
      this.add({
        code: "metrics/help",
        severity: "warning",
        impact: "convention",
        messageId: "help",
        data: { metric: m.name, help: m.help, exposed: f.help },
        message: `${m.name}'s HELP is ${JSON.stringify(f.help)}; the catalog's is ${JSON.stringify(m.help)}`,
        line: f.helpLine ?? line,
        path,
        hint: "expose the catalog's help text (the generated stubs do), or change the catalog",
      });
    }
    const spellings = UNIT_SPELLINGS[m.unit];
    if (f.unit !== null && spellings && !spellings.includes(f.unit)) {
      this.add({
        code: "metrics/unit",
        severity: "warning",
        impact: "convention",
        messageId: "unit",
        data: { metric: m.name, unit: m.unit, exposed: f.unit },
        message: `${m.name}'s UNIT is ${f.unit}; the catalog declares ${m.unit}`,
        line,
        path,
        hint: "expose the catalog's unit, or change the catalog",
      });
    }
    this.checkSamples(m, f);
    if (m.type === "histogram" && m.native !== true && f.type === "histogram") this.checkBuckets(m, f);
  }

  private checkSamples(m: ResolvedMetric, f: ExpositionFamily): void {
    const declared = new Map<string, ResolvedLabel>(m.labels.map((l) => [l.name, l]));
    const openValues = new Map<string, Set<string>>();
    const badValues = new Map<string, string[]>();
    const series = new Set<string>();
    for (const s of f.samples) {
      const own = this.ownLabels(f, s);
      series.add(`${s.name}{${s.labels.map((l) => `${l.name}=${l.value}`).join(",")}}`);
      const present = new Set<string>();
      for (const l of own) {
        if (l.value === "") continue;
        present.add(l.name);
        const d = declared.get(l.name);
        if (!d) {
          this.add(
            {
              code: "metrics/label",
              severity: "warning",
              impact: "risk",
              messageId: "undeclared-label",
              data: { metric: m.name, label: l.name },
              message: `${m.name} has the label ${l.name}, which the catalog does not declare`,
              line: s.line,
              path: m.path,
              hint: `declare ${l.name} on the metric (closed values or an open bound), or stop exposing it: every label multiplies the series`,
            },
            `label ${m.name} ${l.name}`,
          );
        } else if (d.kind === "closed" && !d.values.includes(l.value)) {
          const list = badValues.get(l.name) ?? [];
          if (!list.includes(l.value)) {
            list.push(l.value);
            badValues.set(l.name, list);
            if (list.length <= MAX_VALUES_REPORTED) {
              this.add({
                code: "metrics/label-value",
                severity: "warning",
                impact: "risk",
                messageId: "value",
                data: { metric: m.name, label: l.name, value: l.value },
                message: `${m.name}{${l.name}=${JSON.stringify(l.value)}}: ${JSON.stringify(l.value)} is not one of the declared ${d.values.map((v) => JSON.stringify(v)).join(", ")}`,
                line: s.line,
                path: m.path,
                hint: "alerts and panels match the declared values: fix the exporter, or add the value to the catalog",
              });
            }
          }
        } else if (d.kind === "open") {
          const values = openValues.get(l.name) ?? new Set<string>();
          values.add(l.value);
          openValues.set(l.name, values);
        }
      }
      for (const d of m.labels) {
        if (present.has(d.name) || TARGET_LABELS.has(d.name)) continue;
        this.add(
          {
            code: "metrics/label",
            severity: "error",
            impact: "bug",
            messageId: "missing-label",
            data: { metric: m.name, label: d.name },
            message: `${s.name} has no ${d.name} label, which the catalog declares`,
            line: s.line,
            path: m.path,
            hint: `matchers and by(${d.name}) of its alerts and panels find nothing: set ${d.name} on every series`,
          },
          `missing ${m.name} ${d.name}`,
        );
      }
    }
    for (const [label, values] of badValues) {
      if (values.length <= MAX_VALUES_REPORTED) continue;
      this.add({
        code: "metrics/label-value",
        severity: "warning",
        impact: "risk",
        messageId: "more-values",
        data: { metric: m.name, label, count: values.length - MAX_VALUES_REPORTED },
        message: `${m.name}: ${values.length - MAX_VALUES_REPORTED} more undeclared values of ${label}`,
        line: f.line,
        path: m.path,
      });
    }
    for (const [label, values] of openValues) {
      const bound = declared.get(label)!.maxValues;
      if (values.size <= bound) continue;
      this.add({
        code: "metrics/cardinality",
        severity: "warning",
        impact: "risk",
        messageId: "label-bound",
        data: { metric: m.name, label, values: values.size, bound },
        message: `${m.name}'s label ${label} has ${values.size} values here, over its declared bound of ${bound}`,
        line: f.line,
        path: m.path,
        hint: `raise maxValues of ${label} in the catalog if that is its real bound, or bound the values at the source`,
      });
    }
    const budget = this.opts.catalog.lint.seriesBudget;
    if (series.size > budget) {
      this.add({
        code: "metrics/cardinality",
        severity: "warning",
        impact: "risk",
        messageId: "series-budget",
        data: { metric: m.name, series: series.size, budget },
        message: `${m.name} has ${series.size} series here, over the catalog's budget of ${budget} (lint.seriesBudget)`,
        line: f.line,
        path: m.path,
        hint: "drop or bound a label (cardinality/series-budget estimates the same from the catalog)",
      });
    }
  }

  /** A sample's labels that belong to its series, without the bucket's `le` or the quantile's `quantile`. */
  private ownLabels(f: ExpositionFamily, s: ExpositionSample) {
    if (s.name === `${f.name}_bucket` && (f.type === "histogram" || f.type === "gaugehistogram")) return s.labels.filter((l) => l.name !== "le");
    if (s.name === f.name && f.type === "summary") return s.labels.filter((l) => l.name !== "quantile");
    return s.labels;
  }

  private checkBuckets(m: ResolvedMetric, f: ExpositionFamily): void {
    const want = [...(m.buckets ?? []), Infinity];
    const layouts = new Map<string, { bounds: number[]; line: number }>();
    const bySeries = new Map<string, { bounds: number[]; line: number }>();
    for (const s of f.samples) {
      if (s.name !== `${f.name}_bucket`) continue;
      const le = s.labels.find((l) => l.name === "le");
      const bound = le ? parseBound(le.value) : undefined;
      if (bound === undefined) continue;
      const key = `${s.timestamp ?? ""}|${s.labels
        .filter((l) => l.name !== "le")
        .map((l) => `${l.name}=${l.value}`)
        .sort()
        .join(",")}`;
      const entry = bySeries.get(key) ?? { bounds: [], line: s.line };
      entry.bounds.push(bound);
      bySeries.set(key, entry);
    }
    for (const entry of bySeries.values()) {
      const bounds = [...new Set(entry.bounds)].sort((a, b) => a - b);
      const key = bounds.join(",");
      if (!layouts.has(key)) layouts.set(key, { bounds, line: entry.line });
    }
    for (const { bounds, line } of layouts.values()) {
      const missing = want.filter((b) => !bounds.includes(b));
      const extra = bounds.filter((b) => !want.includes(b));
      if (missing.length === 0 && extra.length === 0) continue;
      const parts = [
        missing.length > 0 ? `missing ${missing.map(formatNumber).join(", ")}` : "",
        extra.length > 0 ? `extra ${extra.map(formatNumber).join(", ")}` : "",
      ].filter(Boolean);
      this.add({
        code: "metrics/buckets",
        severity: "error",
        impact: "bug",
        messageId: "buckets",
        data: { metric: m.name, buckets: want.map(formatNumber).join(", "), exposed: bounds.map(formatNumber).join(", ") },
        message: `${m.name}'s buckets are ${bounds.map(formatNumber).join(", ")}; the catalog declares ${want.map(formatNumber).join(", ")} (${parts.join("; ")})`,
        line,
        path: m.path,
        hint: "alerts and SLOs compare with the declared bucket edges: expose exactly those buckets",
      });
    }
  }

  private promlint(f: ExpositionFamily): void {
    const family = promlintFamily(f, this.format);
    if (!family || (isRuntime(family.name) && !this.opts.runtimeMetrics)) return;
    const matched = this.matched.get(f);
    // A metric declared for another service is still the catalog's: its naming silences apply.
    const m = matched ?? this.declared.get(family.name);
    for (const p of promlint(family)) {
      // metrics/help says what the declared metric's help should be.
      if (matched && p.check === "help") continue;
      if (m) {
        const rule = NAMING_RULE[p.check];
        if (rule && (this.opts.catalog.lint.rules[rule] === "off" || m.silence.some((s) => silenceApplies(s, rule, this.opts.today)))) continue;
      }
      this.add(
        {
          code: "metrics/promlint",
          severity: "warning",
          impact: "convention",
          messageId: p.check,
          data: { metric: p.metric, promtool: p.text },
          message: `${p.metric} ${p.text}`,
          line: f.typeLine ?? f.line,
          ...(m ? { path: m.path } : {}),
          hint: `as promtool check metrics reports it${NAMING_RULE[p.check] ? `; ${NAMING_RULE[p.check]} explains the convention` : ""}`,
        },
        `promlint ${p.metric} ${p.text}`,
      );
    }
  }
}
