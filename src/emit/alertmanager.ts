/**
 * `alertmanager/alertmanager.yml`: the routing tree, receivers and inhibit rules of the catalog's
 * `alerting` section, in the fields Alertmanager 0.25 accepts (`amtool check-config`).
 *
 * Routing (spec section 4): one route per team (`team="…"`), and under it one route per
 * priority, matched on the severity word the catalog gives the priority (`severities`: P0
 * `critical`, …), with that priority's timing. A team's alerts with another severity go to the
 * team route's own receiver; alerts of a team without a route, to the root's default receiver.
 *
 * With `alerting.output: "fragment"` the build writes `alertmanager/routes.yml` instead: the same
 * routes under one route scoped to the catalog's teams, its receivers and inhibit rules (scoped
 * the same way), for `obsgen alertmanager merge` to put into an Alertmanager shared with others.
 *
 * Secrets never appear: PagerDuty routing keys and Slack webhook URLs are `*_file` references
 * that Alertmanager reads when it sends (https://prometheus.io/docs/alerting/0.25/configuration/).
 */
import type { Priority } from "../model/authoring.js";
import { ALERTMANAGER_CONFIG_PATH, ALERTMANAGER_FRAGMENT_PATH, generatedHeader } from "../model/conventions.js";
import { promqlString, regexEscape } from "../model/promql-builder.js";
import type { ResolvedAlerting, ResolvedCatalog, ResolvedInhibitRule, ResolvedReceiver, ResolvedTiming } from "../model/resolved.js";
import { type EmittedFile, toYaml } from "./serialize.js";
import type { Emitter } from "./emitter.js";

const PRIORITIES: readonly Priority[] = ["P0", "P1", "P2"];

/**
 * The root route (and so a team's alerts of another severity, and unrouted teams) uses the P1
 * timing: such alerts still reach someone within minutes and repeat every quarter hour.
 */
const ROOT_TIMING: Priority = "P1";

/** An Alertmanager matcher string: `team="trading"`, or `alertname=~"A|B"` for several values. */
export function amMatcher(label: string, values: readonly string[]): string {
  return values.length === 1 ? `${label}=${promqlString(values[0]!)}` : `${label}=~${promqlString(values.map(regexEscape).join("|"))}`;
}

function timingFields(t: ResolvedTiming) {
  return { group_wait: t.groupWait, group_interval: t.groupInterval, repeat_interval: t.repeatInterval };
}

/** Where an alert with these labels goes, as the emitted routing tree decides it. */
export function routeOf(
  alerting: ResolvedAlerting,
  severities: Readonly<Record<Priority, string>>,
  labels: Readonly<Record<string, string>>,
): { readonly receiver: string; readonly priority: Priority | null; readonly timing: ResolvedTiming } {
  const team = alerting.teams.find((t) => t.team === labels.team);
  if (!team) return { receiver: alerting.defaultReceiver, priority: null, timing: alerting.timing[ROOT_TIMING] };
  const priority = PRIORITIES.find((p) => severities[p] === labels.severity) ?? null;
  if (!priority) return { receiver: team.other, priority: null, timing: alerting.timing[ROOT_TIMING] };
  return { receiver: team.receivers[priority], priority, timing: alerting.timing[priority] };
}

// Notification texts. Alertmanager fills them from the alerts of one group (same alertname and
// service): the first alert's annotations name the runbook, shared by the whole group.
const RUNBOOK = "{{ (index .Alerts 0).Annotations.runbook_url }}";
const SLACK_TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] ' +
  "{{ .CommonLabels.priority }} {{ .CommonLabels.alertname }}{{ if .CommonLabels.service }} ({{ .CommonLabels.service }}){{ end }}";
const SLACK_TEXT =
  "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n" +
  "Action: {{ .Annotations.action }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}";
/** PagerDuty's Events API v2 knows critical, error, warning and info: P0 is critical, P1 error, the rest warning. */
function pagerdutySeverity(severities: Readonly<Record<Priority, string>>): string {
  return (
    `{{ if eq .CommonLabels.severity ${goString(severities.P0)} }}critical` +
    `{{ else if eq .CommonLabels.severity ${goString(severities.P1)} }}error{{ else }}warning{{ end }}`
  );
}
const PAGERDUTY_DESCRIPTION = "{{ .CommonLabels.alertname }}: {{ (index .Alerts 0).Annotations.summary }}";

/** A Go template string literal; the words are lower-case letters (`severities`), so quoting is all it needs. */
function goString(word: string): string {
  return JSON.stringify(word);
}

/** The notification texts of a catalog with these severity words. */
export function notificationTemplates(severities: Readonly<Record<Priority, string>>) {
  return { SLACK_TITLE, SLACK_TEXT, PAGERDUTY_SEVERITY: pagerdutySeverity(severities), PAGERDUTY_DESCRIPTION, RUNBOOK } as const;
}

