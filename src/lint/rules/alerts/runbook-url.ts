/**
 * alerts/runbook-url: an alert's `runbook_url` leads somewhere. Everywhere, it is a URL (or an
 * absolute path, or a template); for a catalog, it is `<runbooks.baseUrl>/<slug>` naming an alert's
 * page; for rule files linted with a catalog, a link under the catalog's `runbooks.baseUrl` names
 * a page that exists (a renamed or deleted alert leaves such links dangling). A missing
 * `runbook_url` is alerts/annotations' finding, not this rule's: one missing link, one finding.
 */
import { runbookSlug, runbookUrl } from "../../../model/conventions.js";
import type { ResolvedCatalog } from "../../../model/resolved.js";
import { defineRule } from "../../types.js";

/** The page a URL under `baseUrl` names: `<baseUrl>/high-order-latency#steps` -> `high-order-latency`; null when not under it. */
export function pageOf(url: string, baseUrl: string): string | null {
  if (!url.startsWith(`${baseUrl}/`)) return null;
  return url
    .slice(baseUrl.length + 1)
    .replace(/[?#].*$/, "")
    .replace(/\/+$/, "")
    .replace(/\.md$/, "");
}

function pageExists(catalog: ResolvedCatalog, slug: string): boolean {
  return catalog.alerts.some((a) => runbookSlug(a.name) === slug);
}

export default defineRule({
  meta: {
    id: "alerts/runbook-url",
    severity: "warning",
    impact: "bug",
    description: "An alert's `runbook_url` is a URL and, with a catalog, names a generated runbook page (`<runbooks.baseUrl>/<slug>`) of an existing alert.",
    messages: {
      url: "alert {{name}} has a `runbook_url` that is not a URL: {{value}}",
      notGenerated: "alert {{name}} links to {{url}}, which is not a generated runbook page (expected {{expected}})",
      unknownPage: "alert {{name}} links to runbook page `{{page}}`, which obsgen does not generate: no alert of the catalog has that slug",
    },
  },
  rule({ rule, catalog, report }) {
    if (rule.kind !== "alert") return;
    const url = rule.annotations.runbook_url?.trim() ?? "";
    // No link at all is alerts/annotations' finding.
    if (url === "") return;
    const field = "annotations.runbook_url";
    if (!rule.alert && !/^(https?:\/\/\S+|\/\S*|\{\{.*\}\}\S*)$/.test(url)) {
      report({ messageId: "url", data: { name: rule.name, value: rule.annotations.runbook_url! }, field });
      return;
    }
    if (!catalog) return;
    const baseUrl = catalog.runbooks?.baseUrl ?? null;
    if (rule.alert) {
      // Catalog input: the alert must link to a generated page.
      const page = baseUrl === null ? null : pageOf(url, baseUrl);
      if (page === null) {
        const expected = baseUrl === null ? "`runbooks.baseUrl` set and the annotation left to obsgen" : runbookUrl(baseUrl, rule.name);
        report({ messageId: "notGenerated", data: { name: rule.name, url, expected }, field });
      } else if (!pageExists(catalog, page)) {
        report({ messageId: "unknownPage", data: { name: rule.name, page }, field });
      }
      return;
    }
    // A rule file: only links into the catalog's runbooks are checked.
    if (baseUrl === null) return;
    const page = pageOf(url, baseUrl);
    if (page !== null && !pageExists(catalog, page)) report({ messageId: "unknownPage", data: { name: rule.name, page }, field });
  },
});
