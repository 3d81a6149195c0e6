/**
 * Go's float formatting and Prometheus's humanize functions, against outputs of Go itself: every
 * expected string below is what promtool 2.42 (Go 1.19) printed for the value, and the last test
 * re-asks promtool for all of them when it is installed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/helpers/cli.js";
import { describeWithTool } from "../../../test/helpers/tools.js";
import { goSprintf, goV } from "./fmt.js";
import { humanize, humanize1024, humanizeDuration, humanizePercentage } from "./humanize.js";

// value as promtool's series notation reads it, then Go's outputs:
// %v (what `{{ $value }}` prints), humanize, humanize1024, humanizePercentage, humanizeDuration,
// printf "%.2f", printf "%.3e", printf "%.2g".
const GO: readonly (readonly [string, string, string, string, string, string, string, string, string])[] = [
  ["0", "0", "0", "0", "0%", "0s", "0.00", "0.000e+00", "0"],
  ["-0", "-0", "-0", "-0", "-0%", "-0s", "-0.00", "-0.000e+00", "-0"],
  ["1", "1", "1", "1", "100%", "1s", "1.00", "1.000e+00", "1"],
  ["0.1", "0.1", "100m", "0.1", "10%", "100ms", "0.10", "1.000e-01", "0.1"],
  ["2.5", "2.5", "2.5", "2.5", "250%", "2.5s", "2.50", "2.500e+00", "2.5"],
  ["100", "100", "100", "100", "1e+04%", "1m 40s", "100.00", "1.000e+02", "1e+02"],
  ["123456", "123456", "123.5k", "120.6ki", "1.235e+07%", "1d 10h 17m 36s", "123456.00", "1.235e+05", "1.2e+05"],
  ["999999", "999999", "1000k", "976.6ki", "1e+08%", "11d 13h 46m 39s", "999999.00", "1.000e+06", "1e+06"],
  ["1000000", "1e+06", "1M", "976.6ki", "1e+08%", "11d 13h 46m 40s", "1000000.00", "1.000e+06", "1e+06"],
  ["1234567", "1.234567e+06", "1.235M", "1.177Mi", "1.235e+08%", "14d 6h 56m 7s", "1234567.00", "1.235e+06", "1.2e+06"],
  ["1e21", "1e+21", "1Z", "867.4Ei", "1e+23%", "-106751991167300d -15h -30m -8s", "1000000000000000000000.00", "1.000e+21", "1e+21"],
  ["1e-4", "0.0001", "100u", "0.0001", "0.01%", "100us", "0.00", "1.000e-04", "0.0001"],
  ["1e-5", "1e-05", "10u", "1e-05", "0.001%", "10us", "0.00", "1.000e-05", "1e-05"],
  ["5e-324", "5e-324", "4.941e-300y", "4.941e-324", "4.941e-322%", "4.941e-300ys", "0.00", "4.941e-324", "4.9e-324"],
  [
    "1.7976931348623157e308",
    "1.7976931348623157e+308",
    "1.798e+284Y",
    "1.487e+284Yi",
    "+Inf%",
    "-106751991167300d -15h -30m -8s",
    "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00",
    "1.798e+308",
    "1.8e+308",
  ],
  // Ties round half to even in Go (JavaScript's toPrecision rounds them up: 1.563, 0.13).
  ["1.5625", "1.5625", "1.562", "1.562", "156.2%", "1.562s", "1.56", "1.562e+00", "1.6"],
  ["0.015625", "0.015625", "15.62m", "0.01562", "1.562%", "15.62ms", "0.02", "1.562e-02", "0.016"],
  ["0.125", "0.125", "125m", "0.125", "12.5%", "125ms", "0.12", "1.250e-01", "0.12"],
  ["12345", "12345", "12.35k", "12.06ki", "1.234e+06%", "3h 25m 45s", "12345.00", "1.234e+04", "1.2e+04"],
  ["99999.5", "99999.5", "100k", "97.66ki", "1e+07%", "1d 3h 46m 39s", "99999.50", "1.000e+05", "1e+05"],
  ["0.99995", "0.99995", "1000m", "1", "100%", "1000ms", "1.00", "1.000e+00", "1"],
  ["1024", "1024", "1.024k", "1ki", "1.024e+05%", "17m 4s", "1024.00", "1.024e+03", "1e+03"],
  ["1048576", "1.048576e+06", "1.049M", "1Mi", "1.049e+08%", "12d 3h 16m 16s", "1048576.00", "1.049e+06", "1e+06"],
  ["-1234.5678", "-1234.5678", "-1.235k", "-1.206ki", "-1.235e+05%", "-20m 34s", "-1234.57", "-1.235e+03", "-1.2e+03"],
  ["2.5e-7", "2.5e-07", "250n", "2.5e-07", "2.5e-05%", "250ns", "0.00", "2.500e-07", "2.5e-07"],
  ["0.30000000000000004", "0.30000000000000004", "300m", "0.3", "30%", "300ms", "0.30", "3.000e-01", "0.3"],
  ["42.195", "42.195", "42.2", "42.2", "4220%", "42.2s", "42.20", "4.220e+01", "42"],
  ["7e22", "7e+22", "70Z", "59.29Zi", "7e+24%", "-106751991167300d -15h -30m -8s", "70000000000000004194304.00", "7.000e+22", "7e+22"],
  ["999.95", "999.95", "1000", "1000", "1e+05%", "16m 39s", "999.95", "1.000e+03", "1e+03"],
  ["123456789", "1.23456789e+08", "123.5M", "117.7Mi", "1.235e+10%", "1428d 21h 33m 9s", "123456789.00", "1.235e+08", "1.2e+08"],
  ["-86461", "-86461", "-86.46k", "-84.43ki", "-8.646e+06%", "-1d 0h 1m 1s", "-86461.00", "-8.646e+04", "-8.6e+04"],
  ["NaN", "NaN", "NaN", "NaN", "NaN%", "NaN", "NaN", "NaN", "NaN"],
  ["Inf", "+Inf", "+Inf", "+Inf", "+Inf%", "+Inf", "+Inf", "+Inf", "+Inf"],
  ["-Inf", "-Inf", "-Inf", "-Inf", "-Inf%", "-Inf", "-Inf", "-Inf", "-Inf"],
];

const num = (s: string) => (s === "Inf" ? Infinity : s === "-Inf" ? -Infinity : Number(s));

const FUNCS: readonly [string, string, (v: number) => string][] = [
  ["%v", "{{ $value }}", goV],
  ["humanize", "{{ $value | humanize }}", humanize],
  ["humanize1024", "{{ $value | humanize1024 }}", humanize1024],
  ["humanizePercentage", "{{ $value | humanizePercentage }}", humanizePercentage],
  ["humanizeDuration", "{{ $value | humanizeDuration }}", humanizeDuration],
  ["%.2f", '{{ printf "%.2f" $value }}', (v) => goSprintf("%.2f", [v])],
  ["%.3e", '{{ printf "%.3e" $value }}', (v) => goSprintf("%.3e", [v])],
  ["%.2g", '{{ printf "%.2g" $value }}', (v) => goSprintf("%.2g", [v])],
];

describe("Go's float formatting and Prometheus's humanize functions", () => {
  for (const row of GO) {
    it(`formats ${row[0]} as Go does`, () => {
      const v = num(row[0]);
      expect(FUNCS.map(([, , f]) => f(v))).toEqual(row.slice(1));
    });
  }

  it("prints the shortest digits with an exponent below 1e-4 and from 1e6 on (%v is 'g' with precision 6 for that choice)", () => {
    expect([0.0001, 0.00001, 999999, 1e6, 1e20, 123456.7].map(goV)).toEqual(["0.0001", "1e-05", "999999", "1e+06", "1e+20", "123456.7"]);
  });

  it("formats printf verbs with a precision and refuses flags and widths", () => {
    expect(goSprintf("%.1f%% of %s", [12.25, "orders"])).toBe("12.2% of orders");
    expect(goSprintf("%v|%g|%e|%.3v", [0.5, 1e-7, 1500, 3.14159])).toBe("0.5|1e-07|1.500000e+03|3.14");
    expect(() => goSprintf("%5.1f", [1])).toThrow(/only %v, %s, %f, %e, %g/);
    expect(() => goSprintf("%d", [1])).toThrow(/%d of a number/);
    expect(() => goSprintf("%s", [1.5])).toThrow(/%s of a number|not supported/);
    expect(() => goSprintf("%f %f", [1])).toThrow(/more verbs than arguments/);
  });
});

describeWithTool("promtool", "the formatting matches Go's, asked through promtool", () => {
  it("expands every template of the table exactly as Prometheus does", () => {
    const dir = tempDir("obsgen-go-format-");
    mkdirSync(dir, { recursive: true });
    const annotations = FUNCS.map(([, tpl], i) => `          f${i}: ${JSON.stringify(tpl)}`).join("\n");
    writeFileSync(join(dir, "rules.yml"), `groups:\n  - name: g\n    rules:\n      - alert: V\n        expr: m\n        annotations:\n${annotations}\n`);
    const test = {
      rule_files: ["rules.yml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: GO.map((row, i) => ({ series: `m{i="${i}"}`, values: row[0] })),
          alert_rule_test: [
            {
              eval_time: "0s",
              alertname: "V",
              exp_alerts: GO.map((row, i) => ({
                exp_labels: { i: String(i) },
                exp_annotations: Object.fromEntries(FUNCS.map(([, , f], j) => [`f${j}`, f(num(row[0]))])),
              })),
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, "go.test.yml"), JSON.stringify(test));
    const r = spawnSync("promtool", ["test", "rules", join(dir, "go.test.yml")], { encoding: "utf8" });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
