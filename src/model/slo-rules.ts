/**
 * SLO rules: the error ratio of every SLO over the burn-rate windows (recording rules), and two
 * multi-window burn-rate alerts per SLO (fast: page; slow: ticket), written as alert specs so they
 * resolve, lint, test and route like every other alert.
 *
 *   slo:sli_error:ratio_rate1h{slo="market-data-availability"}
 *     = 1 - avg(avg_over_time(up{job="market-data"}[1h]))
 */
import { parseDuration } from "../compat/go/duration.js";
import { formatNumber, mulExact } from "./numbers.js";
import type { PrometheusVersion } from "../compat/prometheus.js";
import { compareCodePoints } from "../util/order.js";
import { SLO_SERIES, sliEventsRecord } from "./conventions.js";
import { aggregate, bucketMatcher, countRateExpr, histogramRead, nativeShareBelowExpr, selector } from "./promql-builder.js";
import type { ResolvedMetric, ResolvedRecordingRule, ResolvedService, ResolvedSlo } from "./resolved.js";
import type { AlertSpec } from "./schema.js";
import { BASE_WINDOW, BURN_POLICY, burnFactor, burnTable, burnThreshold, errorBudget, isLongWindow, periodDays, sliWindows } from "./slo-burn.js";

export const SLI_ERROR_RECORD_PREFIX = "slo:sli_error:ratio_rate";

export function sliErrorRecord(window: string): string {
  return `${SLI_ERROR_RECORD_PREFIX}${window}`;
}

