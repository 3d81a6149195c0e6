/**
 * cardinality/identifier-grouping: a recording rule or alert whose result keeps a label that
 * identifies a user, session, request, trace, span or order (`sum by (user_id) (…)`), so it has a
 * series, or an alert, per identifier.
 *
 * Which labels reach the result is {@link labelBound}'s sound upper bound, which `by (…)` decides
 * without a catalog (`sum by (user_id) (x)` keeps `user_id` whatever `x` is) and a catalog decides
 * for its metrics (`sum without (instance) (x)` keeps `x`'s `user_id`); where it cannot tell, the
 * rule stays silent. So does a result that goes through `topk`, `bottomk`, `limitk` or
 * `limit_ratio`, whose count is bounded. The names are exact (case, `_` and `-` aside): a label
 * named `user` or `account` may well be a tenant, which is a fine thing to group by.
 */
import type { Expr, Named } from "../../../promql/ast.js";
import { walk } from "../../../promql/walk.js";
import { labelBound } from "../../promql-facts.js";
import { defineRule } from "../../types.js";

/** Identifier labels, as the name reads without case, `_` and `-`, with what they identify. */
const IDENTIFIERS: ReadonlyMap<string, string> = new Map([
  ["userid", "user"],
  ["sessionid", "session"],
  ["requestid", "request"],
  ["traceid", "trace"],
  ["spanid", "span"],
  ["orderid", "order"],
  ["clientorderid", "order"],
  ["correlationid", "request"],
  ["transactionid", "transaction"],
  ["uuid", "object"],
]);

/** What an identifier label identifies, or undefined when it is not one. */
export function identifies(label: string): string | undefined {
  return IDENTIFIERS.get(label.toLowerCase().replace(/[_-]/g, ""));
}

/** Whether the result's count is bounded by an aggregation that picks series (`topk(10, …)`). */
function bounded(ast: Expr): boolean {
  let found = false;
  walk(ast, (n) => {
    if (n.type === "AggregateExpr" && ["topk", "bottomk", "limitk", "limit_ratio"].includes(n.op)) found = true;
    return !found;
  });
  return found;
}

/** The first `by (…)` entry naming the label, for the finding's span. */
function groupingEntry(ast: Expr, label: string): Named | undefined {
  let entry: Named | undefined;
  walk(ast, (n) => {
    if (entry) return false;
    if (n.type === "AggregateExpr" && n.grouping?.kind === "by") entry = n.grouping.labels.find((l) => l.name === label);
    return undefined;
  });
  return entry;
}

export default defineRule({
  meta: {
    id: "cardinality/identifier-grouping",
    severity: "warning",
    impact: "cost",
    messageImpacts: { alert: "risk" },
    description: "Recording rules and alerts do not keep a label that identifies a user, session, request, trace or order (`by (user_id)`).",
    messages: {
      record:
        "recording rule {{name}} keeps the label {{label}}, one per {{what}}: it writes a new series for every {{what}} and keeps them all; aggregate it away, or record the per-{{what}} detail in logs or traces",
      alert:
        "alert {{name}} keeps the label {{label}}, one per {{what}}: every {{what}} that crosses the threshold is an alert of its own, and ALERTS gets a series for each; aggregate it away, or count the {{what}}s that cross it (`count(… > x) > n`)",
    },
  },
  rule({ ast, rule, input, report }) {
    if (!ast || (rule.kind !== "record" && rule.kind !== "alert")) return;
    const bound = labelBound(ast, input);
    if (bound === "any" || bounded(ast)) return;
    for (const label of [...bound].sort()) {
      const what = identifies(label);
      if (what === undefined) continue;
      const entry = groupingEntry(ast, label);
      const span = entry ? { from: entry.from, to: entry.to } : { from: ast.from, to: ast.to };
      report({ messageId: rule.kind, data: { name: rule.name, label, what }, span });
    }
  },
});
