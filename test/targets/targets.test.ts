/**
 * Deploy targets from the shipped catalog: each output has its engine's shape (required keys,
 * apiVersion/kind/metadata, group structure), every rule lands exactly once, and each engine gets
 * only the group fields it supports, with a warning for the rest.
 */
import { describe, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { compile, compileAllTargets, filesUnder, parseYaml, ruleKeys } from "./helpers.js";

const all = await compileAllTargets();
const plainKeys = (files = all.files) =>
  filesUnder(files, "prometheus/rules/")
    .flatMap((f) => ruleKeys(parseYaml(f).groups))
    .sort();
const codes = (c: { diagnostics: readonly { code: string; severity: string }[] }) => c.diagnostics.map((d) => `${d.severity} ${d.code}`).sort();
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

describe("the prometheus target", () => {
  it("reproduces obsgen's default output byte for byte when the config sets no group fields", () => {
    const c = compile({ targets: [{ kind: "prometheus" }] });
    expect(c.files).toEqual(emitAll(c.model));
    expect(c.diagnostics).toEqual([]);
  });

  it("is left out, with prometheus.yml, when the config does not list it", () => {
    const c = compile({ targets: [{ kind: "thanos" }] });
    expect(filesUnder(c.files, "prometheus/")).toEqual([]);
    expect(c.files.map((f) => f.path)).toContain("catalog.json");
    expect(filesUnder(c.files, "grafana/").length).toBeGreaterThan(0);
  });

  it("emits group labels and query_offset only for the Prometheus versions that load them", () => {
    const rules = { labels: { env: "prod" }, queryOffset: "1m" };
    const prometheus = { version: ["2.42", "3"] };
    const group = (version: string) =>
      parseYaml(
        compile({ targets: [{ kind: "prometheus", version }], rules, prometheus }).files.find((f) => f.path === "prometheus/rules/trading_critical.yml")!,
      ).groups[0];
    expect(Object.keys(group("2.42"))).toEqual(["name", "interval", "rules"]);
    expect(Object.keys(group("2.53"))).toEqual(["name", "interval", "query_offset", "rules"]);
    expect(group("3.0")).toMatchObject({ query_offset: "1m", labels: { env: "prod" } });
    expect(codes(compile({ targets: [{ kind: "prometheus" }], rules, prometheus }))).toEqual([
      "warning target/unsupported-labels",
      "warning target/unsupported-query-offset",
    ]);
    expect(codes(compile({ targets: [{ kind: "prometheus", version: "2.53" }], rules, prometheus }))).toEqual(["warning target/unsupported-labels"]);
    expect(codes(compile({ targets: [{ kind: "prometheus", version: "3.0" }], rules, prometheus }))).toEqual([]);
  });

  it("runs a target without its own version on the oldest release `prometheus.version` targets", () => {
    const rules = { labels: { env: "prod" }, queryOffset: "1m" };
    const keys = (prometheus: unknown, kind = "prometheus") => {
      const c = compile({ targets: [{ kind }], rules, ...(prometheus ? { prometheus } : {}) });
      const f = c.files.find((x) => x.path === "prometheus/rules/trading_critical.yml" || x.path === "kubernetes/prometheus-rules/trading-shared.yaml")!;
      const doc = parseYaml(f);
      return Object.keys((doc.groups ?? doc.spec.groups)[0]);
    };
    // 3 alone: 3.0, which loads both fields; with 2.42 targeted: 2.42, which loads neither.
    expect(keys({ version: "3" })).toEqual(["name", "interval", "query_offset", "labels", "rules"]);
    expect(keys({ version: ["2.42", "3"] })).toEqual(["name", "interval", "rules"]);
    expect(keys({ version: "2.42" })).toEqual(["name", "interval", "rules"]);
    expect(keys({ version: ["2.42", "3"] }, "prometheus-operator")).toEqual(["name", "interval", "rules"]);
    expect(keys({ version: "3" }, "prometheus-operator")).toEqual(["name", "interval", "query_offset", "labels", "rules"]);
    // The shipped catalog targets 3: so does a config that says nothing.
    expect(keys(undefined)).toEqual(["name", "interval", "query_offset", "labels", "rules"]);
  });

  it("refuses a target running 3.x when only 2.42 is targeted, and warns of one running 2.x when only 3 is", () => {
    const on3 = compile({ targets: [{ kind: "prometheus-operator", version: "3.2" }], prometheus: { version: "2.42" } });
    expect(on3.diagnostics).toMatchObject([
      {
        code: "target/version-not-targeted",
        severity: "error",
        path: "targets[0].version",
        message: expect.stringContaining(
          'targets[0] (prometheus-operator) runs Prometheus 3.2, but `prometheus.version` targets only "2.42": its rules match buckets as 2.x spells them (le="5000"), never as 3.x stores them (le="5000.0")',
        ),
        hint: expect.stringContaining('add "3" to `prometheus.version`'),
      },
    ]);
    expect(on3.files).toEqual([]);
    expect(codes(compile({ targets: [{ kind: "prometheus", version: "2.53" }], prometheus: { version: "3" } }))).toEqual([
      "warning target/version-not-targeted",
    ]);
    expect(codes(compile({ targets: [{ kind: "prometheus", version: "2.53" }], prometheus: { version: ["2.42", "3"] } }))).toEqual([]);
    // A ThanosRuler evaluates the rules, not the Prometheus the operator runs.
    expect(codes(compile({ targets: [{ kind: "prometheus-operator", ruler: "thanos", version: "3.2" }], prometheus: { version: "2.42" } }))).toEqual([]);
  });

  it("warns that source_tenants and partial_response_strategy are not Prometheus fields, and leaves them out", () => {
    const c = compile({ targets: [{ kind: "prometheus-operator", partialResponseStrategy: "warn" }], rules: { sourceTenants: ["team-a"] } });
    expect(codes(c)).toEqual(["warning target/unsupported-partial-response", "warning target/unsupported-source-tenants"]);
    expect(c.files.some((f) => /source_tenants|partial_response_strategy/.test(f.contents))).toBe(false);
  });
});

describe("the prometheus-operator target", () => {
  const rules = filesUnder(all.files, "kubernetes/prometheus-rules/");
  const maps = filesUnder(all.files, "kubernetes/dashboards/");

  it("writes one PrometheusRule per service plus one for the shared groups' alerts", () => {
    expect(rules.map((f) => parseYaml(f).metadata.name)).toEqual([
      "trading-execution-engine",
      "trading-market-data",
      "trading-risk-manager",
      "trading-shared",
      "trading-signal-bridge",
    ]);
  });

  it("gives each resource the CRD's shape: apiVersion, kind, metadata with the configured labels, spec.groups", () => {
    for (const f of rules) {
      const r = parseYaml(f);
      expect(Object.keys(r)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
      expect(r).toMatchObject({ apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule" });
      expect(r.metadata.name).toMatch(DNS_1123_SUBDOMAIN);
      expect(r.metadata.namespace).toBe("monitoring");
      expect(r.metadata.labels).toEqual({ "app.kubernetes.io/managed-by": "obsgen", "app.kubernetes.io/part-of": "py_rt", release: "kube-prometheus-stack" });
      expect(Object.keys(r.spec)).toEqual(["groups"]);
      for (const g of r.spec.groups) {
        expect(g).toMatchObject({ name: expect.any(String), interval: expect.any(String), query_offset: "30s", labels: { environment: "production" } });
        expect(g.rules.length).toBeGreaterThan(0);
        for (const rule of g.rules) expect(typeof (rule.alert ?? rule.record)).toBe("string");
      }
      expect(new Set(r.spec.groups.map((g: any) => g.name)).size).toBe(r.spec.groups.length);
    }
  });

  it("holds every rule of the plain rule files exactly once", () => {
    expect(rules.flatMap((f) => ruleKeys(parseYaml(f).spec.groups)).sort()).toEqual(plainKeys());
  });

  it("puts SLO recording rules with the service they measure and shared-group alerts in the shared resource", () => {
    const keysOf = (name: string) => ruleKeys(parseYaml(rules.find((f) => parseYaml(f).metadata.name === name)!).spec.groups);
    expect(keysOf("trading-execution-engine")).toEqual(
      expect.arrayContaining([
        "record:job:slo_execution_engine_availability:up_avg5m{execution-engine-availability}",
        "record:slo:sli_error:ratio_rate5m{order-success-rate}",
        "alert:OrderSuccessRateBudgetBurnFast",
      ]),
    );
    expect(keysOf("trading-market-data")).toContain("record:slo:sli_error:ratio_rate1h{market-data-processing}");
    expect(keysOf("trading-shared")).toEqual(expect.arrayContaining(["alert:MemoryLeak", "alert:HighCPUUsage"]));
    expect(keysOf("trading-shared").some((k) => k.startsWith("record:"))).toBe(false);
  });

  it("writes each dashboard as a ConfigMap labelled for Grafana's sidecar, annotated with its folder, holding the same JSON as out/grafana/dashboards/<folder>/", () => {
    expect(maps.length).toBe(all.model.dashboards.length);
    for (const f of maps) {
      const m = parseYaml(f);
      expect(Object.keys(m)).toEqual(["apiVersion", "kind", "metadata", "data"]);
      expect(m).toMatchObject({ apiVersion: "v1", kind: "ConfigMap" });
      expect(m.metadata.name).toMatch(DNS_1123_SUBDOMAIN);
      expect(m.metadata.labels.grafana_dashboard).toBe("1");
      expect(m.metadata.annotations).toEqual({ grafana_folder: "py_rt" });
      const [key, json] = Object.entries(m.data as Record<string, string>)[0]!;
      expect(Object.keys(m.data)).toHaveLength(1);
      // The folder the sidecar writes the file to is the directory file provisioning reads it from.
      expect(json).toBe(all.files.find((x) => x.path === `grafana/dashboards/${m.metadata.annotations.grafana_folder}/${key}`)!.contents);
    }
  });

  it("takes the sidecar's labels from the config, and leaves dashboards out with `dashboards: false`", () => {
    const labelled = compile({ targets: [{ kind: "prometheus-operator", dashboards: { labels: { grafana_dashboard: "yes", team: "sre" } } }] });
    const m = parseYaml(filesUnder(labelled.files, "kubernetes/dashboards/")[0]!);
    expect(m.metadata.labels).toMatchObject({ grafana_dashboard: "yes", team: "sre" });
    expect(m.metadata.namespace).toBeUndefined();
    expect(filesUnder(compile({ targets: [{ kind: "prometheus-operator", dashboards: false }] }).files, "kubernetes/dashboards/")).toEqual([]);
  });

  it('feeds a ThanosRuler with `ruler: "thanos"`: partial_response_strategy kept, labels and query_offset left out with warnings', () => {
    const c = compile({
      targets: [{ kind: "prometheus-operator", ruler: "thanos", partialResponseStrategy: "warn" }],
      rules: { labels: { a: "b" }, queryOffset: "1m" },
    });
    const groups = filesUnder(c.files, "kubernetes/prometheus-rules/").flatMap((f) => parseYaml(f).spec.groups);
    expect(groups.every((g: any) => g.partial_response_strategy === "warn" && !("labels" in g) && !("query_offset" in g))).toBe(true);
    expect(codes(c)).toEqual(["warning target/unsupported-labels", "warning target/unsupported-query-offset"]);
  });
});

describe("the mimir target", () => {
  const files = filesUnder(all.files, "mimir/rules/");

  it("writes one namespace file per service plus a shared one, in the `mimirtool rules load` format", () => {
    for (const f of files) {
      const doc = parseYaml(f);
      expect(Object.keys(doc)).toEqual(["namespace", "groups"]);
      expect(f.path).toBe(`mimir/rules/${doc.namespace}.yml`);
      for (const g of doc.groups) {
        expect(Object.keys(g)[0]).toBe("name");
        expect(g.rules.length).toBeGreaterThan(0);
      }
      expect(new Set(doc.groups.map((g: any) => g.name)).size).toBe(doc.groups.length);
    }
    expect(files.map((f) => parseYaml(f).namespace)).toEqual([
      "trading-execution-engine",
      "trading-market-data",
      "trading-risk-manager",
      "trading-shared",
      "trading-signal-bridge",
    ]);
  });

  it("holds every rule exactly once", () => {
    expect(files.flatMap((f) => ruleKeys(parseYaml(f).groups)).sort()).toEqual(plainKeys());
  });

  it('groups by owning team with `namespaceBy: "team"`, SLO recording rules with the team of their burn-rate alerts', () => {
    const c = compile({ targets: [{ kind: "mimir", namespaceBy: "team" }] });
    const docs = filesUnder(c.files, "mimir/rules/").map(parseYaml);
    const teams = new Set(c.model.alerts.map((a) => a.team));
    expect(docs.map((d) => d.namespace).filter((n) => n !== "trading-shared")).toEqual([...teams].sort().map((t) => `trading-${t}`));
    for (const d of docs) {
      for (const g of d.groups) for (const r of g.rules) if (r.alert) expect(`trading-${r.labels.team}`).toBe(d.namespace);
    }
    const burn = c.model.alerts.find((a) => a.name === "OrderSuccessRateBudgetBurnFast")!;
    const ns = docs.find((d) => d.namespace === `trading-${burn.team}`)!;
    expect(ruleKeys(ns.groups)).toContain("record:slo:sli_error:ratio_rate5m{order-success-rate}");
    expect(docs.flatMap((d) => ruleKeys(d.groups)).sort()).toEqual(plainKeys(compile({ targets: [{ kind: "prometheus" }] }).files));
  });

  it("emits source_tenants (federated rule groups) and query_offset; group labels only from Mimir 3.0, with a warning before", () => {
    const rules = { sourceTenants: ["team-a", "team-b"], queryOffset: "1m", labels: { env: "prod" } };
    const old = compile({ targets: [{ kind: "mimir" }], rules });
    const g = parseYaml(filesUnder(old.files, "mimir/rules/")[0]!).groups[0];
    expect(g).toMatchObject({ query_offset: "1m", source_tenants: ["team-a", "team-b"] });
    expect(g.labels).toBeUndefined();
    expect(codes(old)).toEqual(["warning target/unsupported-labels"]);
    const v3 = compile({ targets: [{ kind: "mimir", version: "3.0" }], rules });
    expect(parseYaml(filesUnder(v3.files, "mimir/rules/")[0]!).groups[0].labels).toEqual({ env: "prod" });
    expect(codes(v3)).toEqual([]);
  });
});

describe("the thanos target", () => {
  it("writes the catalog's groups with partial_response_strategy on the groups the config names", () => {
    const docs = filesUnder(all.files, "thanos/rules/").map((f) => ({ path: f.path, group: parseYaml(f).groups[0] }));
    expect(docs.map((d) => d.path)).toEqual(all.model.ruleGroups.map((g) => `thanos/rules/${g.name}.yml`).sort());
    for (const d of docs) {
      expect(d.group.partial_response_strategy).toBe(d.group.name === "trading_medium_priority" ? "warn" : undefined);
      expect(d.group.labels).toBeUndefined();
      expect(d.group.query_offset).toBeUndefined();
    }
  });

  it("applies one strategy to every group, and warns about a group name that does not exist", () => {
    const every = compile({ targets: [{ kind: "thanos", partialResponseStrategy: "abort" }] });
    expect(filesUnder(every.files, "thanos/rules/").every((f) => parseYaml(f).groups[0].partial_response_strategy === "abort")).toBe(true);
    const typo = compile({ targets: [{ kind: "thanos", partialResponseStrategy: { trading_medium: "warn" } }] });
    expect(typo.diagnostics).toEqual([
      expect.objectContaining({ code: "target/unknown-rule-group", severity: "warning", path: "targets[0].partialResponseStrategy.trading_medium" }),
    ]);
  });
});

describe("group fields", () => {
  // The fields each engine's rule group documents: Prometheus's rule_group, prometheus-operator's
  // RuleGroup, Mimir's ruler groups (mimirtool's format), Thanos Ruler's groups.
  const DOCUMENTED: Record<string, readonly string[]> = {
    "prometheus/rules/": ["name", "interval", "query_offset", "limit", "labels", "rules"],
    "kubernetes/prometheus-rules/": ["name", "labels", "interval", "query_offset", "rules", "partial_response_strategy", "limit"],
    "mimir/rules/": ["name", "interval", "query_offset", "evaluation_delay", "limit", "labels", "rules", "source_tenants", "align_evaluation_time_on_interval"],
    "thanos/rules/": ["name", "interval", "limit", "rules", "partial_response_strategy"],
  };
  const everything = compile({
    targets: [
      { kind: "prometheus", version: "3.0" },
      { kind: "prometheus-operator", version: "3.0" },
      { kind: "mimir", version: "3.0" },
      { kind: "thanos", partialResponseStrategy: "warn" },
    ],
    rules: { labels: { env: "prod" }, queryOffset: "1m", sourceTenants: ["a"] },
  });

  it("are only those each engine documents, even with every setting asked for", () => {
    for (const [prefix, allowed] of Object.entries(DOCUMENTED)) {
      const files = filesUnder(everything.files, prefix);
      expect(files.length, prefix).toBeGreaterThan(0);
      for (const f of files) {
        const doc = parseYaml(f);
        expect(Object.keys(doc)).toEqual(
          prefix.startsWith("kubernetes") ? ["apiVersion", "kind", "metadata", "spec"] : prefix.startsWith("mimir") ? ["namespace", "groups"] : ["groups"],
        );
        for (const g of prefix.startsWith("kubernetes") ? doc.spec.groups : doc.groups) {
          for (const key of Object.keys(g)) expect(allowed, `${f.path}: ${key}`).toContain(key);
          expect(Object.keys(g)[0]).toBe("name");
          expect(Object.keys(g).at(-1)).toBe("rules");
        }
      }
    }
  });
});

describe("target checks", () => {
  it("report the all-targets example's one engine gap: Thanos Ruler has neither group labels nor query_offset", () => {
    expect(all.diagnostics.map((d) => [d.code, d.path, d.file])).toEqual([
      ["target/unsupported-labels", "rules.labels", "test/targets/fixtures/all-targets.config.ts"],
      ["target/unsupported-query-offset", "rules.queryOffset", "test/targets/fixtures/all-targets.config.ts"],
    ]);
    expect(all.diagnostics[0]!.message).toMatch(/Thanos Ruler/);
  });

  it("refuse a shared unit named like a service (an error: the rules would mix)", () => {
    const c = compile({ targets: [{ kind: "prometheus-operator", shared: "market-data" }] });
    expect(codes(c)).toEqual(["error target/unit-clash"]);
  });

  it("find dashboards whose ConfigMap names coincide, and dashboards too big for a ConfigMap", () => {
    const raw = baseCatalog();
    const panelDef = (title: string) => ({
      type: "stat",
      title,
      description: "d",
      targets: [{ query: { kind: "value", metric: "checkout_requests_total" } }],
    });
    raw.dashboards = [
      { title: "One", uid: "shop_board", description: "x", rows: [{ title: "r", panels: [panelDef("a")] }] },
      { title: "Two", uid: "shop-board", description: "y".repeat(300_000), rows: [{ title: "r", panels: [panelDef("b")] }] },
    ];
    raw.generatedDashboards = { services: false, slo: false };
    const c = compile({ targets: [{ kind: "prometheus-operator" }] }, raw);
    expect(codes(c)).toEqual(["error target/name-clash", "warning target/configmap-size"]);
  });
});

describe("golden files of the all-targets example", () => {
  const pinned = all.files.filter((f) => /^(kubernetes|mimir|thanos)\//.test(f.path) || f.path.startsWith("prometheus/rules/"));
  for (const f of pinned) {
    it(`matches test/golden/targets/${f.path}`, async () => {
      await expect(f.contents).toMatchFileSnapshot(`../golden/targets/${f.path}`);
    });
  }
  it("starts every file with the generated-by header", () => {
    for (const f of pinned) expect(f.contents.split("\n")[0]).toMatch(/^# generated by obsgen from the py_rt catalog; do not edit/);
  });
});
