import { describe, expect, it } from "vitest";
import { formatPath, resolveCatalog } from "./resolve.js";

const minimal = () => ({
  name: "t",
  teams: ["ops"],
  services: [
    {
      name: "api",
      description: "API",
      metricsPort: 8000,
      metrics: {
        lat: { type: "histogram", name: "api_latency_seconds", help: "h", unit: "seconds", buckets: [0.1, 0.5, 1] },
      },
      alerts: [] as unknown[],
    },
  ],
  prometheus: { port: 9090 },
});

describe("resolveCatalog", () => {
  it("names array elements by their name in paths", () => {
    const raw = { services: [{ name: "a" }, { name: "b", metrics: { m: { buckets: [1] } } }] };
    expect(formatPath(raw, ["services", 1, "metrics", "m", "buckets", 0])).toBe("services.b.metrics.m.buckets[0]");
  });

  it("defaults what the author left out", () => {
    const r = resolveCatalog(minimal());
    expect(r.diagnostics).toEqual([]);
    const m = r.value!.metrics[0]!;
    expect(m.labels).toEqual([]);
    expect(m.exposedBy).toEqual(["api"]);
    expect(r.value!.alertmanager).toEqual({ host: "localhost", port: 9093 });
    expect(r.value!.prometheus.ruleGroupPrefix).toBe("t");
    expect(r.value!.services[0]!.label).toBe("api");
  });

  it("counts an availability SLO over the catalog's sloPeriod, and keeps the period on the model", () => {
    const c = { ...minimal(), sloPeriod: "28d", services: [{ ...minimal().services[0]!, team: "ops", availability: 99.9 }] };
    const r = resolveCatalog(c);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.sloPeriod).toBe("28d");
    expect(r.value!.slos.find((s) => s.kind === "availability")).toMatchObject({ name: "api-availability", period: "28d" });
  });

  it("compiles a quantile above the top bucket edge to the share-above form, and below it to histogram_quantile", () => {
    const c = minimal();
    const alert = (name: string, threshold: number) => ({
      name,
      priority: "P2",
      team: "ops",
      summary: "s",
      description: "d",
      action: "a",
      condition: { kind: "quantile", metric: "api_latency_seconds", quantile: 0.9, window: "5m", op: ">", threshold },
    });
    c.services[0]!.alerts = [alert("Top", 1), alert("Mid", 0.5)];
    const r = resolveCatalog(c);
    const byName = Object.fromEntries(r.value!.alerts.map((a) => [a.name, a]));
    // Right on 2.42 and 3 (the default): the edge 1 is stored as "1" by 2.x and "1.0" by 3.
    expect(byName.Top!.expr).toBe('(1 - sum(rate(api_latency_seconds_bucket{le=~"1|1\\\\.0"}[5m])) / sum(rate(api_latency_seconds_count[5m]))) > 0.1');
    expect(byName.Mid!.expr).toBe("histogram_quantile(0.9, sum by (le) (rate(api_latency_seconds_bucket[5m]))) > 0.5");
  });

  it("stores each alert's compiled comparison, from which its expression is written", () => {
    const c = minimal() as any;
    const alert = (name: string, condition: unknown) => ({ name, priority: "P2", team: "ops", summary: "s", description: "d", action: "a", condition });
    c.services[0].alerts = [
      alert("Top", { kind: "quantile", metric: "api_latency_seconds", quantile: 0.9, window: "5m", op: ">=", threshold: 1 }),
      alert("Mid", { kind: "quantile", metric: "api_latency_seconds", quantile: 0.9, window: "5m", op: "<", threshold: 0.5 }),
      alert("Raw", { kind: "expr", expr: " up == 0 ", op: "==", threshold: 0 }),
    ];
    c.prometheus = { version: "2.42" };
    const byName = Object.fromEntries(resolveCatalog(c).value!.alerts.map((a) => [a.name, a]));
    expect(byName.Top!.compiled).toEqual({
      lhs: '(1 - sum(rate(api_latency_seconds_bucket{le="1"}[5m])) / sum(rate(api_latency_seconds_count[5m])))',
      op: ">",
      threshold: 0.1,
      method: "share_above",
    });
    expect(byName.Mid!.compiled).toEqual({
      lhs: "histogram_quantile(0.9, sum by (le) (rate(api_latency_seconds_bucket[5m])))",
      op: "<",
      threshold: 0.5,
      method: "direct",
    });
    for (const a of [byName.Top!, byName.Mid!]) expect(a.expr).toBe(`${a.compiled!.lhs} ${a.compiled!.op} ${a.compiled!.threshold}`);
    // Raw PromQL is taken as written: obsgen does not know its comparison.
    expect(byName.Raw!.compiled).toBeNull();
    expect(byName.Raw!.expr).toBe("up == 0");
  });

  it("targets 2.42 and 3 by default, and the versions `prometheus.version` names, each once and in order", () => {
    const versions = (version?: unknown) => {
      const c = minimal() as Record<string, unknown>;
      if (version !== undefined) c.prometheus = { version };
      return resolveCatalog(c).value!.prometheus.versions;
    };
    expect(versions()).toEqual(["2.42", "3"]);
    expect(versions("3")).toEqual(["3"]);
    expect(versions("2.42")).toEqual(["2.42"]);
    expect(versions(["3", "2.42", "3"])).toEqual(["2.42", "3"]);
  });

  it("writes a top-edge matcher as each targeted version stores the edge", () => {
    const exprFor = (version: string | string[]) => {
      const c = minimal() as any;
      c.prometheus = { version };
      c.services[0].alerts = [
        {
          name: "Top",
          priority: "P2",
          team: "ops",
          summary: "s",
          description: "d",
          action: "a",
          condition: { kind: "quantile", metric: "api_latency_seconds", quantile: 0.9, window: "5m", op: ">", threshold: 1 },
        },
      ];
      return resolveCatalog(c).value!.alerts[0]!.expr;
    };
    expect(exprFor("2.42")).toContain('api_latency_seconds_bucket{le="1"}');
    expect(exprFor("3")).toContain('api_latency_seconds_bucket{le=~"1|1\\\\.0"}');
    expect(exprFor(["2.42", "3"])).toContain('api_latency_seconds_bucket{le=~"1|1\\\\.0"}');
  });

  it("refuses a `prometheus.version` it does not model, saying which it does", () => {
    for (const version of ["3.14", ["2.42", "4"], [], 3]) {
      const c = { ...minimal(), prometheus: { version } };
      const r = resolveCatalog(c);
      expect(r.value, JSON.stringify(version)).toBeUndefined();
      expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([["catalog/schema", "prometheus.version"]]);
      expect(r.diagnostics[0]!.message).toMatch(
        Array.isArray(version) && version.length === 0 ? /lists no Prometheus version/ : /must be "2\.42", "3" or a list of them such as \["2\.42","3"\]/,
      );
      expect(r.diagnostics[0]!.hint).toMatch(/"3" is every Prometheus 3\.x/);
    }
  });

  it("suggests `alerting` for routing fields written under `alertmanager`", () => {
    const r = resolveCatalog({ ...minimal(), alertmanager: { host: "am", receivers: {}, defaultReceiver: "ops" } });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
      ["catalog/schema", "alertmanager", "unknown fields `receivers`, `defaultReceiver`"],
    ]);
    expect(r.diagnostics[0]!.hint).toMatch(/^did you mean `alerting`\?.*`receivers`, `defaultReceiver` go under `alerting`/);
    // A key that belongs to neither gets no such hint.
    expect(resolveCatalog({ ...minimal(), alertmanager: { hots: "am" } }).diagnostics[0]!.hint).toBeUndefined();
  });

  it("requires a ratio condition's numerator and a ratio SLO's good events, as the authoring types do", () => {
    const c = minimal() as any;
    c.services[0].metrics.req = { type: "counter", name: "api_requests_total", help: "h", labels: { status: ["ok", "error"] } };
    c.services[0].alerts = [
      {
        name: "Errors",
        priority: "P2",
        team: "ops",
        summary: "s",
        description: "d",
        action: "a",
        condition: { kind: "ratio", metric: "api_requests_total", window: "5m", op: ">", threshold: 0.1 },
      },
    ];
    c.slos = [{ kind: "ratio", name: "success", description: "d", metric: "api_requests_total", objective: 99, window: "30d" }];
    const r = resolveCatalog(c);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["catalog/schema", "services.api.alerts.Errors.condition.numerator"],
      ["catalog/schema", "slos.success.good"],
    ]);
  });

  it("defaults parameters to none, and reads them from a plain record or from `defineParameters`", () => {
    expect(resolveCatalog(minimal()).value!.parameters).toEqual([]);
    const def = { default: 5, description: "d" };
    for (const parameters of [{ limit: def }, { definitions: { limit: def } }]) {
      const r = resolveCatalog({ ...minimal(), parameters });
      expect(r.diagnostics).toEqual([]);
      expect(r.value!.parameters.map((p) => [p.name, p.default])).toEqual([["limit", 5]]);
    }
  });

  it("rejects a group exposed by an unknown service", () => {
    const c = { ...minimal(), groups: [{ name: "sys", description: "d", exposedBy: ["db"], metrics: {} }] };
    const r = resolveCatalog(c);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.path])).toEqual([["catalog/unknown-service", "groups.sys.exposedBy[0]"]]);
  });
});
