/**
 * One alert's runbook page: what fired and why it matters, the exact condition, severity and
 * response time, the first action, the step-by-step response, log queries, dashboard panels,
 * escalation and inhibitions. Hand-written parts (steps, notes, escalation) come from the
 * catalog as Markdown; everything else is generated from the model and escaped.
 */
import { RESPONSE_OF_PRIORITY, generatedHeader, runbookFileName } from "../../model/conventions.js";
import type { ResolvedAlert, ResolvedCatalog } from "../../model/resolved.js";
import { routeOf } from "../alertmanager.js";
import { describeCondition, parameterExpression, thresholdParameters, withUnit } from "./describe.js";
import { bulletList, codeBlock, codeSpan, comment, escapeParagraphs, escapeText, heading, link, orderedList } from "./markdown.js";
import { alertServices, firingAlertsQuery, logQueriesFor, metricQuery, panelLinks, queryWindow, relatedMetrics, serviceLabelOf } from "./related.js";

/** `[Name](name.md)`: a link to another alert's page. */
export function pageLink(alertName: string): string {
  return link(alertName, runbookFileName(alertName));
}

/** Where the alert belongs, in words: `service risk-manager`, or `system metrics (every service)`. */
function ownerText(model: ResolvedCatalog, alert: ResolvedAlert): string {
  if (alert.service) return `service ${alert.service}`;
  return `${alert.group ?? "shared"} metrics of ${alertServices(model, alert).join(", ")}`;
}

