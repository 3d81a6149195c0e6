/**
 * `obsgen check-metrics` end to end, over real HTTP on loopback: the generated TypeScript stubs
 * served with every metric used once pass against the shipped catalog; an exporter built from the
 * catalog passes too, and the same exporter drifted (a metric renamed, a label added, a bucket
 * changed, a counter exposed as a gauge, a metric left out) is reported finding by finding; an
 * endpoint that never answers, answers too much, answers 503 or is not there fails with the URL.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { checkMetrics } from "../../src/metrics/check.js";
import { parseExposition } from "../../src/metrics/exposition.js";
import type { ResolvedCatalog, ResolvedMetric } from "../../src/model/resolved.js";
import { ROOT, runInProcess } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";
import { promtoolCheckMetrics, sampleLabels, shippedModel, useEveryMetric, writeEmitted } from "../stubs/exposition.js";

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** An HTTP server on a free loopback port, answering with `handler`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type PromClient = typeof import("prom-client");

interface Drift {
  readonly name?: string;
  readonly type?: "counter" | "gauge" | "histogram";
  readonly extraLabel?: string;
  readonly buckets?: number[];
  readonly skip?: boolean;
}

/** A prom-client registry exposing `metrics` as the catalog declares them, each used once, with `drift` applied. */
function exporter(client: PromClient, metrics: readonly ResolvedMetric[], drift: Record<string, Drift> = {}, contentType?: string) {
  const registry = new client.Registry();
  if (contentType) registry.setContentType(contentType as never);
  for (const m of metrics) {
    const d = drift[m.name] ?? {};
    if (d.skip) continue;
    const labelNames = [...m.labels.map((l) => l.name), ...(d.extraLabel ? [d.extraLabel] : [])];
    const labels: Record<string, string> = { ...sampleLabels(m), ...(d.extraLabel ? { [d.extraLabel]: "x" } : {}) };
    const common = { name: d.name ?? m.name, help: m.help, labelNames, registers: [registry] };
    switch (d.type ?? m.type) {
      case "counter":
        new client.Counter(common).inc(labels, 2);
        break;
      case "gauge":
        new client.Gauge(common).set(labels, 1.5);
        break;
      default:
        new client.Histogram({ ...common, buckets: d.buckets ?? [...m.buckets!] }).observe(labels, m.buckets![0]!);
    }
  }
  return registry;
}

/** Serves a registry's exposition at /metrics; with `openMetrics`, that rendering to a scraper that accepts it. */
function serveRegistry(registry: { contentType: string; metrics(): Promise<string> }, openMetrics?: { contentType: string; metrics(): Promise<string> }) {
  return serve((req, res) => {
    const chosen = openMetrics && /application\/openmetrics-text/.test(req.headers.accept ?? "") ? openMetrics : registry;
    chosen.metrics().then((body) => res.writeHead(200, { "Content-Type": chosen.contentType }).end(body));
  });
}

/** `ruleId messageId metric`, from `--format json`. */
function findings(stdout: string): string[] {
  const doc = JSON.parse(stdout) as { diagnostics: { ruleId: string; messageId?: string; data?: { metric?: string } }[] };
  return doc.diagnostics.map((d) => `${d.ruleId} ${d.messageId} ${d.data?.metric ?? ""}`.trim());
}

let model: ResolvedCatalog;
let client: PromClient;
let pkg: string;

beforeAll(async () => {
  model = await shippedModel();
  client = await import("prom-client");
  mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
  pkg = join(mkdtempSync(join(ROOT, "test", ".tmp", "check-metrics-")), "typescript");
  writeEmitted(pkg, emitAll(model), "typescript");
});
afterAll(() => {
  if (pkg) rmSync(join(pkg, ".."), { recursive: true, force: true });
});

