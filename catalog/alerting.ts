import type { AlertingDef, ReceiverDef } from "obsgen";

/**
 * Alertmanager routing (spec section 4): P0 pages the owning team's on-call engineer through
 * PagerDuty and posts to its Slack channel; P1 posts to Slack and repeats every 15 minutes until
 * handled; P2 goes to a daily-review channel, repeated once a day. Secrets are files Alertmanager
 * reads when it sends (docs/alertmanager.md says how to provide them): nothing secret is in the
 * catalog or in out/.
 */
const SECRETS = "/etc/alertmanager/secrets";

const slack = (channel: string) => ({ channel: `#${channel}`, apiUrlFile: `${SECRETS}/slack-${channel}.url` });

function teamReceivers(team: string): Record<string, ReceiverDef> {
  return {
    [`${team}-page`]: {
      description: `P0: pages the ${team} on-call engineer and posts to #${team}-alerts`,
      pagerduty: [{ routingKeyFile: `${SECRETS}/pagerduty-${team}.key` }],
      slack: [slack(`${team}-alerts`)],
    },
    [`${team}-slack`]: { description: `P1: posts to #${team}-alerts`, slack: [slack(`${team}-alerts`)] },
    [`${team}-daily-digest`]: { description: `P2: collected in #${team}-daily-review for the daily review`, slack: [slack(`${team}-daily-review`)] },
  };
}

const teams = ["trading", "infrastructure", "ml"] as const;

export const alerting: AlertingDef = {
  receivers: {
    ...Object.assign({}, ...teams.map(teamReceivers)),
    // Alerts of a team without a route (rule files written outside this catalog) still reach people.
    unrouted: { description: "Alerts no team route matches", slack: [slack("alerts-unrouted")] },
  },
  teams: Object.fromEntries(teams.map((t) => [t, { P0: `${t}-page`, P1: `${t}-slack`, P2: `${t}-daily-digest` }])),
  defaultReceiver: "unrouted",
  groupBy: ["alertname", "service"],
};