function pascal(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** An SLO expressed as a ratio of bad events: its objective in percent and error-ratio PromQL per window. */
export interface EventSlo {
  readonly slo: ResolvedSlo;
  readonly objective: number;
  readonly errorRatio: (window: string) => string;
  /**
   * The per-second rates of bad events and of all events over a window, for SLOs that count
   * events (ratio, latency); null for availability, whose error ratio is already an average
   * (of `up`) with the same weight for every scrape.
   */
  readonly events: { readonly error: (window: string) => string; readonly total: (window: string) => string } | null;
  /** The series whose absence means the SLI has no data: `up{job="…"}`, the counter, the histogram's count. */
  readonly source: string;
  readonly metrics: readonly string[];
  readonly team: string | undefined;
  readonly service: string | null;
  /** The `service` label value of its service, when it has one. */
  readonly serviceLabel: string | null;
}

/**
 * Whether a latency SLO's bad events can be counted: on a native histogram at any threshold
 * (`histogram_fraction`), on a classic one only at a bucket edge (its `le` series). When they
 * cannot, the SLO gets no error-ratio rules and no burn-rate alerts.
 */
export function latencySloCountable(threshold: number, metric: ResolvedMetric): boolean {
  return histogramRead(metric) === "native" || Boolean(metric.buckets?.includes(threshold));
}

/**
 * Which SLOs are event ratios: availability (the share of scrapes a service was up), ratio SLOs
 * (good / total events), latency SLOs whose threshold is a bucket edge (the share of observations
 * at or under it, its `le` matcher right on every targeted version). Gauge and manual SLOs have
 * no events to count: no burn rate.
 */
export function eventSlos(
  slos: readonly ResolvedSlo[],
  services: readonly ResolvedService[],
  metrics: ReadonlyMap<string, ResolvedMetric>,
  teams: {
    /** An SLO's own `team`. */
    readonly slo: (name: string) => string | undefined;
    /** The team owning a service (its `team`, else the one team of its alerts); undefined when none can be told. */
    readonly owner: (name: string) => string | undefined;
  },
  versions: readonly PrometheusVersion[],
): EventSlo[] {
  const out: EventSlo[] = [];
  const owned = (service: string | null | undefined) => (service ? teams.owner(service) : undefined);
  const labelOf = (service: string | null | undefined) => services.find((s) => s.name === service)?.label ?? null;
  for (const slo of slos) {
    if (slo.kind === "availability") {
      const svc = services.find((s) => s.name === slo.service)!;
      out.push({
        slo,
        objective: slo.objective,
        errorRatio: (w) => `1 - ${aggregate("avg", [], `avg_over_time(${selector("up", [{ label: "job", values: [svc.name] }])}[${w}])`)}`,
        events: null,
        source: selector("up", [{ label: "job", values: [svc.name] }]),
        metrics: [],
        team: teams.owner(svc.name),
        service: svc.name,
        serviceLabel: svc.label,
      });
    } else if (slo.kind === "ratio") {
      out.push({
        slo,
        objective: slo.objective,
        errorRatio: (w) =>
          `1 - (${aggregate("sum", [], `rate(${selector(slo.metric, slo.good)}[${w}])`)} / ${aggregate("sum", [], `rate(${selector(slo.metric, slo.total)}[${w}])`)})`,
        // Bad events are all events but the good ones, as in the error ratio above.
        events: {
          error: (w) =>
            `${aggregate("sum", [], `rate(${selector(slo.metric, slo.total)}[${w}])`)} - ${aggregate("sum", [], `rate(${selector(slo.metric, slo.good)}[${w}])`)}`,
          total: (w) => aggregate("sum", [], `rate(${selector(slo.metric, slo.total)}[${w}])`),
        },
        source: selector(slo.metric, slo.total),
        metrics: [slo.metric],
        team: teams.slo(slo.name) ?? owned(metrics.get(slo.metric)?.service),
        service: metrics.get(slo.metric)?.service ?? null,
        serviceLabel: labelOf(metrics.get(slo.metric)?.service),
      });
    } else if (slo.kind === "latency") {
      const m = metrics.get(slo.metric);
      if (!m) continue;
      // A native histogram's share at or below any threshold is `histogram_fraction`'s estimate
      // (exact on a bucket boundary of the stored histogram): no bucket edge is needed.
      //   1 - histogram_fraction(-Inf, 100, sum(rate(m{…}[5m])))
      const native = histogramRead(m) === "native";
      // The catalog's lint (src/lint/catalog-lint.ts) makes this an error of the build.
      if (!latencySloCountable(slo.threshold, m)) continue;
      const le = [...slo.where, bucketMatcher(slo.threshold, versions)];
      out.push({
        slo,
        objective: mulExact(slo.quantile, 100),
        errorRatio: (w) =>
          native
            ? `1 - ${nativeShareBelowExpr(slo.metric, slo.threshold, w, slo.where, [])}`
            : `1 - (${aggregate("sum", [], `rate(${selector(`${slo.metric}_bucket`, le)}[${w}])`)} / ${aggregate("sum", [], `rate(${selector(`${slo.metric}_count`, slo.where)}[${w}])`)})`,
        // Bad events: the observations above the threshold, all observations less the share at or under it.
        //   classic  sum(rate(m_count[5m])) - sum(rate(m_bucket{le="100"}[5m]))
        //   native   sum(histogram_count(rate(m[5m]))) * (1 - histogram_fraction(-Inf, 100, sum(rate(m[5m]))))
        events: {
          error: (w) =>
            native
              ? `${countRateExpr(slo.metric, w, slo.where, [], false, "native")} * (1 - ${nativeShareBelowExpr(slo.metric, slo.threshold, w, slo.where, [])})`
              : `${aggregate("sum", [], `rate(${selector(`${slo.metric}_count`, slo.where)}[${w}])`)} - ${aggregate("sum", [], `rate(${selector(`${slo.metric}_bucket`, le)}[${w}])`)}`,
          total: (w) => countRateExpr(slo.metric, w, slo.where, [], false, native ? "native" : "classic"),
        },
        source: native ? selector(slo.metric, slo.where) : selector(`${slo.metric}_count`, slo.where),
        metrics: [slo.metric],
        team: teams.slo(slo.name) ?? owned(m.service),
        service: m.service,
        serviceLabel: labelOf(m.service),
      });
    }
  }
  return out;
}

/** `slo:sli_error:ratio_rate5m{slo="x"}`: a recorded series of one SLO. */
function sloSelector(record: string, slo: string): string {
  return `${record}{slo="${slo}"}`;
}

/**
 * The error-ratio rules of the event SLOs, over the burn-rate windows and the period.
 *
 * Windows under a day read the raw series, as the burn-rate alerts need them exact and current.
 * Longer ones (1d, 3d, the period) are computed from the recorded 5-minute series, which turns a
 * `[30d]` read of every scraped series into a read of one or two recorded series:
 *
 *   events        slo:sli_error:ratio_rate1d = sum_over_time(slo:sli_error_events:rate5m[1d])
 *                                             / sum_over_time(slo:sli_total_events:rate5m[1d])
 *   availability  slo:sli_error:ratio_rate1d = avg_over_time(slo:sli_error:ratio_rate5m[1d])
 *
 * A ratio of sums, not Sloth's average of 5-minute ratios (slok/sloth
 * `internal/plugin/slo/core/sli_rules_v1/plugin.go`, v0.16.0, `optimizedSLIRecordGenerator`): an
 * average of ratios gives a quiet 5 minutes (one failure in two requests) the weight of a busy one,
 * and one 5 minutes without traffic (0/0, NaN) makes the average NaN for the whole window. Each
 * recorded rate is a 5-minute window sampled every evaluation, so every event of the long window
 * is counted in the same number of samples (5m / evaluation interval) in the numerator and the
 * denominator, and the factor cancels: the ratio of sums is the raw ratio, but for the 5 minutes
 * at each edge of the window, which are counted partly. Availability is an average of `up`
 * already, every scrape of a 5-minute window having the same weight, so the average of the
 * recorded 5-minute averages is the long average, with the same edges. docs/slos.md bounds the
 * difference and counts the samples each window reads.
 */
export function sloErrorRatioRules(events: readonly EventSlo[], ruleGroup: string, period: string): ResolvedRecordingRule[] {
  return events.flatMap((e): ResolvedRecordingRule[] => {
    const labels = { slo: e.slo.name };
    const source = `slo:${e.slo.name}`;
    const rule = (record: string, expr: string): ResolvedRecordingRule => ({ record, expr, labels, ruleGroup, source });
    const base = sliErrorRecord(BASE_WINDOW);
    const out: ResolvedRecordingRule[] = [];
    if (e.events) {
      const err = sliEventsRecord("error", BASE_WINDOW);
      const total = sliEventsRecord("total", BASE_WINDOW);
      out.push(rule(err, e.events.error(BASE_WINDOW)), rule(total, e.events.total(BASE_WINDOW)));
      out.push(rule(base, `${sloSelector(err, e.slo.name)} / ${sloSelector(total, e.slo.name)}`));
    } else out.push(rule(base, e.errorRatio(BASE_WINDOW)));
    for (const w of sliWindows(period)) {
      if (w === BASE_WINDOW) continue;
      if (!isLongWindow(w)) out.push(rule(sliErrorRecord(w), e.errorRatio(w)));
      else if (e.events) {
        const sum = (which: "error" | "total") => `sum_over_time(${sloSelector(sliEventsRecord(which, BASE_WINDOW), e.slo.name)}[${w}])`;
        out.push(rule(sliErrorRecord(w), `${sum("error")} / ${sum("total")}`));
      } else out.push(rule(sliErrorRecord(w), `avg_over_time(${sloSelector(base, e.slo.name)}[${w}])`));
    }
    return out;
  });
}

/**
 * The metadata series of an event SLO (names: `SLO_SERIES`, Sloth's): its objective, error
 * budget and period as constants, the burn rate now (5 minutes) and over the period, the share
 * of the period's budget left, and an info series. Constants are `vector(…)` with the labels set
 * by the rule, a one-series instant vector on every Prometheus version (a bare number would be a
 * scalar, which a recording rule turns into a series only on some versions' code paths). The
 * burn rates divide by the recorded budget, matched on `slo`, so no budget is typed twice.
 */
export function sloMetadataRules(events: readonly EventSlo[], ruleGroup: string, period: string): ResolvedRecordingRule[] {
  return events.flatMap((e): ResolvedRecordingRule[] => {
    const slo = e.slo.name;
    const labels = {
      slo,
      ...(e.serviceLabel ? { service: e.serviceLabel } : {}),
      ...(e.team ? { team: e.team } : {}),
    };
    const source = `slo:${slo}`;
    const rule = (record: string, expr: string, extra: Record<string, string> = {}): ResolvedRecordingRule => ({
      record,
      expr,
      labels: { ...labels, ...extra },
      ruleGroup,
      source,
    });
    const budget = sloSelector(SLO_SERIES.errorBudget, slo);
    return [
      rule(SLO_SERIES.objective, `vector(${formatNumber(Number((e.objective / 100).toPrecision(12)))})`),
      rule(SLO_SERIES.errorBudget, `vector(${formatNumber(errorBudget(e.objective))})`),
      rule(SLO_SERIES.periodDays, `vector(${formatNumber(periodDays(period))})`),
      rule(SLO_SERIES.currentBurnRate, `${sloSelector(sliErrorRecord(BASE_WINDOW), slo)} / on (slo) ${budget}`),
      rule(SLO_SERIES.periodBurnRate, `${sloSelector(sliErrorRecord(period), slo)} / on (slo) ${budget}`),
      rule(SLO_SERIES.periodBudgetRemaining, `1 - ${sloSelector(SLO_SERIES.periodBurnRate, slo)}`),
      rule(SLO_SERIES.info, "vector(1)", { kind: e.slo.kind, objective: formatNumber(e.objective), period }),
    ];
  });
}

/**
 * The rules of one group in an order Prometheus can evaluate them in: a group runs its rules one
 * after the other, each seeing what the earlier ones wrote at the same evaluation, so a rule comes
 * after every rule whose record it reads; then by record and `slo`, for stable output.
 * `depth(r)` is 0 for a rule reading no record of the group, else one more than the deepest
 * record it reads (every rule writing that record counts).
 */
export function orderRules(rules: readonly ResolvedRecordingRule[]): ResolvedRecordingRule[] {
  const records = new Set(rules.map((r) => r.record));
  const reads = new Map(rules.map((r) => [r, [...new Set(r.expr.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [])].filter((n) => records.has(n))]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (record: string): number => {
    const known = depth.get(record);
    if (known !== undefined) return known;
    // A record read by its own rules cannot be ordered; the SLO rules never write one.
    if (visiting.has(record)) throw new Error(`recording rules read each other in a cycle through ${record}`);
    visiting.add(record);
    let d = 0;
    for (const r of rules) if (r.record === record) for (const n of reads.get(r)!) d = Math.max(d, depthOf(n) + 1);
    visiting.delete(record);
    depth.set(record, d);
    return d;
  };
  return [...rules].sort(
    (a, b) => depthOf(a.record) - depthOf(b.record) || compareCodePoints(a.record, b.record) || compareCodePoints(a.labels.slo ?? "", b.labels.slo ?? ""),
  );
}

/**
 * The burn-rate alerts of an SLO, as alert specs: what the schema yields for a declared alert,
 * every default filled in, so they resolve in the same pass as declared alerts without being
 * parsed again (the type holds them to the schema's output).
 */
/** The name of an SLO's burn-rate alert: `OrderSuccessRateBudgetBurnFast` (page) or `…Slow` (ticket). */
export function burnRateAlertName(sloName: string, kind: "page" | "ticket"): string {
  return `${pascal(sloName)}BudgetBurn${kind === "page" ? "Fast" : "Slow"}`;
}

export function burnRateAlertDefs(e: EventSlo, period: string, team: string): { def: AlertSpec; path: string; service: string | null }[] {
  const slo = e.slo;
  const path = slo.kind === "availability" ? `services.${slo.service}.availability` : slo.path;
  const out: { def: AlertSpec; path: string; service: string | null }[] = [];
  for (const kind of ["page", "ticket"] as const) {
    const windows = BURN_POLICY.filter((w) => w.kind === kind);
    const clause = (w: (typeof windows)[number]) => {
      const t = formatNumber(burnThreshold(period, w, e.objective));
      const sel = (win: string) => `${sliErrorRecord(win)}{slo="${slo.name}"}`;
      return `(${sel(w.long)} > ${t} and ${sel(w.short)} > ${t})`;
    };
    const shortest = Math.min(...windows.map((w) => parseDuration(w.short)!));
    out.push({
      path,
      service: e.service,
      def: {
        name: burnRateAlertName(slo.name, kind),
        priority: kind === "page" ? ("P1" as const) : ("P2" as const),
        team,
        // The short window confirms the burn; holding for a fifth of it filters single bad evaluations.
        for: `${Math.max(1, Math.round(shortest / 60_000 / 5))}m`,
        summary: `${slo.name}: error budget burning ${kind === "page" ? "fast" : "slowly"}`,
        description: `${slo.description}. Error ratio {{ $value | humanizePercentage }} burns the ${period} error budget of ${formatNumber(e.objective)}% ${kind === "page" ? "in days at this rate" : "before the period ends at this rate"}.`,
        action:
          kind === "page"
            ? "Find what fails now: check the service's dashboard and recent changes"
            : "Open a ticket: find the slow burn's cause before the budget runs out",
        condition: { kind: "expr", expr: windows.map(clause).join(" or "), metrics: [...e.metrics] },
        labels: { slo: slo.name },
        annotations: {},
        runbook: {
          steps: [
            `Check the error ratio over the windows: \`${sliErrorRecord("5m")}{slo="${slo.name}"}\` and \`${sliErrorRecord("1h")}{slo="${slo.name}"}\``,
            "Open the SLO dashboard: how much budget is left, and how fast it burns",
            "Find the failing part: the service's dashboard, its alerts, recent deploys",
          ],
          notes: burnTable(period, e.objective),
          panels: [],
        },
        silence: [],
        source: `SLO ${slo.name} (${slo.path}), multi-window burn rate`,
        tests: [],
      },
    });
  }
  return out;
}

/** Ceiling of a duration to whole minutes, as a Prometheus duration: 51.84s → `1m`. */
function wholeMinutes(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60_000))}m`;
}

/**
 * The no-data alert of an SLO: its source series (`up{job}`, the counter, the histogram's count)
 * or its recorded 5-minute error ratio is absent. Either way the burn-rate alerts cannot fire,
 * whatever the service does, so it is a P1 like the fast burn it stands in for (Pyrra's absent
 * alerts default to `critical` for the same reason: pyrra-dev/pyrra `slo/rules.go`,
 * `alertSeverityLabelAbsent`).
 *
 *   absent(execution_engine_orders_submitted_total)
 *     or on () absent(slo:sli_error:ratio_rate5m{slo="order-success-rate"})
 *
 * `or on ()` keeps one series at most, so one alert fires per SLO: the source's absence (its
 * `=` matchers as labels, as `absent()` builds them) when the source is gone, the ratio's when
 * only the recorded ratio is (rules not loaded, or no good events ever counted).
 *
 * It waits as long as the fast burn would take to page had every event of the gap failed, as
 * Pyrra's `AbsentDuration` does (slo/slo.go): the fast window pair's threshold × its long window,
 * plus its `for`, in whole minutes, and never under two scrape intervals (a failed scrape marks
 * the source stale until the next one: alerts/absent).
 */
export function noDataAlertDef(e: EventSlo, period: string, team: string, scrapeInterval: string): { def: AlertSpec; path: string; service: string | null } {
  const slo = e.slo;
  const path = slo.kind === "availability" ? `services.${slo.service}.availability` : slo.path;
  const fast = BURN_POLICY[0]!;
  const burnFor = Math.max(1, Math.round(parseDuration(fast.short)! / 60_000 / 5)) * 60_000;
  const detect = burnThreshold(period, fast, e.objective) * parseDuration(fast.long)! + burnFor;
  const wait = wholeMinutes(Math.max(detect, 2 * (parseDuration(scrapeInterval) ?? 0)));
  const ratio = sloSelector(sliErrorRecord(BASE_WINDOW), slo.name);
  return {
    path,
    service: e.service,
    def: {
      name: `${pascal(slo.name)}SliNoData`,
      priority: "P1",
      team,
      for: wait,
      summary: `${slo.name}: no data for its indicator`,
      description: `${slo.description}. \`${e.source}\` or its recorded error ratio \`${ratio}\` is missing: the SLO's burn-rate alerts cannot fire while it is.`,
      action: "Find why the series is missing: is the target scraped, was the metric renamed, are the SLO recording rules loaded?",
      condition: { kind: "expr", expr: `absent(${e.source}) or on () absent(${ratio})`, metrics: [...e.metrics] },
      labels: { slo: slo.name },
      annotations: {},
      runbook: {
        steps: [
          `Check the source series: \`${e.source}\`; if it is missing, check the target's \`up\` and the Prometheus targets page`,
          `Check the recorded ratio: \`${ratio}\`; if only it is missing, check that the SLO rule file is loaded (Prometheus rules page) and that good events are counted`,
          "Until the data is back, watch the service's dashboard: the burn-rate alerts are blind",
        ],
        notes: `Fires after ${wait}: as long as the fast burn (${fast.long}/${fast.short}, factor ${formatNumber(burnFactor(period, fast))}) would take to page had every event in the gap failed.`,
        panels: [],
      },
      silence: [],
      source: `SLO ${slo.name} (${slo.path}), no data`,
      tests: [],
    },
  };
}
