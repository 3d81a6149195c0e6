/**
 * The promlint mirror, check by check, and its parity with `promtool check metrics`: each
 * exposition below is linted by the mirror (through obsgen's exposition parser, as check-metrics
 * reads it) and, where promtool is installed, by the real promtool; both must print the lines
 * recorded here, taken from the Debian promtool 2.42.0 build (each line once: promtool repeats a
 * problem once per occurrence).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeWithTool } from "../../test/helpers/tools.js";
import { parseExposition } from "../metrics/exposition.js";
import { type PromlintFamily, promlint, promlintFamily } from "./promlint.js";

const family = (f: Partial<PromlintFamily> & { name: string }): PromlintFamily => ({ type: "gauge", help: "help", labelNames: [], ...f });
const texts = (f: Partial<PromlintFamily> & { name: string }) => promlint(family(f)).map((p) => p.text);

describe("promlint, check by check", () => {
  it("wants a HELP line", () => {
    expect(texts({ name: "a_ratio", help: null })).toEqual(["no help text"]);
    expect(texts({ name: "a_ratio", help: "" })).toEqual([]);
  });

  it("wants base units, found as whole words with or without an SI prefix", () => {
    expect(texts({ name: "latency_milliseconds" })).toEqual(['use base unit "seconds" instead of "milliseconds"']);
    expect(texts({ name: "uptime_weeks" })).toEqual(['use base unit "seconds" instead of "weeks"']);
    expect(texts({ name: "temp_kelvins" })).toEqual(['use base unit "kelvin" instead of "kelvins"']);
    expect(texts({ name: "power_kilovolts" })).toEqual(['use base unit "volts" instead of "kilovolts"']);
    expect(texts({ name: "latency_seconds" })).toEqual([]);
    expect(texts({ name: "thermometers_reading" })).toEqual([]);
  });

  it("reports a non-base unit beside a base one every time, where promtool picks one of the two at random", () => {
    expect(texts({ name: "transfer_bytes_minutes" })).toEqual(['use base unit "seconds" instead of "minutes"']);
  });

  it("wants _total on counters only, and says nothing of untyped families", () => {
    expect(texts({ name: "jobs", type: "counter" })).toEqual(['counter metrics should have "_total" suffix']);
    expect(texts({ name: "jobs_total", type: "gauge" })).toEqual(['non-counter metrics should not have "_total" suffix']);
    expect(texts({ name: "jobs_total", type: "untyped" })).toEqual([]);
  });

  it("keeps _bucket, _count, _sum, le and quantile to histograms and summaries", () => {
    expect(texts({ name: "x_bucket", type: "summary" })).toEqual(['non-histogram metrics should not have "_bucket" suffix']);
    expect(texts({ name: "x_count", type: "gauge" })).toEqual(['non-histogram and non-summary metrics should not have "_count" suffix']);
    expect(texts({ name: "x_sum", type: "summary" })).toEqual([]);
    expect(texts({ name: "x", type: "gauge", labelNames: ["le", "quantile"] })).toEqual([
      'non-histogram metrics should not have "le" label',
      'non-summary metrics should not have "quantile" label',
    ]);
    expect(texts({ name: "x_count", type: "untyped", labelNames: ["le"] })).toEqual([]);
  });

  it("wants no type in the name, gauge_histogram included", () => {
    expect(texts({ name: "x_gauge_histogram" })).toEqual([
      "metric name should not include type 'gauge'",
      "metric name should not include type 'histogram'",
      "metric name should not include type 'gauge_histogram'",
    ]);
    expect(texts({ name: "x_untyped" })).toEqual([]);
  });

  it("wants no colon, no camelCase metric or label name, and no abbreviated unit", () => {
    expect(texts({ name: "a:b" })).toEqual(["metric names should not contain ':'"]);
    expect(texts({ name: "fooBar_ratio", labelNames: ["userId", "otherId"] })).toEqual([
      "metric names should be written in 'snake_case' not 'camelCase'",
      "label names should be written in 'snake_case' not 'camelCase'",
    ]);
    expect(texts({ name: "disk_KB" })).toEqual(["metric names should not contain abbreviated units"]);
    expect(texts({ name: "latency_ms_max" })).toEqual(["metric names should not contain abbreviated units"]);
    expect(texts({ name: "msg_queue" })).toEqual([]);
  });
});

/** Each input with promtool 2.42's lines for it, sorted, each once. */
const PARITY: { name: string; exposition: string; promtool: string[] }[] = [
  {
    name: "every check",
    exposition: `${[
      "# HELP http_requests_total Requests",
      "# TYPE http_requests_total counter",
      'http_requests_total{code="200"} 1',
      "# TYPE fooBar counter",
      'fooBar{userId="1"} 1',
      'fooBar{userId="2"} 1',
      "# HELP temp_total Temperature",
      "# TYPE temp_total gauge",
      "temp_total 1",
      "# HELP latency_milliseconds Latency",
      "# TYPE latency_milliseconds histogram",
      'latency_milliseconds_bucket{le="+Inf"} 1',
      "latency_milliseconds_sum 1",
      "latency_milliseconds_count 1",
      "# HELP queue_count Queue",
      "# TYPE queue_count gauge",
      "queue_count 1",
      "# HELP rpc_bucket RPC",
      "# TYPE rpc_bucket summary",
      'rpc_bucket{quantile="0.5"} 1',
      "rpc_bucket_sum 1",
      "rpc_bucket_count 1",
      "# HELP weird_counter_gauge Weird",
      "# TYPE weird_counter_gauge gauge",
      'weird_counter_gauge{le="1",quantile="0.5"} 1',
      "# HELP a:b Recorded",
      "# TYPE a:b gauge",
      "a:b 1",
      "# HELP disk_kb Disk",
      "# TYPE disk_kb gauge",
      "disk_kb 1",
      "# HELP transfer_bits_sum Bits",
      "# TYPE transfer_bits_sum summary",
      "transfer_bits_sum_sum 1",
      "transfer_bits_sum_count 1",
      "# HELP power_kilovolts_Total Power",
      "# TYPE power_kilovolts_Total counter",
      "power_kilovolts_Total 1",
      "# HELP thermometers_reading Reading",
      "# TYPE thermometers_reading gauge",
      "thermometers_reading 1",
    ].join("\n")}\n`,
    promtool: [
      "a:b metric names should not contain ':'",
      "disk_kb metric names should not contain abbreviated units",
      'fooBar counter metrics should have "_total" suffix',
      "fooBar label names should be written in 'snake_case' not 'camelCase'",
      "fooBar metric names should be written in 'snake_case' not 'camelCase'",
      "fooBar no help text",
      'latency_milliseconds use base unit "seconds" instead of "milliseconds"',
      'power_kilovolts_Total counter metrics should have "_total" suffix',
      'power_kilovolts_Total use base unit "volts" instead of "kilovolts"',
      'queue_count non-histogram and non-summary metrics should not have "_count" suffix',
      'rpc_bucket non-histogram metrics should not have "_bucket" suffix',
      'temp_total non-counter metrics should not have "_total" suffix',
      'transfer_bits_sum use base unit "bytes" instead of "bits"',
      "weird_counter_gauge metric name should not include type 'counter'",
      "weird_counter_gauge metric name should not include type 'gauge'",
      'weird_counter_gauge non-histogram metrics should not have "le" label',
      'weird_counter_gauge non-summary metrics should not have "quantile" label',
    ],
  },
  {
    name: "HELP lines without text, untyped families, and families without samples, which expfmt drops",
    exposition: `${[
      "# HELP a_ratio",
      "# TYPE a_ratio gauge",
      "a_ratio 1",
      "# HELP b_ratio \t",
      "# TYPE b_ratio gauge",
      "b_ratio 1",
      "# HELP uptime_days Uptime",
      "# TYPE uptime_days untyped",
      'uptime_days_total{le="1"} 1',
      "# HELP never_used_ms Never used",
      "# TYPE never_used_ms histogram",
      "file_size_total 1",
    ].join("\n")}\n`,
    promtool: [
      "a_ratio no help text",
      "b_ratio no help text",
      "file_size_total no help text",
      "uptime_days_total no help text",
      'uptime_days_total use base unit "seconds" instead of "days"',
    ],
  },
];

function mirror(exposition: string): string[] {
  const e = parseExposition(exposition, { contentType: "text/plain; version=0.0.4" });
  expect(e.problems).toEqual([]);
  const lines = new Set<string>();
  for (const f of e.families) {
    const family = promlintFamily(f, e.format);
    if (family) for (const p of promlint(family)) lines.add(`${p.metric} ${p.text}`);
  }
  return [...lines].sort();
}

describe("the mirror prints promtool 2.42's lines", () => {
  for (const c of PARITY) {
    it(`on ${c.name}`, () => {
      expect(mirror(c.exposition)).toEqual(c.promtool);
    });
  }
});

describeWithTool("promtool", "promtool check metrics prints the recorded lines", () => {
  for (const c of PARITY) {
    it(`on ${c.name}`, () => {
      const r = spawnSync("promtool", ["check", "metrics"], { input: c.exposition, encoding: "utf8" });
      const lines = [...new Set(`${r.stdout}${r.stderr}`.split("\n").filter((l) => l.trim() !== ""))].sort();
      expect(lines).toEqual(c.promtool);
      expect(r.status).toBe(3);
    });
  }
});
