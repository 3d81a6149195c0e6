/**
 * The live end-to-end test: real Prometheus and Alertmanager (Debian's packages) on loopback ports
 * and temporary folders, an exporter per service built from the generated TypeScript stubs, the
 * generated prometheus.yml, rules and Alertmanager routing. The test drives the exporters across a
 * P0 threshold (the circuit breaker) and a latency threshold (HighOrderLatency), waits (bounded)
 * until Prometheus reports both alerts firing, then until a webhook behind the generated routing
 * receives them with the right receiver, labels and runbook_url. Everything is stopped at the end.
 *
 * To keep the run under a minute, the copies the servers load differ from out/ in timing only:
 * scrape and rule evaluation every second, `for` capped at 5s, Alertmanager's group_wait 1s.
 * Expressions, labels, annotations, rule groups and the routing tree are the generated ones, and
 * each receiver's integrations are replaced by a webhook named after the receiver (the real ones
 * need PagerDuty and Slack secrets).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build as esbuild } from "esbuild";
import yaml from "js-yaml";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROOT, runInProcess } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";
import { freePort } from "../helpers/ports.js";

const WORK = join(ROOT, "test", ".tmp", "e2e");
const SERVICES = ["market-data", "signal-bridge", "risk-manager", "execution-engine"] as const;

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One exporter process per service: the generated module, served on a loopback port, driven by JS lines on stdin. */
class Exporter {
  readonly child: ChildProcess;
  constructor(bundle: string, port: number) {
    this.child = spawn(process.execPath, [bundle, String(port)], { stdio: ["pipe", "pipe", "inherit"] });
  }
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.child.stdout!.once("data", () => resolve());
      this.child.once("exit", (code) => reject(new Error(`exporter exited ${code}`)));
    });
  }
  run(js: string): void {
    this.child.stdin!.write(`${js.replace(/\n/g, " ")}\n`);
  }
}

