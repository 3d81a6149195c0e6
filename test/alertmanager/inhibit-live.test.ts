/**
 * Inhibition is checked in a real Alertmanager, since amtool cannot evaluate inhibit rules: the
 * generated alertmanager.yml is loaded, every alert of the shipped catalog is posted with its rule
 * labels, and Alertmanager's own alert status says which ones it holds back.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";
import { freePort } from "../helpers/ports.js";

const loaded = await loadCatalog("catalog/index.ts");
const model = resolveCatalog(loaded.value!.value).value!;

type Labels = Record<string, string>;

describeWithTool("prometheus-alertmanager", "Alertmanager holds back the alerts the generated inhibit rules mean", () => {
  let proc: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const out = tempDir();
    const r = await runInProcess(["build", "--catalog", "catalog/index.ts", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    // Receivers become a dead webhook: only the inhibition state matters, nothing is delivered.
    const am = yaml.load(readFileSync(join(out, "alertmanager", "alertmanager.yml"), "utf8")) as any;
    am.receivers = am.receivers.map((rcv: any) => ({ name: rcv.name, webhook_configs: [{ url: "http://127.0.0.1:9/", send_resolved: false }] }));
    delete am.templates;
    const work = tempDir();
    mkdirSync(join(work, "data"));
    writeFileSync(join(work, "alertmanager.yml"), yaml.dump(am));
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api/v2`;
    proc = spawn(
      "prometheus-alertmanager",
      [
        `--config.file=${join(work, "alertmanager.yml")}`,
        `--storage.path=${join(work, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--cluster.listen-address=",
      ],
      { stdio: "ignore" },
    );
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`prometheus-alertmanager exited ${proc.exitCode}`);
      if (
        await fetch(`${base}/status`).then(
          (x) => x.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (proc && proc.exitCode === null) {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.once("exit", r));
    }
  });

  it("holds back a P1 or P2 alert while a P0 alert of the same service and team fires, and nothing else but the alerts' own `inhibits`", async () => {
    // Every catalog alert with its rule labels, and one P1 alert of another team on a service a P0 alert is about.
    const p0 = model.alerts.find((a) => a.priority === "P0" && a.labels.service)!;
    const otherTeam = model.teams.find((t) => t !== p0.team)!;
    const posted: Labels[] = [
      ...model.alerts.map((a) => ({ alertname: a.name, ...a.labels })),
      { alertname: "OtherTeamSymptom", service: p0.labels.service!, team: otherTeam, priority: "P1", severity: "high" },
    ];
    // Intended: read off the catalog. Alertmanager compares a missing label as "" (inhibit/inhibit.go, v0.25).
    const eq = (a: Labels, b: Labels, names: readonly string[]) => names.every((n) => (a[n] ?? "") === (b[n] ?? ""));
    const byDefault = (t: Labels) =>
      posted.some((s) => s !== t && s.priority === "P0" && (t.priority === "P1" || t.priority === "P2") && eq(s, t, ["service", "team"]));
    const byAlert = (t: Labels) =>
      model.alerts.some((s) => s.inhibits?.alerts.includes(t.alertname!) && eq({ alertname: s.name, ...s.labels }, t, s.inhibits.equal));
    const expected = Object.fromEntries(posted.map((t) => [t.alertname!, byDefault(t) || byAlert(t) ? "suppressed" : "active"]));
    // The default rules must be what holds back some of them, or this test proves nothing about them.
    expect(posted.filter((t) => byDefault(t) && !byAlert(t)).length).toBeGreaterThanOrEqual(3);
    expect(expected.OtherTeamSymptom).toBe("active");

    const startsAt = new Date().toISOString();
    const res = await fetch(`${base}/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(posted.map((labels) => ({ labels, startsAt }))),
    });
    expect(res.status).toBe(200);

    // The inhibitor takes alerts in asynchronously, as fast as the machine lets it: read until
    // three reads in a row give the intended states. Reads that merely agree with each other could
    // all come before it caught up on a busy machine. The bound (ten minutes) only ends a hang, or
    // a regression, which then fails on the last states read.
    let states: Record<string, string> = {};
    for (let reads = 0, matching = 0; matching < 3; reads++) {
      if (reads > 2400) break;
      await new Promise((r) => setTimeout(r, 250));
      const listed = (await (await fetch(`${base}/alerts`)).json()) as { labels: Labels; status: { state: string } }[];
      states = Object.fromEntries(listed.map((a) => [a.labels.alertname!, a.status.state]));
      matching = JSON.stringify(Object.entries(states).sort()) === JSON.stringify(Object.entries(expected).sort()) ? matching + 1 : 0;
    }
    expect(states).toEqual(expected);
  });
});
