/**
 * alerts/annotations: an alert that pages someone says what is wrong (`summary`), what it means
 * (`description`) and where to act from (`runbook_url`).
 */
import { defineRule } from "../../types.js";

const REQUIRED = ["summary", "description", "runbook_url"] as const;

export default defineRule({
  meta: {
    id: "alerts/annotations",
    severity: "warning",
    impact: "convention",
    description: "Alerts carry `summary`, `description` and `runbook_url` annotations.",
    messages: {
      missing: "alert {{name}} has no `{{annotation}}` annotation",
      url: "alert {{name}} has a `runbook_url` that is not a URL: {{value}}",
    },
  },
  rule({ rule, report }) {
    if (rule.kind !== "alert") return;
    for (const a of REQUIRED) {
      const v = rule.annotations[a];
      if (v === undefined || v.trim() === "") report({ messageId: "missing", data: { name: rule.name, annotation: a }, field: "annotations" });
    }
    const url = rule.annotations.runbook_url;
    if (url && !/^(https?:\/\/\S+|\/\S*|\{\{.*\}\}\S*)$/.test(url.trim())) {
      report({ messageId: "url", data: { name: rule.name, value: url }, field: "annotations.runbook_url" });
    }
  },
});
