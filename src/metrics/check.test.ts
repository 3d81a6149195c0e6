import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { resolveCatalog } from "../model/resolve.js";
import { type CheckMetricsOptions, checkMetrics } from "./check.js";
import { parseExposition } from "./exposition.js";

const CATALOG = {
  name: "shop",
  teams: ["web"],
  services: [
    {
      name: "api",
      description: "API",
      metricsPort: 8080,
      metrics: {
        requests: {
          type: "counter",
          name: "http_requests_total",
          help: "HTTP requests",
          labels: { code: ["200", "500"], path: { open: true, maxValues: 2 } },
        },
        latency: {
          type: "histogram",
          name: "http_request_duration_seconds",
          help: "Request duration",
          unit: "seconds",
          buckets: [0.1, 0.5, 1],
          labels: { method: ["GET", "POST"] },
        },
        inflight: { type: "gauge", name: "http_inflight_requests", help: "Requests in flight" },
        volume: {
          type: "counter",
          name: "trade_volume_usd",
          help: "Traded volume",
          unit: "dollars",
          silence: [{ rule: "naming/counter-total", reason: "named by the specification" }],
        },
        queue: { type: "gauge", name: "queue_depth", help: "Queue depth", renamedFrom: { name: "queue_length", until: "2099-01-01" } },
      },
    },
    { name: "worker", description: "Worker", metricsPort: 8081, metrics: { jobs: { type: "counter", name: "jobs_total", help: "Jobs done" } } },
  ],
  groups: [
    {
      name: "system",
      description: "System",
      exposedBy: ["api", "worker"],
      metrics: { cpu: { type: "gauge", name: "system_cpu_ratio", help: "CPU busy", unit: "ratio", labels: { service: ["api", "worker"] } } },
    },
  ],
  lint: { seriesBudget: 40 },
};

