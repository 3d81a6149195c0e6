/**
 * naming/type-in-name: the metric type is metadata, not part of the name (promtool check metrics:
 * "metric name should not include type '…'").
 */
import { defineRule } from "../../types.js";

const TYPE_WORDS = ["counter", "gauge", "histogram", "summary", "untyped"];

export default defineRule({
  meta: {
    id: "naming/type-in-name",
    severity: "warning",
    impact: "convention",
    description: "Metric names do not repeat their type (`_counter`, `_gauge`, `_histogram`).",
    messages: { type: "{{name}} includes the type word `{{word}}`; the type is metadata, drop it from the name" },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    const word = metric.name.split(/[_:]/).find((p) => TYPE_WORDS.includes(p.toLowerCase()));
    if (word) report({ messageId: "type", data: { name: metric.name, word } });
  },
});
