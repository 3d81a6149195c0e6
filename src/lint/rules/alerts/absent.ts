/**
 * alerts/absent: an alert on `absent()` of scraped series with no `for` (or, with a catalog, a
 * `for` shorter than two scrape intervals) pages for a moment's gap in the data.
 *
 * `absent(x)` is true at the first evaluation where no series of `x` is there, and series go
 * missing for a moment routinely:
 * - a scrape that fails is appended as an empty one, which marks every series the target
 *   exported stale at once (scrape/scrape.go, "A failed scrape is the same as an empty scrape, we
 *   still call sl.append to trigger stale markers", v2.42.0 and v3.14.0), so `absent(x{job="a"})`
 *   is true until the next scrape; `up` and the other series Prometheus writes for every scrape
 *   are written for a failed one too (`up` is 0), so `absent(up{job="a"})` is not, but
 *   `absent(up{job="a"} == 1)` is;
 * - a target that leaves service discovery (a rollout, a rescheduled pod) has its series, `up`
 *   included, marked stale;
 * - after Prometheus was down for longer than the lookback (5 minutes), rule evaluation and the
 *   first scrape start together, and an evaluation before that scrape sees nothing.
 * pint's alerts/absent (v0.87.0, `alerts_absent.go`) asks for a `for` of at least two scrape
 * intervals for the same reasons.
 *
 * It stays silent where a gap that short cannot make `absent()` true: an argument that reads a
 * range (`absent(rate(x[5m]))`: the range still holds the earlier samples), recorded series (a rule's output does
 * not go stale with one failed scrape), `ALERTS` (written by rule evaluation), and
 * `absent_over_time(x[10m])`, whose range is its own `for`. An explicit `for: 0s` is a decision
 * (as for alerts/for). Without a catalog the scrape interval is unknown, so only a missing `for`
 * is reported.
 */
import { parseDuration } from "../../../compat/go/duration.js";
import { type Expr, type FunctionCall, isComparisonOp, selectsSeries } from "../../../promql/ast.js";
import { walk } from "../../../promql/walk.js";
import { PER_SCRAPE_SERIES, RULE_SERIES, selectorName, seriesInfo } from "../../promql-facts.js";
import type { LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

/**
 * The `absent()` calls that decide whether the alert fires: the expression itself, either side of
 * `or`, the left side of `and` / `unless`, the vector side of a comparison or arithmetic with a
 * number, through parentheses.
 */
function firingAbsents(e: Expr): FunctionCall[] {
  while (e.type === "ParenExpr") e = e.expr;
  if (e.type === "FunctionCall") return e.name.name === "absent" ? [e] : [];
  if (e.type !== "BinaryExpr") return [];
  if (e.op === "or") return [...firingAbsents(e.lhs), ...firingAbsents(e.rhs)];
  if (e.op === "and" || e.op === "unless") return firingAbsents(e.lhs);
  if (e.rhs.type === "NumberLiteral") return firingAbsents(e.lhs);
  if (e.lhs.type === "NumberLiteral") return firingAbsents(e.rhs);
  return [];
}

/**
 * How a gap of one scrape makes `absent(arg)` true, or undefined when it cannot or it cannot be
 * told: `stale` when the argument reads scraped series' instant values, `discovery` when it reads
 * only per-scrape series as they are (`up`, which a failed scrape still writes).
 */
function gapCause(arg: Expr, input: LintInput): "stale" | "discovery" | undefined {
  let instant = true;
  let names = 0;
  let perScrapeRaw = true;
  walk(arg, (node, ancestors) => {
    if (node.type === "MatrixSelector" || node.type === "SubqueryExpr") instant = false;
    if (node.type !== "VectorSelector") return;
    const name = selectorName(node);
    const info = name === undefined ? undefined : seriesInfo(name, input);
    // A recording rule's output (`job:x:rate5m`, by the naming convention or recorded in this run)
    // does not go stale with one failed scrape; a selector without a name may read anything.
    if (name === undefined || name.includes(":") || info?.kind === "recorded" || RULE_SERIES.has(name)) instant = false;
    names++;
    // `up` is there for a failed scrape too, with the value 0: only a filter on its value (`up == 1`) empties it.
    if (!PER_SCRAPE_SERIES.has(name ?? "") || ancestors.some(filtersValues)) perScrapeRaw = false;
  });
  if (!instant || names === 0) return undefined;
  return perScrapeRaw ? "discovery" : "stale";
}

/** Whether a node can drop series for their values: a comparison without `bool`, `and`, `unless`, `topk`… */
function filtersValues(e: Expr): boolean {
  if (e.type === "BinaryExpr") return (isComparisonOp(e.op) && !e.bool) || e.op === "and" || e.op === "unless";
  if (e.type === "AggregateExpr") return selectsSeries(e.op);
  return false;
}

const CAUSES = {
  stale:
    "a single failed scrape (which marks every series of its target stale, and sets `up` to 0) makes absent() true until the next scrape, and the alert fires at once",
  discovery:
    "it is true as soon as the target leaves service discovery for a moment (a rollout, a rescheduled pod) or Prometheus starts again after more than 5 minutes down, before its first scrape",
} as const;

export default defineRule({
  meta: {
    id: "alerts/absent",
    severity: "warning",
    impact: "risk",
    description: "Alerts on `absent()` of scraped series hold their condition (`for`) for at least two scrape intervals.",
    messages: {
      missing:
        "alert {{name}} fires on {{call}} with no `for`: {{cause}}; add a `for` of at least two scrape intervals, or write `for: 0s` if firing at once is intended",
      short: "alert {{name}} fires on {{call}} with `for: {{for}}`, less than two scrape intervals ({{needed}}): {{cause}}; make the `for` at least {{needed}}",
    },
  },
  rule({ rule, ast, input, report }) {
    if (rule.kind !== "alert" || !ast) return;
    const forMs = rule.for === null ? undefined : parseDuration(rule.for);
    if (rule.for !== null && (forMs === undefined || forMs === 0)) return;
    const neededMs = 2 * input.scrapeIntervalMs;
    // Without a catalog the scrape interval is Prometheus's default, a guess: only a missing `for` is certain.
    if (forMs !== undefined && (input.catalog === null || forMs >= neededMs)) return;
    for (const call of firingAbsents(ast)) {
      const arg = call.args[0];
      const cause = arg ? gapCause(arg, input) : undefined;
      if (!cause) continue;
      const data = { name: rule.name, call: rule.expr.slice(call.from, call.to), cause: CAUSES[cause] };
      if (forMs === undefined) report({ messageId: "missing", data, span: { from: call.from, to: call.to } });
      else report({ messageId: "short", data: { ...data, for: rule.for!, needed: `${neededMs / 1000}s` }, field: "for" });
      return;
    }
  },
});
