/**
 * The real tool checks the real output: `amtool check-config` accepts the generated
 * alertmanager.yml, `amtool config routes test` proves each alert of the shipped catalog (its
 * alertname and rule labels) reaches the receiver its team and priority call for, and
 * `amtool template render` parses every notification template.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { beforeAll, expect, it } from "vitest";
import { notificationTemplates } from "../../src/emit/alertmanager.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const loaded = await loadCatalog("catalog/index.ts");
const model = resolveCatalog(loaded.value!.value).value!;
const NOTIFICATION_TEMPLATES = notificationTemplates(model.severities);

/** amtool, asynchronous (test/helpers/spawn.ts): a test asks it dozens of times. */
async function amtool(...args: string[]) {
  const r = await run("amtool", args);
  return { code: r.status, out: r.stdout.trim(), all: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ""}` };
}

/** `key=value`, quoted when the value is not a plain word. */
const labelArg = ([k, v]: [string, string]) => (/^[A-Za-z0-9_.:-]+$/.test(v) ? `${k}=${v}` : `${k}=${JSON.stringify(v)}`);

describeWithTool("amtool", "amtool accepts the generated Alertmanager configuration and routes every alert", () => {
  let config: string;
  beforeAll(async () => {
    const out = tempDir();
    const r = await runInProcess(["build", "--catalog", "catalog/index.ts", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    config = join(out, "alertmanager", "alertmanager.yml");
  });

  it("amtool check-config passes on alertmanager.yml", async () => {
    const r = await amtool("check-config", config);
    expect(r.code, r.all).toBe(0);
    expect(r.all).toContain("SUCCESS");
    expect(r.all).toContain(`${model.alerting!.inhibitRules.length} inhibit rules`);
    expect(r.all).toContain(`${model.alerting!.receivers.length} receivers`);
  });

  it("routes each alert of the shipped catalog (alertname and rule labels) to its team's receiver for its priority", async () => {
    expect(model.alerts.length).toBeGreaterThanOrEqual(36);
    const wrong: string[] = [];
    for (const a of model.alerts) {
      // Intended: the catalog's routing data, read directly (independent of how the tree is built).
      const expected = model.alerting!.teams.find((t) => t.team === a.team)!.receivers[a.priority];
      const labels = Object.entries({ alertname: a.name, ...a.labels }).map(labelArg);
      const r = await amtool("config", "routes", "test", `--config.file=${config}`, `--verify.receivers=${expected}`, ...labels);
      if (r.code !== 0 || r.out.split("\n")[0] !== expected) wrong.push(`${a.name} (${a.team}, ${a.priority}): expected ${expected}, amtool says ${r.all}`);
    }
    expect(wrong).toEqual([]);
  });

  it("sends a team's alert of another severity to the team's own receiver, and an unknown team's to the default", async () => {
    const route = async (...labels: string[]) => (await amtool("config", "routes", "test", `--config.file=${config}`, ...labels)).out;
    expect(await route("alertname=X", "team=trading", "severity=warning")).toBe("trading-slack");
    expect(await route("alertname=X", "team=payments", "severity=critical")).toBe("unrouted");
    expect(await route("alertname=X")).toBe("unrouted");
  });

  it("parses every notification template", async () => {
    const dir = tempDir();
    const empty = join(dir, "empty.tmpl");
    writeFileSync(empty, "");
    // The templates are the ones the configuration carries.
    const cfg = yaml.load(readFileSync(config, "utf8")) as any;
    const page = cfg.receivers.find((r: any) => r.pagerduty_configs && r.slack_configs);
    expect([page.slack_configs[0].title, page.slack_configs[0].text, page.pagerduty_configs[0].severity, page.pagerduty_configs[0].description]).toEqual([
      NOTIFICATION_TEMPLATES.SLACK_TITLE,
      NOTIFICATION_TEMPLATES.SLACK_TEXT,
      NOTIFICATION_TEMPLATES.PAGERDUTY_SEVERITY,
      NOTIFICATION_TEMPLATES.PAGERDUTY_DESCRIPTION,
    ]);
    for (const [name, text] of Object.entries(NOTIFICATION_TEMPLATES)) {
      const r = await amtool("template", "render", `--template.glob=${empty}`, `--template.text=${text}`);
      expect(r.code, `${name}: ${r.all}`).toBe(0);
    }
  });

  it("amtool rejects a configuration routing to an undeclared receiver (the check can fail)", async () => {
    const dir = tempDir();
    const f = join(dir, "broken.yml");
    writeFileSync(f, "route:\n  receiver: nobody\nreceivers:\n  - name: someone\n");
    expect((await amtool("check-config", f)).code).not.toBe(0);
    const empty = join(dir, "empty.tmpl");
    writeFileSync(empty, "");
    expect((await amtool("template", "render", `--template.glob=${empty}`, "--template.text={{ if }")).code).not.toBe(0);
  });
});
