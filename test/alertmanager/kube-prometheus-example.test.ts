/**
 * docs/examples/kube-prometheus: the shipped catalog as a guest in a kube-prometheus-stack cluster.
 * The example rebuilds to its committed files (the operator target's output, the routing
 * fragment, the merged alertmanager.yml), amtool accepts the merged configuration, and
 * `amtool config routes test` sends every alert of the generated PrometheusRules, with the labels
 * its rule sets and those Prometheus adds, to the receiver the catalog names for its team and
 * priority, while the base's own alerts still go where the base sent them.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import { compile } from "../../src/pipeline/compile.js";
import { ROOT, runInProcess, tempDir } from "../helpers/cli.js";
import { crdErrors } from "../helpers/crds.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const EXAMPLE = "docs/examples/kube-prometheus";
const CONFIG = `${EXAMPLE}/obsgen.config.ts`;
const BASE = `${EXAMPLE}/alertmanager-base.yml`;
const MERGED = `${EXAMPLE}/alertmanager.yml`;

/** Labels kube-prometheus-stack's Prometheus adds to every alert it sends (its `externalLabels`). */
/**
 * What the example commits of its output: the rest (dashboards, runbooks, stubs) is the shipped
 * catalog's, as out/ holds it. `npx vitest run -u test/alertmanager/kube-prometheus-example.test.ts`
 * rewrites these files.
 */
const KEPT = ["alertmanager/", "kubernetes/prometheus-rules/", "kubernetes/service-monitors/"];

const EXTERNAL = { prometheus: "monitoring/kube-prometheus-stack-prometheus", prometheus_replica: "prometheus-kube-prometheus-stack-prometheus-0" };

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split("\\").join("/"))
    .sort();
}

const config = (await loadConfig(CONFIG)).value!;
const compiled = await compile({ entry: `${EXAMPLE}/catalog/index.ts`, config, until: "model" });
const model = compiled.model!;

describe("the kube-prometheus example", () => {
  let out: string;
  let merged: string;
  beforeAll(async () => {
    out = tempDir();
    const build = await runInProcess(["--config", CONFIG, "build", "--out", out]);
    expect(build.code, build.stderr).toBe(0);
    merged = join(tempDir(), "alertmanager.yml");
    const merge = await runInProcess(["--config", CONFIG, "alertmanager", "merge", BASE, "--out", merged]);
    expect(merge.code, merge.stderr).toBe(0);
  });

  it("rebuilds to its committed output, file for file (the parts the example is about: the custom resources and the routing fragment)", async () => {
    const committed = join(EXAMPLE, "out");
    const kept = (dir: string) => files(dir).filter((f) => KEPT.some((k) => f.startsWith(k)));
    expect(kept(out).length).toBeGreaterThan(0);
    for (const f of kept(out)) await expect(readFileSync(join(out, f), "utf8")).toMatchFileSnapshot(join(ROOT, committed, f));
    expect(kept(committed)).toEqual(kept(out));
  });

  it("writes the routing fragment, not a whole alertmanager.yml", () => {
    expect(files(join(out, "alertmanager"))).toEqual(["routes.yml"]);
  });

  it("merges to its committed alertmanager.yml", () => {
    expect(readFileSync(merged, "utf8")).toBe(readFileSync(MERGED, "utf8"));
  });

  it("scrapes every service through a ServiceMonitor the chart's Prometheus selects, and every custom resource validates against the operator's CRD schema", () => {
    const kube = join(EXAMPLE, "out", "kubernetes");
    const resources = files(kube)
      .filter((f) => !f.startsWith("dashboards/"))
      .map((f) => ({ f, cr: yaml.load(readFileSync(join(kube, f), "utf8")) as any }));
    for (const { f, cr } of resources) expect(crdErrors(cr), f).toEqual([]);
    const monitors = resources.filter((r) => r.cr.kind === "ServiceMonitor").map((r) => r.cr);
    expect(monitors.map((m) => m.spec.selector.matchLabels["app.kubernetes.io/name"]).sort()).toEqual(model.services.map((s) => s.name).sort());
    for (const m of monitors) {
      expect(m.metadata.labels.release).toBe("kube-prometheus-stack");
      const service = model.services.find((s) => s.name === m.spec.selector.matchLabels["app.kubernetes.io/name"])!;
      // The catalog's queries select on `job` (up{job="..."}) and `service`: the relabelings set both.
      const set = Object.fromEntries(m.spec.endpoints[0].relabelings.map((r: any) => [r.targetLabel, r.replacement]));
      expect(set).toEqual({ service: service.label, job: service.name });
    }
  });
});