function whatFired(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const out = [heading(2, "What fired"), `**Summary:** ${escapeText(alert.summary)}`, `**Description:** ${escapeText(alert.description)}`];
  if (/\{\{/.test(alert.summary + alert.description)) {
    out.push(escapeText("Placeholders in {{ … }} are filled in by Prometheus with the firing series' value and labels."));
  }
  out.push(heading(3, "Why it matters"));
  const items = model.metrics
    .filter((m) => alert.metrics.includes(m.name))
    .map((m) => {
      const unit = m.unit === "none" ? "" : `, ${m.unit.replace(/_/g, " ")}`;
      return `${codeSpan(m.name)} (${m.type}${escapeText(unit)}): ${escapeText(m.help)}${m.notes ? ` ${escapeText(m.notes)}` : ""}`;
    });
  if (alert.source) items.push(`Defined by: ${escapeText(alert.source)}`);
  out.push(bulletList(items));
  return out;
}

function condition(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const facts = describeCondition(model, alert);
  const group = model.ruleGroups.find((g) => g.name === alert.ruleGroup);
  const items = [`**Fires when:** ${facts.threshold ? `${facts.measure} is ${facts.threshold}` : facts.measure}`];
  for (const p of thresholdParameters(model, alert)) {
    const factor = alert.condition.threshold?.param?.factor ?? 1;
    items.push(
      `**Parameter:** ${codeSpan(p.name)} defaults to ${escapeText(withUnit(p.default, p.unit))}` +
        (factor === 1 ? "" : escapeText(`; the threshold is ${parameterExpression({ name: p.name, factor })}`)) +
        `: ${escapeText(p.description)}`,
    );
  }
  const window = facts.window ?? (alert.condition.kind === "expr" ? "as written in the expression" : "none (the current value)");
  items.push(`**Window:** ${escapeText(window)}`);
  items.push(
    `**For:** ${escapeText(alert.for)} ${escapeText(
      alert.for === "0s" ? "(fires at the first evaluation that matches)" : "(the condition must hold this long before the alert fires)",
    )}`,
  );
  if (group) items.push(`**Evaluated:** every ${escapeText(group.interval)}, in rule group ${codeSpan(group.name)}`);
  if (facts.method) items.push(`**How it is computed:** ${facts.method}`);
  return [heading(2, "Condition"), codeBlock(alert.expr, "promql"), bulletList(items)];
}

function severity(alert: ResolvedAlert): string[] {
  const r = RESPONSE_OF_PRIORITY[alert.priority];
  return [
    heading(2, "Severity and response time"),
    bulletList([
      `**Priority:** ${escapeText(`${alert.priority}, ${r.title}`)}`,
      `**Severity:** ${codeSpan(alert.severity)}`,
      `**Respond:** ${escapeText(r.when)}`,
    ]),
  ];
}

function generatedSteps(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const window = queryWindow(alert);
  const label = serviceLabelOf(model, alert);
  const scope = alert.service ?? `the ${alert.group ?? "shared"} metrics`;
  const of = alert.service ? "of" : "on";
  const steps = [
    "Confirm what fires: run the query under Condition in Prometheus to see which series match now, and open the panels under Dashboards for the trend.",
    `Check which other alerts ${of} ${escapeText(scope)} are firing now:\n\n${codeBlock(firingAlertsQuery(model, alert), "promql")}`,
  ];
  const related = relatedMetrics(model, alert);
  if (related.length) {
    const items = related.map((m) => {
      const q = metricQuery(m, label, window);
      return `${codeSpan(m.name)}: ${escapeText(m.help)} (${escapeText(q.what)})\n\n${codeBlock(q.expr, "promql")}`;
    });
    steps.push(`Check the related metrics ${of} ${escapeText(scope)}:\n\n${bulletList(items)}`);
  }
  if (logQueriesFor(model, alert).length) steps.push("Search the logs with the queries under Logs.");
  steps.push(`Take the first action: ${escapeText(alert.action)}`);
  steps.push("If that does not resolve it, escalate as under Escalation.");
  return steps;
}

function response(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const own = alert.runbook.steps.length > 0;
  return [
    heading(2, "Response"),
    ...(own ? [] : [escapeText("Steps built from the catalog (the alert has no hand-written steps):")]),
    orderedList(own ? alert.runbook.steps : generatedSteps(model, alert)),
  ];
}

function logs(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const queries = logQueriesFor(model, alert);
  if (!queries.length) return [];
  const out = [heading(2, "Logs")];
  for (const q of queries) {
    out.push(heading(3, q.name));
    if (q.description) out.push(escapeParagraphs(q.description));
    out.push(codeBlock(q.query, q.language));
  }
  return out;
}

function dashboards(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const links = panelLinks(model, alert);
  const why = { named: " (named by the runbook)", alert: " (shows this alert's threshold)", metric: "" } as const;
  // escapeText trims: the separating space stays outside it.
  return [
    heading(2, "Dashboards"),
    links.length
      ? bulletList(links.map((l) => `${link(`${l.dashboard} › ${l.panel}`, l.url)}${why[l.why] ? ` ${escapeText(why[l.why])}` : ""}`))
      : escapeText("No dashboard panel shows this alert's metrics."),
  ];
}

function escalation(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const r = RESPONSE_OF_PRIORITY[alert.priority];
  const items = [`**Who:** team ${codeSpan(alert.team)}, which owns the alert`, `**When:** ${escapeText(`${r.when} (${alert.priority}: ${r.title})`)}`];
  if (model.alerting) {
    const route = routeOf(model.alerting, model.severities, alert.labels);
    const recv = model.alerting.receivers.find((x) => x.name === route.receiver);
    const via = [...(recv?.pagerduty.length ? ["PagerDuty"] : []), ...(recv?.slack.map((s) => `Slack ${s.channel}`) ?? [])];
    items.push(
      `**Notified through:** Alertmanager receiver ${codeSpan(route.receiver)} ` +
        escapeText(
          `${via.length ? `(${via.join(", ")}), ` : ""}first after ${route.timing.groupWait}, ` +
            `repeated every ${route.timing.repeatInterval} while it fires`,
        ),
    );
  }
  const out = [heading(2, "Escalation"), bulletList(items)];
  if (alert.runbook.escalation) out.push(alert.runbook.escalation.trim());
  return out;
}

function inhibition(model: ResolvedCatalog, alert: ResolvedAlert): string[] {
  const items: string[] = [];
  if (alert.inhibits) {
    items.push(`While this alert fires, Alertmanager holds back ${alert.inhibits.alerts.map(pageLink).join(", ")}: ${escapeText(alert.inhibits.reason)}`);
  }
  for (const a of model.alerts) {
    if (a.inhibits?.alerts.includes(alert.name)) {
      items.push(`Held back while ${pageLink(a.name)} fires: ${escapeText(a.inhibits.reason)}`);
    }
  }
  return items.length ? [heading(2, "Inhibition"), bulletList(items)] : [];
}

export function runbookPage(model: ResolvedCatalog, alert: ResolvedAlert): string {
  const r = RESPONSE_OF_PRIORITY[alert.priority];
  const parts = [
    comment(generatedHeader(model.name)),
    heading(1, alert.name),
    `**${alert.priority}** ${escapeText(`· ${r.title} · team ${alert.team} · ${ownerText(model, alert)}`)} · ${link("all runbooks", "README.md")}`,
    ...whatFired(model, alert),
    ...condition(model, alert),
    ...severity(alert),
    heading(2, "First action"),
    escapeParagraphs(alert.action),
    ...response(model, alert),
    ...logs(model, alert),
    ...dashboards(model, alert),
    ...escalation(model, alert),
    ...inhibition(model, alert),
    ...(alert.runbook.notes ? [heading(2, "Notes"), alert.runbook.notes.trim()] : []),
    "---",
    escapeText(`Generated from ${alert.path}${alert.source ? ` (${alert.source})` : ""}.`),
  ];
  return `${parts.join("\n\n")}\n`;
}
