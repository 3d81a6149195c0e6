/**
 * promql/syntax: the expression parses and type-checks as Prometheus 2.42 requires (the errors
 * `promtool check rules` reports). The engine reports these from the PromQL front end's analysis;
 * this module holds the rule's metadata.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "promql/syntax",
    severity: "error",
    description: "Expressions parse and type-check as Prometheus 2.42 requires.",
    silenceable: false,
    messages: { invalid: "{{message}}" },
  },
});
