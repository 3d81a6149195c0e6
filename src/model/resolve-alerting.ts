/**
 * resolve, runbooks and Alertmanager: the catalog's log queries, each alert's extra runbook
 * panels and inhibitions, and the `alerting` section (receivers, team routes, inhibit rules),
 * checked against the alerts, teams, services and dashboards they refer to.
 */
import type { Priority } from "./authoring.js";
import { type Ctx, err } from "./resolve-context.js";
import type { ResolvedAlert, ResolvedAlerting, ResolvedDashboard, ResolvedInhibitRule, ResolvedLogQuery, ResolvedService } from "./resolved.js";
import type { CatalogSpec } from "./schema.js";
import { compareCodePoints } from "../util/order.js";

const PRIORITIES: readonly Priority[] = ["P0", "P1", "P2"];
const PRIORITY_RANK: Record<Priority, number> = { P0: 0, P1: 1, P2: 2 };

export function resolveLogQueries(ctx: Ctx, catalog: CatalogSpec, services: readonly ResolvedService[]): ResolvedLogQuery[] {
  const known = services.map((s) => s.name);
  const seen = new Set<string>();
  return catalog.logQueries.map((q, i) => {
    const path = `logQueries[${i}]`;
    if (seen.has(q.name))
      err(ctx, "catalog/duplicate-log-query", `${path}.name`, `log query "${q.name}" is declared twice`, "give each log query its own name");
    seen.add(q.name);
    (q.services ?? []).forEach((name, k) => {
      if (!known.includes(name)) {
        err(ctx, "catalog/unknown-service", `${path}.services[${k}]`, `service "${name}" is not declared`, `use one of: ${known.join(", ")}`);
      }
    });
    return {
      name: q.name,
      query: q.query,
      language: q.language,
      services: [...new Set(q.services ?? known)].sort(),
      description: q.description ?? null,
      path,
    };
  });
}

/** Each alert's `runbook.panels` names a panel of some dashboard. */
export function checkRunbookPanels(ctx: Ctx, alerts: readonly ResolvedAlert[], dashboards: readonly ResolvedDashboard[]): void {
  const titles = new Set(dashboards.flatMap((d) => d.rows.flatMap((r) => r.panels.map((p) => p.title))));
  for (const a of alerts) {
    a.runbook.panels.forEach((title, i) => {
      if (!titles.has(title)) {
        err(
          ctx,
          "catalog/unknown-panel",
          `${a.path}.runbook.panels[${i}]`,
          `no dashboard has a panel titled "${title}"`,
          "use the exact title of a panel of `dashboards` (or of a generated dashboard)",
        );
      }
    });
  }
}

/** Each alert's `inhibits` names existing alerts of lower priority than its own. */
export function checkInhibits(ctx: Ctx, alerts: readonly ResolvedAlert[]): void {
  const byName = new Map(alerts.map((a) => [a.name, a]));
  for (const a of alerts) {
    if (!a.inhibits) continue;
    for (const name of a.inhibits.alerts) {
      const path = `${a.path}.inhibits.alerts`;
      const target = byName.get(name);
      if (!target) {
        const near = [...byName.keys()].filter((k) => k.toLowerCase().includes(name.toLowerCase()) || name.toLowerCase().includes(k.toLowerCase()));
        err(
          ctx,
          "catalog/unknown-alert",
          path,
          `alert "${name}" is not declared`,
          near.length ? `did you mean ${near.slice(0, 3).join(" or ")}?` : "name an alert of the catalog",
        );
      } else if (PRIORITY_RANK[target.priority] <= PRIORITY_RANK[a.priority]) {
        err(
          ctx,
          "catalog/inhibit-priority",
          path,
          `${a.name} (${a.priority}) cannot inhibit ${name} (${target.priority}): an alert may only hold back alerts of lower priority`,
          "remove it from `inhibits`: a page must never be hidden by an alert of the same or lower priority",
        );
      }
    }
  }
}

function inhibitRulesOf(catalog: CatalogSpec, alerts: readonly ResolvedAlert[]): ResolvedInhibitRule[] {
  const sorted = <T extends { label: string }>(xs: T[]) => xs.sort((a, b) => compareCodePoints(a.label, b.label));
  const rules: ResolvedInhibitRule[] = (catalog.alerting?.inhibitRules ?? []).map((r, i) => ({
    source: sorted(Object.entries(r.source).map(([label, value]) => ({ label, value }))),
    target: sorted(Object.entries(r.target).map(([label, value]) => ({ label, values: [value] }))),
    equal: r.equal,
    reason: r.reason,
    origin: "catalog",
    path: `alerting.inhibitRules[${i}]`,
  }));
  for (const a of alerts) {
    if (!a.inhibits) continue;
    rules.push({
      source: [{ label: "alertname", value: a.name }],
      target: [{ label: "alertname", values: a.inhibits.alerts }],
      equal: a.inhibits.equal,
      reason: a.inhibits.reason,
      origin: a.name,
      path: `${a.path}.inhibits`,
    });
  }
  return rules;
}

export function resolveAlerting(ctx: Ctx, catalog: CatalogSpec, alerts: readonly ResolvedAlert[]): ResolvedAlerting | null {
  const spec = catalog.alerting;
  if (!spec) return null;
  const receivers = Object.keys(spec.receivers);
  const ref = (name: string, path: string) => {
    if (!receivers.includes(name)) {
      err(
        ctx,
        "catalog/unknown-receiver",
        path,
        `receiver "${name}" is not declared`,
        `declare it under \`alerting.receivers\` or use one of: ${receivers.join(", ")}`,
      );
    }
  };
  ref(spec.defaultReceiver, "alerting.defaultReceiver");
  const teams = Object.entries(spec.teams).map(([team, r]) => {
    const path = `alerting.teams.${team}`;
    if (!catalog.teams.includes(team)) {
      err(ctx, "catalog/unknown-team", path, `team "${team}" is not declared`, `declare it in \`teams\` or use one of: ${catalog.teams.join(", ")}`);
    }
    for (const p of PRIORITIES) ref(r[p], `${path}.${p}`);
    if (r.other) ref(r.other, `${path}.other`);
    return { team, receivers: { P0: r.P0, P1: r.P1, P2: r.P2 }, other: r.other ?? r.P1 };
  });
  const routed = new Set(teams.map((t) => t.team));
  for (const team of [...new Set(alerts.map((a) => a.team))].sort()) {
    if (!routed.has(team)) {
      ctx.diags.push({
        code: "catalog/unrouted-team",
        severity: "warning",
        message: `team "${team}" owns alerts but has no route: its alerts go to the default receiver "${spec.defaultReceiver}"`,
        path: "alerting.teams",
        hint: `add \`${team}: { P0: …, P1: …, P2: … }\` to \`alerting.teams\``,
      });
    }
  }
  return {
    groupBy: spec.groupBy,
    resolveTimeout: spec.resolveTimeout,
    timing: spec.timing,
    receivers: Object.entries(spec.receivers)
      .map(([name, r]) => ({
        name,
        description: r.description ?? null,
        pagerduty: r.pagerduty,
        slack: r.slack,
        path: `alerting.receivers.${name}`,
      }))
      .sort((a, b) => compareCodePoints(a.name, b.name)),
    teams: teams.sort((a, b) => compareCodePoints(a.team, b.team)),
    defaultReceiver: spec.defaultReceiver,
    inhibitRules: inhibitRulesOf(catalog, alerts),
    output: spec.output,
  };
}
