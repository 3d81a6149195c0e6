/**
 * naming/snake-case: metric and label names are lower snake_case (promtool check metrics:
 * "metric names should be written in 'snake_case' not 'camelCase'"), and exposed metric names
 * hold no colons, which are reserved for recording rules.
 */
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "naming/snake-case",
    severity: "warning",
    impact: "convention",
    description: "Metric and label names are lower snake_case; colons are left to recording rules.",
    messages: {
      metric: "metric name {{name}} is not snake_case; write it as {{suggestion}}",
      label: "label name {{label}} of {{name}} is not snake_case; write it as {{suggestion}}",
      colon: "metric name {{name}} contains `:`, which Prometheus reserves for recording rules",
    },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
    if (metric.name.includes(":")) report({ messageId: "colon", data: { name: metric.name } });
    else if (/[A-Z]/.test(metric.name)) report({ messageId: "metric", data: { name: metric.name, suggestion: snake(metric.name) } });
    for (const l of metric.labels) {
      if (/[A-Z]/.test(l.name)) report({ messageId: "label", data: { name: metric.name, label: l.name, suggestion: snake(l.name) } });
    }
  },
});
