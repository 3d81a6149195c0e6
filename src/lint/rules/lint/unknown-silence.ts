/**
 * lint/unknown-silence: a silence must name an existing rule and give a reason; a typo in the
 * rule id would otherwise silence nothing, silently. The same holds for a file's
 * `# obsgen-disable-file` comments, which are also reported when they silence nothing (the engine
 * knows which silences were used, and reports `unused` itself).
 */
import type { ResolvedSilence } from "../../../model/resolved.js";
import { fileSilenceLists } from "../../silence.js";
import { defineRule } from "../../types.js";

function problem(s: ResolvedSilence, ruleIds: ReadonlySet<string>): { messageId: string; data: Record<string, string> } | undefined {
  if (!ruleIds.has(s.rule)) return { messageId: "unknown", data: { rule: s.rule } };
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
      unknown: 'silence names unknown lint rule "{{rule}}" (see `obsgen lint --list-rules`)',
      reason: 'silence of "{{rule}}" gives no reason; say why the finding is deliberate',
      unused: "`# obsgen-disable-file {{rule}}` silences nothing in this file: remove it, or it hides the rule's next finding in the whole file",
    },
    messageImpacts: { unused: "risk" },
    // A stale silence hides nothing yet: worth removing, not worth failing a build over.
    messageSeverities: { unused: "warning" },
  },
  group({ group, report, ruleIds }) {
    for (const rule of group.rules) {
      for (const s of rule.silences) {
        const p = problem(s, ruleIds);
        if (p) report(rule, { ...p, field: "silence" });
      }
    }
  },
  all({ input, report, ruleIds }) {
    // Reported on the file's first rule, at the comment's position.
    for (const { list, anchor } of fileSilenceLists(input)) {
      for (const s of list) {
        const p = problem(s, ruleIds);
        if (p) report(anchor, { ...p, field: "silence", at: s.position });
      }
    }
  },
  metric({ metric, report, ruleIds }) {
    for (const s of metric.silence) {
      const p = problem(s, ruleIds);
      if (p) report({ ...p, field: "silence" });
    }
  },
});
