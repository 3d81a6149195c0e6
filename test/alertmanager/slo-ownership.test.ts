/**
 * Burn-rate alerts generated for SLOs belong to the team the catalog names: the SLO's own `team`,
 * else the owner of the service it measures (its `team`, else the one team owning its alerts).
 * Proved on the generated files: amtool routes each generated alert to its owner's receiver.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const receivers = (team: string) => ({
  [`${team}-page`]: { slack: [{ channel: `#${team}`, apiUrlFile: `/s/${team}.url` }] },
  [`${team}-slack`]: { slack: [{ channel: `#${team}`, apiUrlFile: `/s/${team}.url` }] },
  [`${team}-digest`]: { slack: [{ channel: `#${team}-daily`, apiUrlFile: `/s/${team}.url` }] },
});

/** Two teams; the first one ("web") owns nothing that the SLOs below measure. */
function twoTeamCatalog(): any {
  const c = baseCatalog();
  c.teams = ["web", "pay"];
  c.alerting = {
    receivers: { ...receivers("web"), ...receivers("pay"), unrouted: { slack: [{ channel: "#unrouted", apiUrlFile: "/s/u.url" }] } },
    teams: Object.fromEntries(["web", "pay"].map((t) => [t, { P0: `${t}-page`, P1: `${t}-slack`, P2: `${t}-digest` }])),
    defaultReceiver: "unrouted",
  };
  const payments = c.services.find((s: any) => s.name === "payments");
  payments.availability = 99.9; // no `team`: its alerts say who owns it
  payments.metrics = {
    charges: { type: "counter", name: "payments_charges_total", help: "Charges", labels: { status: ["ok", "error"] } },
  };
  payments.alerts = [
    {
      name: "ChargesFailing",
      priority: "P1",
      team: "pay",
      for: "5m",
      summary: "Charges fail",
      description: "{{ $value }} failures per second",
      action: "Check the card processor",
      condition: { kind: "rate", metric: "payments_charges_total", window: "5m", where: { status: "error" }, op: ">", threshold: 1 },
    },
  ];
  const checkout = c.services.find((s: any) => s.name === "checkout");
  checkout.availability = 99.5;
  checkout.team = "pay"; // the service's own `team` wins over its alerts' team ("web")
  c.slos = [
    // No `team`: owned by the service its metric belongs to.
    {
      kind: "ratio",
      name: "charge-success",
      description: "Charges succeed",
      metric: "payments_charges_total",
      good: { status: "ok" },
      objective: 99,
      window: "15m",
    },
    // Its own `team` wins.
    {
      kind: "ratio",
      name: "checkout-ok",
      team: "web",
      description: "Checkout succeeds",
      metric: "checkout_requests_total",
      good: { status: "ok" },
      objective: 99,
      window: "15m",
    },
  ];
  return c;
}

/** Intended owner of each SLO's burn-rate alerts, read off the catalog above. */
const OWNER: Record<string, string> = {
  "payments-availability": "pay",
  "checkout-availability": "pay",
  "charge-success": "pay",
  "checkout-ok": "web",
};

/** amtool, asynchronous (test/helpers/spawn.ts): a test asks it dozens of times. */
async function amtool(...args: string[]) {
  const r = await run("amtool", args);
  return { code: r.status, out: r.stdout.trim(), all: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}` };
}

describeWithTool("amtool", "burn-rate alerts route to the team that owns the SLO", () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    const { entry } = writeCatalog(twoTeamCatalog());
    const r = await runInProcess(["build", "--catalog", entry, "--out", out]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });

  it("routes every generated SLO alert to its owning team's receiver for its priority, never to the first team's", async () => {
    const dir = join(out, "prometheus", "rules");
    const alerts = readdirSync(dir)
      .filter((f) => f.endsWith(".yml"))
      .flatMap((f) => (yaml.load(readFileSync(join(dir, f), "utf8")) as any).groups.flatMap((g: any) => g.rules))
      .filter((r: any) => r.alert && r.labels?.slo);
    expect(new Set(alerts.map((a: any) => a.labels.slo))).toEqual(new Set(Object.keys(OWNER)));
    const wrong: string[] = [];
    for (const a of alerts) {
      const team = OWNER[a.labels.slo]!;
      const expected = `${team}-${a.labels.priority === "P1" ? "slack" : "digest"}`;
      const labels = Object.entries({ alertname: a.alert, ...a.labels }).map(([k, v]) => `${k}=${v}`);
      const r = await amtool("config", "routes", "test", `--config.file=${join(out, "alertmanager", "alertmanager.yml")}`, ...labels);
      if (r.out.split("\n")[0] !== expected) wrong.push(`${a.alert}: expected ${expected}, amtool says ${r.all}`);
    }
    // Two burn-rate alerts and a no-data alert per SLO, all routed like each other.
    expect(alerts.length).toBe(3 * Object.keys(OWNER).length);
    expect(wrong).toEqual([]);
  });
});

describe("an SLO whose owner the catalog does not say", () => {
  it("refuses to build, naming the service's `team` to set, when the service's alerts name several teams", async () => {
    const c = twoTeamCatalog();
    c.slos = [];
    const payments = c.services.find((s: any) => s.name === "payments");
    payments.alerts.push({ ...payments.alerts[0], name: "ChargesFailingToo", team: "web" });
    const { entry } = writeCatalog(c);
    const r = await runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toMatch(/catalog\/slo-owner/);
    expect(r.stderr + r.stdout).toContain("services.payments.team");
    expect(r.stderr + r.stdout).toContain("several teams (pay, web)");
  });

  it("refuses a ratio SLO on a service with no alerts and no `team`, pointing at the SLO's `team`", async () => {
    const c = twoTeamCatalog();
    const payments = c.services.find((s: any) => s.name === "payments");
    payments.alerts = [];
    delete payments.availability;
    const { entry } = writeCatalog(c);
    const r = await runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain('no team owns the burn-rate alerts of SLO "charge-success"');
    expect(r.stderr + r.stdout).toContain('set `team` on the SLO or on service "payments"');
  });
});
