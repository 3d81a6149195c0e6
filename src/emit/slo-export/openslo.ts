/**
 * OpenSLO v1 documents: per service, a `Service` and one `SLO` per exported SLO with its indicator
 * inline (`ratioMetric`, Prometheus queries), a rolling time window of the catalog's period, and
 * one inline `AlertPolicy` per burn-rate window of obsgen's policy. Kinds, fields and formats from
 * the OpenSLO v1 specification (github.com/OpenSLO/OpenSLO README.md, commit aa5cb78) and the
 * validation of its Go SDK (github.com/OpenSLO/go-sdk pkg/openslo/v1, commit ae145da).
 *
 * What OpenSLO cannot say about obsgen's alerts: an `AlertCondition` has one lookback window, so
 * each policy carries the long window of a pair (1h, 6h, 1d, 3d) and not the short one that
 * obsgen also requires before it alerts (5m, 30m, 2h, 6h).
 */
import { parseDuration } from "../../compat/go/duration.js";
import { mulExact } from "../../model/numbers.js";
import type { ResolvedAlert, ResolvedService } from "../../model/resolved.js";
import { BURN_POLICY, burnFactor, SLI_WINDOWS } from "../../model/slo-burn.js";
import type { ExportedSlo } from "./mapping.js";

export const OPENSLO_API_VERSION = "openslo/v1";

/**
 * The window OpenSLO queries are written for: the shortest one obsgen records an error ratio over
 * (`slo:sli_error:ratio_rate5m`). OpenSLO has no window placeholder; a tool evaluates the query as
 * written and accumulates the results over the SLO's time window.
 */
export const OPENSLO_QUERY_WINDOW = SLI_WINDOWS[0]!;

/** RFC 1123 label: what every implementation must accept as `metadata.name` (README "General Schema"). */
export const OPENSLO_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** At most this many characters in a `description` (README, every kind). */
const DESCRIPTION_MAX = 1050;

/** Units of the duration shorthand (README "duration-shorthand"), largest first; months and longer are calendar-dependent and unused. */
const SHORTHAND_UNITS: readonly (readonly [number, string])[] = [
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "m"],
];

/**
 * A Prometheus duration as OpenSLO's duration shorthand, one integer and one unit (`30d`, `36h`,
 * `90m`), or undefined when it is not a whole number of minutes (`90s`): the shorthand has no seconds.
 */
export function durationShorthand(duration: string): string | undefined {
  const ms = parseDuration(duration);
  if (ms === undefined || ms <= 0) return undefined;
  for (const [size, unit] of SHORTHAND_UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return undefined;
}

function description(text: string): string {
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}

const prometheus = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });

/** Names an SLO's documents use; each must be an RFC 1123 label. */
export function openSloNames(sloName: string): { slo: string; indicator: string; policies: string[] } {
  return { slo: sloName, indicator: `${sloName}-sli`, policies: BURN_POLICY.map((w) => policyName(sloName, w.long)) };
}

function policyName(sloName: string, long: string): string {
  return `${sloName}-burn-${long}`;
}

function alertPolicies(e: ExportedSlo, period: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const w of BURN_POLICY) {
    const alert: ResolvedAlert | undefined = w.kind === "page" ? e.page : e.ticket;
    if (!alert) continue;
    const name = policyName(e.slo.name, w.long);
    const after = durationShorthand(alert.for);
    const team = alert.labels.team;
    out.push({
      kind: "AlertPolicy",
      metadata: {
        name,
        labels: { ...alert.labels },
        ...(alert.annotations.runbook_url ? { annotations: { runbook_url: alert.annotations.runbook_url } } : {}),
      },
      spec: {
        description: description(
          `${alert.name}: ${w.kind === "page" ? "page" : "ticket"} when ${mulExact(w.budgetShare, 100)}% of the ${period} error budget burns within ${w.long} (obsgen also requires the burn over ${w.short})`,
        ),
        alertWhenNoData: false,
        alertWhenBreaching: true,
        alertWhenResolved: false,
        conditions: [
          {
            kind: "AlertCondition",
            metadata: { name },
            spec: {
              severity: alert.labels.severity ?? w.kind,
              condition: {
                kind: "burnrate",
                op: "gt",
                threshold: burnFactor(period, w),
                lookbackWindow: w.long,
                ...(after ? { alertAfter: after } : {}),
              },
            },
          },
        ],
        notificationTargets: [
          {
            kind: "AlertNotificationTarget",
            metadata: { name: team ? `team-${team}` : "alertmanager" },
            spec: {
              target: "alertmanager",
              description: description(`Alertmanager, routing by the alert's labels${team ? ` (team ${team}, priority ${alert.priority})` : ""}`),
            },
          },
        ],
      },
    });
  }
  return out;
}

/** The SLO document of one exported SLO. */
export function openSloSlo(e: ExportedSlo, period: string): Record<string, unknown> {
  const names = openSloNames(e.slo.name);
  const w = OPENSLO_QUERY_WINDOW;
  const ratioMetric =
    e.sli.kind === "events"
      ? { counter: false, bad: prometheus(e.sli.error(w)), total: prometheus(e.sli.total(w)) }
      : { counter: false, rawType: "failure", raw: prometheus(e.sli.errorRatio(w)) };
  // Events are counted (Occurrences); a raw ratio can only be averaged over time slices of the
  // window it is computed over (RatioTimeslices), which for availability, an average of `up`, is
  // what it is anyway.
  const target = mulExact(e.objective, 0.01);
  const objective = e.sli.kind === "events" ? { target } : { target, timeSliceWindow: durationShorthand(w) };
  const team = e.page?.labels.team ?? e.ticket?.labels.team;
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: "SLO",
    metadata: { name: names.slo, labels: { slo: e.slo.name, ...(team ? { team } : {}) } },
    spec: {
      description: description(e.slo.description),
      service: e.service,
      indicator: { metadata: { name: names.indicator }, spec: { ratioMetric } },
      timeWindow: [{ duration: durationShorthand(period), isRolling: true }],
      budgetingMethod: e.sli.kind === "events" ? "Occurrences" : "RatioTimeslices",
      objectives: [objective],
      alertPolicies: alertPolicies(e, period),
    },
  };
}

/** The Service document of a service (or of the catalog, for SLOs no service owns). */
export function openSloService(name: string, service: ResolvedService | undefined, catalogDescription: string | null): Record<string, unknown> {
  const text = service?.description ?? catalogDescription;
  return { apiVersion: OPENSLO_API_VERSION, kind: "Service", metadata: { name }, spec: text ? { description: description(text) } : {} };
}