function model(change: (c: any) => void = () => {}): ResolvedCatalog {
  const raw = structuredClone(CATALOG) as any;
  change(raw);
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** The api service's metrics, each exposed as declared (the Prometheus text format). */
const API = [
  "# HELP http_requests_total HTTP requests",
  "# TYPE http_requests_total counter",
  'http_requests_total{code="200",path="/a"} 3',
  'http_requests_total{code="500",path="/b"} 1',
  "# HELP http_request_duration_seconds Request duration",
  "# TYPE http_request_duration_seconds histogram",
  'http_request_duration_seconds_bucket{method="GET",le="0.1"} 0',
  'http_request_duration_seconds_bucket{method="GET",le="0.5"} 1',
  'http_request_duration_seconds_bucket{method="GET",le="1"} 1',
  'http_request_duration_seconds_bucket{method="GET",le="+Inf"} 1',
  'http_request_duration_seconds_sum{method="GET"} 0.3',
  'http_request_duration_seconds_count{method="GET"} 1',
  "# HELP http_inflight_requests Requests in flight",
  "# TYPE http_inflight_requests gauge",
  "http_inflight_requests 2",
  "# HELP trade_volume_usd Traded volume",
  "# TYPE trade_volume_usd counter",
  "trade_volume_usd 10",
  "# HELP queue_depth Queue depth",
  "# TYPE queue_depth gauge",
  "queue_depth 0",
  "# HELP system_cpu_ratio CPU busy",
  "# TYPE system_cpu_ratio gauge",
  'system_cpu_ratio{service="api"} 0.5',
  "",
].join("\n");

const WORKER = [
  "# HELP jobs_total Jobs done",
  "# TYPE jobs_total counter",
  "jobs_total 1",
  "# HELP system_cpu_ratio CPU busy",
  "# TYPE system_cpu_ratio gauge",
  'system_cpu_ratio{service="worker"} 0.5',
  "",
].join("\n");

const TODAY = "2025-06-01";

function check(inputs: Record<string, string>, opts: Partial<CheckMetricsOptions> = {}, contentType: string | null = null): Diagnostic[] {
  const list = Object.entries(inputs).map(([source, text]) => ({ source, exposition: parseExposition(text, { contentType }) }));
  return checkMetrics(list, { catalog: opts.catalog ?? model(), catalogFile: "catalog/index.ts", today: TODAY, ...opts });
}

/** Findings as `code messageId metric file:line`. */
const brief = (ds: readonly Diagnostic[]) =>
  ds.map((d) => `${d.code} ${d.messageId} ${d.data?.metric ?? d.data?.label ?? ""} ${d.file}:${d.line ?? "-"}`.trim());

/** `text` with the line holding `find` replaced (or dropped, with null). */
const edit = (text: string, find: string, replace: string | null) =>
  text
    .split("\n")
    .flatMap((l) => (l.includes(find) ? (replace === null ? [] : [replace]) : [l]))
    .join("\n");

describe("an exposition that agrees with the catalog", () => {
  it("gives no finding, for one service's endpoint", () => {
    expect(brief(check({ "api.prom": API }, { service: "api" }))).toEqual([]);
    expect(brief(check({ "worker.prom": WORKER }, { service: "worker" }))).toEqual([]);
  });

  it("gives no finding for the whole catalog across several endpoints, without a service", () => {
    expect(brief(check({ "api.prom": API, "worker.prom": WORKER }))).toEqual([]);
  });

  it("gives no finding in OpenMetrics, a counter family named without _total", () => {
    const om = `${edit(API, "trade_volume_usd", null).replace(/^# (HELP|TYPE) http_requests_total/gm, "# $1 http_requests")}# EOF\n`;
    const catalog = model((c) => delete c.services[0].metrics.volume);
    expect(brief(check({ "api.om": om }, { service: "api", catalog }, "application/openmetrics-text; version=1.0.0"))).toEqual([]);
  });
});

describe("what the catalog declares and the exposition lacks", () => {
  it("is an error for a metric without labels and a warning for a labelled one, which may only have no series yet", () => {
    let text = edit(API, "http_inflight_requests", null);
    text = edit(text, "http_requests_total", null);
    const ds = check({ "api.prom": text }, { service: "api" });
    expect(brief(ds)).toEqual(["metrics/absent absent http_inflight_requests api.prom:-", "metrics/absent absent-labelled http_requests_total api.prom:-"]);
    expect(ds.map((d) => [d.severity, d.impact, d.path])).toEqual([
      ["error", "bug", "services.api.metrics.inflight"],
      ["warning", "risk", "services.api.metrics.requests"],
    ]);
    expect(ds[0]!.message).toBe("gauge http_inflight_requests is not in the exposition: its alerts and panels read nothing");
  });

  it("is an error for a labelled metric too when the exporter shows metrics without series, as prom-client does", () => {
    let text = edit(API, "http_requests_total", null);
    text = text.replace("http_inflight_requests 2\n", "");
    const ds = check({ "api.prom": text }, { service: "api" });
    expect(brief(ds)).toEqual(["metrics/absent absent http_requests_total api.prom:-"]);
    expect(ds[0]!.severity).toBe("error");
  });

  it("counts a family with a TYPE line and no series as present", () => {
    const text = API.replace('http_requests_total{code="200",path="/a"} 3\nhttp_requests_total{code="500",path="/b"} 1\n', "");
    expect(brief(check({ "api.prom": text }, { service: "api" }))).toEqual([]);
  });

  it("across several inputs without a service, is reported once, at the declaration, when no input exposes it", () => {
    const ds = check({ "api.prom": edit(API, "http_inflight_requests", null), "worker.prom": WORKER });
    expect(brief(ds)).toEqual(["metrics/absent absent http_inflight_requests catalog/index.ts:-"]);
    expect(ds[0]!.message).toBe("gauge http_inflight_requests is in none of the 2 expositions: its alerts and panels read nothing");
  });

  it("names the _total OpenMetrics adds to a counter the catalog names without it", () => {
    const om = `${API.replace(/^# (HELP|TYPE) http_requests_total/gm, "# $1 http_requests").replace("trade_volume_usd 10", "trade_volume_usd_total 10")}# EOF\n`;
    const ds = check({ "api.om": om }, { service: "api" }, "application/openmetrics-text; version=1.0.0");
    expect(brief(ds)).toEqual(["metrics/absent total-suffix trade_volume_usd api.om:17"]);
    expect(ds[0]!.message).toBe(
      "counter trade_volume_usd is exposed in OpenMetrics, which stores it as trade_volume_usd_total: queries of trade_volume_usd find nothing",
    );
  });

  it("recognises a histogram whose TYPE line is missing in its untyped _bucket, _count and _sum", () => {
    const text = edit(API, "# TYPE http_request_duration_seconds histogram", null);
    const ds = check({ "api.prom": text }, { service: "api" });
    expect(brief(ds)).toEqual(["metrics/type untyped http_request_duration_seconds api.prom:5"]);
    expect(ds[0]!.message).toBe(
      "histogram http_request_duration_seconds has no TYPE line: its series http_request_duration_seconds_bucket, http_request_duration_seconds_count, http_request_duration_seconds_sum are untyped metrics of their own",
    );
  });
});

describe("what the exposition has and the catalog does not declare", () => {
  it("is reported, with the family's first line", () => {
    const ds = check({ "api.prom": `${API}# HELP cache_hits_total Hits\n# TYPE cache_hits_total counter\ncache_hits_total 1\n` }, { service: "api" });
    expect(brief(ds)).toEqual(["metrics/undeclared undeclared cache_hits_total api.prom:26"]);
    expect([ds[0]!.severity, ds[0]!.impact]).toEqual(["warning", "convention"]);
  });

  it("names the service the catalog declares a metric for, when --service is another", () => {
    const ds = check({ "api.prom": `${API}${WORKER.split("\n").slice(0, 3).join("\n")}\n` }, { service: "api" });
    expect(brief(ds)).toEqual(["metrics/undeclared other-service jobs_total api.prom:26"]);
    expect(ds[0]!.message).toBe("jobs_total is exposed, but the catalog declares it for worker, not api");
  });

  it("names the new name of a metric the catalog renamed", () => {
    const ds = check({ "api.prom": `${API}# HELP queue_length Queue\n# TYPE queue_length gauge\nqueue_length 1\n` }, { service: "api" });
    expect(brief(ds)).toEqual(["metrics/undeclared renamed queue_length api.prom:26"]);
    expect(ds[0]!.hint).toBe("expose queue_depth; the rename's recording rules keep queue_length queryable until 2099-01-01");
  });

  it("leaves client libraries' runtime metrics out, unless asked for them", () => {
    const runtime =
      "# HELP process_cpu_seconds_total CPU\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1\n# HELP go_goroutines G\n# TYPE go_goroutines gauge\ngo_goroutines 5\nnodejs_eventloop_lag_seconds 0\n";
    expect(brief(check({ "api.prom": API + runtime }, { service: "api" }))).toEqual([]);
    expect(brief(check({ "api.prom": API + runtime }, { service: "api", runtimeMetrics: true }))).toEqual([
      "metrics/undeclared undeclared process_cpu_seconds_total api.prom:26",
      "metrics/undeclared undeclared go_goroutines api.prom:29",
      "metrics/promlint help nodejs_eventloop_lag_seconds api.prom:31",
      "metrics/undeclared undeclared nodejs_eventloop_lag_seconds api.prom:31",
    ]);
  });
});

describe("a declared metric exposed otherwise", () => {
  it("as an OpenMetrics info, with the article its type takes", () => {
    const om = `${edit(API, "http_inflight_requests", null)}# TYPE http_inflight info\nhttp_inflight_info{a="b"} 1\n# EOF\n`;
    const catalog = model((c) => {
      c.services[0].metrics.inflight.name = "http_inflight_info";
      delete c.services[0].metrics.volume;
    });
    const ds = check(
      { "api.om": om.replace(/^# (HELP|TYPE) http_requests_total/gm, "# $1 http_requests") },
      { service: "api", catalog },
      "application/openmetrics-text",
    );
    expect(ds.filter((d) => d.code === "metrics/type").map((d) => d.message)).toEqual([
      "http_inflight_info is exposed as an info, but the catalog declares a gauge",
    ]);
  });

  it("as another type is an error, untyped a warning", () => {
    let text = API.replace("# TYPE http_inflight_requests gauge", "# TYPE http_inflight_requests counter");
    text = edit(text, "# TYPE queue_depth gauge", null);
    const ds = check({ "api.prom": text }, { service: "api" });
    expect(brief(ds)).toEqual([
      "metrics/type type http_inflight_requests api.prom:14",
      "metrics/promlint counter-total http_inflight_requests api.prom:14",
      "metrics/type untyped queue_depth api.prom:19",
    ]);
    expect(ds.map((d) => d.severity)).toEqual(["error", "warning", "warning"]);
  });

  it("with another HELP, or none", () => {
    let text = API.replace("# HELP http_inflight_requests Requests in flight", "# HELP http_inflight_requests In flight");
    text = edit(text, "# HELP queue_depth", null);
    expect(brief(check({ "api.prom": text }, { service: "api" }))).toEqual([
      "metrics/help help http_inflight_requests api.prom:13",
      "metrics/help no-help queue_depth api.prom:19",
    ]);
  });

  it("with an OpenMetrics UNIT other than the declared one, an abbreviation of it accepted", () => {
    const om = (unit: string) =>
      `# TYPE http_request_duration_seconds histogram\n# UNIT http_request_duration_seconds ${unit}\n# HELP http_request_duration_seconds Request duration\nhttp_request_duration_seconds_bucket{method="GET",le="0.1"} 0\nhttp_request_duration_seconds_bucket{method="GET",le="0.5"} 0\nhttp_request_duration_seconds_bucket{method="GET",le="1"} 0\nhttp_request_duration_seconds_bucket{method="GET",le="+Inf"} 0\n# EOF\n`;
    const unit = (u: string) => brief(check({ "a.om": om(u) }, { service: "api" }, "application/openmetrics-text")).filter((d) => d.startsWith("metrics/unit"));
    expect(unit("seconds")).toEqual([]);
    expect(unit("duration_seconds")).toEqual(["metrics/unit unit http_request_duration_seconds a.om:1"]);
  });

  it("with an undeclared label, without a declared one, or with a value outside a closed label's", () => {
    let text = API.replace('http_requests_total{code="200",path="/a"} 3', 'http_requests_total{code="200",path="/a",pod="x"} 3');
    text = text.replace('http_requests_total{code="500",path="/b"} 1', 'http_requests_total{code="503",path="/b"} 1');
    text = text.replace('http_request_duration_seconds_sum{method="GET"} 0.3', "http_request_duration_seconds_sum 0.3");
    const ds = check({ "api.prom": text }, { service: "api" });
    expect(brief(ds)).toEqual([
      "metrics/label undeclared-label http_requests_total api.prom:3",
      "metrics/label-value value http_requests_total api.prom:4",
      "metrics/label missing-label http_request_duration_seconds api.prom:11",
      // The sum without labels is another series, which has no buckets.
      "metrics/format format  api.prom:11",
    ]);
    expect(ds.map((d) => d.severity)).toEqual(["warning", "warning", "error", "warning"]);
    expect(ds[1]!.message).toBe('http_requests_total{code="503"}: "503" is not one of the declared "200", "500"');
  });

  it("never misses a label Prometheus attaches itself, as the scrape config's service label", () => {
    const text = WORKER.replace('system_cpu_ratio{service="worker"} 0.5', "system_cpu_ratio 0.5");
    expect(brief(check({ "worker.prom": text }, { service: "worker" }))).toEqual([]);
  });

  it("with other buckets, each layout once, naming what is missing and extra", () => {
    let text = API.replace('le="0.5"} 1', 'le="0.25"} 1');
    text +=
      'http_request_duration_seconds_bucket{method="POST",le="0.1"} 0\nhttp_request_duration_seconds_bucket{method="POST",le="0.25"} 0\nhttp_request_duration_seconds_bucket{method="POST",le="1"} 0\nhttp_request_duration_seconds_bucket{method="POST",le="+Inf"} 0\n';
    const ds = check({ "api.prom": text }, { service: "api" });
    expect(brief(ds).filter((d) => d.startsWith("metrics/buckets"))).toEqual(["metrics/buckets buckets http_request_duration_seconds api.prom:7"]);
    expect(ds.find((d) => d.code === "metrics/buckets")!.message).toBe(
      "http_request_duration_seconds's buckets are 0.1, 0.25, 1, +Inf; the catalog declares 0.1, 0.5, 1, +Inf (missing 0.5; extra 0.25)",
    );
  });

  it("reads 1 and 1.0 as the same bucket bound, and leaves a native-only histogram's buckets alone", () => {
    expect(brief(check({ "api.prom": API.replace('le="1"}', 'le="1.0"}') }, { service: "api" }))).toEqual([]);
    const native = model((c) => {
      c.services[0].metrics.latency.native = true;
      c.prometheus = { version: "3" };
    });
    expect(brief(check({ "api.prom": API.replace('le="0.5"} 1', 'le="0.25"} 1') }, { service: "api", catalog: native }))).toEqual([]);
  });

  it("with more values of an open label than its bound, or more series than the budget", () => {
    const paths = ['http_requests_total{code="200",path="/c"} 1', 'http_requests_total{code="200",path="/d"} 1'].join("\n");
    const over = API.replace('http_requests_total{code="500",path="/b"} 1', `http_requests_total{code="500",path="/b"} 1\n${paths}`);
    expect(brief(check({ "api.prom": over }, { service: "api" }))).toEqual(["metrics/cardinality label-bound http_requests_total api.prom:1"]);
    const many = Array.from({ length: 41 }, (_, i) => `queue_depth{x="${i}"} 1`).join("\n");
    const ds = check({ "api.prom": API.replace("queue_depth 0", many) }, { service: "api" });
    expect(brief(ds).filter((d) => d.includes("cardinality"))).toEqual(["metrics/cardinality series-budget queue_depth api.prom:19"]);
  });
});

describe("promtool check metrics's lint", () => {
  it("is reported on undeclared metrics in promtool's words", () => {
    const ds = check({ "api.prom": `${API}# TYPE fooBar_count gauge\nfooBar_count{quantile="0.5"} 1\n` }, { service: "api" });
    expect(ds.filter((d) => d.code === "metrics/promlint").map((d) => d.message)).toEqual([
      "fooBar_count no help text",
      'fooBar_count non-histogram and non-summary metrics should not have "_count" suffix',
      'fooBar_count non-summary metrics should not have "quantile" label',
      "fooBar_count metric names should be written in 'snake_case' not 'camelCase'",
    ]);
  });

  it("keeps quiet where the catalog silences the naming rule behind it, or turns it off", () => {
    // trade_volume_usd: a counter without _total, silenced in the catalog.
    expect(brief(check({ "api.prom": API }, { service: "api" }))).toEqual([]);
    const expired = model((c) => {
      c.services[0].metrics.volume.silence[0].until = "2025-01-01";
    });
    expect(brief(check({ "api.prom": API }, { service: "api", catalog: expired }))).toEqual(["metrics/promlint counter-total trade_volume_usd api.prom:17"]);
    const off = model((c) => {
      c.services[0].metrics.volume.silence = [];
      c.lint.rules = { "naming/counter-total": "off" };
    });
    expect(brief(check({ "api.prom": API }, { service: "api", catalog: off }))).toEqual([]);
  });
});

describe("problems of the exposition itself", () => {
  it("are metrics/syntax errors and metrics/format warnings at their line and column", () => {
    const ds = check({ "api.prom": `${API}bad{ 1\n# TYPE http_inflight_requests gauge\n` }, { service: "api" });
    expect(ds.filter((d) => d.code === "metrics/syntax" || d.code === "metrics/format").map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      ["metrics/syntax", "error", 25, 6, 'expected a label name, found "1"'],
      [
        "metrics/format",
        "warning",
        26,
        1,
        "lines of http_inflight_requests are not grouped together (it started at line 13): all lines of a metric must be one group",
      ],
      ["metrics/format", "warning", 26, 1, "TYPE line of http_inflight_requests after its samples (line 15): metadata comes first"],
      ["metrics/format", "warning", 26, 1, "second TYPE line of http_inflight_requests (the first is at line 14): only one may exist"],
    ]);
  });
});
