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
import { aggregate, bucketMatcher, histogramRead, nativeShareBelowExpr, selector } from "./promql-builder.js";
import type { ResolvedMetric, ResolvedRecordingRule, ResolvedService, ResolvedSlo } from "./resolved.js";
import type { AlertSpec } from "./schema.js";
import { BURN_POLICY, burnTable, burnThreshold, SLI_WINDOWS } from "./slo-burn.js";

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
interface EventSlo {
  readonly slo: ResolvedSlo;
  readonly objective: number;
  readonly errorRatio: (window: string) => string;
  readonly metrics: readonly string[];
  readonly team: string | undefined;
  readonly service: string | null;
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
  for (const slo of slos) {
    if (slo.kind === "availability") {
      const svc = services.find((s) => s.name === slo.service)!;
      out.push({
        slo,
        objective: slo.objective,
        errorRatio: (w) => `1 - ${aggregate("avg", [], `avg_over_time(${selector("up", [{ label: "job", values: [svc.name] }])}[${w}])`)}`,
        metrics: [],
        team: teams.owner(svc.name),
        service: svc.name,
      });
    } else if (slo.kind === "ratio") {
      out.push({
        slo,
        objective: slo.objective,
        errorRatio: (w) =>
          `1 - (${aggregate("sum", [], `rate(${selector(slo.metric, slo.good)}[${w}])`)} / ${aggregate("sum", [], `rate(${selector(slo.metric, slo.total)}[${w}])`)})`,
        metrics: [slo.metric],
        team: teams.slo(slo.name) ?? owned(metrics.get(slo.metric)?.service),
        service: metrics.get(slo.metric)?.service ?? null,
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
        metrics: [slo.metric],
        team: teams.slo(slo.name) ?? owned(m.service),
        service: m.service,
      });
    }
  }
  return out;
}

export function sloErrorRatioRules(events: readonly EventSlo[], ruleGroup: string): ResolvedRecordingRule[] {
  return events.flatMap((e) =>
    SLI_WINDOWS.map((w) => ({
      record: sliErrorRecord(w),
      expr: e.errorRatio(w),
      labels: { slo: e.slo.name },
      ruleGroup,
      source: `slo:${e.slo.name}`,
    })),
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
