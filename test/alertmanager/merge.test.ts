/**
 * The routing fragment (`alerting.output: "fragment"`) and `obsgen alertmanager merge`: where the
 * catalog's route goes in a base configuration, what happens to receivers of the same name, that
 * the rest of the base is kept, the errors on a bad base, and that amtool accepts the result.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { alertmanagerFragment, emitAlertmanager } from "../../src/emit/alertmanager.js";
import { mergeAlertmanagerConfig } from "../../src/emit/alertmanager-merge.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { runBinaryAsync, runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

function model(output?: "config" | "fragment") {
  const raw = baseCatalog();
  raw.teams = ["web", "data"];
  raw.alerting = {
    receivers: {
      "web-page": { pagerduty: [{ routingKeyFile: "/secrets/pd.key" }] },
      "web-slack": { slack: [{ apiUrlFile: "/secrets/slack.url", channel: "#web" }] },
    },
    teams: { web: { P0: "web-page", P1: "web-slack", P2: "web-slack" } },
    defaultReceiver: "web-slack",
    ...(output ? { output } : {}),
  };
  const r = resolveCatalog(raw);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}

const fragmentOf = (m = model()) => alertmanagerFragment(m.alerting!, m.severities, m.teams);

const BASE = `# the platform's configuration
global:
  resolve_timeout: 5m
  smtp_from: alerts@example.com
route:
  receiver: "null"
  group_by: [namespace]
  routes:
    - receiver: archive
      continue: true
    - receiver: "null"
      matchers: ['alertname="Watchdog"']
    - receiver: triage # everything else
receivers:
  - name: "null"
  - name: archive
    webhook_configs: [{ url: "http://archive:8080/" }]
  - name: triage
    webhook_configs: [{ url: "http://triage:8080/" }]
inhibit_rules:
  - source_matchers: ['alertname="InfoInhibitor"']
    target_matchers: ['severity="info"']
    equal: [namespace]
time_intervals:
  - name: weekends
    time_intervals: [{ weekdays: ["saturday", "sunday"] }]
templates: ["/etc/alertmanager/config/*.tmpl"]
`;

function merge(text: string, fragment = fragmentOf()) {
  return mergeAlertmanagerConfig({
    text,
    file: "base.yml",
    fragment,
    receiverSites: { "web-slack": "alerting.receivers.web-slack in shop.ts:9:5" },
    header: " merged",
  });
}

describe("the routing fragment", () => {
  it("is written as alertmanager/routes.yml instead of alertmanager.yml when the catalog asks for it", () => {
    expect(emitAlertmanager(model()).map((f) => f.path)).toEqual(["alertmanager/alertmanager.yml"]);
    const files = emitAlertmanager(model("fragment"));
    expect(files.map((f) => f.path)).toEqual(["alertmanager/routes.yml"]);
    const doc = yaml.load(files[0]!.contents) as any;
    expect(Object.keys(doc)).toEqual(["routes", "receivers", "inhibit_rules"]);
    expect(files[0]!.contents.split("\n")[1]).toContain("obsgen alertmanager merge");
  });

  it("scopes its one route and every inhibit rule to the catalog's teams, and groups and times the route itself", () => {
    const f = fragmentOf() as any;
    expect(f.routes).toHaveLength(1);
    expect(f.routes[0]).toMatchObject({
      matchers: ['team=~"data|web"'],
      receiver: "web-slack",
      group_by: ["alertname", "service"],
      group_wait: "30s",
      repeat_interval: "15m",
    });
    expect(f.routes[0].continue).toBeUndefined();
    expect(f.routes[0].routes.map((r: any) => r.matchers)).toEqual([['team="web"']]);
    for (const rule of f.inhibit_rules) {
      expect(rule.source_matchers[0]).toBe('team=~"data|web"');
      expect(rule.target_matchers[0]).toBe('team=~"data|web"');
    }
  });
});

describe("merging the fragment into a base configuration", () => {
  it("puts the catalog's route first under the root route, after the routes that continue", () => {
    const r = merge(BASE);
    expect(r.diagnostics).toEqual([]);
    const out = yaml.load(r.value!.text) as any;
    expect(out.route.routes.map((x: any) => x.receiver)).toEqual(["archive", "web-slack", "null", "triage"]);
    expect(r.value!.routeIndex).toBe(1);
  });

  it("adds the catalog's receivers and appends its inhibit rules", () => {
    const out = yaml.load(merge(BASE).value!.text) as any;
    expect(out.receivers.map((x: any) => x.name)).toEqual(["null", "archive", "triage", "web-page", "web-slack"]);
    expect(out.inhibit_rules).toHaveLength(1 + fragmentOf().inhibit_rules.length);
    expect(out.inhibit_rules[0].source_matchers).toEqual(['alertname="InfoInhibitor"']);
  });

  it("keeps everything else of the base as it was, comments included", () => {
    const r = merge(BASE);
    const base = yaml.load(BASE) as any;
    const out = yaml.load(r.value!.text) as any;
    out.route.routes.splice(1, 1);
    out.receivers = out.receivers.filter((x: any) => !x.name.startsWith("web-"));
    out.inhibit_rules = out.inhibit_rules.slice(0, 1);
    expect(out).toEqual(base);
    expect(r.value!.text).toContain("# the platform's configuration");
    expect(r.value!.text).toContain("# everything else");
  });

  it("creates the routes, receivers and inhibit rules lists a base lacks", () => {
    const r = merge('route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n');
    const out = yaml.load(r.value!.text) as any;
    expect(out.route.routes).toHaveLength(1);
    expect(out.inhibit_rules).toHaveLength(fragmentOf().inhibit_rules.length);
  });

  it("keeps one copy of a receiver the base already has with the same settings", () => {
    // The same settings in another key order and in flow style: JSON is YAML.
    const same = fragmentOf().receivers.find((x) => x.name === "web-slack")!;
    const reordered = Object.fromEntries(Object.entries(same).reverse());
    const r = merge(BASE.replace("receivers:\n", `receivers:\n  - ${JSON.stringify(reordered)}\n`));
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.receiversShared).toEqual(["web-slack"]);
    expect((yaml.load(r.value!.text) as any).receivers.filter((x: any) => x.name === "web-slack")).toHaveLength(1);
  });

  it("refuses a receiver of the same name with other settings, naming both and the base's line", () => {
    const text = BASE.replace("  - name: triage", '  - name: web-slack\n    webhook_configs: [{ url: "http://other:8080/" }]\n  - name: triage');
    const r = merge(text);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([["alertmanager/receiver-clash", "base.yml", 18, 5]]);
    expect(r.diagnostics[0]!.message).toBe(
      'receiver "web-slack" of the base differs from the catalog\'s receiver "web-slack" (alerting.receivers.web-slack in shop.ts:9:5)',
    );
  });

  it("refuses to merge into a configuration that already holds the catalog's route", () => {
    const once = merge(BASE).value!.text;
    const r = merge(once);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["alertmanager/already-merged"]);
  });

  it.each([
    ["text that is not YAML", "route: [\n", "alertmanager/base-yaml", 2, 1],
    ["a YAML list", "- a\n", "alertmanager/base-not-config", 1, 1],
    ["Helm values", "alertmanager:\n  config: {}\n", "alertmanager/base-not-config", 1, 1],
    ["a root route without a receiver", "receivers: []\nroute:\n  group_by: [a]\n", "alertmanager/base-root-receiver", 3, 3],
    ["routes that are not a list", "route:\n  receiver: x\n  routes: {a: 1}\nreceivers: [{name: x}]\n", "alertmanager/base-not-config", 3, 11],
  ])("reports %s at its line and column", (_what, text, code, line, column) => {
    const r = merge(text);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([[code, line, column]]);
  });
});

describe("obsgen alertmanager merge", () => {
  const catalog = () => {
    const dir = tempDir();
    const raw = baseCatalog();
    raw.alerting = {
      receivers: { "web-slack": { slack: [{ apiUrlFile: "/secrets/slack.url", channel: "#web" }] } },
      teams: { web: { P0: "web-slack", P1: "web-slack", P2: "web-slack" } },
      defaultReceiver: "web-slack",
    };
    writeFileSync(join(dir, "catalog.ts"), `export default ${JSON.stringify(raw)};\n`);
    writeFileSync(join(dir, "base.yml"), BASE);
    return dir;
  };

  it("writes the merged configuration to --out, and only that file", async () => {
    const dir = catalog();
    const r = await runInProcess(["alertmanager", "merge", join(dir, "base.yml"), "--catalog", join(dir, "catalog.ts"), "--out", join(dir, "merged.yml")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("route at position 2 under the root route, 1 receiver added");
    expect((yaml.load(readFileSync(join(dir, "merged.yml"), "utf8")) as any).route.routes[1].matchers).toEqual(['team="web"']);
    expect(readdirSync(dir).sort()).toEqual(["base.yml", "catalog.ts", "merged.yml"]);
    expect(readFileSync(join(dir, "base.yml"), "utf8")).toBe(BASE);
  });

  it("prints the merged configuration without --out", async () => {
    const dir = catalog();
    const r = await runInProcess(["--quiet", "alertmanager", "merge", join(dir, "base.yml"), "--catalog", join(dir, "catalog.ts")]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect((yaml.load(r.stdout) as any).receivers.map((x: any) => x.name)).toContain("web-slack");
  });

  it("exits 1 on a bad base with its file:line:col and no stack trace, writing nothing", async () => {
    const dir = catalog();
    writeFileSync(join(dir, "base.yml"), "global: {}\nroute:\n  group_by: [a]\n");
    const r = await runBinaryAsync(["alertmanager", "merge", join(dir, "base.yml"), "--catalog", join(dir, "catalog.ts"), "--out", join(dir, "merged.yml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error \S*base\.yml:3:3: the root route has no receiver/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "merged.yml"))).toBe(false);
  });

  it("exits 1 for a catalog without alerting, and 2 without a base", async () => {
    const dir = catalog();
    writeFileSync(join(dir, "plain.ts"), `export default ${JSON.stringify(baseCatalog())};\n`);
    const r = await runInProcess(["alertmanager", "merge", join(dir, "base.yml"), "--catalog", join(dir, "plain.ts")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("has no `alerting` section");
    expect((await runInProcess(["alertmanager", "merge"])).code).toBe(2);
  });

  it("exits 1 naming a base file that does not exist", async () => {
    const dir = catalog();
    const r = await runInProcess(["alertmanager", "merge", join(dir, "missing.yml"), "--catalog", join(dir, "catalog.ts")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("missing.yml");
  });
});

describeWithTool("amtool", "amtool accepts a merged configuration", () => {
  it("passes amtool check-config, and routes the catalog's alerts to it and the base's to the base's receivers", async () => {
    const dir = tempDir();
    const file = join(dir, "merged.yml");
    writeFileSync(file, merge(BASE).value!.text);
    const check = await run("amtool", ["check-config", file]);
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    const route = async (...labels: string[]) => (await run("amtool", ["config", "routes", "test", `--config.file=${file}`, ...labels])).stdout.trim();
    expect(await route("alertname=CheckoutSlow", "team=web", "severity=warning")).toBe("archive,web-slack");
    expect(await route("alertname=Watchdog")).toBe("archive,null");
    expect(await route("alertname=KubeletDown", "severity=critical")).toBe("archive,triage");
    expect(await route("alertname=Other", "team=payments", "severity=critical")).toBe("archive,triage");
  });
});
