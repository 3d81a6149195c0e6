/**
 * Generated cases of the SLO burn-rate alerts. Their expression reads the recorded error ratios,
 *
 *   (slo:sli_error:ratio_rate1h{slo="x"} > 0.0072 and slo:sli_error:ratio_rate5m{slo="x"} > 0.0072)
 *   or (slo:sli_error:ratio_rate6h{slo="x"} > 0.003 and slo:sli_error:ratio_rate30m{slo="x"} > 0.003)
 *
 * so the cases feed those series directly and prove the multi-window logic: each window pair
 * fires on its own once both windows burn past the threshold and `for` has passed; it is pending
 * before; a long window burning while the short one has recovered stays quiet; an error ratio
 * exactly at the threshold stays quiet. The inputs are constant, sampled every minute from 0, and
 * read by instant selectors at or after their latest sample: every version's lookback sees the
 * same value at every evaluation (checked below).
 */
import { PROMETHEUS_VERSIONS } from "../../compat/prometheus.js";
import { formatDuration, parseDuration } from "../../compat/go/duration.js";
import { formatNumber } from "../../model/numbers.js";
import type { ResolvedAlert, ResolvedCatalog } from "../../model/resolved.js";
import { SLI_ERROR_RECORD_PREFIX } from "../../model/slo-rules.js";
import { expectedAlert } from "./generate.js";
import { expandNotation, instantValue, samplesOf } from "./promql-model.js";
import type { GeneratorResult, RuleTestCase, RuleTestGenerator } from "./types.js";

const PREFIX = SLI_ERROR_RECORD_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const CLAUSE = new RegExp(`\\(${PREFIX}(\\w+)\\{slo="([^"]+)"\\} > ([0-9.e+-]+) and ${PREFIX}(\\w+)\\{slo="\\2"\\} > \\3\\)`, "g");

interface Clause {
  readonly long: string;
  readonly short: string;
  readonly slo: string;
  readonly threshold: number;
  readonly text: string;
}

export function burnClauses(expr: string): Clause[] {
  return [...expr.matchAll(CLAUSE)].map((m) => ({ long: m[1]!, slo: m[2]!, threshold: Number(m[3]), text: m[3]!, short: m[4]! }));
}

function generate(alert: ResolvedAlert, model: ResolvedCatalog): GeneratorResult | null {
  const slo = alert.labels.slo;
  if (alert.condition.kind !== "expr" || !slo) return null;
  const clauses = burnClauses(alert.expr);
  // Only the exact shape the SLO rules emit: clauses joined by `or`, nothing else.
  const rebuilt = clauses
    .map((c) => `(${SLI_ERROR_RECORD_PREFIX}${c.long}{slo="${c.slo}"} > ${c.text} and ${SLI_ERROR_RECORD_PREFIX}${c.short}{slo="${c.slo}"} > ${c.text})`)
    .join(" or ");
  if (clauses.length === 0 || alert.expr !== rebuilt) return null;
  const group = model.ruleGroups.find((g) => g.name === alert.ruleGroup);
  const evalMs = parseDuration(group?.interval ?? "") ?? 0;
  const forMs = parseDuration(alert.for) ?? 0;
  if (evalMs <= 0) return { kind: "unsupported", reason: `rule group ${alert.ruleGroup} without an evaluation interval` };
  // Fire one evaluation after `for` has passed, on a whole minute (the input's step).
  const fireMs = Math.ceil((forMs + 2 * evalMs) / 60_000) * 60_000;
  const samples = fireMs / 60_000 + 2;
  const series = (window: string, value: string) => ({ series: `${SLI_ERROR_RECORD_PREFIX}${window}{slo="${slo}"}`, values: `${value}+0x${samples}` });
  // Every version reads the same value at every evaluation up to the check (lookback edges agree).
  const loaded = samplesOf(expandNotation(1, 0, samples), 60_000);
  for (let ts = 0; ts <= fireMs; ts += evalMs) {
    const seen = PROMETHEUS_VERSIONS.map((v) => instantValue(loaded, ts, v));
    if (!seen.every((x) => x === seen[0])) {
      return { kind: "unsupported", reason: `the recorded ratios read at ${formatDuration(ts)} differ between versions (an obsgen bug: please report it)` };
    }
  }
  const cases: RuleTestCase[] = [];
  for (const c of clauses) {
    // Twice the threshold: a clear burn, printed exactly.
    const burning = Number((c.threshold * 2).toPrecision(12));
    const fired = expectedAlert(alert, { slo }, burning);
    cases.push({
      name: `${alert.name}: the ${c.long}/${c.short} windows burning at ${formatNumber(burning)} fire after ${alert.for}`,
      interval: "1m",
      inputSeries: [series(c.long, formatNumber(burning)), series(c.short, formatNumber(burning))],
      checks: [...(forMs > 0 ? [{ evalTime: "0m", alerts: [] }] : []), { evalTime: formatDuration(fireMs), alerts: [fired] }],
    });
  }
  const first = clauses[0]!;
  const burning = formatNumber(Number((first.threshold * 2).toPrecision(12)));
  cases.push(
    {
      name: `${alert.name}: the ${first.long} window burning while the ${first.short} one has recovered stays quiet`,
      interval: "1m",
      inputSeries: [series(first.long, burning), series(first.short, "0")],
      checks: [{ evalTime: formatDuration(fireMs), alerts: [] }],
    },
    {
      name: `${alert.name}: an error ratio exactly at the threshold ${first.text} stays quiet`,
      interval: "1m",
      inputSeries: [series(first.long, first.text), series(first.short, first.text)],
      checks: [{ evalTime: formatDuration(fireMs), alerts: [] }],
    },
  );
  return { kind: "cases", cases };
}

export const sloBurnTests: RuleTestGenerator = { id: "slo-burn", generate };
