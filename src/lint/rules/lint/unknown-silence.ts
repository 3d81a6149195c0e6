/**
 * lint/unknown-silence: a silence must name an existing rule and give a reason; a typo in the
 * rule id would otherwise silence nothing, silently.
 */
import type { ResolvedSilence } from "../../../model/resolved.js";
import { RULES_BY_ID } from "../../registry.js";
import { defineRule } from "../../types.js";

function problem(s: ResolvedSilence): { messageId: string; data: Record<string, string> } | undefined {
  if (!RULES_BY_ID.has(s.rule)) return { messageId: "unknown", data: { rule: s.rule } };
  if (s.reason.trim() === "") return { messageId: "reason", data: { rule: s.rule } };
  return undefined;
}

export default defineRule({
  meta: {
    id: "lint/unknown-silence",
    severity: "error",
    impact: "bug",
    description: "Silences name an existing lint rule and say why.",
    silenceable: false,
    messages: {
      unknown: "silence names unknown lint rule \"{{rule}}\" (see `obsgen lint --list-rules`)",
      reason: "silence of \"{{rule}}\" gives no reason; say why the finding is deliberate",
    },
  },
  group({ group, report }) {
    for (const rule of group.rules) {
      for (const s of rule.silences) {
        const p = problem(s);
        if (p) report(rule, { ...p, field: "silence" });
      }
    }
  },
  metric({ metric, report }) {
    for (const s of metric.silence) {
      const p = problem(s);
      if (p) report({ ...p, field: "silence" });
    }
  },
});
