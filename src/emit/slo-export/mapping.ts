/**
 * Which of the catalog's SLOs the Sloth and OpenSLO exports can express, and how: one mapping both
 * writers (./sloth.ts, ./openslo.ts) and the build's notes read, so a file and the note about what
 * it leaves out never disagree. docs/slo-export.md has the table.
 *
 *   availability   1 - avg(avg_over_time(up{job="x"}[w]))         raw error ratio (not counters)
 *   ratio          sum(rate(m[w])) - sum(rate(m{good}[w]))  /  sum(rate(m[w]))          events
 *   latency, edge  sum(rate(m_count[w])) - sum(rate(m_bucket{le="t"}[w]))  /  sum(rate(m_count[w]))
 *   latency, native  1 - histogram_fraction(-Inf, t, sum(rate(m[w])))  raw error ratio
 *   gauge, manual  not expressible: a note names the SLO at its declaration
 *
 * The raw error ratios are obsgen's own (`eventSlos` in model/slo-rules.ts, the expression of
 * `slo:sli_error:ratio_rate<w>`); the event queries are built from the same selectors and the same
 * `rateExpr`, and test/slo-export/equivalence.test.ts proves with promtool that error / total
 * equals obsgen's recorded ratio.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { bucketMatcher, histogramRead, rateExpr } from "../../model/promql-builder.js";
import type { ResolvedAlert, ResolvedCatalog, ResolvedSlo } from "../../model/resolved.js";
import { burnRateAlertName, eventSlos } from "../../model/slo-rules.js";

/** How an exported SLO's indicator reads Prometheus, for any window (`5m`, or Sloth's `{{.window}}`). */
export type ExportedSli =
  | {
      /** Bad and total events: Sloth `sli.events`, OpenSLO `ratioMetric` bad/total. */
      readonly kind: "events";
      readonly error: (window: string) => string;
      readonly total: (window: string) => string;
    }
  | {
      /** An error ratio that is not a ratio of counters: Sloth `sli.raw`, OpenSLO `ratioMetric.raw`. */
      readonly kind: "raw";
      readonly errorRatio: (window: string) => string;
    };

export interface ExportedSlo {
  readonly slo: ResolvedSlo;
  /** Objective in percent: `99.9`. */
  readonly objective: number;
  /** The service the SLO is filed under: its owning service, else the catalog's name. */
  readonly service: string;
  readonly sli: ExportedSli;
  /** The SLO's burn-rate alerts as resolved (labels, annotations, `for`), when generated. */
  readonly page: ResolvedAlert | undefined;
  readonly ticket: ResolvedAlert | undefined;
}

export interface SloExports {
  readonly exported: readonly ExportedSlo[];
  /** SLOs neither format can express, as info diagnostics on their declaration. */
  readonly notes: readonly Diagnostic[];
}

export const NOT_EXPRESSIBLE = "slo-export/not-expressible";

/** What each kind that cannot be exported lacks, and what would export it. */
function whyNot(slo: ResolvedSlo): { reason: string; hint: string } {
  switch (slo.kind) {
    case "gauge":
      return {
        reason:
          "a gauge SLO holds a value to a threshold (its window average at or above the objective), not a share of good events; Sloth SLIs are error ratios, and an OpenSLO threshold SLI would need the share of time slices that must meet it, which the catalog does not declare (every window: a target of 1, outside OpenSLO's [0, 1))",
        hint: "to export it, declare it as a ratio SLO over counters of good and total events; the gauge SLO stays on the SLO dashboard either way",
      };
    case "manual":
      return {
        reason: "a manual SLO names no metric to measure it by",
        hint: "nothing to do: it stays in catalog.json and the docs; declare a metric-backed SLO to export it",
      };
    default:
      return {
        reason: "its bad events cannot be counted (a latency threshold between bucket edges, or a metric the catalog lacks)",
        hint: "fix the SLO's errors reported by the build",
      };
  }
}

/** The export of every SLO of the catalog, in the model's order. */
export function sloExports(model: ResolvedCatalog): SloExports {
  const metrics = new Map(model.metrics.map((m) => [m.name, m]));
  const versions = model.prometheus.versions;
  // Ownership does not matter here: the owners are read from the resolved burn-rate alerts.
  const events = eventSlos(model.slos, model.services, metrics, { slo: () => undefined, owner: () => undefined }, versions);
  const alert = (name: string) => model.alerts.find((a) => a.name === name);
  const exported: ExportedSlo[] = [];
  const notes: Diagnostic[] = [];
  for (const slo of model.slos) {
    const e = events.find((x) => x.slo === slo);
    const sli = e ? exportedSli(slo, e.errorRatio, model) : undefined;
    if (!e || !sli) {
      const { reason, hint } = whyNot(slo);
      notes.push({
        code: NOT_EXPRESSIBLE,
        severity: "info",
        message: `SLO ${slo.name} is not in the Sloth and OpenSLO exports: ${reason}`,
        path: slo.path,
        hint,
      });
      continue;
    }
    exported.push({
      slo,
      objective: e.objective,
      service: e.service ?? model.name,
      sli,
      page: alert(burnRateAlertName(slo.name, "page")),
      ticket: alert(burnRateAlertName(slo.name, "ticket")),
    });
  }
  return { exported, notes };
}

function exportedSli(slo: ResolvedSlo, errorRatio: (w: string) => string, model: ResolvedCatalog): ExportedSli | undefined {
  switch (slo.kind) {
    case "availability":
      // The share of scrapes a service was up is an average of a gauge, not a ratio of counters.
      return { kind: "raw", errorRatio };
    case "ratio":
      // Bad events are the total less the good ones: (T - G) / T is obsgen's 1 - G / T.
      return {
        kind: "events",
        error: (w) => `${rateExpr(slo.metric, w, slo.total, [], false)} - ${rateExpr(slo.metric, w, slo.good, [], false)}`,
        total: (w) => rateExpr(slo.metric, w, slo.total, [], false),
      };
    case "latency": {
      const m = model.metrics.find((x) => x.name === slo.metric);
      if (!m) return undefined;
      // A native histogram has no `le` series to count: its error ratio is histogram_fraction's.
      if (histogramRead(m) === "native") return { kind: "raw", errorRatio };
      const le = [...slo.where, bucketMatcher(slo.threshold, model.prometheus.versions)];
      return {
        kind: "events",
        error: (w) => `${rateExpr(`${slo.metric}_count`, w, slo.where, [], false)} - ${rateExpr(`${slo.metric}_bucket`, w, le, [], false)}`,
        total: (w) => rateExpr(`${slo.metric}_count`, w, slo.where, [], false),
      };
    }
    default:
      return undefined;
  }
}