describeWithTool("prometheus", "live: generated rules fire in Prometheus and reach the routed receiver", () => {
  describeWithTool("prometheus-alertmanager", "with Alertmanager", () => {
    const procs: ChildProcess[] = [];
    const exporters = new Map<string, Exporter>();
    let webhook: Server;
    const received: { receiver: string; alerts: { labels: Record<string, string>; annotations: Record<string, string>; status: string }[]; at: number }[] = [];
    let promPort = 0;

    beforeAll(async () => {
      rmSync(WORK, { recursive: true, force: true });
      mkdirSync(WORK, { recursive: true });
      const out = join(WORK, "out");
      const r = await runInProcess(["build", "--catalog", "catalog/index.ts", "--out", out]);
      expect(r.code, r.stderr).toBe(0);

      // Exporters from the generated TypeScript stubs.
      const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const)));
      for (const s of SERVICES) {
        const entry = join(WORK, `exporter-${s}.ts`);
        writeFileSync(
          entry,
          `import * as m from ${JSON.stringify(join(out, "typescript", "src", "services", `${s}.ts`))};
           import { createInterface } from "node:readline";
           const server = await m.serveMetrics({ port: Number(process.argv[2]), host: "127.0.0.1" });
           process.stdout.write("ready\\n");
           createInterface({ input: process.stdin }).on("line", (line) => { new Function("m", line)(m); });
           process.on("SIGTERM", () => { void server.close().then(() => process.exit(0)); });`,
        );
        const bundle = join(WORK, `exporter-${s}.mjs`);
        await esbuild({
          entryPoints: [entry],
          bundle: true,
          platform: "node",
          format: "esm",
          target: "node20",
          outfile: bundle,
          logLevel: "silent",
          nodePaths: [join(ROOT, "node_modules")],
          // prom-client is CommonJS: give the ES module bundle a `require` for its built-in imports.
          banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
        });
        const e = new Exporter(bundle, ports[s]!);
        procs.push(e.child);
        exporters.set(s, e);
        await e.ready();
      }

      // The webhook every receiver delivers to, one path per receiver.
      webhook = createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          const payload = JSON.parse(body);
          received.push({ receiver: payload.receiver, alerts: payload.alerts, at: Date.now() });
          res.end("ok");
        });
      });
      await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", () => r()));
      const hookPort = (webhook.address() as AddressInfo).port;

      // Alertmanager: the generated routing tree, receivers turned into webhooks, short group_wait.
      const amPort = await freePort();
      const am = yaml.load(readFileSync(join(out, "alertmanager", "alertmanager.yml"), "utf8")) as any;
      const shorten = (route: any) => {
        if (route.group_wait) route.group_wait = "1s";
        if (route.group_interval) route.group_interval = "1s";
        for (const child of route.routes ?? []) shorten(child);
      };
      am.route.group_wait = "1s";
      am.route.group_interval = "1s";
      shorten(am.route);
      am.receivers = am.receivers.map((rcv: any) => ({
        name: rcv.name,
        webhook_configs: [{ url: `http://127.0.0.1:${hookPort}/${rcv.name}`, send_resolved: false }],
      }));
      delete am.templates;
      mkdirSync(join(WORK, "am-data"), { recursive: true });
      writeFileSync(join(WORK, "alertmanager.yml"), yaml.dump(am));
      const alertmanager = spawn(
        "prometheus-alertmanager",
        [
          `--config.file=${join(WORK, "alertmanager.yml")}`,
          `--storage.path=${join(WORK, "am-data")}`,
          `--web.listen-address=127.0.0.1:${amPort}`,
          "--cluster.listen-address=",
        ],
        { stdio: "ignore" },
      );
      procs.push(alertmanager);

      // Prometheus: the generated config and rules, retargeted to the test ports, evaluated every second.
      promPort = await freePort();
      const promDir = join(WORK, "prometheus");
      mkdirSync(join(promDir, "rules"), { recursive: true });
      const config = yaml.load(readFileSync(join(out, "prometheus", "prometheus.yml"), "utf8")) as any;
      config.global.scrape_interval = "1s";
      config.global.evaluation_interval = "1s";
      config.alerting.alertmanagers[0].static_configs[0].targets = [`127.0.0.1:${amPort}`];
      for (const job of config.scrape_configs) job.static_configs[0].targets = [`127.0.0.1:${ports[job.job_name]}`];
      writeFileSync(join(promDir, "prometheus.yml"), yaml.dump(config));
      for (const f of readdirSync(join(out, "prometheus", "rules"))) {
        const rules = yaml.load(readFileSync(join(out, "prometheus", "rules", f), "utf8")) as any;
        for (const g of rules.groups) {
          g.interval = "1s";
          for (const rule of g.rules) if (rule.for && rule.for !== "0s") rule.for = "5s";
        }
        writeFileSync(join(promDir, "rules", f), yaml.dump(rules, { lineWidth: -1 }));
      }
      const prometheus = spawn(
        "prometheus",
        [`--config.file=${join(promDir, "prometheus.yml")}`, `--storage.tsdb.path=${join(WORK, "tsdb")}`, `--web.listen-address=127.0.0.1:${promPort}`],
        { stdio: "ignore" },
      );
      procs.push(prometheus);
      await until("Prometheus to scrape the four exporters", 600_000, async () => {
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/targets`);
        const t = (await res.json()) as any;
        const up = t.data.activeTargets.filter((x: any) => x.health === "up").length;
        return up === SERVICES.length ? true : undefined;
      });
    });

    afterAll(async () => {
      for (const p of procs) p.kill("SIGTERM");
      await Promise.all(procs.map((p) => (p.exitCode === null ? new Promise((r) => p.once("exit", r)) : undefined)));
      await new Promise<void>((r) => (webhook ? webhook.close(() => r()) : r()));
      rmSync(WORK, { recursive: true, force: true });
    });

    it("fires CircuitBreakerTriggered (P0) and HighOrderLatency (P1) and delivers them to their routed receivers with labels and runbook_url", async () => {
      const crossed = Date.now();
      exporters.get("risk-manager")!.run(`m.riskFailures.inc({ failure_type: "circuit_breaker_triggered", symbol: "AAPL" });`);
      // Every submission slower than the top bucket (5000μs): the share above 5ms is 100% > 1%.
      exporters
        .get("execution-engine")!
        .run(`setInterval(() => { for (let i = 0; i < 20; i++) m.orderSubmissionLatency.observe({ exchange: "alpaca", order_type: "market" }, 6000); }, 200);`);

      const firing = await until("both alerts firing in Prometheus", 600_000, async () => {
        const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/alerts`);
        const body = (await res.json()) as any;
        const names = new Set(body.data.alerts.filter((a: any) => a.state === "firing").map((a: any) => a.labels.alertname));
        return names.has("CircuitBreakerTriggered") && names.has("HighOrderLatency") ? body.data.alerts : undefined;
      });
      const firedAt = Date.now();

      const deliveries = await until("both alerts at the webhook", 600_000, async () => {
        const cb = received.find((r) => r.alerts.some((a) => a.labels.alertname === "CircuitBreakerTriggered"));
        const hol = received.find((r) => r.alerts.some((a) => a.labels.alertname === "HighOrderLatency"));
        return cb && hol ? { cb, hol } : undefined;
      });

      // P0 trading pages on-call; P1 trading goes to Slack (the generated routing tree).
      expect(deliveries.cb.receiver).toBe("trading-page");
      expect(deliveries.hol.receiver).toBe("trading-slack");
      const cb = deliveries.cb.alerts.find((a) => a.labels.alertname === "CircuitBreakerTriggered")!;
      expect(cb.labels).toMatchObject({ severity: "critical", priority: "P0", team: "trading", service: "risk_manager" });
      expect(cb.annotations.runbook_url).toBe("https://runbooks.example.com/py_rt/circuit-breaker-triggered");
      const hol = deliveries.hol.alerts.find((a) => a.labels.alertname === "HighOrderLatency")!;
      expect(hol.labels).toMatchObject({ severity: "high", priority: "P1", team: "trading", service: "execution_engine" });
      expect(hol.annotations.runbook_url).toBe("https://runbooks.example.com/py_rt/high-order-latency");
      expect(firing.length).toBeGreaterThan(0);

      const report = {
        thresholdToFiringMs: firedAt - crossed,
        thresholdToWebhookMs: { CircuitBreakerTriggered: deliveries.cb.at - crossed, HighOrderLatency: deliveries.hol.at - crossed },
      };
      console.log(`live e2e: ${JSON.stringify(report)}`);
      if (process.env.OBSGEN_E2E_REPORT) writeFileSync(process.env.OBSGEN_E2E_REPORT, `${JSON.stringify(report)}\n`);
    });

    it("answers each generated dashboard's alert annotation query with the firing alert's ALERTS series and the labels its tags name", async () => {
      // The circuit breaker again (it latches): CircuitBreakerTriggered fires, whatever ran before.
      exporters.get("risk-manager")!.run(`m.riskFailures.inc({ failure_type: "circuit_breaker_triggered", symbol: "MSFT" });`);
      const dir = join(WORK, "out", "grafana", "dashboards");
      const annotations = readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".json"))
        .flatMap((f) => JSON.parse(readFileSync(join(dir, f), "utf8")).annotations.list)
        .filter((a: any) => a.datasource?.type === "prometheus" && a.expr.includes('"CircuitBreakerTriggered"'));
      expect(annotations.length).toBeGreaterThan(0);
      for (const a of annotations) {
        const series = await until(`ALERTS for ${a.expr}`, 600_000, async () => {
          const res = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(a.expr)}`);
          const body = (await res.json()) as any;
          const hit = body.data.result.filter((r: any) => r.metric.alertname === "CircuitBreakerTriggered");
          return hit.length > 0 ? hit : undefined;
        });
        for (const r of series) {
          expect(r.metric).toMatchObject({ __name__: "ALERTS", alertstate: "firing", severity: "critical", priority: "P0", team: "trading" });
          for (const key of a.tagKeys.split(",")) expect(r.metric[key], key).toBeDefined();
          expect(r.value[1]).toBe("1");
        }
      }
    });
  });
});
