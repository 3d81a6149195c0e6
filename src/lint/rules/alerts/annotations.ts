/**
 * alerts/annotations: an alert that pages someone says what is wrong (`summary`), what it means
 * (`description`) and where to act from (`runbook_url`). It reports a missing annotation only;
 * what a `runbook_url` says (a URL, a generated page) is alerts/runbook-url's, so that one missing
 * link is one finding.
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
      missingRunbook: "alert {{name}} has no `runbook_url`: set `runbooks.baseUrl` in the catalog and every alert links to its generated page",
    },
  },
  rule({ rule, report }) {
    if (rule.kind !== "alert") return;
    for (const a of REQUIRED) {
      const v = rule.annotations[a];
      if (v !== undefined && v.trim() !== "") continue;
      // A catalog alert gets its link from `runbooks.baseUrl`: say so rather than "add one".
      const messageId = a === "runbook_url" && rule.alert ? "missingRunbook" : "missing";
      report({ messageId, data: { name: rule.name, annotation: a }, field: "annotations" });
    }
  },
});
