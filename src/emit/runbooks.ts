/**
 * Runbooks: `runbooks/<slug>.md`, one page per alert, and `runbooks/README.md`, the index grouped
 * by priority and service. They are generated from the same model as the alerting rules, so the
 * query, threshold and link in a runbook cannot drift from the alert that points at it (its
 * `runbook_url` is `<runbooks.baseUrl>/<slug>`).
 */
import type { Priority } from "../model/authoring.js";
import { generatedHeader, RESPONSE_OF_PRIORITY, RUNBOOK_INDEX_PATH, runbookFilePath } from "../model/conventions.js";
import type { ResolvedAlert, ResolvedCatalog } from "../model/resolved.js";
import { codeSpan, comment, escapeParagraphs, escapeText, heading, table } from "./runbooks/markdown.js";
import { pageLink, runbookPage } from "./runbooks/page.js";
import type { EmittedFile } from "./serialize.js";
import { compareCodePoints } from "../util/order.js";
import type { Emitter } from "./emitter.js";

const PRIORITIES: readonly Priority[] = ["P0", "P1", "P2"];

/** Sections of one priority: each service's alerts (by service name), then each shared group's. */
function owners(alerts: readonly ResolvedAlert[]): { title: string; alerts: ResolvedAlert[] }[] {
  const byKey = new Map<string, { title: string; alerts: ResolvedAlert[] }>();
  for (const a of alerts) {
    const key = a.service ? `0 ${a.service}` : `1 ${a.group ?? ""}`;
    const title = a.service ?? `${a.group ?? "shared"} metrics (every service exposing them)`;
    const entry = byKey.get(key) ?? { title, alerts: [] };
    entry.alerts.push(a);
    byKey.set(key, entry);
  }
  return [...byKey.entries()].sort(([a], [b]) => compareCodePoints(a, b)).map(([, v]) => v);
}

export function runbookIndex(model: ResolvedCatalog): string {
  const parts = [
    comment(generatedHeader(model.name)),
    heading(1, `Runbooks of the ${model.name} catalog`),
    escapeParagraphs(
      `One page per alert, generated from the catalog that generates the alerting rules: ${model.alerts.length} alerts. ` +
        "Each page gives the alert's condition, its response time, the steps to follow, log queries, dashboard panels and escalation.",
    ),
  ];
  if (model.runbooks) {
    parts.push(
      `${escapeText("Each alert's runbook_url points at")} ${codeSpan(`${model.runbooks.baseUrl}/<slug>`)}${escapeText(": serve this folder there.")}`,
    );
  }
  for (const p of PRIORITIES) {
    const alerts = model.alerts.filter((a) => a.priority === p);
    if (!alerts.length) continue;
    parts.push(heading(2, `${p}: ${RESPONSE_OF_PRIORITY[p].title}`));
    for (const o of owners(alerts)) {
      parts.push(heading(3, o.title));
      parts.push(
        table(
          ["Alert", "Severity", "Team", "Summary", "First action"],
          [...o.alerts]
            .sort((a, b) => compareCodePoints(a.name, b.name))
            .map((a) => [
              pageLink(a.name),
              codeSpan(a.severity, { table: true }),
              escapeText(a.team, { table: true }),
              escapeText(a.summary, { table: true }),
              escapeText(a.action, { table: true }),
            ]),
        ),
      );
    }
  }
  if (model.logQueries.length) {
    parts.push(heading(2, "Log queries"));
    parts.push(
      table(
        ["Query", "Services", "Search"],
        model.logQueries.map((q) => [
          escapeText(q.name, { table: true }),
          escapeText(q.services.join(", "), { table: true }),
          codeSpan(q.query, { table: true }),
        ]),
      ),
    );
  }
  return `${parts.join("\n\n")}\n`;
}

export function emitRunbooks(model: ResolvedCatalog): EmittedFile[] {
  return [
    { path: RUNBOOK_INDEX_PATH, contents: runbookIndex(model) },
    ...model.alerts.map((a) => ({ path: runbookFilePath(a.name), contents: runbookPage(model, a) })),
  ];
}

export const runbooksEmitter: Emitter = {
  id: "runbooks",
  description: "one runbook page per alert and their index (runbooks/)",
  enabledWhen: "always",
  emit: emitRunbooks,
};
