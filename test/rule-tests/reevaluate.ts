/**
 * Emitted promtool test files read back and re-evaluated with the rule-test evaluator under each
 * modelled Prometheus version: what the tests expect must be what every version computes.
 */
import yaml from "js-yaml";
import { evaluateCondition } from "../../src/emit/rule-tests/evaluate.js";
import type { Labels, SeriesData } from "../../src/emit/rule-tests/promql-model.js";
import { parseDuration } from "../../src/compat/go/duration.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";

/** `name{a="x", b="y"}` → labels with `__name__` (the generated series' values need no escapes). */
export function parseSeries(text: string): Labels {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/.exec(text)!;
  const labels: Record<string, string> = { __name__: m[1]! };
  for (const pair of (m[2] ?? "").matchAll(/([a-zA-Z_]\w*)="([^"]*)"/g)) labels[pair[1]!] = pair[2]!;
  return labels;
}

/** promtool's input notation, as its series parser reads it: `_`, numbers, `a+bxn` / `a-bxn`. */
export function parseValues(values: string, intervalMs: number): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  let i = 0;
  for (const token of values.trim().split(/\s+/)) {
    const m = /^(-?[\d.e+]+|-?Inf|NaN)([+-][\d.e+]+)x(\d+)$/.exec(token);
    if (token === "_") i++;
    else if (m) {
      let k = Number(m[1]);
      const inc = Number(m[2]);
      for (let j = 0; j <= Number(m[3]); j++, k += inc) out.push({ t: i++ * intervalMs, v: k });
    } else out.push({ t: i++ * intervalMs, v: Number(token) });
  }
  return out;
}

/**
 * Re-evaluates every check of emitted test files from their input series, at every evaluation
 * up to the check (the alert's `for` depends on them all), with 2.42's and 3's arithmetic: the
 * checks (`alertname@eval_time`) where the two differ.
 */
export function disagreements(model: ResolvedCatalog, files: readonly { path: string; contents: string }[]): { checked: number; differences: string[] } {
  const differences: string[] = [];
  let checked = 0;
  for (const f of files) {
    const doc = yaml.load(f.contents) as {
      evaluation_interval: string;
      tests: { interval: string; input_series: { series: string; values: string }[]; alert_rule_test: { eval_time: string; alertname: string }[] }[];
    };
    const evalMs = parseDuration(doc.evaluation_interval)!;
    for (const group of doc.tests) {
      const data: SeriesData[] = group.input_series.map((s) => ({
        labels: parseSeries(s.series),
        samples: parseValues(s.values, parseDuration(group.interval)!),
      }));
      for (const check of group.alert_rule_test) {
        const alert = model.alerts.find((a) => a.name === check.alertname)!;
        const cond = alert.condition;
        if (cond.kind === "expr") continue;
        const type = model.metrics.find((m) => m.name === cond.metric)!.type;
        const at = parseDuration(check.eval_time)!;
        for (let ts = 0; ts <= at; ts += evalMs) {
          const [a, b] = (["2.42", "3"] as const).map((v) => JSON.stringify(evaluateCondition(cond, type, data, ts, v, model.prometheus.versions)));
          if (a !== b) {
            differences.push(`${f.path}: ${check.alertname}@${check.eval_time}, at ${ts / 1000}s: ${a} vs ${b}`);
            break;
          }
        }
        checked++;
      }
    }
  }
  return { checked, differences };
}
