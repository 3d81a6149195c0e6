import { describe, expect, it } from "vitest";
import { metadataSource } from "../../test/helpers/rule-tester.js";
import { readMetadataText } from "../metrics/read-metadata.js";
import type { MetadataSource } from "../metrics/knowledge.js";
import { loadRuleFile } from "../rulefile/index.js";
import { buildInventory, type InventoryInput, type InventoryMetric } from "./inventory.js";

function rules(text: string, file = "rules.yml"): InventoryInput["ruleFiles"] {
  return [{ file, loaded: loadRuleFile(file, text) }];
}

/** A rule file of one group whose rules are alerts on the expressions given. */
function alerts(...exprs: string[]): string {
  return `groups:\n  - name: g\n    rules:\n${exprs.map((e, i) => `      - alert: A${i}\n        expr: ${e}\n`).join("")}`;
}

function metadata(file: string, text: string): MetadataSource {
  const read = readMetadataText(file, text);
  if (!("source" in read)) throw new Error(read.problem.message);
  return read.source;
}

function metric(input: InventoryInput, name: string): InventoryMetric {
  const { inventory } = buildInventory(input);
  const m = inventory.metrics.find((x) => x.name === name);
  if (!m) throw new Error(`${name} not in the inventory: ${inventory.metrics.map((x) => x.name).join(", ")}`);
  return m;
}

