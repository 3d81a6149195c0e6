/**
 * alerts/runbook-url: every alert links to a runbook page obsgen generates. For a catalog, each
 * alert has a `runbook_url` of the form `<runbooks.baseUrl>/<slug>` naming an alert's page; for
 * rule files linted with `--catalog`, a `runbook_url` under the catalog's `runbooks.baseUrl`
 * names a page that exists (a renamed or deleted alert leaves such links dangling).
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
    description: "Alerts link to a generated runbook page: `runbook_url` is `<runbooks.baseUrl>/<slug>` of an existing alert.",
    messages: {
      missing: "alert {{name}} has no `runbook_url`: set `runbooks.baseUrl` in the catalog and every alert links to its generated page",
      notGenerated: "alert {{name}} links to {{url}}, which is not a generated runbook page (expected {{expected}})",
      unknownPage: "alert {{name}} links to runbook page `{{page}}`, which obsgen does not generate: no alert of the catalog has that slug",
    },
    needsCatalog: true,
  },
  rule({ rule, catalog, report }) {
    if (rule.kind !== "alert" || !catalog) return;
    const url = rule.annotations.runbook_url?.trim() ?? "";
    const baseUrl = catalog.runbooks?.baseUrl ?? null;
    const field = "annotations.runbook_url";
    if (rule.alert) {
      // Catalog input: the alert must link to a generated page.
      if (url === "") {
        report({ messageId: "missing", data: { name: rule.name }, field: "annotations" });
        return;
      }
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
    if (url === "" || baseUrl === null) return;
    const page = pageOf(url, baseUrl);
    if (page !== null && !pageExists(catalog, page)) report({ messageId: "unknownPage", data: { name: rule.name, page }, field });
  },
});
