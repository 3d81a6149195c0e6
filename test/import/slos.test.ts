/**
 * Hand-written Sloth and OpenSLO documents (test/fixtures/import/slos/, each valid by the schemas
 * of test/fixtures/slo-schemas/) import to the catalog SLOs they describe; what the catalog cannot
 * express is kept and named; malformed documents give errors at file:line:col.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { importSlos, SLO_IMPORT } from "../../src/import/slos.js";
import { ROOT } from "../helpers/cli.js";
import { schemaErrors } from "../slo-export/helpers.js";

const DIR = join(ROOT, "test", "fixtures", "import", "slos");
const read = (name: string) => ({ file: `slos/${name}`, text: readFileSync(join(DIR, name), "utf8") });

describe("the hand-written fixtures", () => {
  it.each([
    ["sloth-checkout.yml", "sloth"],
    ["openslo-payments.yaml", "openslo"],
  ] as const)("%s validates against the %s schema", (name, format) => {
    for (const doc of yaml.loadAll(read(name).text)) expect(schemaErrors(format, doc)).toEqual([]);
  });
});

describe("importing a hand-written Sloth spec", () => {
  const r = importSlos([read("sloth-checkout.yml")]);

  it("reads total-less-good events on one counter as a ratio SLO, its team from the alerting labels", () => {
    expect(r.slos[0]).toEqual({
      kind: "slo",
      service: "checkout",
      spec: {
        kind: "ratio",
        name: "requests-availability",
        description: "Checkout requests that do not fail",
        team: "web",
        metric: "http_requests_total",
        good: { code: ["2xx", "3xx", "4xx"], job: "checkout" },
        total: { job: "checkout" },
        objective: 99.9,
        window: "5m",
      },
      metrics: [{ name: "http_requests_total", type: "counter" }],
      origin: { format: "sloth", file: "slos/sloth-checkout.yml", line: 8, column: 5 },
    });
  });

  it("reads a count less a bucket as a latency SLO at that bucket edge, its quantile the objective", () => {
    expect(r.slos[1]).toMatchObject({
      kind: "slo",
      spec: {
        kind: "latency",
        name: "requests-latency",
        metric: "http_request_duration_seconds",
        quantile: 0.95,
        threshold: 0.3,
        where: { job: "checkout" },
        window: "5m",
      },
      metrics: [{ name: "http_request_duration_seconds", type: "histogram", native: false }],
    });
    expect(r.slos[1]!.kind === "slo" && "team" in r.slos[1]!.spec).toBe(false);
  });

  it("keeps bad events selected by a pattern as a raw indicator, with a warning naming the SLO", () => {
    expect(r.slos[2]).toMatchObject({ kind: "raw", name: "requests-errors", objective: 99.5, service: "checkout" });
    const w = r.diagnostics.filter((d) => d.code === SLO_IMPORT.notExpressible);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: "warning", file: "slos/sloth-checkout.yml", line: 46, column: 9 });
    expect(w[0]!.message).toContain("requests-errors");
  });

  it("reads the share of scrapes a job was up as that service's availability objective", () => {
    expect(r.slos[3]).toMatchObject({ kind: "availability", name: "checkout-up", service: "checkout", objective: 99.95 });
  });

  it("reports nothing else, and no period (Sloth specs carry none)", () => {
    expect(r.diagnostics.map((d) => d.code)).toEqual([SLO_IMPORT.notExpressible]);
    expect(r.period).toBeUndefined();
  });
});

describe("importing hand-written OpenSLO documents", () => {
  const r = importSlos([read("openslo-payments.yaml")]);

  it("reads an SLO whose indicator is a referenced SLI document of good and total events", () => {
    expect(r.slos[0]).toMatchObject({
      kind: "slo",
      service: "payments",
      spec: { kind: "ratio", name: "payments-success", team: "payments", metric: "payments_total", good: { outcome: "ok" }, total: {}, objective: 99.5 },
      origin: { format: "openslo", line: 28 },
    });
  });

  it("reads an inline indicator of a bucket over a count as a latency SLO, the objective from targetPercent", () => {
    expect(r.slos[1]).toMatchObject({
      kind: "slo",
      spec: { kind: "latency", name: "payments-latency", metric: "payment_duration_seconds", quantile: 0.99, threshold: 1, where: { provider: "card" } },
    });
  });

  it("keeps a threshold indicator as raw, with a warning at the indicator", () => {
    expect(r.slos[2]).toMatchObject({ kind: "raw", name: "payments-queue-depth", objective: 99 });
    const w = r.diagnostics.find((d) => d.code === SLO_IMPORT.notExpressible);
    expect(w).toMatchObject({ file: "slos/openslo-payments.yaml", line: 87, column: 7 });
  });

  it("takes the first time window as the period and reports the SLO whose window differs", () => {
    expect(r.period).toBe("28d");
    const p = r.diagnostics.filter((d) => d.code === SLO_IMPORT.period);
    expect(p).toHaveLength(1);
    expect(p[0]!.message).toContain("payments-queue-depth has 7d (slos/openslo-payments.yaml:93:17)");
    expect(p[0]).toMatchObject({ severity: "warning", file: "slos/openslo-payments.yaml", line: 93, column: 17 });
  });
});

describe("importing malformed documents", () => {
  const at = (name: string) =>
    importSlos([read(name)])
      .diagnostics.filter((d) => d.severity === "error")
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);

  it("names file:line:col of each malformed Sloth SLO and imports none of them", () => {
    const r = importSlos([read("malformed-sloth.yml")]);
    expect(r.slos).toEqual([]);
    expect(at("malformed-sloth.yml")).toEqual([
      expect.stringMatching(/^slos\/malformed-sloth\.yml:5:16 SLO over-objective: `objective` must be/),
      expect.stringMatching(/^slos\/malformed-sloth\.yml:14:28 SLO no-window: .* has no `\{\{\.window\}\}`/),
      expect.stringMatching(/^slos\/malformed-sloth\.yml:19:22 SLO bad-promql: the error_query query is not valid PromQL/),
      expect.stringMatching(/^slos\/malformed-sloth\.yml:24:7 SLO two-slis: `sli` must hold exactly one/),
    ]);
  });

  it("names an unknown SLI reference, a target out of range and a document of another version", () => {
    expect(at("malformed-openslo.yaml")).toEqual([
      expect.stringMatching(/^slos\/malformed-openslo\.yaml:23:13 neither a Sloth spec .*: apiVersion openslo\/v2alpha/),
      expect.stringMatching(/^slos\/malformed-openslo\.yaml:7:17 OpenSLO SLO missing-sli refers to SLI no-such-sli/),
      expect.stringMatching(/^slos\/malformed-openslo\.yaml:21:7 OpenSLO SLO target-out-of-range: the objective needs/),
    ]);
  });

  it("reports a YAML syntax error at its position", () => {
    const r = importSlos([read("malformed-yaml.yml")]);
    expect(r.slos).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: SLO_IMPORT.yaml, severity: "error", file: "slos/malformed-yaml.yml", line: 5 })]);
  });
});

describe("queries the catalog cannot write", () => {
  const sloth = (error: string, total: string, name = "x-slo") =>
    importSlos([
      {
        file: "s.yml",
        text: `version: prometheus/v1\nservice: svc\nslos:\n  - name: ${name}\n    objective: 99\n    sli:\n      events:\n        error_query: '${error}'\n        total_query: '${total}'\n`,
      },
    ]);
  const total = "sum(rate(req_total[{{.window}}]))";

  it.each([
    ["a negative matcher", `${total} - sum(rate(req_total{code!="500"}[{{.window}}]))`, "code!="],
    ["good events on another metric", `${total} - sum(rate(ok_total[{{.window}}]))`, "different metrics"],
    ["a grouped sum", `${total} - sum by (code) (rate(req_total{code="200"}[{{.window}}]))`, "less a query of good events"],
    ["a bucket off the count's matchers", `sum(rate(h_count[{{.window}}])) - sum(rate(h_bucket{le="1", job="a"}[{{.window}}]))`, "differ in more than"],
  ])("keeps %s as raw, saying why", (_, error, why) => {
    const r = sloth(error, error.startsWith("sum(rate(h_") ? "sum(rate(h_count[{{.window}}]))" : total);
    expect(r.slos.map((s) => s.kind)).toEqual(["raw"]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toContain(why);
  });

  it("imports a name the catalog cannot hold as its kebab-case form, and says so", () => {
    const r = sloth(`${total} - sum(rate(req_total{code="200"}[{{.window}}]))`, total, "Checkout_Success.v2");
    expect(r.slos[0]).toMatchObject({ kind: "slo", spec: { name: "checkout-success-v2" } });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: SLO_IMPORT.name, severity: "warning", file: "s.yml", line: 4, column: 5 })]);
  });

  it("keeps an objective of 100% as raw: the catalog's objectives are below 100", () => {
    const r = importSlos([
      {
        file: "s.yml",
        text: 'version: prometheus/v1\nservice: svc\nslos:\n  - name: up\n    objective: 100\n    sli:\n      raw:\n        error_ratio_query: 1 - avg(avg_over_time(up{job="svc"}[{{.window}}]))\n',
      },
    ]);
    expect(r.slos.map((s) => s.kind)).toEqual(["raw"]);
  });

  it("keeps an OpenSLO counter ratio (counter: true) as raw: the tool takes the increases, not the query", () => {
    const text = [
      "apiVersion: openslo/v1",
      "kind: SLO",
      "metadata: { name: c }",
      "spec:",
      "  service: svc",
      "  budgetingMethod: Occurrences",
      "  objectives: [{ target: 0.99 }]",
      "  indicator:",
      "    metadata: { name: c-sli }",
      "    spec:",
      "      ratioMetric:",
      "        counter: true",
      "        good: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(req_total{code=\"200\"}[5m]))' } } }",
      "        total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(req_total[5m]))' } } }",
      "",
    ].join("\n");
    const r = importSlos([{ file: "o.yaml", text }]);
    expect(r.slos.map((s) => s.kind)).toEqual(["raw"]);
    expect(r.diagnostics[0]).toMatchObject({ code: SLO_IMPORT.notExpressible, line: 12, column: 9 });
  });
});

describe("reading the same SLO twice", () => {
  it("warns at the second reading, naming the first", () => {
    const sloth = readFileSync(join(DIR, "sloth-checkout.yml"), "utf8");
    const r = importSlos([
      { file: "a.yml", text: sloth },
      { file: "b.yml", text: sloth },
    ]);
    const dup = r.diagnostics.filter((d) => d.code === SLO_IMPORT.duplicate);
    expect(dup.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(["b.yml:8:5", "b.yml:29:5", "b.yml:42:5", "b.yml:54:5"]);
    expect(dup[0]!.message).toContain("requests-availability is read twice: here and at a.yml:8:5");
  });
});

describe("documents that would expand without bound", () => {
  it("reports aliases expanded past the limit as an error, without throwing", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 6; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const r = importSlos([{ file: "bomb.yml", text: `version: prometheus/v1\n${levels.join("\n")}\n` }]);
    expect(r.slos).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: SLO_IMPORT.yaml, severity: "error", file: "bomb.yml", line: 1, column: 1 })]);
  });
});
