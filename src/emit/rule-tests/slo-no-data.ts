/**
 * Generated cases of the SLO no-data alerts (`noDataAlertDef` in src/model/slo-rules.ts):
 *
 *   absent(execution_engine_orders_submitted_total)
 *     or on () absent(slo:sli_error:ratio_rate5m{slo="order-success-rate"})
 *
 * The cases feed the source series and the recorded ratio directly, sampled every minute: with
 * both there all along the alert stays quiet; when either stops, it is pending once the last
 * sample has left the lookback, and fires `for` later, with the labels `absent()` builds from the
 * vanished selector's `=` matchers. The versions read the lookback's start differently (2.42 keeps
 * a sample exactly 5 minutes old, 3 does not: `inRange`), so the absence can start one evaluation
 * apart; the checks are placed where both versions agree: pending before the earlier firing,
 * firing at the later one.
 */
import { PROMETHEUS_VERSIONS } from "../../compat/prometheus.js";
import { formatDuration, parseDuration } from "../../compat/go/duration.js";
import type { ResolvedAlert, ResolvedCatalog } from "../../model/resolved.js";
import { sliErrorRecord } from "../../model/slo-rules.js";
import { BASE_WINDOW } from "../../model/slo-burn.js";
import { expectedAlert } from "./generate.js";
import { instantValue, samplesOf } from "./promql-model.js";
import type { GeneratorResult, RuleTestCase, RuleTestGenerator } from "./types.js";

const RATIO = sliErrorRecord(BASE_WINDOW).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const SHAPE = new RegExp(`^absent\\(([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^{}]*\\})?)\\) or on \\(\\) absent\\((${RATIO}\\{slo="([^"]+)"\\})\\)$`);

/** The `=` matchers of a selector the generator wrote (`name="value"`, values without escapes), or null when it has others. */
function equalityLabels(selector: string): Record<string, string> | null {
  const body = /\{(.*)\}$/.exec(selector)?.[1];
  if (body === undefined || body === "") return {};
  const labels: Record<string, string> = {};
  for (const part of body.split(", ")) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="([^"\\]*)"$/.exec(part);
    if (!m) return null;
    labels[m[1]!] = m[2]!;
  }
  return labels;
}

/** When the alert fires on each version, the series stopping after its sample at `lastMs`. */
function firingTimes(lastMs: number, evalMs: number, forMs: number, untilMs: number): number[] {
  const samples = samplesOf(
    Array.from({ length: lastMs / 60_000 + 1 }, () => 1),
    60_000,
  );
  return PROMETHEUS_VERSIONS.map((v) => {
    for (let ts = 0; ts <= untilMs; ts += evalMs) {
      // Gone for good: an instant selector sees no sample from here on.
      if (instantValue(samples, ts, v) === null) return ts + Math.ceil(forMs / evalMs) * evalMs;
    }
    return Number.POSITIVE_INFINITY;
  });
}

function generate(alert: ResolvedAlert, model: ResolvedCatalog): GeneratorResult | null {
  const m = SHAPE.exec(alert.expr);
  if (alert.condition.kind !== "expr" || !m || alert.labels.slo !== m[3]) return null;
  const source = m[1]!;
  const ratio = m[2]!;
  const sourceLabels = equalityLabels(source);
  if (!sourceLabels) return { kind: "unsupported", reason: `the source selector ${source} has matchers other than \`=\`` };
  const group = model.ruleGroups.find((g) => g.name === alert.ruleGroup);
  const evalMs = parseDuration(group?.interval ?? "") ?? 0;
  const forMs = parseDuration(alert.for) ?? 0;
  if (evalMs <= 0) return { kind: "unsupported", reason: `rule group ${alert.ruleGroup} without an evaluation interval` };
  // The series stop after their sample at 1m; the lookback (5m) runs out by 6m. Short cases: promtool
  // evaluates every rule of the group at every step of each.
  const lastMs = 60_000;
  const untilMs = lastMs + 600_000 + forMs + 2 * evalMs;
  const fires = firingTimes(lastMs, evalMs, forMs, untilMs);
  const early = Math.min(...fires);
  const late = Math.max(...fires);
  if (!Number.isFinite(late)) return { kind: "unsupported", reason: "the input's absence does not reach the alert's `for` (an obsgen bug: please report it)" };
  const steps = Math.ceil(late / 60_000) + 1;
  const all = (series: string) => ({ series, values: `1+0x${steps}` });
  const stopped = (series: string) => ({ series, values: `1+0x${lastMs / 60_000}` });
  const pending = early - evalMs;
  const checks = (labels: Record<string, string>) => [
    ...(pending > lastMs ? [{ evalTime: formatDuration(pending), alerts: [] }] : []),
    { evalTime: formatDuration(late), alerts: [expectedAlert(alert, labels, 1)] },
  ];
  const slo = m[3]!;
  const cases: RuleTestCase[] = [
    {
      name: `${alert.name}: the source and the recorded ratio both there stay quiet`,
      interval: "1m",
      inputSeries: [all(source), all(ratio)],
      checks: [{ evalTime: formatDuration(late), alerts: [] }],
    },
    {
      name: `${alert.name}: ${source} gone fires after ${alert.for}`,
      interval: "1m",
      inputSeries: [stopped(source), all(ratio)],
      checks: checks(sourceLabels),
    },
    {
      name: `${alert.name}: the recorded ratio gone fires after ${alert.for}`,
      interval: "1m",
      inputSeries: [all(source), stopped(ratio)],
      checks: checks({ slo }),
    },
  ];
  return { kind: "cases", cases };
}

export const sloNoDataTests: RuleTestGenerator = { id: "slo-no-data", generate };
