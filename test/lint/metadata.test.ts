/**
 * `obsgen lint --metadata` (and `lint.metadata` in obsgen.config.ts): rule files checked against
 * what a Prometheus server, an exporter or another project's catalog says about metrics, without a
 * catalog. The metadata fixtures come from real programs (test/fixtures/metadata/, written by
 * scripts/metadata-fixtures.mjs): a prom-client exporter, and Prometheus 2.42 scraping it.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { serveOrders } from "../fixtures/metadata/exporter.mjs";
import { ROOT, runInProcess, tempDir } from "../helpers/cli.js";

const FIXTURES = join(ROOT, "test", "fixtures", "metadata");
const API = join(FIXTURES, "api-metadata.json");
const TARGETS = join(FIXTURES, "targets-metadata.json");

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  data?: Record<string, string | number>;
}

/** The orders service's rules: every catalog-aware check has something to say once the metrics are known. */
const RULES = `groups:
  - name: orders
    rules:
      - alert: OrdersPiling
        expr: rate(orders_open[5m]) > 1
        for: 5m
      - alert: ManyOrders
        expr: orders_total > 1000
        for: 5m
      - alert: OrdersTypo
        expr: rate(order_totals[5m]) > 1
        for: 5m
      - record: job:orders:rate5m
        expr: sum by (job) (rate(orders_total{status="filled"}[5m]))
`;

function rulesFile(text = RULES, dir = tempDir()): string {
  const file = join(dir, "orders.rules.yml");
  writeFileSync(file, text);
  return file;
}

async function lint(args: string[]): Promise<{ code: number; findings: Finding[] }> {
  const r = await runInProcess(["lint", ...args, "--format", "json"]);
  if (r.code > 1) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { code: r.code, findings: JSON.parse(r.stdout).diagnostics as Finding[] };
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.line} ${f.ruleId}`);

describe("obsgen lint --metadata with a saved /api/v1/metadata response", () => {
  it("finds a gauge read with rate(), a raw counter and a name the server does not have; without it, none of them", async () => {
    const file = rulesFile();
    const without = await lint([file]);
    expect(brief(without.findings)).toEqual([]);
    const { code, findings } = await lint([file, "--metadata", API]);
    expect(code).toBe(1);
    expect(brief(findings)).toEqual(["5 promql/rate-on-counter", "8 promql/bare-counter", "11 promql/unknown-metric"]);
    const [gauge, counter, unknown] = findings;
    expect(gauge!.message).toMatch(/^rate\(\) of orders_open, which is a gauge: .* \(per .*api-metadata\.json:1:\d+\)$/);
    expect(gauge!.data!.knownFrom).toMatch(/api-metadata\.json:1:\d+$/);
    // The counter family is named the OpenMetrics way (`orders`, series `orders_total`).
    expect(counter!.message).toMatch(/^orders_total is a counter compared with the threshold 1000 as a raw value/);
    expect(unknown!.message).toMatch(/^order_totals is not in .*api-metadata\.json, the metadata of every metric the Prometheus server scrapes/);
  });

  it("reads /api/v1/targets/metadata as some targets' metrics: types, but no name is unknown for its absence", async () => {
    const { findings } = await lint([rulesFile(), "--metadata", TARGETS]);
    expect(brief(findings)).toEqual(["5 promql/rate-on-counter", "8 promql/bare-counter"]);
  });

  it("applies to rule files outside the catalog's scope, linted without the catalog", async () => {
    const { entry } = writeCatalog(baseCatalog());
    const { findings } = await lint([rulesFile(), "--catalog", entry, "--catalog-scope", "nothing/**", "--metadata", API]);
    expect(brief(findings)).toEqual(["5 promql/rate-on-counter", "8 promql/bare-counter", "11 promql/unknown-metric"]);
  });

  it("reads every file of a folder", async () => {
    const dir = tempDir();
    copyFileSync(API, join(dir, "api.json"));
    mkdirSync(join(dir, "more"));
    copyFileSync(TARGETS, join(dir, "more", "targets.json"));
    const { findings } = await lint([rulesFile(), "--metadata", dir]);
    expect(brief(findings)).toEqual(["5 promql/rate-on-counter", "8 promql/bare-counter", "11 promql/unknown-metric"]);
  });

  it("is read from lint.metadata in obsgen.config.ts, relative to the config", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "meta"));
    copyFileSync(API, join(dir, "meta", "prometheus.json"));
    const config = join(dir, "obsgen.config.ts");
    writeFileSync(config, `import { defineConfig } from "obsgen";\nexport default defineConfig({ lint: { metadata: ["meta"] } });\n`);
    const { findings } = await lint(["--config", config, rulesFile()]);
    expect(brief(findings)).toEqual(["5 promql/rate-on-counter", "8 promql/bare-counter", "11 promql/unknown-metric"]);
  });
});

describe("obsgen lint --metadata with a saved /metrics exposition", () => {
  const QUANTILES = `groups:
  - name: orders
    rules:
      - alert: OrdersPiling
        expr: rate(orders_open[5m]) > 1
        for: 5m
      - alert: SlowAcks
        expr: histogram_quantile(0.99, sum by (le) (rate(order_latency_seconds_bucket[5m]))) > 1
        for: 5m
      - alert: SlowishAcks
        expr: histogram_quantile(0.99, sum by (le) (rate(order_latency_seconds_bucket[5m]))) > 0.2
        for: 5m
      - alert: Other
        expr: rate(node_cpu_seconds_total{mode="idle"}[5m]) < 0.1 or rate(orders_total{stauts="x"}[5m]) > 1
        for: 5m