function receiver(r: ResolvedReceiver, severities: Readonly<Record<Priority, string>>) {
  return {
    name: r.name,
    ...(r.pagerduty.length
      ? {
          pagerduty_configs: r.pagerduty.map((p) => ({
            routing_key_file: p.routingKeyFile,
            send_resolved: true,
            severity: pagerdutySeverity(severities),
            description: PAGERDUTY_DESCRIPTION,
            links: [{ href: RUNBOOK, text: "Runbook" }],
          })),
        }
      : {}),
    ...(r.slack.length
      ? {
          slack_configs: r.slack.map((s) => ({
            api_url_file: s.apiUrlFile,
            channel: s.channel,
            send_resolved: true,
            title: SLACK_TITLE,
            title_link: RUNBOOK,
            text: SLACK_TEXT,
          })),
        }
      : {}),
  };
}

function inhibitRule(r: ResolvedInhibitRule, scope: readonly string[] = []) {
  return {
    source_matchers: [...scope, ...r.source.map((m) => amMatcher(m.label, [m.value]))],
    target_matchers: [...scope, ...r.target.map((m) => amMatcher(m.label, m.values))],
    ...(r.equal.length ? { equal: r.equal } : {}),
  };
}

/** One route per team, and under it one per priority, matched on the priority's severity word. */
function teamRoutes(alerting: ResolvedAlerting, severities: Readonly<Record<Priority, string>>) {
  return alerting.teams.map((t) => ({
    matchers: [amMatcher("team", [t.team])],
    receiver: t.other,
    routes: PRIORITIES.map((p) => ({
      matchers: [amMatcher("severity", [severities[p]])],
      receiver: t.receivers[p],
      ...timingFields(alerting.timing[p]),
    })),
  }));
}

export function alertmanagerConfig(alerting: ResolvedAlerting, severities: Readonly<Record<Priority, string>>): unknown {
  return {
    global: { resolve_timeout: alerting.resolveTimeout },
    route: {
      receiver: alerting.defaultReceiver,
      group_by: alerting.groupBy,
      ...timingFields(alerting.timing[ROOT_TIMING]),
      routes: teamRoutes(alerting, severities),
    },
    ...(alerting.inhibitRules.length ? { inhibit_rules: alerting.inhibitRules.map((r) => inhibitRule(r)) } : {}),
    receivers: alerting.receivers.map((r) => receiver(r, severities)),
  };
}

/**
 * The matcher that keeps the catalog's part of a shared Alertmanager to the catalog's alerts:
 * every alert the catalog's rules fire carries `team` with one of the catalog's teams. Another
 * team's alerts (kube-prometheus's own carry no `team`) pass it by, and the team routes under it
 * see only the catalog's teams.
 */
export function fragmentScope(teams: readonly string[]): string {
  return amMatcher("team", [...teams].sort());
}

export interface AlertmanagerFragment {
  /** One route, scoped to the catalog's teams, holding the team routes: for the root route's `routes`. */
  readonly routes: readonly unknown[];
  readonly receivers: readonly { readonly name: string }[];
  readonly inhibit_rules: readonly unknown[];
}

/**
 * The catalog's routes, receivers and inhibit rules, for an Alertmanager whose root route,
 * `global` and other routes belong to someone else. The scoping route carries the catalog's
 * `groupBy` and root timing itself, so the host's root (kube-prometheus groups by `namespace`)
 * does not decide how the catalog's alerts are grouped; its receiver is the catalog's default, for
 * the alerts of a catalog team without a route. It does not `continue`: the catalog's alerts stop
 * there, so the host's catch-all does not notify about them a second time. Each inhibit rule
 * matches the scope on both sides, so it neither holds back nor is started by another team's
 * alerts that happen to share an alert name or a `priority` label.
 */
export function alertmanagerFragment(
  alerting: ResolvedAlerting,
  severities: Readonly<Record<Priority, string>>,
  teams: readonly string[],
): AlertmanagerFragment {
  const scope = fragmentScope(teams);
  return {
    routes: [
      {
        matchers: [scope],
        receiver: alerting.defaultReceiver,
        group_by: alerting.groupBy,
        ...timingFields(alerting.timing[ROOT_TIMING]),
        routes: teamRoutes(alerting, severities),
      },
    ],
    receivers: alerting.receivers.map((r) => receiver(r, severities)),
    inhibit_rules: alerting.inhibitRules.map((r) => inhibitRule(r, [scope])),
  };
}

const FRAGMENT_NOTE =
  "A fragment, not a whole configuration: `obsgen alertmanager merge <alertmanager.yml>` puts its routes first under the root route, adds its receivers and inhibit rules (docs/alertmanager.md).";

export function emitAlertmanager(model: ResolvedCatalog): EmittedFile[] {
  if (!model.alerting) return [];
  if (model.alerting.output === "fragment") {
    const contents = toYaml(alertmanagerFragment(model.alerting, model.severities, model.teams), generatedHeader(model.name));
    return [{ path: ALERTMANAGER_FRAGMENT_PATH, contents: contents.replace("\n", `\n# ${FRAGMENT_NOTE}\n`) }];
  }
  return [{ path: ALERTMANAGER_CONFIG_PATH, contents: toYaml(alertmanagerConfig(model.alerting, model.severities), generatedHeader(model.name)) }];
}

export const alertmanagerEmitter: Emitter = {
  id: "alertmanager",
  description:
    "Alertmanager's routing tree, receivers and inhibit rules (alertmanager/alertmanager.yml, or alertmanager/routes.yml to merge into a shared Alertmanager)",
  enabledWhen: "always",
  emit: emitAlertmanager,
};
