/**
 * `alertmanager/alertmanager.yml`: the routing tree, receivers and inhibit rules of the catalog's
 * `alerting` section, in the fields Alertmanager 0.25 accepts (`amtool check-config`).
 *
 * Routing (spec section 4): one route per team (`team="…"`), and under it one route per
 * priority, matched on the severity word the catalog gives the priority (`severities`: P0
 * `critical`, …), with that priority's timing. A team's alerts with another severity go to the
 * team route's own receiver; alerts of a team without a route, to the root's default receiver.
 *
 * Secrets never appear: PagerDuty routing keys and Slack webhook URLs are `*_file` references
 * that Alertmanager reads when it sends (https://prometheus.io/docs/alerting/0.25/configuration/).
 */
import type { Priority } from "../model/authoring.js";
import { ALERTMANAGER_CONFIG_PATH, generatedHeader } from "../model/conventions.js";
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

function inhibitRule(r: ResolvedInhibitRule) {
  return {
    source_matchers: r.source.map((m) => amMatcher(m.label, [m.value])),
    target_matchers: r.target.map((m) => amMatcher(m.label, m.values)),
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
    ...(alerting.inhibitRules.length ? { inhibit_rules: alerting.inhibitRules.map(inhibitRule) } : {}),
    receivers: alerting.receivers.map((r) => receiver(r, severities)),
  };
}

export function emitAlertmanager(model: ResolvedCatalog): EmittedFile[] {
  if (!model.alerting) return [];
  return [{ path: ALERTMANAGER_CONFIG_PATH, contents: toYaml(alertmanagerConfig(model.alerting, model.severities), generatedHeader(model.name)) }];
}

export const alertmanagerEmitter: Emitter = {
  id: "alertmanager",
  description: "Alertmanager's routing tree, receivers and inhibit rules (alertmanager/alertmanager.yml)",
  enabledWhen: "always",
  emit: emitAlertmanager,
};