`;

  it("knows types and bucket edges from what the exporter serves, but not every name, label or value", async () => {
    for (const fixture of ["orders.prom", "orders.openmetrics"]) {
      const { findings } = await lint([rulesFile(QUANTILES), "--metadata", join(FIXTURES, fixture)]);
      expect(brief(findings), fixture).toEqual(["5 promql/rate-on-counter", "8 promql/quantile-above-buckets", "11 promql/quantile-bucket-edge"]);
      expect(findings[1]!.message, fixture).toMatch(/order_latency_seconds's highest finite bucket is 0\.5: .* \(per .*orders\.\w+:\d+:1\)$/);
    }
  });

  it("are the ones the exporter serves on loopback, in both formats", async () => {
    const { server, port } = await serveOrders();
    try {
      const url = `http://127.0.0.1:${port}/metrics`;
      const text = await (await fetch(url, { headers: { accept: "text/plain;version=0.0.4" } })).text();
      const om = await (await fetch(url, { headers: { accept: "application/openmetrics-text;version=1.0.0" } })).text();
      expect(text).toBe(readFileSync(join(FIXTURES, "orders.prom"), "utf8"));
      expect(om).toBe(readFileSync(join(FIXTURES, "orders.openmetrics"), "utf8"));
    } finally {
      server.close();
    }
  });
});