// Asynchronous (test/helpers/spawn.ts): dozens of amtool runs in one test must not block the worker.
async function amtool(...args: string[]) {
  const r = await run("amtool", args);
  return { code: r.status, out: r.stdout.trim(), all: `${r.stdout}${r.stderr}` };
}
const labelArg = ([k, v]: [string, string]) => (/^[A-Za-z0-9_.:/-]+$/.test(v) ? `${k}=${v}` : `${k}=${JSON.stringify(v)}`);
const routeIn = async (file: string, labels: Record<string, string>) =>
  (await amtool("config", "routes", "test", `--config.file=${file}`, ...Object.entries(labels).map(labelArg))).out;

/** Every alerting rule of the example's PrometheusRules: its name and the labels the rule sets. */
function alertRules(): { name: string; labels: Record<string, string> }[] {
  const dir = join(EXAMPLE, "out", "kubernetes", "prometheus-rules");
  return readdirSync(dir).flatMap((f) => {
    const cr = yaml.load(readFileSync(join(dir, f), "utf8")) as any;
    return cr.spec.groups.flatMap((g: any) => g.rules.filter((r: any) => r.alert).map((r: any) => ({ name: r.alert, labels: r.labels ?? {} })));
  });
}

describeWithTool("amtool", "the kube-prometheus example's merged Alertmanager configuration", () => {
  it("passes amtool check-config", async () => {
    const r = await amtool("check-config", MERGED);
    expect(r.code, r.all).toBe(0);
  });

  it("routes every alert of the generated rules, SLO burn-rate alerts included, to the receiver its team and priority call for", async () => {
    const rules = alertRules();
    expect(rules.length).toBe(model.alerts.length);
    expect(rules.filter((r) => /BudgetBurn/.test(r.name)).length).toBeGreaterThanOrEqual(10);
    const wrong: string[] = [];
    for (const rule of rules) {
      // Expected from the catalog: the alert's own team and priority, and that team's routing.
      const alert = model.alerts.find((a) => a.name === rule.name)!;
      const team = model.alerting!.teams.find((t) => t.team === alert.team);
      const expected = team ? team.receivers[alert.priority] : model.alerting!.defaultReceiver;
      // The base archives every alert first (a route that continues), then the catalog's route takes it.
      const got = await routeIn(MERGED, { alertname: rule.name, ...rule.labels, ...EXTERNAL });
      if (got !== `audit-log,${expected}`) wrong.push(`${rule.name} (${alert.team}, ${alert.priority}): expected audit-log,${expected}, amtool says ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  it("routes the base's own alerts as the base did", async () => {
    const theirs: Record<string, string>[] = [
      { alertname: "Watchdog", severity: "none", namespace: "monitoring" },
      { alertname: "KubePodCrashLooping", severity: "warning", namespace: "kube-system" },
      { alertname: "KubeletDown", severity: "critical", namespace: "kube-system" },
      { alertname: "PaymentsDown", severity: "critical", team: "payments" },
      { alertname: "PaymentsSlow", severity: "warning", team: "payments" },
      { alertname: "CPUThrottlingHigh", severity: "info", namespace: "default" },
      { alertname: "SomethingElse", severity: "warning", namespace: "default" },
    ];
    const routes: string[][] = [];
    for (const l of theirs) routes.push([await routeIn(BASE, l), await routeIn(MERGED, l)]);
    expect(routes.map(([before]) => before)).toEqual([
      "audit-log,null",
      "audit-log,platform-oncall",
      "audit-log,platform-oncall",
      "audit-log,payments-page",
      "audit-log,payments-slack",
      "audit-log",
      "audit-log,platform-triage",
    ]);
    for (const [before, after] of routes) expect(after).toBe(before);
  });

  it("would lose the catalog's alerts to the base's catch-all if its route came last (why merge puts it first)", async () => {
    const cfg = yaml.load(readFileSync(MERGED, "utf8")) as any;
    cfg.route.routes.push(cfg.route.routes.splice(1, 1)[0]);
    const file = join(tempDir(), "last.yml");
    writeFileSync(file, yaml.dump(cfg));
    const alert = model.alerts.find((a) => a.priority === "P1" && a.team === "trading")!;
    expect(await routeIn(file, { alertname: alert.name, ...alert.labels })).toBe("audit-log,platform-triage");
    expect(await routeIn(MERGED, { alertname: alert.name, ...alert.labels })).toBe("audit-log,trading-slack");
  });
});
