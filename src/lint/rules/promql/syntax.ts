/**
 * promql/syntax: the expression parses and type-checks as the targeted Prometheus requires, with
 * the experimental flags given (the errors `promtool check rules` reports). The engine reports
 * these from the PromQL front end's analysis for every targeted version; this module holds the
 * rule's metadata.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/syntax",
    severity: "error",
    impact: "bug",
    description: "Expressions parse and type-check as the targeted Prometheus requires.",
    silenceable: false,
    messages: { invalid: "{{message}}" },
  },
});
