/**
 * alerts/for: an alert without `for` (or with `for: 0s`) fires on a single evaluation, so one
 * scrape glitch or a restart pages someone.
 */
import { parseDuration } from "../../../model/duration.js";
import { defineRule } from "../../types.js";

export default defineRule({
  meta: {
    id: "alerts/for",
    severity: "warning",
    impact: "risk",
    description: "Alerts hold their condition for a while (`for`) before firing.",
    messages: {
      missing: "alert {{name}} has no `for`: it fires on the first evaluation that matches, so a single bad scrape pages",
      short: "alert {{name}} has `for: {{for}}`, shorter than its group's evaluation interval {{interval}}: it is the same as no `for`",
    },
  },
  rule({ rule, input, report }) {
    if (rule.kind !== "alert") return;
    const forMs = rule.for === null ? 0 : (parseDuration(rule.for) ?? 0);
    if (forMs === 0) {
      report({ messageId: "missing", data: { name: rule.name }, field: "for" });
      return;
    }
    const intervalMs = rule.group.interval ? (parseDuration(rule.group.interval) ?? input.evaluationIntervalMs) : input.evaluationIntervalMs;
    if (forMs < intervalMs) {
      report({ messageId: "short", data: { name: rule.name, for: rule.for!, interval: rule.group.interval ?? "(global)" }, field: "for" });
    }
  },
});