describe("the metric inventory", () => {
  it("lists every metric a selector reads, with the file:line:col of each use", () => {
    const { inventory } = buildInventory({ ruleFiles: rules(alerts("rate(http_requests_total[5m]) > 1", "node_load1 / on(instance) node_cpus > 2")) });
    expect(inventory.metrics.map((m) => m.name)).toEqual(["http_requests_total", "node_cpus", "node_load1"]);
    expect(inventory.metrics[0]!.uses).toEqual([{ file: "rules.yml", line: 5, column: 20 }]);
    expect(inventory.metrics[2]!.uses).toEqual([{ file: "rules.yml", line: 7, column: 15 }]);
  });

  it("lists recorded series apart with their producing rule, and colon names as recorded by convention", () => {
    const text = `groups:
  - name: g
    rules:
      - record: job_requests
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: High
        expr: job_requests > 1 and job:errors:rate5m > 0
`;
    const { inventory } = buildInventory({ ruleFiles: rules(text) });
    expect(inventory.metrics.map((m) => m.name)).toEqual(["http_requests_total"]);
    expect(inventory.recorded).toEqual([
      { name: "job:errors:rate5m", producedBy: [], uses: [{ file: "rules.yml", line: 7, column: 36 }] },
      { name: "job_requests", producedBy: [{ file: "rules.yml", group: "g", line: 4, column: 9 }], uses: [{ file: "rules.yml", line: 7, column: 15 }] },
    ]);
  });

  it("lists the series Prometheus writes itself apart, and counts selectors without a metric name", () => {
    const { inventory } = buildInventory({ ruleFiles: rules(alerts('up == 0 or ALERTS{alertstate="firing"} > 0', `'{job="x"} > 1'`)) });
    expect(inventory.metrics).toEqual([]);
    expect(inventory.builtin.map((b) => b.name)).toEqual(["ALERTS", "up"]);
    expect(inventory.unnamedSelectors).toHaveLength(1);
  });

  it("folds a histogram's bucket, count and sum into one histogram when the expressions read the bucket's `le`", () => {
    const m = metric(
      {
        ruleFiles: rules(
          alerts("histogram_quantile(0.9, sum by (le, job) (rate(req_seconds_bucket[5m]))) > 1", "rate(req_seconds_sum[5m]) / rate(req_seconds_count[5m]) > 1"),
        ),
      },
      "req_seconds",
    );
    expect(m.type).toBe("histogram");
    expect(m.series).toEqual(["req_seconds_bucket", "req_seconds_count", "req_seconds_sum"]);
    expect(m.typeFrom).toMatchObject({ origin: "convention", where: { file: "rules.yml", line: 5 } });
    expect(m.labels.map((l) => l.name)).toEqual(["job"]);
  });

  it("leaves a `_bucket`, `_count` or `_sum` unfolded and untyped when neither metadata nor an `le` use says it is a histogram's", () => {
    const { inventory } = buildInventory({ ruleFiles: rules(alerts("rate(queue_bucket[5m]) > 1", "pg_stat_activity_count > 10")) });
    expect(inventory.metrics.map((m) => [m.name, m.type, m.typeFrom.origin])).toEqual([
      ["pg_stat_activity_count", "unknown", "unknown"],
      ["queue_bucket", "unknown", "unknown"],
    ]);
    expect(inventory.metrics[0]!.typeFrom).toMatchObject({ reason: expect.stringContaining("`_count`") });
  });

  it("folds a histogram's parts when metadata says the family is a histogram, and a summary's count and sum", () => {
    const meta = metadata(
      "meta.json",
      JSON.stringify({
        status: "success",
        data: { rpc_seconds: [{ type: "histogram", help: "RPC latency.", unit: "seconds" }], gc_seconds: [{ type: "summary", help: "GC." }] },
      }),
    );
    const input = {
      ruleFiles: rules(alerts("rate(rpc_seconds_count[5m]) > 1", "rate(gc_seconds_sum[5m]) / rate(gc_seconds_count[5m]) > 1")),
      metadata: [meta],
    };
    const rpc = metric(input, "rpc_seconds");
    expect([rpc.type, rpc.series, rpc.help, rpc.unit]).toEqual(["histogram", ["rpc_seconds_count"], "RPC latency.", "seconds"]);
    expect(rpc.typeFrom).toMatchObject({ origin: "metadata", source: { origin: "metadata", file: "meta.json" } });
    expect(rpc.helpFrom).toMatchObject({ file: "meta.json" });
    expect(metric(input, "gc_seconds").series).toEqual(["gc_seconds_count", "gc_seconds_sum"]);
  });

  it("types from metadata first, else by naming convention saying which, else unknown with the reason", () => {
    const meta = metadata("node.metrics", "# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 0.5\n");
    const input = { ruleFiles: rules(alerts("node_load1 > 1", "rate(errors_total[5m]) > 1", "build_info > 0", "temperature > 30")), metadata: [meta] };
    expect(metric(input, "node_load1").typeFrom).toEqual({ origin: "metadata", source: { origin: "metadata", file: "node.metrics", line: 2, column: 1 } });
    expect(metric(input, "errors_total").typeFrom).toEqual({ origin: "convention", inferredFrom: "a counter by its `_total` suffix" });
    expect(metric(input, "build_info").type).toBe("info");
    expect(metric(input, "temperature").typeFrom).toEqual({ origin: "unknown", reason: "no metadata describes it, and its name follows no type convention" });
  });

  it("knows an OpenMetrics counter family by its `_total` series", () => {
    const meta = metadata("om.metrics", "# TYPE jobs counter\njobs_total 3\n# EOF\n");
    expect(metric({ ruleFiles: rules(alerts("rate(jobs_total[5m]) > 0")), metadata: [meta] }, "jobs_total").typeFrom.origin).toBe("metadata");
  });

  it("collects labels of matchers, by/without, on/ignoring, group_left/right and label_replace, with the values of `=` and simple `=~`", () => {
    const m = (name: string) =>
      metric(
        {
          ruleFiles: rules(
            alerts(
              `sum without (pod) (rate(reqs_total{code=~"5..", method="GET", path=~"/a|/b", host=~"a\\\\.example|b"}[5m])) > 0`,
              "reqs_total * on(instance) group_left(version) build_info > 0",
              'label_replace(reqs_total, "svc", "$1", "service", "(.*)") > 0',
              "count by (zone) (node_up) > 0 unless ignoring(cluster) node_up > 1",
            ),
          ),
        },
        name,
      );
    const reqs = m("reqs_total");
    expect(reqs.labels.map((l) => [l.name, l.values, l.roles])).toEqual([
      ["code", [], ["matcher"]],
      ["host", ["a.example", "b"], ["matcher"]],
      ["instance", [], ["on"]],
      ["method", ["GET"], ["matcher"]],
      ["path", ["/a", "/b"], ["matcher"]],
      ["pod", [], ["without"]],
      ["service", [], ["label_replace-source"]],
      ["svc", [], ["label_replace-target"]],
    ]);
    expect(reqs.labels.every((l) => !l.closed)).toBe(true);
    expect(m("build_info").labels.map((l) => [l.name, l.roles])).toEqual([
      ["instance", ["on"]],
      ["version", ["group_left"]],
    ]);
    expect(m("node_up").labels.map((l) => [l.name, l.roles])).toEqual([
      ["cluster", ["ignoring"]],
      ["zone", ["by"]],
    ]);
    expect(reqs.labels.find((l) => l.name === "method")!.uses).toEqual([{ file: "rules.yml", line: 5, column: 63 }]);
  });

  it("does not take a label that label_replace or label_join creates as one an outer `by` reads from the metric", () => {
    const m = metric(
      {
        ruleFiles: rules(
          alerts(
            'sum by (svc, job) (label_replace(reqs_total, "svc", "$1", "service", "(.*)")) > 0',
            'count by (id) (label_join(up_total, "id", "-", "a", "b")) > 0',
          ),
        ),
      },
      "reqs_total",
    );
    expect(m.labels.map((l) => [l.name, l.roles])).toEqual([
      ["job", ["by"]],
      ["service", ["label_replace-source"]],
      ["svc", ["label_replace-target"]],
    ]);
  });

  it("types a series read by histogram functions without a `_bucket` as a native histogram, citing the call", () => {
    const input = { ruleFiles: rules(alerts("histogram_quantile(0.9, sum(rate(rpc_seconds[5m]))) > 1", "histogram_count(rate(io_bytes[5m])) > 0")) };
    expect(metric(input, "rpc_seconds").typeFrom).toEqual({
      origin: "convention",
      inferredFrom: "a native histogram: `histogram_quantile` reads it, and it has no `_bucket` suffix",
      where: { file: "rules.yml", line: 5, column: 15 },
    });
    expect(metric(input, "io_bytes").type).toBe("histogram");
  });

  it("takes only the series whose values reach a histogram function as histograms, not those joined in for labels", () => {
    const expr = 'histogram_quantile(0.9, sum by (le, node) (rate(pleg_seconds[5m]) * on(instance) group_left(node) node_name{job="kubelet"})) > 1';
    const input = { ruleFiles: rules(alerts(`'${expr}'`)) };
    expect(metric(input, "pleg_seconds").type).toBe("histogram");
    expect(metric(input, "node_name").typeFrom.origin).toBe("unknown");
  });

  it("closes a label when an exposition shows every value matched, and keeps it open with the values seen otherwise", () => {
    const exposition = '# TYPE reqs_total counter\nreqs_total{code="200",method="GET"} 1\nreqs_total{code="500",method="GET"} 1\n';
    const meta = metadata("app.metrics", exposition);
    const m = metric({ ruleFiles: rules(alerts('rate(reqs_total{code="500", method="POST", job="x"}[5m]) > 0')), metadata: [meta] }, "reqs_total");
    expect(m.labels.map((l) => [l.name, l.values, l.closed])).toEqual([
      ["code", ["200", "500"], true],
      ["job", ["x"], false],
      ["method", ["GET", "POST"], false],
    ]);
    expect(m.labels[0]!.closedBy).toMatchObject({ file: "app.metrics", line: 2 });
  });

  it("closes a label a catalog declares closed, and reports metadata files that disagree", () => {
    const catalog = metadataSource([{ name: "orders_total", type: "counter", labels: { side: ["buy", "sell"] }, declared: true }], { file: "catalog.json" });
    const a = metadataSource([{ name: "depth", type: "gauge" }], { file: "a.json" });
    const b = metadataSource([{ name: "depth", type: "counter" }], { file: "b.json" });
    const input = { ruleFiles: rules(alerts('rate(orders_total{side="buy"}[5m]) > 0', "depth > 1")), metadata: [catalog, a, b] };
    const side = metric(input, "orders_total").labels.find((l) => l.name === "side")!;
    expect([side.values, side.closed, side.closedBy?.file]).toEqual([["buy", "sell"], true, "catalog.json"]);
    expect(metric(input, "depth").type).toBe("unknown");
    expect(buildInventory(input).diagnostics.map((d) => [d.code, d.file])).toEqual([["metadata/conflict", "b.json"]]);
  });

  it("goes by the name when a metadata file gives no type, saying so when the name tells nothing either", () => {
    const meta = metadata("app.metrics", "# TYPE jobs_total untyped\njobs_total 1\n# TYPE queue untyped\nqueue 1\n");
    const input = { ruleFiles: rules(alerts("rate(jobs_total[5m]) > 0", "queue > 1")), metadata: [meta] };
    expect(metric(input, "jobs_total").typeFrom.origin).toBe("convention");
    expect(metric(input, "queue").typeFrom).toEqual({ origin: "unknown", reason: "app.metrics gives no type, and its name follows no type convention" });
  });

  it("takes a histogram's buckets, help and unit from an exposition", () => {
    const exposition = [
      "# HELP lat_seconds Latency.",
      "# TYPE lat_seconds histogram",
      'lat_seconds_bucket{le="0.1"} 1',
      'lat_seconds_bucket{le="0.5"} 2',
      'lat_seconds_bucket{le="+Inf"} 3',
      "lat_seconds_sum 1",
      "lat_seconds_count 3",
      "",
    ].join("\n");
    const m = metric({ ruleFiles: rules(alerts("rate(lat_seconds_bucket[5m]) > 0")), metadata: [metadata("lat.metrics", exposition)] }, "lat_seconds");
    expect([m.type, m.buckets, m.help]).toEqual(["histogram", [0.1, 0.5], "Latency."]);
    expect(m.bucketsFrom).toMatchObject({ file: "lat.metrics", line: 3 });
    expect(m.labels).toEqual([]);
  });

  it("reads dashboard panel queries, Grafana macros and all, citing the panel's JSON path", () => {
    const dashboard = {
      title: "D",
      panels: [
        {
          type: "row",
          panels: [{ type: "timeseries", title: "p", targets: [{ refId: "A", expr: 'sum by (route) (rate(api_calls_total{env="$env"}[$__rate_interval]))' }] }],
        },
      ],
    };
    const { inventory, diagnostics } = buildInventory({ dashboards: [{ file: "d.json", value: dashboard }] });
    expect(diagnostics).toEqual([]);
    const m = inventory.metrics.find((x) => x.name === "api_calls_total")!;
    expect(m.uses).toEqual([{ file: "d.json", path: "panels[0].panels[0].targets[0].expr", offset: 21 }]);
    expect(m.labels.map((l) => l.name)).toEqual(["env", "route"]);
  });

  it("takes no value from a matcher holding a Grafana variable, whose stand-in is no value of the label", () => {
    const dashboard = {
      title: "D",
      panels: [
        {
          type: "timeseries",
          title: "p",
          targets: [
            { refId: "A", expr: 'sum(rate(api_calls_total{env="$env", service=~"${service:regex}", code="500"}[5m]))' },
            { refId: "B", expr: 'sum(rate(api_calls_total{env="prod"}[5m]))' },
          ],
        },
      ],
    };
    const m = buildInventory({ dashboards: [{ file: "d.json", value: dashboard }] }).inventory.metrics.find((x) => x.name === "api_calls_total")!;
    expect(m.labels.map((l) => [l.name, l.values])).toEqual([
      ["code", ["500"]],
      ["env", ["prod"]],
      ["service", []],
    ]);
  });

  it("reports an expression that does not parse at its file:line:col, and a file that is not a dashboard", () => {
    const { inventory, diagnostics } = buildInventory({ ruleFiles: rules(alerts("rate(x[5m] > 1")), dashboards: [{ file: "n.json", value: { rows: [] } }] });
    expect(inventory.metrics).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.file, d.line ?? null, d.column ?? null])).toEqual([
      ["import/dashboard", "n.json", null, null],
      ["import/promql", "rules.yml", 5, 15],
    ]);
  });
});
