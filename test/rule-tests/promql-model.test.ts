/**
 * The reproduced PromQL arithmetic (rate, increase, histogram_quantile) gives promtool's doubles
 * bit for bit: unit cases here, and with promtool installed, pseudo-random series (fractional
 * increments, counter resets, windows that do and do not line up with the samples) checked
 * against promtool's own `{{ $value }}`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { goV } from "../../src/compat/go/fmt.js";
import { bucketQuantile, expandNotation, extrapolatedRate, samplesOf } from "../../src/emit/rule-tests/promql-model.js";
import { tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const linear = (inc: number, count: number, intervalMs = 60_000) => samplesOf(expandNotation(0, inc, count), intervalMs);

describe("PromQL arithmetic of Prometheus 2.42", () => {
  it("computes rate as delta × ((extrapolated / sampled) / range), not delta / range", () => {
    // 60k more per minute is k/s only when k × fl(1/300) rounds back to k: 31 does not.
    expect(extrapolatedRate(linear(3000, 10), 600_000, 300_000, true, true, "2.42")).toBe(50);
    expect(extrapolatedRate(linear(1860, 10), 600_000, 300_000, true, true, "2.42")).toBe(31.000000000000004);
  });

  it("includes a sample exactly at the window's start (2.x ranges are closed)", () => {
    // [5m, 10m] holds 6 samples at 1m spacing: no extrapolation, increase is the exact delta.
    expect(extrapolatedRate(linear(7, 10), 600_000, 300_000, true, false, "2.42")).toBe(35);
  });

  it("clamps extrapolation at a counter's zero point and handles resets", () => {
    // A series starting at 0 within the window is not extrapolated before its first sample.
    expect(extrapolatedRate(linear(60, 3), 180_000, 300_000, true, false, "2.42")).toBe(180);
    // 0 10 20 5 15: the reset adds the value before it (20).
    const reset = samplesOf([0, 10, 20, 5, 15], 60_000);
    expect(extrapolatedRate(reset, 240_000, 240_000, true, false, "2.42")).toBe(35);
    expect(extrapolatedRate(samplesOf([5], 60_000), 0, 300_000, true, true, "2.42")).toBeNull();
  });

  it("interpolates histogram_quantile linearly inside the bucket holding the rank", () => {
    const b = (counts: number[], edges = [250, 500, 1000, Infinity]) => edges.map((upperBound, i) => ({ upperBound, count: counts[i]! }));
    expect(bucketQuantile(0.95, b([0, 90, 100, 100]), "2.42")).toBe(750);
    expect(bucketQuantile(0.95, b([0, 95, 100, 100]), "2.42")).toBe(500);
    // Beyond the highest finite bucket, the highest finite bound: p99 can never exceed 1000 here.
    expect(bucketQuantile(0.99, b([0, 0, 0, 100]), "2.42")).toBe(1000);
    // From 0 in the lowest bucket.
    expect(bucketQuantile(0.5, b([100, 100, 100, 100]), "2.42")).toBe(125);
    expect(bucketQuantile(0.5, b([0, 0, 0, 0]), "2.42")).toBeNaN();
  });
});

describeWithTool("promtool", "the reproduced arithmetic equals promtool's", () => {
  it("gives the same rate, increase and histogram_quantile on pseudo-random series", async () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const windows = [
      ["1m", 60_000],
      ["5m", 300_000],
      ["7m", 420_000],
      ["15m", 900_000],
    ] as const;
    const dir = tempDir("obsgen-promql-model-");
    const rules = ["groups:", "  - name: g", "    rules:"];
    for (const [w] of windows) {
      for (const [name, expr] of [
        [`R${w}`, `rate(c[${w}])`],
        [`I${w}`, `increase(c[${w}])`],
        [`Q${w}`, `histogram_quantile(0.93, sum by (le) (rate(h_bucket[${w}])))`],
      ]) {
        rules.push(`      - alert: ${name}`, `        expr: ${expr}`, "        annotations:", '          v: "{{ $value }}"');
      }
    }
    writeFileSync(join(dir, "rules.yml"), `${rules.join("\n")}\n`);
    const edges = [1, 2.5, 5, 10, 25, 100, Infinity];
    const tests = [];
    for (let round = 0; round < 8; round++) {
      const intervalMs = [10_000, 15_000, 30_000, 60_000][Math.floor(rnd() * 4)]!;
      const evalMs = [intervalMs, intervalMs * 2, 10_000][Math.floor(rnd() * 3)]!;
      const evalTime = (Math.floor(rnd() * 40) + 1) * evalMs;
      const count = Math.ceil(evalTime / intervalMs) + 2;
      const counters: { values: number[]; text: string }[] = [];
      for (let i = 0; i < 5; i++) {
        if (i === 4) {
          const values: number[] = [];
          let v = 0;
          for (let k = 0; k <= count; k++) {
            v += Math.round(rnd() * 1000) / 8;
            if (k === Math.floor(count / 2)) v = Math.round(rnd() * 100);
            values.push(v);
          }
          counters.push({ values, text: values.join(" ") });
        } else {
          const start = Math.round(rnd() * 1000) / 4;
          const inc = Math.round(rnd() * 100_000) / 100;
          counters.push({ values: expandNotation(start, inc, count), text: `${start}+${inc}x${count}` });
        }
      }
      let cum = 0;
      const buckets = edges.map((upperBound) => {
        cum += Math.round(rnd() * 50);
        return { upperBound, values: expandNotation(0, cum, count), text: `0+${cum}x${count}` };
      });
      // promtool compares with the evaluation at or before eval_time.
      const ts = Math.floor(evalTime / evalMs) * evalMs;
      const checks = [];
      for (const [w, windowMs] of windows) {
        for (const isRate of [true, false]) {
          checks.push({
            eval_time: `${evalTime / 1000}s`,
            alertname: `${isRate ? "R" : "I"}${w}`,
            exp_alerts: counters.flatMap((c, i) => {
              const v = extrapolatedRate(samplesOf(c.values, intervalMs), ts, windowMs, true, isRate, "2.42");
              return v === null ? [] : [{ exp_labels: { i: String(i) }, exp_annotations: { v: goV(v) } }];
            }),
          });
        }
        const rates = buckets.map((b) => extrapolatedRate(samplesOf(b.values, intervalMs), ts, windowMs, true, true, "2.42"));
        const q = rates.every((r) => r !== null)
          ? bucketQuantile(
              0.93,
              buckets.map((b, j) => ({ upperBound: b.upperBound, count: rates[j]! })),
              "2.42",
            )
          : null;
        checks.push({
          eval_time: `${evalTime / 1000}s`,
          alertname: `Q${w}`,
          exp_alerts: q === null ? [] : [{ exp_labels: {}, exp_annotations: { v: goV(q) } }],
        });
      }
      tests.push({
        name: `round ${round}: samples every ${intervalMs / 1000}s, evaluated every ${evalMs / 1000}s, checked at ${evalTime / 1000}s`,
        interval: `${intervalMs / 1000}s`,
        input_series: [
          ...counters.map((c, i) => ({ series: `c{i="${i}"}`, values: c.text })),
          ...buckets.map((b) => ({ series: `h_bucket{le="${b.upperBound === Infinity ? "+Inf" : b.upperBound}"}`, values: b.text })),
        ],
        alert_rule_test: checks,
      });
      // Each round gets its own file: the evaluation interval is per file.
      writeFileSync(
        join(dir, `round${round}.test.yml`),
        JSON.stringify({ rule_files: ["rules.yml"], evaluation_interval: `${evalMs / 1000}s`, tests: [tests.pop()] }),
      );
    }
    const files = Array.from({ length: 8 }, (_, i) => join(dir, `round${i}.test.yml`));
    const r = await run("promtool", ["test", "rules", ...files]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
