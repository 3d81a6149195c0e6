/**
 * Verdict parity with Prometheus 2.42: every expression below goes through `analyze()` for version
 * 2.42 (as `--prometheus 2.42` does) and
 * through the real `promtool check rules` (as the expression of a recording rule), and both
 * must agree on valid versus invalid. The verdicts are also recorded here (taken from the
 * Debian promtool 2.42.0 build), so the table is checked even where promtool is missing.
 *
 * promtool reports every failing rule of a file (one line per rule, naming its group), so one
 * file with one group per expression is checked in a single run.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { promqlDialect } from "../compat/prometheus.js";
import { analyze as analyzeAs } from "./check.js";

const analyze = (text: string) => analyzeAs(text, promqlDialect("2.42"));

/** Accepted by promtool 2.42. */
const VALID = [
  // selectors, ranges, subqueries, modifiers
  "up",
  'http_requests_total{job="api", code=~"5.."}',
  '{__name__="up", job!=""}',
  'up{job="a",}',
  "rate(http_requests_total[5m])",
  "max_over_time(rate(x[5m])[1h:1m])",
  "rate(x[5m] offset -1h)",
  "x[5m:] @ end() offset 1m",
  "up @ 1609459200",
  "up @ start()",
  "up offset 5m @ 100",
  // functions and aggregations
  "sum by (job) (rate(x[5m]))",
  "sum(rate(x[5m])) by (job)",
  "avg without (instance) (up)",
  "topk(3, up)",
  "bottomk by (job) (1, up)",
  "quantile(0.9, up)",
  'count_values("version", build_info)',
  "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))",
  "holt_winters(x[1h], 0.5, 0.5)",
  'label_replace(up, "a", "$1", "b", "(.*)")',
  'label_join(up, "a", ",", "b", "c")',
  "round(up)",
  "round(up, 0.5)",
  "hour()",
  "time() - 60",
  "vector(1)",
  "scalar(up) * 2",
  // operators
  "a > bool on(job) group_left(team) b",
  "a / ignoring(instance) group_right b",
  "a and on(job) b",
  "a unless b or c",
  "a atan2 b",
  "-up",
  "- - up",
  "(up)",
  "2 ^ 3 ^ 2",
  "1 > bool 2",
  // literals
  "5.",
  "0X1f",
  "089",
  ".5e3",
  "Inf",
  "-NaN",
  "'single'",
  "`raw\\string`",
  '"esc \\u00e9 \\x41 \\101"',
  // names that are keywords elsewhere, comments, layout, 2.42 quirks
  "sum",
  "offset",
  'start{job="a"}',
  "sum by (on, offset, bool) (up)",
  'x{on="a", by="b"}',
  "up # trailing comment",
  "sum(\n  up\n)",
  "foo[5m a]",
  'x{a=~"(?P<n>a)|[[:digit:]]+\\\\pL"}',
  'x{a=~"\\\\Qa.b\\\\E"}',
  'x{a=~"a{,2}"}',
];

/** Rejected by promtool 2.42. */
const INVALID = [
  // end of input
  "rate(x[5m]",
  "sum(",
  "x +",
  'foo{a="b"',
  "(x",
  "",
  // lexer
  "x)",
  "foo]",
  "()",
  "foo bar",
  "foo $",
  "foo\u00a0+ bar",
  'foo{a="b',
  "`ab",
  'foo{a="\\q"}',
  'foo{a="\\uD800"}',
  "{a=1}",
  "x =~ y",
  // numbers and durations
  "1_000",
  "0x1p3",
  "1e",
  "1e400",
  "0xFFFFFFFFFFFFFFFFFF",
  "5m",
  "foo @ 5m",
  "foo offset 5",
  "foo offset +5m",
  "foo offset (5m)",
  "foo[5]",
  "foo[5M]",
  "foo[1.5m]",
  "foo[5m1h]",
  "foo[0s]",
  "foo offset -0s",
  "foo[293y]",
  "foo[5m:1]",
  "foo[5m:0s]",
  "foo[5m+1m]",
  "foo[step()]",
  // newer than 2.42
  'sort_by_label(up, "a")',
  "info(up)",
  "double_exponential_smoothing(x[5m], 0.5, 0.5)",
  "mad_over_time(x[5m])",
  "first_over_time(x[5m])",
  "ts_of_max_over_time(x[5m])",
  "histogram_avg(x)",
  "limitk(1, up)",
  "limit_ratio(0.5, up)",
  "foo[5m] anchored",
  "foo[5m] smoothed",
  "x + fill(0) y",
  "x </ y",
  'foo{"a"="b"}',
  '{"foo"}',
  'sum by ("a") (x)',
  // names and keywords
  "RATE(x[5m])",
  "foo(up)",
  "sum by (without) (x)",
  "x + on(inf) y",
  "atan2",
  "on",
  // grammar actions
  "sum()",
  "topk(x)",
  "sum(x, y)",
  "sum(x,)",
  "rate(x[5m],)",
  'foo{a=~"("}',
  'foo{a=~"a)("}',
  'foo{a!~"(?=x)"}',
  'foo{a=~"a**"}',
  'foo{a=~"\\\\Z"}',
  "(foo) offset 5m",
  "sum(x) @ 5",
  "foo offset 1m offset 2m",
  "foo @ start() @ end()",
  "(foo)[5m]",
  "rate(x[5m])[5m]",
  "foo offset 5m [5m]",
  "foo @ 5 [5m]",
  "foo @ inf",
  "foo @ 1e20",
  // type checks
  "1 > 2",
  "x + bool y",
  "x and 1",
  "x and on(a) group_left y",
  "x + on(a) group_left(a) y",
  "1 + on(a) x",
  "x[5m] + 1",
  'x + "a"',
  "-x[5m]",
  '-"a"',
  "foo[5m:1m][5m:]",
  "(1)[5m:]",
  'foo{__name__="bar"}',
  "{}",
  '{a=""}',
  '{a=~".*"}',
  '{a!~"x"}',
  "sum(1)",
  "sum(x[5m])",
  'topk("a", x)',
  "count_values(1, x)",
  "rate(x)",
  "rate(x[5m], 1)",
  "round()",
  "round(x, 1, 2)",
  'label_join(x, "a", "b", 1)',
  "vector(x)",
  "abs(x, 1 > 2)",
];

