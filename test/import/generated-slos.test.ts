import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { slosFromGeneratedRules } from "../../src/import/generated-slos.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { loadRuleFile } from "../../src/rulefile/index.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/import/generated-slos");

function read(...names: string[]) {
  return slosFromGeneratedRules(names.map((file) => ({ file, loaded: loadRuleFile(file, readFileSync(join(FIXTURES, file), "utf8")) })));
}

/** A catalog with the fixtures' metrics declared on service checkout. */
function catalogWith(slos: unknown[], availability?: number) {
  return resolveCatalog({
    name: "imported",
    teams: ["payments"],
    services: [
      {
        name: "checkout",
        description: "Checkout",
        metricsPort: 8080,
        team: "payments",
        ...(availability !== undefined ? { availability } : {}),
        metrics: {
          requests: {
            type: "counter",
            name: "http_requests_total",
            help: "Requests",
            labels: { job: { open: true, maxValues: 10 }, code: { open: true, maxValues: 10 } },
          },
          duration: {
            type: "histogram",
            name: "http_request_duration_seconds",
            help: "Latency",
            unit: "seconds",
            buckets: [0.1, 0.5, 1],
            labels: { job: { open: true, maxValues: 10 } },
          },
        },
      },
    ],
    slos,
  });
}

describe("SLOs from Sloth-generated rules", () => {
  it("reads an events SLI back into a ratio SLO, its objective, team and period, and consumes its three groups", () => {
    const r = read("sloth-events.yml");
    expect(r.slos).toEqual([
      {
        kind: "slo",
        spec: {
          kind: "ratio",
          name: "requests-success",
          description: "requests-success (imported from sloth-events.yml)",
          team: "payments",
          metric: "http_requests_total",
          good: { job: "checkout", code: "200" },
          total: { job: "checkout" },
          objective: 99.9,
          window: "5m",
        },
        service: "checkout",
        metrics: [{ name: "http_requests_total", type: "counter" }],
        origin: { format: "sloth", file: "sloth-events.yml", line: 8, column: 5 },
      },
    ]);
    expect(r.consumedGroups).toEqual([
      { file: "sloth-events.yml", group: "sloth-slo-sli-recordings-checkout-requests-success", slo: "requests-success", sloKind: "slo" },
      { file: "sloth-events.yml", group: "sloth-slo-meta-recordings-checkout-requests-success", slo: "requests-success", sloKind: "slo" },
      { file: "sloth-events.yml", group: "sloth-slo-alerts-checkout-requests-success", slo: "requests-success", sloKind: "slo" },
    ]);
    expect(r.period).toBe("30d");
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([["import/generated-slo", "info", 8]]);
    expect(r.diagnostics[0]!.message).toContain("CheckoutRequestsSuccess");
    const resolved = catalogWith([r.slos[0]!.kind === "slo" ? r.slos[0]!.spec : undefined]);
    expect(resolved.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reads the SLI as older Sloth versions wrap it, in one more pair of parentheses, the same way", () => {
    const text = readFileSync(join(FIXTURES, "sloth-events.yml"), "utf8").replace(
      /expr: \|\n      (\(sum\(rate\(http_requests_total\{job="checkout"\}\[(\w+)\]\)\) - [^\n]*)\n      \/\n      ([^\n]*)\n/g,
      "expr: |\n      (\n        $1\n        /\n        $3\n      )\n",
    );
    expect(text).toContain("      (\n        (sum(rate(");
    const older = slosFromGeneratedRules([{ file: "sloth-events.yml", loaded: loadRuleFile("sloth-events.yml", text) }]);
    expect(older.slos).toEqual(read("sloth-events.yml").slos);
  });

  it("reads a raw SLI of a job's availability back into the service's availability objective", () => {
    const r = read("sloth-raw.yml");
    expect(r.slos).toEqual([
      {
        kind: "availability",
        name: "availability",
        service: "checkout",
        objective: 99.5,
        origin: { format: "sloth", file: "sloth-raw.yml", line: 7, column: 5 },
      },
    ]);
    expect(r.consumedGroups.map((g) => g.group)).toEqual([
      "sloth-slo-sli-recordings-checkout-availability",
      "sloth-slo-meta-recordings-checkout-availability",
      "sloth-slo-alerts-checkout-availability",
    ]);
    expect(r.period).toBe("28d");
    expect(catalogWith([], 99.5).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("keeps a Sloth-named group holding a rule Sloth does not write, and its sibling groups, with a warning why", () => {
    const r = read("near-miss.yml");
    expect(r.slos).toEqual([]);
    expect(r.consumedGroups).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ["import/generated-slo-kept", "warning", 14],
      ["import/generated-slo-kept", "warning", 16],
    ]);
    expect(r.diagnostics[0]!.message).toContain("search:requests:rate5m");
  });

  it("leaves hand-written groups that record Sloth's or Pyrra's series names alone", () => {
    const r = read("near-miss.yml");
    expect(r.diagnostics.some((d) => d.message.includes("hand-written-slos"))).toBe(false);
  });

  it("keeps the groups of an SLO with no objective to read", () => {
    const text = readFileSync(join(FIXTURES, "sloth-raw.yml"), "utf8").replace("vector(0.995)", "vector(1) * 0.995");
    const r = slosFromGeneratedRules([{ file: "x.yml", loaded: loadRuleFile("x.yml", text) }]);
    expect(r.slos).toEqual([]);
    expect(r.consumedGroups).toEqual([]);
    expect(r.diagnostics).toHaveLength(3);
    expect(r.diagnostics[0]!.message).toContain("no objective");
  });

  it("warns of two SLOs of one name from different services, the catalog naming each SLO once", () => {
    const text = readFileSync(join(FIXTURES, "sloth-events.yml"), "utf8");
    const other = text.replaceAll("checkout", "search");
    const r = slosFromGeneratedRules([
      { file: "a.yml", loaded: loadRuleFile("a.yml", text) },
      { file: "b.yml", loaded: loadRuleFile("b.yml", other) },
    ]);
    expect(r.slos.map((s) => s.service)).toEqual(["checkout", "search"]);
    expect(r.diagnostics.filter((d) => d.code === "import/slo-duplicate").map((d) => [d.file, d.line])).toEqual([["b.yml", 8]]);
  });
});

describe("SLOs from Pyrra-generated rules", () => {
  it("reads a latency SLO from its burn-rate recordings, its objective from the alerts and its period from the increase group", () => {
    const r = read("pyrra-latency.yml");
    expect(r.slos).toEqual([
      {
        kind: "slo",
        spec: {
          kind: "latency",
          name: "checkout-latency",
          description: "checkout-latency (imported from pyrra-latency.yml)",
          team: "payments",
          metric: "http_request_duration_seconds",
          quantile: 0.99,
          threshold: 0.5,
          window: "5m",
          where: { job: "checkout" },
        },
        service: "checkout",
        metrics: [{ name: "http_request_duration_seconds", type: "histogram", native: false }],
        origin: { format: "pyrra", file: "pyrra-latency.yml", line: 9, column: 5 },
      },
    ]);
    expect(r.consumedGroups.map((g) => g.group)).toEqual(["checkout-latency", "checkout-latency-increase"]);
    expect(r.period).toBe("4w");
    expect(r.diagnostics.map((d) => d.code)).toEqual(["import/generated-slo"]);
    expect(r.diagnostics[0]!.message).toContain("ErrorBudgetBurn, SLOMetricAbsent");
    const resolved = catalogWith([r.slos[0]!.kind === "slo" ? r.slos[0]!.spec : undefined]);
    expect(resolved.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("gives back a ratio SLO over bad events as raw, with its objective, and keeps its groups with a warning why", () => {
    const r = read("pyrra-ratio.yml");
    expect(r.slos).toHaveLength(1);
    expect(r.slos[0]).toMatchObject({
      kind: "raw",
      name: "checkout-errors",
      service: "checkout",
      objective: 99.5,
      queries: {
        error_query: 'sum(rate(http_requests_total{code=~"5..",job="checkout"}[{{.window}}]))',
        total_query: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
      },
      origin: { format: "pyrra", file: "pyrra-ratio.yml", line: 7, column: 5 },
    });
    expect(r.consumedGroups).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["import/slo-not-expressible", 7],
      ["import/generated-slo-kept", 4],
      ["import/generated-slo-kept", 24],
    ]);
  });

  it("keeps a Pyrra group whose alerts give no objective", () => {
    const text = readFileSync(join(FIXTURES, "pyrra-latency.yml"), "utf8").replace(/\(14 \* \(1-0\.99\)\)/g, "0.14");
    const r = slosFromGeneratedRules([{ file: "x.yml", loaded: loadRuleFile("x.yml", text) }]);
    expect(r.slos).toEqual([]);
    expect(r.consumedGroups).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["import/generated-slo-kept", "import/generated-slo-kept"]);
  });

  it("reads several files at once, each SLO once", () => {
    const r = read("sloth-events.yml", "sloth-raw.yml", "pyrra-latency.yml", "pyrra-ratio.yml", "near-miss.yml");
    expect(r.slos.map((s) => [s.kind, s.kind === "slo" ? s.spec.name : s.name])).toEqual([
      ["slo", "requests-success"],
      ["availability", "availability"],
      ["slo", "checkout-latency"],
      ["raw", "checkout-errors"],
    ]);
    expect(r.consumedGroups).toHaveLength(8);
  });
});