describe("the generated TypeScript stubs, served on loopback with every metric used once", () => {
  it("pass check-metrics on the shipped catalog: exit 0, no finding", async () => {
    vi.resetModules();
    const index = await import(join(pkg, "src", "index.ts"));
    useEveryMetric(index, model.metrics);
    const server = await index.executionEngine.serveMetrics({ port: 0, host: "127.0.0.1", preZero: false });
    try {
      const r = await runInProcess(["check-metrics", `http://127.0.0.1:${server.port}/metrics`]);
      expect(r.stdout).toBe("obsgen check-metrics: 0 errors, 0 warnings, 0 info");
      expect(r.code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("each service's own module passes check-metrics --service for that service", async () => {
    for (const s of model.services) {
      vi.resetModules();
      const mod = await import(join(pkg, "src", "services", `${s.name}.ts`));
      useEveryMetric(
        mod,
        model.metrics.filter((m) => s.metrics.includes(m.name)),
      );
      const server = await mod.serveMetrics({ port: 0, host: "127.0.0.1", preZero: false });
      try {
        const r = await runInProcess(["check-metrics", "--service", s.name, `http://127.0.0.1:${server.port}/metrics`]);
        expect([r.code, r.stdout], s.name).toEqual([0, "obsgen check-metrics: 0 errors, 0 warnings, 0 info"]);
      } finally {
        await server.close();
      }
    }
  });

  it("checked against another service, report that service's metrics as missing and their own as undeclared", async () => {
    vi.resetModules();
    const mod = await import(join(pkg, "src", "services", "risk-manager.ts"));
    useEveryMetric(
      mod,
      model.metrics.filter((m) => model.services.find((s) => s.name === "risk-manager")!.metrics.includes(m.name)),
    );
    const server = await mod.serveMetrics({ port: 0, host: "127.0.0.1", preZero: false });
    try {
      const r = await runInProcess(["check-metrics", "--service", "market-data", "--format", "json", `http://127.0.0.1:${server.port}/metrics`]);
      const exposed = model.services.find((s) => s.name === "risk-manager")!.metrics;
      const expected = model.services.find((s) => s.name === "market-data")!.metrics;
      const labelled = (name: string) => model.metrics.find((m) => m.name === name)!.labels.length > 0;
      expect(findings(r.stdout).sort()).toEqual(
        [
          ...exposed.filter((n) => !expected.includes(n)).map((n) => `metrics/undeclared other-service ${n}`),
          ...expected.filter((n) => !exposed.includes(n)).map((n) => `metrics/absent ${labelled(n) ? "absent-labelled" : "absent"} ${n}`),
        ].sort(),
      );
    } finally {
      await server.close();
    }
  });
});

describe("an exporter built from the catalog", () => {
  const ENGINE = () => model.metrics.filter((m) => m.exposedBy.includes("execution-engine"));

  it("as declared passes check-metrics --service", async () => {
    const server = await serveRegistry(exporter(client, ENGINE()));
    try {
      const r = await runInProcess(["check-metrics", "--service", "execution-engine", server.url]);
      expect([r.code, r.stdout]).toEqual([0, "obsgen check-metrics: 0 errors, 0 warnings, 0 info"]);
    } finally {
      await server.close();
    }
  });

  it("drifted, is reported finding by finding: the renamed metric, the extra label, the changed bucket, the counter exposed as a gauge, the missing metric", async () => {
    const drift: Record<string, Drift> = {
      execution_engine_order_rejections_total: { name: "execution_engine_order_rejects_total" },
      execution_engine_orders_submitted_total: { extraLabel: "region" },
      execution_engine_routing_latency_us: { buckets: [5, 10, 20, 50, 100] },
      execution_engine_api_failures_total: { type: "gauge" },
      trading_order_fill_rate: { skip: true },
    };
    const server = await serveRegistry(exporter(client, ENGINE(), drift));
    try {
      const r = await runInProcess(["check-metrics", "--service", "execution-engine", "--format", "json", server.url]);
      expect(findings(r.stdout).sort()).toEqual(
        [
          "metrics/absent absent-labelled execution_engine_order_rejections_total",
          "metrics/undeclared undeclared execution_engine_order_rejects_total",
          "metrics/label undeclared-label execution_engine_orders_submitted_total",
          "metrics/buckets buckets execution_engine_routing_latency_us",
          "metrics/type type execution_engine_api_failures_total",
          // promtool check metrics says the same of the gauge, in its words.
          "metrics/promlint counter-total execution_engine_api_failures_total",
          "metrics/absent absent-labelled trading_order_fill_rate",
        ].sort(),
      );
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      const buckets = doc.diagnostics.find((d: { ruleId: string }) => d.ruleId === "metrics/buckets");
      expect(buckets.message).toBe(
        "execution_engine_routing_latency_us's buckets are 5, 10, 20, 50, 100, +Inf; the catalog declares 5, 10, 25, 50, 100, +Inf (missing 25; extra 20)",
      );
      expect([buckets.file, typeof buckets.line]).toEqual([server.url, "number"]);
    } finally {
      await server.close();
    }
  });

  it("serving OpenMetrics when asked, as Prometheus asks, is read as OpenMetrics: the catalog's counter without _total is stored under another name", async () => {
    const om = exporter(client, ENGINE(), {}, client.Registry.OPENMETRICS_CONTENT_TYPE);
    const server = await serveRegistry(exporter(client, ENGINE()), om);
    try {
      const r = await runInProcess(["check-metrics", "--service", "execution-engine", "--format", "json", server.url]);
      expect(findings(r.stdout)).toEqual(["metrics/absent total-suffix trading_daily_volume_usd"]);
      expect(r.code).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("is read when it answers gzip-compressed", async () => {
    const registry = exporter(client, ENGINE());
    const server = await serve((_req, res) => {
      registry.metrics().then((body) => res.writeHead(200, { "Content-Type": registry.contentType, "Content-Encoding": "gzip" }).end(gzipSync(body)));
    });
    try {
      const r = await runInProcess(["check-metrics", "--service", "execution-engine", server.url]);
      expect([r.code, r.stdout]).toEqual([0, "obsgen check-metrics: 0 errors, 0 warnings, 0 info"]);
    } finally {
      await server.close();
    }
  });

  describeWithTool("promtool", "promtool check metrics parity", () => {
    it("on the stubs' exposition without the catalog's silences, metrics/promlint says what promtool says, line for line", async () => {
      vi.resetModules();
      const index = await import(join(pkg, "src", "index.ts"));
      useEveryMetric(index, model.metrics);
      const text: string = await index.registry.metrics();
      const unsilenced = { ...model, metrics: model.metrics.map((m) => ({ ...m, silence: [] })) };
      const exposition = parseExposition(text, { contentType: index.registry.contentType });
      const ours = checkMetrics([{ source: "stubs", exposition }], { catalog: unsilenced, catalogFile: "catalog/index.ts", today: "2025-01-01" })
        .filter((d) => d.code === "metrics/promlint")
        .map((d) => d.message)
        .sort();
      const promtool = [...new Set(promtoolCheckMetrics(text).findings)].sort();
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(promtool);
    });
  });
});

describe("an endpoint that cannot be scraped fails the command with the URL", () => {
  it("never answering: a time-out error", async () => {
    const server = await serve(() => {});
    try {
      const r = await runInProcess(["check-metrics", "--timeout", "200ms", server.url]);
      expect(r.stdout).toContain(`${server.url}: error timed out: no complete answer within 200ms [metrics/scrape, bug]`);
      expect(r.code).toBe(1);
    } finally {
      await server.close();
    }
  });

  it("answering more than --max-size, with or without a Content-Length", async () => {
    const body = `# HELP big x\n# TYPE big gauge\n${"big 1\n".repeat(700)}`;
    const sized = await serve((_req, res) => res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4", "Content-Length": body.length }).end(body));
    const chunked = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
      res.write(body.slice(0, 2000));
      res.end(body.slice(2000));
    });
    try {
      const a = await runInProcess(["check-metrics", "--max-size", "1KiB", sized.url]);
      expect(a.stdout).toContain(`${sized.url}: error the body is larger than 1 KiB (${body.length} bytes) [metrics/scrape, bug]`);
      expect(a.code).toBe(1);
      const b = await runInProcess(["check-metrics", "--max-size", "1KB", chunked.url]);
      expect(b.stdout).toContain(`${chunked.url}: error the body is larger than 1 KiB [metrics/scrape, bug]`);
      expect(b.code).toBe(1);
    } finally {
      await sized.close();
      await chunked.close();
    }
  });

  it("not there: connection refused", async () => {
    const server = await serve(() => {});
    const { url } = server;
    await server.close();
    const r = await runInProcess(["check-metrics", url]);
    expect(r.stdout).toContain(`${url}: error connection refused: nothing listens there [metrics/scrape, bug]`);
    expect(r.code).toBe(1);
  });

  it("answering other than 200", async () => {
    const server = await serve((_req, res) => res.writeHead(503).end("down"));
    try {
      const r = await runInProcess(["check-metrics", server.url]);
      expect(r.stdout).toContain(`${server.url}: error HTTP 503 Service Unavailable: Prometheus takes only 200 as a successful scrape [metrics/scrape, bug]`);
      expect(r.code).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe("saved expositions", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(ROOT, "test", ".tmp", "check-metrics-files-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are checked with file:line locations", async () => {
    const file = join(dir, "engine.prom");
    writeFileSync(
      file,
      "# HELP execution_engine_routing_latency_us x\n# TYPE execution_engine_routing_latency_us gauge\nexecution_engine_routing_latency_us 1\n",
    );
    const r = await runInProcess(["check-metrics", "--service", "execution-engine", "--format", "json", file]);
    const doc = JSON.parse(r.stdout);
    const type = doc.diagnostics.find((d: { ruleId: string }) => d.ruleId === "metrics/type");
    expect([type.file, type.line, type.message]).toEqual([
      "test/.tmp/" + file.split("/test/.tmp/")[1],
      2,
      "execution_engine_routing_latency_us is exposed as a gauge, but the catalog declares a histogram",
    ]);
    expect(r.code).toBe(1);
  });

  it("report bytes that are not UTF-8 at their line and column", async () => {
    const file = join(dir, "latin1.prom");
    writeFileSync(file, Buffer.concat([Buffer.from('x{a="caf'), Buffer.from([0xe9]), Buffer.from('"} 1\n')]));
    const r = await runInProcess(["check-metrics", "--format", "json", file]);
    const utf8 = JSON.parse(r.stdout).diagnostics.find((d: { messageId?: string }) => d.messageId === "utf8");
    expect([utf8.ruleId, utf8.line, utf8.column, utf8.message]).toEqual(["metrics/syntax", 1, 9, "not valid UTF-8 (byte 0xe9): an exposition is UTF-8 text"]);
  });

  it("in SARIF name each check with its description and doc page, and in GitHub annotations their file and line", async () => {
    const file = join(dir, "undeclared.prom");
    writeFileSync(file, "# HELP cache_hits_total Hits\n# TYPE cache_hits_total counter\ncache_hits_total 1\n");
    const sarif = JSON.parse((await runInProcess(["check-metrics", "--service", "signal-bridge", "--format", "sarif", file])).stdout);
    const rules = sarif.runs[0].tool.driver.rules.map((x: { id: string; helpUri: string; shortDescription: { text: string } }) => [
      x.id,
      x.helpUri.replace(/obsgen@[^/]+/, "obsgen@V"),
      x.shortDescription.text,
    ]);
    expect(rules).toContainEqual([
      "metrics/undeclared",
      "https://unpkg.com/obsgen@V/docs/check-metrics.md#metricsundeclared",
      "Every metric exposed is declared in the catalog (for the service).",
    ]);
    const github = (await runInProcess(["check-metrics", "--service", "signal-bridge", "--format", "github", file])).stdout;
    expect(github).toContain(
      `::warning file=test/.tmp/${file.split("/test/.tmp/")[1]},line=2,title=metrics/undeclared (convention)::cache_hits_total is exposed but not declared in the catalog for signal-bridge`,
    );
  });

  it("with --profile bugs, print only what does not work, and --max-warnings counts what is printed", async () => {
    const file = join(dir, "undeclared2.prom");
    writeFileSync(file, "# HELP cache_hits_total Hits\n# TYPE cache_hits_total counter\ncache_hits_total 1\n");
    const all = await runInProcess(["check-metrics", "--service", "signal-bridge", "--max-warnings", "0", file]);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/warnings exceed --max-warnings 0/);
    const bugs = await runInProcess(["check-metrics", "--service", "signal-bridge", "--profile", "bugs", "--max-warnings", "0", "--format", "json", file]);
    expect(findings(bugs.stdout).every((f) => /^metrics\/absent absent /.test(f))).toBe(true);
  });
});

describe("usage errors exit 2 and name what is wrong", () => {
  it.each([
    [
      ["--service", "nope", "http://127.0.0.1:1/metrics"],
      /--service: no service "nope" in the catalog; its services: execution-engine, market-data, risk-manager, signal-bridge/,
    ],
    [["--timeout", "soon", "http://127.0.0.1:1/metrics"], /--timeout takes a duration such as 10s or 500ms, got "soon"/],
    [["--timeout", "0s", "http://127.0.0.1:1/metrics"], /--timeout takes a duration/],
    [["--max-size", "lots", "http://127.0.0.1:1/metrics"], /--max-size takes a size such as 16MiB, 512KiB or 1048576, got "lots"/],
    [["--format", "xml", "http://127.0.0.1:1/metrics"], /unknown --format "xml"/],
    [["ftp://example.com/metrics"], /ftp:\/\/example.com\/metrics: only http:\/\/ and https:\/\/ URLs can be scraped/],
    [["no-such-file.prom"], /no-such-file.prom: no such file \(a URL starts with http:\/\/ or https:\/\/\)/],
  ])("%j", async (args, message) => {
    const r = await runInProcess(["check-metrics", ...(args as string[])]);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.code).toBe(2);
  });
});
