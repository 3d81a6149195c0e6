/**
 * One definition of "the catalog is wrong": every lint rule that can report an error on a catalog
 * makes `obsgen build` refuse that catalog, naming the rule; the others are warnings by design.
 */
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/lint/registry.js";
import type { LintRule } from "../../src/lint/types.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess, tempDir } from "../helpers/cli.js";

type Mutation = (c: any) => void;

/** The first alert's condition replaced by a PromQL expression. */
function exprAlert(expr: string): Mutation {
  return (c) => {
    c.services[0].alerts[0].condition = { kind: "expr", expr, metrics: [] };
  };
}

const uncountedSlo: Mutation = (c) => {
  // 75 lies between the edges 50 and 100 of checkout_request_latency_ms.
  c.slos = [
    {
      kind: "latency",
      name: "checkout-latency",
      description: "p99 under 75ms",
      metric: "checkout_request_latency_ms",
      quantile: 0.99,
      threshold: 75,
      window: "5m",
    },
  ];
};

/** A catalog that triggers each rule that can report an error on a catalog. */
const TRIGGERS: Record<string, Mutation> = {
  "slo/threshold-bucket-edge": uncountedSlo,
  "promql/unknown-metric": (c) => {
    c.services[0].alerts[0].condition = { kind: "expr", expr: "sum(rate(checkout_requsts_total[5m])) > 1", metrics: [] };
  },
  "promql/syntax": exprAlert("sum(rate(checkout_requests_total[5m]) > 1"),
  "promql/unknown-label": exprAlert('sum(rate(checkout_requests_total{stauts="error"}[5m])) > 1'),
  "promql/label-value": exprAlert('sum(rate(checkout_requests_total{status="eror"}[5m])) > 1'),
  "promql/result-type": exprAlert("checkout_requests_total[5m]"),
  "promql/histogram-quantile-le": exprAlert("histogram_quantile(0.99, sum by (method) (rate(checkout_request_latency_ms_bucket[5m]))) > 100"),
  "promql/quantile-above-buckets": exprAlert("histogram_quantile(0.99, sum by (le) (rate(checkout_request_latency_ms_bucket[5m]))) > 1000"),
  "promql/rate-on-counter": (c) => {
    c.services[0].metrics.queue = { type: "gauge", name: "checkout_queue_depth", help: "Orders waiting", unit: "count" };
    exprAlert("sum(rate(checkout_queue_depth[5m])) > 1")(c);
  },
  "lint/unknown-silence": (c) => {
    c.services[0].alerts[0].silence = [{ rule: "promql/no-such-rule", reason: "a typo in the rule id" }];
  },
};

/** Rules that can report an error on a catalog but no catalog can trigger, with why. */
const NOT_YET: Record<string, string> = {
  "grafana/duplicate-panel-id": "obsgen numbers a catalog dashboard's panels itself; a catalog cannot give two panels one id",
  "grafana/duplicate-uid": "the resolver refuses two catalog dashboards with one uid (catalog/duplicate-dashboard) before lint runs",
};

const catalogHooks = (r: LintRule) => Boolean(r.rule || r.group || r.all || r.metric || r.catalogCheck || r.dashboard || r.allDashboards);
const canError = (r: LintRule) => r.meta.severity === "error" || Object.values(r.meta.messageSeverities ?? {}).includes("error");

async function build(mutate: Mutation) {
  const c = baseCatalog();
  mutate(c);
  const { entry } = writeCatalog(c);
  return runInProcess(["build", "--catalog", entry, "--out", tempDir()]);
}

describe("obsgen build refuses what obsgen lint calls an error", () => {
  const onCatalog = ALL_RULES.filter(catalogHooks);
  for (const rule of onCatalog) {
    const id = rule.meta.id;
    if (!canError(rule)) {
      it(`${id} is a warning by design: it never reports an error on its own`, () => {
        expect(rule.meta.severity).not.toBe("error");
        expect(Object.values(rule.meta.messageSeverities ?? {})).not.toContain("error");
      });
      continue;
    }
    if (NOT_YET[id]) {
      it(`${id} is listed with the reason it has no triggering catalog`, () => {
        expect(NOT_YET[id]!.length).toBeGreaterThan(0);
      });
      continue;
    }
    it(`fails the build with exit 1 naming ${id}`, async () => {
      const mutate = TRIGGERS[id];
      expect(mutate, `no catalog triggers ${id}: add one to TRIGGERS or a reason to NOT_YET`).toBeDefined();
      const r = await build(mutate!);
      expect(r.code).toBe(1);
      expect(r.stderr, r.stderr).toContain(id);
      expect(r.stderr).toMatch(/nothing was written/);
    });
  }

  it("keeps failing the build on an SLO without burn-rate alerts when the rule is turned off", async () => {
    const r = await build((c) => {
      uncountedSlo(c);
      c.lint = { rules: { "slo/threshold-bucket-edge": "off" } };
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/burn-rate alerts cannot be generated/);
  });

  it("builds with exit 0 and prints the finding when the catalog lowers an error rule to a warning", async () => {
    const r = await build((c) => {
      exprAlert("sum(rate(checkout_requsts_total[5m])) > 1")(c);
      c.lint = { rules: { "promql/unknown-metric": "warning" } };
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning.*promql\/unknown-metric|promql\/unknown-metric.*warning/);
  });

  it("fails the build when the catalog raises a warning rule to an error", async () => {
    const r = await build((c) => {
      // checkout_request_latency_ms abbreviates its unit: a warning, unless the catalog says otherwise.
      c.lint = { rules: { "naming/abbreviated-unit": "error" } };
    });
    expect(r.code).toBe(1);
    expect(r.stderr, r.stderr).toMatch(/error .*naming\/abbreviated-unit/);
  });
});