describe("obsgen lint --metadata with another project's catalog.json", () => {
  it("checks labels and closed values it declares, and no name is unknown for its absence", async () => {
    const file = rulesFile(`groups:
  - name: trading
    rules:
      - alert: Rejections
        expr: rate(execution_engine_orders_submitted_total{order_type="stop", stauts="failure"}[5m]) > 1
        for: 5m
      - alert: Other
        expr: rate(node_cpu_seconds_total[5m]) > 1
        for: 5m
`);
    const { findings } = await lint([file, "--metadata", join(ROOT, "out", "catalog.json")]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message.split(":")[0]}`)).toEqual([
      '5:71 promql/label-value order_type="stop" is not a value of execution_engine_orders_submitted_total\'s order_type (market, limit)',
      "5:79 promql/unknown-label execution_engine_orders_submitted_total has no label stauts (its labels",
    ]);
    expect(findings[0]!.message).toMatch(/\(per out\/catalog\.json:\d+:\d+\)$/);
  });
});

describe("metadata that disagrees", () => {
  it("is reported with both files, and the lint relies on neither", async () => {
    const dir = tempDir();
    const other = join(dir, "other.json");
    writeFileSync(other, '{"status":"success","data":{"orders_open":[{"type":"counter","help":"","unit":""}]}}');
    const { findings } = await lint([rulesFile(), "--metadata", API, "--metadata", other]);
    const conflict = findings.find((f) => f.ruleId === "metadata/conflict")!;
    expect(conflict).toMatchObject({ severity: "warning", line: 1, column: 29 });
    expect(conflict.file).toMatch(/other\.json$/);
    expect(conflict.message).toMatch(/^orders_open has type counter here but gauge in .*api-metadata\.json:1:\d+: the lint relies on neither$/);
    expect(findings.some((f) => f.ruleId === "promql/rate-on-counter")).toBe(false);
  });

  it("with the catalog is reported, and the catalog's declaration kept", async () => {
    const { dir, entry } = writeCatalog(baseCatalog());
    const meta = join(dir, "meta.json");
    writeFileSync(meta, '{"status":"success","data":{"checkout_requests_total":[{"type":"gauge","help":"","unit":""}]}}');
    const file = rulesFile(`groups:
  - name: checkout
    rules:
      - alert: Errors
        expr: rate(checkout_requests_total[5m]) > 1
        for: 5m
`);
    const { findings } = await lint([file, "--catalog", entry, "--metadata", meta]);
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      expect.stringMatching(/^metadata\/conflict checkout_requests_total has type gauge here but counter in .*: the lint goes by the catalog's$/),
    ]);
  });
});

describe("metadata that cannot be read", () => {
  it("a missing file is a usage error naming it (exit 2)", async () => {
    const r = await runInProcess(["lint", rulesFile(), "--metadata", "no/such.json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("obsgen lint: --metadata: no/such.json: no such file or folder");
  });

  it("a missing path of lint.metadata names the config (exit 2)", async () => {
    const dir = tempDir();
    const config = join(dir, "obsgen.config.ts");
    writeFileSync(config, `import { defineConfig } from "obsgen";\nexport default defineConfig({ lint: { metadata: ["gone.json"] } });\n`);
    const r = await runInProcess(["--config", config, "lint", rulesFile()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^obsgen lint: lint\.metadata of .*obsgen\.config\.ts: .*gone\.json: no such file or folder$/);
  });

  it("bad JSON is an error at its file, line and column (exit 1), and the rules are still linted", async () => {
    const dir = tempDir();
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{\n  "status": "success",\n  "data": {,}\n}\n');
    const r = await runInProcess(["lint", rulesFile(), "--metadata", bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.json:3:12: error not valid JSON: unexpected "," where a string was expected \[metadata\/unreadable\]/);
    expect(r.stdout).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe("types inferred from names (--infer-types, lint.inferTypes)", () => {
  const RAW = `groups:
  - name: jobs
    rules:
      - alert: JobsFailing
        expr: delta(jobs_failed_total[1h]) > 0
        for: 5m
      - alert: QueueInfo
        expr: rate(queue_info[5m]) > 0
        for: 5m
`;

  it("are off by default; --infer-types reports a _total read by delta(), saying the type is inferred, and guesses no gauge", async () => {
    const file = rulesFile(RAW);
    expect(brief((await lint([file])).findings)).toEqual([]);
    const { findings } = await lint([file, "--infer-types"]);
    expect(brief(findings)).toEqual(["5 promql/bare-counter"]);
    expect(findings[0]!.message).toMatch(/^delta\(\) of jobs_failed_total, which is a counter: .* \(inferred: a counter by its `_total` suffix\)$/);
    expect(findings[0]!.data!.inferred).toBe("a counter by its `_total` suffix");
  });

  it("are turned on by lint.inferTypes in obsgen.config.ts", async () => {
    const dir = tempDir();
    const config = join(dir, "obsgen.config.ts");
    writeFileSync(config, `import { defineConfig } from "obsgen";\nexport default defineConfig({ lint: { inferTypes: true } });\n`);
    expect(brief((await lint(["--config", config, rulesFile(RAW)])).findings)).toEqual(["5 promql/bare-counter"]);
  });

  it("give way to metadata that knows the series", async () => {
    const dir = tempDir();
    const meta = join(dir, "meta.json");
    // Some targets' metadata: it names no metric unknown by its absence.
    writeFileSync(meta, '{"status":"success","data":[{"target":{"job":"jobs"},"metric":"jobs_failed_total","type":"gauge","help":"","unit":""}]}');
    expect(brief((await lint([rulesFile(RAW), "--infer-types", "--metadata", meta])).findings)).toEqual([]);
  });
});