const ALL = [...VALID, ...INVALID];
const MISSING = "promtool not found: install it with `apt-get install prometheus`";
const required = process.env.OBSGEN_REQUIRE_TOOLS === "1";

function findOnPath(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, cmd);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A YAML double-quoted scalar: JSON escapes, plus escapes for everything outside printable ASCII. */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/gu, (c) => {
    const cp = c.codePointAt(0)!;
    return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
}

const promtool = findOnPath("promtool");
if (!promtool && !required) console.warn(`[skipped] promtool parity: ${MISSING}`);

describe("the recorded promtool 2.42 verdicts", () => {
  it("cover about 150 expressions, valid and invalid", () => {
    expect(ALL.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ALL).size).toBe(ALL.length);
  });

  it.each(VALID)("analyze accepts %j", (expr) => {
    expect(analyze(expr).errors).toEqual([]);
  });

  it.each(INVALID)("analyze rejects %j", (expr) => {
    expect(analyze(expr).errors.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!promtool && !required)(`analyze agrees with promtool check rules${promtool ? "" : ` (${MISSING})`}`, () => {
  /** promtool's error per expression index; absent means accepted. */
  const verdicts = new Map<number, string>();
  let version = "";

  beforeAll(() => {
    if (!promtool) return;
    version = spawnSync(promtool, ["--version"], { encoding: "utf8" }).stdout;
    const dir = mkdtempSync(join(tmpdir(), "obsgen-promql-parity-"));
    try {
      const file = join(dir, "rules.yml");
      const groups = ALL.map((e, i) => `- name: g${i}\n  rules:\n  - record: x\n    expr: ${yamlString(e)}\n`);
      writeFileSync(file, `groups:\n${groups.join("")}`);
      const r = spawnSync(promtool, ["check", "rules", file], { encoding: "utf8", maxBuffer: 1 << 24 });
      const out = `${r.stdout}\n${r.stderr}`;
      for (const line of out.split("\n")) {
        const m = /group "g(\d+)", rule 1, "x": (.*)$/.exec(line);
        if (m) verdicts.set(Number(m[1]), m[2]!);
      }
      if (r.status !== 0 && verdicts.size === 0) throw new Error(`promtool check rules failed without rule errors:\n${out}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Without promtool (and with OBSGEN_REQUIRE_TOOLS=1) this is the one test defined, and it fails.
  if (!promtool) {
    it("needs promtool", () => {
      throw new Error(MISSING);
    });
    return;
  }

  it("runs promtool 2.42", () => {
    expect(version, "these verdicts are Prometheus 2.42's").toMatch(/version 2\.42\./);
  });

  it.each(ALL.map((e, i) => [e, i] as const))("agrees on %j", (expr, i) => {
    const ours = analyze(expr).errors;
    const theirs = verdicts.get(i);
    const why = `promtool: ${theirs ?? "accepted"}; analyze: ${ours[0]?.message ?? "accepted"}`;
    expect({ valid: ours.length === 0 }, why).toEqual({ valid: theirs === undefined });
    expect(theirs === undefined).toBe(VALID.includes(expr));
  });
});
