import { describe, expect, it } from "vitest";
import type { AggregateExpr, BinaryExpr, Expr, FunctionCall, SubqueryExpr, UnaryExpr, VectorSelector } from "./ast.js";
import { PROMQL_FEATURES, promqlDialect } from "../compat/prometheus.js";
import { analyze } from "./check.js";
import { parsePromql } from "./parse.js";

/** The tree of an expression that must parse cleanly. */
function ast(text: string): Expr {
  const r = parsePromql(text);
  expect(r.errors, text).toEqual([]);
  expect(r.ast).toBeDefined();
  return r.ast!;
}

/** Errors as [message, the text they point at, from]. */
function errors(text: string): [string, string, number][] {
  return analyze(text).errors.map((e) => [e.message, text.slice(e.from, e.to), e.from]);
}

describe("the syntax tree", () => {
  it("reads numbers the way Go's strconv does", () => {
    const values = ["1", "2.5", ".5", "5.", "5.e3", "0x1F", "0X1f", "0755", "089", "1e3", "1E-3", "Inf", "NaN", "-1", "- 2", "+3"].map((t) => {
      const n = ast(t);
      return n.type === "NumberLiteral" ? n.value : undefined;
    });
    expect(values).toEqual([1, 2.5, 0.5, 5, 5000, 31, 31, 493, 89, 1000, 0.001, Infinity, NaN, -1, -2, 3]);
  });

  it("folds a sign into the number literal and spans the sign", () => {
    expect(ast("-(1)")).toMatchObject({ type: "UnaryExpr", op: "-", expr: { type: "ParenExpr" } });
    expect(ast("- 1")).toMatchObject({ type: "NumberLiteral", value: -1, from: 0, to: 3 });
  });

  it("unquotes string literals like Go's strconv.Unquote", () => {
    const values = ['"a\\nb"', "'x\\'y'", '"x\\"y"', "`raw\\n`", '"\\u00e9"', '"\\xc3\\xa9"', '"\\101"', '"\\U0001F600"', "'tab\\t'"].map((t) => {
      const n = ast(t);
      return n.type === "StringLiteral" ? n.value : undefined;
    });
    expect(values).toEqual(["a\nb", "x'y", 'x"y', "raw\\n", "é", "é", "A", "😀", "tab\t"]);
  });

  it("gives a vector selector its name, matchers and their spans", () => {
    const text = 'http_requests_total{code=~"5..", job!="api"}';
    const vs = ast(text) as VectorSelector;
    expect(vs.name).toEqual({ name: "http_requests_total", from: 0, to: 19 });
    expect(vs.matchers.map((m) => [m.name, m.op, m.value, text.slice(m.from, m.to), text.slice(m.valueSpan.from, m.valueSpan.to)])).toEqual([
      ["code", "=~", "5..", 'code=~"5.."', '"5.."'],
      ["job", "!=", "api", 'job!="api"', '"api"'],
    ]);
    expect([vs.from, vs.to]).toEqual([0, text.length]);
  });

  it("reads range and subquery durations in milliseconds", () => {
    expect(ast("x[1h30m]")).toMatchObject({ type: "MatrixSelector", rangeMs: 5_400_000, rangeSpan: { from: 2, to: 7 } });
    expect(ast("x[1y2w3d4h5m6s7ms]")).toMatchObject({ rangeMs: 31_536_000_000 + 2 * 604_800_000 + 3 * 86_400_000 + 4 * 3_600_000 + 306_007 });
    const sq = ast("rate(x[5m])[1h:30s]") as SubqueryExpr;
    expect(sq).toMatchObject({ type: "SubqueryExpr", rangeMs: 3_600_000, stepMs: 30_000, expr: { type: "FunctionCall" } });
    const noStep = ast("x[1h:]") as SubqueryExpr;
    expect(noStep.stepMs).toBeUndefined();
  });

  it("puts offset and @ on the selector or subquery they modify, spanning them", () => {
    const text = "foo offset -5m @ 100";
    const vs = ast(text) as VectorSelector;
    expect(vs).toMatchObject({ type: "VectorSelector", offset: { ms: -300_000 }, at: { kind: "timestamp", seconds: 100 }, from: 0, to: 20 });
    expect(text.slice(vs.offset!.from, vs.offset!.to)).toBe("offset -5m");
    expect(text.slice(vs.at!.from, vs.at!.to)).toBe("@ 100");
    expect(ast("x[5m] @ end() offset 1h")).toMatchObject({ type: "MatrixSelector", at: { kind: "end" }, offset: { ms: 3_600_000 } });
    expect(ast("x[5m:] @ START()")).toMatchObject({ type: "SubqueryExpr", at: { kind: "start" } });
  });

  it("binds range, subquery, offset and @ tighter than operators, as Prometheus does", () => {
    const b = ast("a + b offset 5m") as BinaryExpr;
    expect(b).toMatchObject({ type: "BinaryExpr", lhs: { type: "VectorSelector" }, rhs: { type: "VectorSelector", offset: { ms: 300_000 }, from: 4 } });
    const u = ast("-foo offset 5m") as UnaryExpr;
    expect(u).toMatchObject({ type: "UnaryExpr", expr: { type: "VectorSelector", offset: { ms: 300_000 } } });
    const m = parsePromql("a * b[5m]").ast as BinaryExpr;
    expect(m.rhs).toMatchObject({ type: "MatrixSelector", from: 4, to: 9 });
    const s = parsePromql("a and b[5m:]").ast as BinaryExpr;
    expect(s.rhs.type).toBe("SubqueryExpr");
  });

  it("reads function calls with the 2.42 signature, keeping unknown names", () => {
    const f = ast('label_replace(up, "a", "b", "c", "d")') as FunctionCall;
    expect(f.name).toEqual({ name: "label_replace", from: 0, to: 13 });
    expect(f.func?.argTypes).toEqual(["vector", "string", "string", "string", "string"]);
    expect(f.args.map((a) => a.type)).toEqual(["VectorSelector", "StringLiteral", "StringLiteral", "StringLiteral", "StringLiteral"]);
    expect(ast("holt_winters(x[5m], 0.5, 0.5)")).toMatchObject({ type: "FunctionCall", func: { name: "holt_winters" } });
    expect(parsePromql("foo(x)").ast).toMatchObject({ type: "FunctionCall", name: { name: "foo" }, func: undefined });
  });

  it("reads aggregations with the grouping before or after the arguments", () => {
    const before = ast("topk by (job, le) (5, x)") as AggregateExpr;
    expect(before).toMatchObject({ op: "topk", param: { type: "NumberLiteral", value: 5 }, expr: { type: "VectorSelector" } });
    expect(before.grouping).toMatchObject({
      kind: "by",
      labels: [
        { name: "job", from: 9 },
        { name: "le", from: 14 },
      ],
    });
    const after = ast("SUM(x) WITHOUT (instance)") as AggregateExpr;
    expect(after).toMatchObject({ op: "sum", grouping: { kind: "without", labels: [{ name: "instance" }] }, opSpan: { from: 0, to: 3 } });
    expect(ast('count_values("v", x)')).toMatchObject({ op: "count_values", param: { type: "StringLiteral", value: "v" } });
  });

  it("reads binary operators with bool and vector matching", () => {
    const b = ast("a > bool on(job) group_left(team, env) b") as BinaryExpr;
    expect(b).toMatchObject({ op: ">", bool: true, opSpan: { from: 2, to: 3 } });
    expect(b.matching).toMatchObject({
      kind: "on",
      labels: [{ name: "job" }],
      group: { side: "left", labels: [{ name: "team" }, { name: "env" }] },
    });
    expect(ast("a UNLESS ignoring(x) b")).toMatchObject({ op: "unless", matching: { kind: "ignoring" } });
    expect(ast("a atan2 b")).toMatchObject({ op: "atan2" });
  });

  it("accepts names that are keywords only in other places, like 2.42", () => {
    for (const text of ["sum", "by", "offset", 'offset{a="b"}', "start", "without", "limitk", 'x{on="a", offset="b"}', "sum by (on, offset, bool) (x)"]) {
      expect(parsePromql(text).errors, text).toEqual([]);
    }
  });

  it("gives every node a span inside the text", () => {
    const text = 'sum by (a) (rate(x{b="c"}[5m] offset 1m)) / on(a) group_left max(y) > bool 0.5';
    const seen: string[] = [];
    const visit = (e: Expr): void => {
      expect(e.from).toBeGreaterThanOrEqual(0);
      expect(e.to).toBeLessThanOrEqual(text.length);
      seen.push(text.slice(e.from, e.to));
      if (e.type === "BinaryExpr") [e.lhs, e.rhs].forEach(visit);
      if (e.type === "AggregateExpr" || e.type === "FunctionCall") e.args.forEach(visit);
      if (e.type === "MatrixSelector") visit(e.vector);
    };
    visit(ast(text));
    expect(seen).toContain('x{b="c"}[5m] offset 1m');
    expect(seen).toContain('x{b="c"}');
    expect(seen).toContain("max(y)");
  });

  it("parses a long chain of large operands, where stock lezer would force a syntax error", () => {
    const parts = Array.from({ length: 400 }, (_, i) => `sum by (job) (rate(metric_${i}{a="b", c=~"d.*"}[5m] offset 1m))`);
    expect(analyze(parts.join(" + ")).errors).toEqual([]);
  });

  // Prometheus 2.42 accepts all of these (no limit); obsgen reports them, where the nesting passes its
  // limit, instead of running out of stack or letting lezer cut its parse stack (which made 1,400
  // nested calls "unexpected identifier" and 1,000 `^` "unknown function").
  it.each<[string, string, number]>([
    ["2,600 parentheses", `${"(".repeat(2600)}up${")".repeat(2600)}`, 500],
    ["1,400 nested calls", `${"abs(".repeat(1400)}up${")".repeat(1400)}`, 4 * 500 + 3],
    ["1,400 nested aggregations", `${"sum(".repeat(1400)}up${")".repeat(1400)}`, 4 * 500 + 3],
    ["20,000 added terms", Array.from({ length: 20_000 }, (_, i) => `x${i}`).join(" + "), 0],
    ["1,000 powers in a row", Array.from({ length: 1000 }, () => "x").join(" ^ "), -1],
    ["3,000 unary minus signs", `${"-".repeat(3000)}x`, -1],
    ["600 nested subqueries", `${"max_over_time(".repeat(600)}x${"[5m:])".repeat(600)}`, -1],
  ])("reports %s as nested too deep, with no other error", (_name, text, at) => {
    const errors = analyze(text).errors;
    expect(errors.map((e) => e.message)).toEqual(["nested too deep (limit 500)"]);
    if (at >= 0) expect(errors[0]!.from).toBe(at);
    expect(errors[0]!.to).toBe(errors[0]!.from + 1);
  });

  it.each([
    ["499 parentheses", `${"(".repeat(499)}up${")".repeat(499)}`],
    ["490 nested calls", `${"abs(".repeat(490)}up${")".repeat(490)}`],
    ["490 `or` alternatives", Array.from({ length: 490 }, (_, i) => `up{job="${i}"}`).join(" or ")],
    ["490 powers in a row", Array.from({ length: 490 }, () => "x").join(" ^ ")],
  ])("accepts %s, within the limit", (_name, text) => {
    expect(analyze(text).errors).toEqual([]);
  });

  it("returns a best-effort tree alongside syntax errors", () => {
    const r = parsePromql("sum(rate(x[5m]) +");
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.ast?.type).toBe("AggregateExpr");
  });
});

describe("syntax errors", () => {
  it.each<[string, [string, string, number][]]>([
    ["rate(x[5m]", [["unclosed left parenthesis", "", 10]]],
    ["sum(", [["unclosed left parenthesis", "", 4]]],
    ["x +", [["unexpected end of input", "", 3]]],
    ["x + # only a comment follows", [["unexpected end of input", "", 28]]],
    ['foo{a="b"', [["unexpected end of input inside braces", "", 9]]],
    ["foo[5m", [["unclosed left bracket", "", 6]]],
    ["", [["no expression found in input", "", 0]]],
  ])("reports the end of input in %j", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it.each<[string, [string, string, number][]]>([
    ["x)", [["unexpected right parenthesis ')'", ")", 1]]],
    ["foo]", [["unexpected right bracket ']'", "]", 3]]],
    ["()", [['unexpected ")"', ")", 1]]],
    ["foo bar", [['unexpected identifier "bar"', "bar", 4]]],
    // strconv.Quote escapes what Go does not print (promtool 2.42's message, byte for byte).
    ['foo "a\u00a0b\x7f"', [['unexpected string "\\"a\\u00a0b\\x7f\\""', '"a\u00a0b\x7f"', 4]]],
    ['foo{a="b"}}', [["unexpected character: '}'", "}", 10]]],
    ["foo $", [["unexpected character: '$'", "$", 4]]],
    ["foo\u00a0+ bar", [["unexpected character: '\\u00a0'", "\u00a0", 3]]],
    ['foo{a="b', [["unterminated quoted string", '"b', 6]]],
    ["`ab", [["unterminated raw string", "`ab", 0]]],
    ['foo{a="\\q"}', [["unknown escape sequence U+0071 'q'", '"\\q', 6]]],
    ['foo{a="\\uD800"}', [["escape sequence is an invalid Unicode code point", '"\\uD800', 6]]],
    ["{a=1}", [["unexpected character inside braces: '1'", "1", 3]]],
    [
      "x =~ y",
      [
        ["unexpected character after '=': '~'", "=", 2],
        ['unexpected "y"', "y", 5],
      ],
    ],
    ["0x1p3", [['bad number or duration syntax: "0x1"', "0x1", 0]]],
    ["1e", [['error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax', "1e", 0]]],
    ["1e400", [['error parsing number: strconv.ParseFloat: parsing "1e400": value out of range', "1e400", 0]]],
    ["sum(x,)", [["trailing commas not allowed in function call args", ",", 5]]],
  ])("reports %j like 2.42's lexer and grammar", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it.each<[string, [string, string, number][]]>([
    ["foo offset +5m", [["unexpected <op:+> in offset, expected duration", "+", 11]]],
    ["foo[5M]", [['bad duration syntax: "5"', "5", 4]]],
    ["foo[1.5m]", [['not a valid duration string: "1.5m"', "1.5m", 4]]],
    ["foo[5m1h]", [['not a valid duration string: "5m1h"', "5m1h", 4]]],
    ["foo[0s]", [["duration must be greater than 0", "0s", 4]]],
    ["foo offset -0s", [["duration must be greater than 0", "0s", 12]]],
    ["foo[293y]", [["duration out of range", "293y", 4]]],
    ["foo[5m:0s]", [["duration must be greater than 0", "0s", 7]]],
  ])("reports the duration or number in %j", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it.each<[string, [string, string, number][]]>([
    ["holt(x)", [['unknown function with name "holt"', "holt", 0]]],
    ["RATE(x[5m])", [['unknown function with name "RATE"', "RATE", 0]]],
    ["sum by (without) (x)", [["unexpected <without> in grouping opts, expected label", "without", 8]]],
    ["x + on(inf) y", [['unexpected number "inf" in grouping opts, expected label', "inf", 7]]],
    ['atan2{a="b"}', [["unexpected <op:atan2>", "atan2", 0]]],
  ])("rejects %j, which never was PromQL", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  // 2.42 rejects these with "unexpected" messages or lexer errors; the errors name the release that has them.
  it.each<[string, [string, string, number][]]>([
    ["1_000", [["numbers with underscores (`1_000`) need Prometheus 2.54 or later; Prometheus 2.42 does not have them", "1_000", 0]]],
    ["5m", [["durations where a number goes (`1h` for 3600) need Prometheus 2.54 or later; Prometheus 2.42 does not have them", "5m", 0]]],
    ["foo @ 5m", [["durations where a number goes (`1h` for 3600) need Prometheus 2.54 or later; Prometheus 2.42 does not have them", "5m", 6]]],
    ["foo offset 5", [["numbers where a duration goes (`[5]` for `[5s]`) need Prometheus 2.54 or later; Prometheus 2.42 does not have them", "5", 11]]],
    ["foo[5]", [["numbers where a duration goes (`[5]` for `[5s]`) need Prometheus 2.54 or later; Prometheus 2.42 does not have them", "5", 4]]],
    ["foo[5m:1]", [["numbers where a duration goes (`[5]` for `[5s]`) need Prometheus 2.54 or later; Prometheus 2.42 does not have them", "1", 7]]],
    [
      "foo offset (5m)",
      [
        [
          "parentheses in a duration need Prometheus 3.14 or later (3.4 to 3.13 with --enable-feature=promql-duration-expr); Prometheus 2.42 does not have them",
          "(5m)",
          11,
        ],
      ],
    ],
    [
      "foo[5m+1m]",
      [
        [
          "duration arithmetic (`5m + 1m`) needs Prometheus 3.14 or later (3.4 to 3.13 with --enable-feature=promql-duration-expr); Prometheus 2.42 does not have it",
          "+",
          6,
        ],
      ],
    ],
    [
      'sort_by_label(x, "a")',
      [
        [
          "`sort_by_label` needs Prometheus 2.49 or later with --enable-feature=promql-experimental-functions; Prometheus 2.42 does not have it",
          "sort_by_label",
          0,
        ],
      ],
    ],
    ["histogram_avg(x)", [["`histogram_avg` needs Prometheus 2.51 or later; Prometheus 2.42 does not have it", "histogram_avg", 0]]],
    [
      "limitk(1, x)",
      [["`limitk` needs Prometheus 2.54 or later with --enable-feature=promql-experimental-functions; Prometheus 2.42 does not have it", "limitk", 0]],
    ],
    [
      "limit_ratio by (a) (0.5, x)",
      [
        [
          "`limit_ratio` needs Prometheus 2.54 or later with --enable-feature=promql-experimental-functions; Prometheus 2.42 does not have it",
          "limit_ratio",
          0,
        ],
      ],
    ],
    [
      "foo[5m] anchored",
      [["`anchored` needs Prometheus 3.7 or later with --enable-feature=promql-extended-range-selectors; Prometheus 2.42 does not have it", "anchored", 8]],
    ],
    [
      "x + fill(0) y",
      [["`fill` modifiers need Prometheus 3.10 or later with --enable-feature=promql-binop-fill-modifiers; Prometheus 2.42 does not have them", "fill(0)", 4]],
    ],
    ["x </ y", [["the histogram trim operator `</` needs Prometheus 3.11 or later; Prometheus 2.42 does not have it", "</", 2]]],
    ['foo{"a"="b"}', [["quoted label names need Prometheus 3.0 or later; Prometheus 2.42 does not have them", '"a"', 4]]],
    ['{"foo"}', [["quoted metric names need Prometheus 3.0 or later; Prometheus 2.42 does not have them", '"foo"', 1]]],
    ['sum by ("a") (x)', [["quoted label names need Prometheus 3.0 or later; Prometheus 2.42 does not have them", '"a"', 8]]],
    [
      '{"a.b"="c"} + foo{x=~"("}',
      [
        ["quoted label names need Prometheus 3.0 or later; Prometheus 2.42 does not have them", '"a.b"', 1],
        ["error parsing regexp: missing closing ): `^(?:()$`", 'x=~"("', 18],
      ],
    ],
  ])("rejects %j under 2.42, naming the release that has it", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it.each<[string, [string, string, number][]]>([
    ["sum()", [["no arguments for aggregate expression provided", "sum()", 0]]],
    ["topk(x)", [["wrong number of arguments for aggregate expression provided, expected 2, got 1", "topk(x)", 0]]],
    ["sum(x, y)", [["wrong number of arguments for aggregate expression provided, expected 1, got 2", "sum(x, y)", 0]]],
    ['foo{a=~"("}', [["error parsing regexp: missing closing ): `^(?:()$`", 'a=~"("', 4]]],
    ['foo{a=~"a)("}', [["error parsing regexp: unexpected ): `a)(`", 'a=~"a)("', 4]]],
    ['foo{a!~"(?=x)"}', [["error parsing regexp: invalid or unsupported Perl syntax: `(?=`", 'a!~"(?=x)"', 4]]],
    ["(foo) offset 5m", [["offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", "(foo)", 0]]],
    ["sum(x) @ 5", [["@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", "sum(x)", 0]]],
    ["foo offset 1m offset 2m", [["offset may not be set multiple times", "offset 2m", 14]]],
    ["foo @ start() @ end()", [["@ <timestamp> may not be set multiple times", "@ end()", 14]]],
    ["(foo)[5m]", [["ranges only allowed for vector selectors", "[5m]", 5]]],
    ["rate(x[5m])[5m]", [["ranges only allowed for vector selectors", "[5m]", 11]]],
    ["foo offset 5m [5m]", [["no offset modifiers allowed before range", "[5m]", 14]]],
    ["foo @ 5 [5m]", [["no @ modifiers allowed before range", "[5m]", 8]]],
    ["foo @ inf", [["timestamp out of bounds for @ modifier: +Inf", "@ inf", 4]]],
    ["foo @ 1e20", [["timestamp out of bounds for @ modifier: 100000000000000000000.000000", "@ 1e20", 4]]],
  ])("reports %j like 2.42's grammar actions", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it("reports every lezer error node, not only the first", () => {
    const found = errors("sum(x +) + (y");
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(found.map(([m]) => m)).toContain("unclosed left parenthesis");
  });

  it("orders errors by position and never repeats one", () => {
    const found = analyze("foo bar baz +").errors;
    const sorted = [...found].sort((a, b) => a.from - b.from);
    expect(found).toEqual(sorted);
    expect(new Set(found.map((e) => `${e.from}:${e.message}`)).size).toBe(found.length);
  });
});

describe("the syntax tree of Prometheus 3.14's PromQL", () => {
  const d3 = promqlDialect("3");
  const all = promqlDialect("3", [...PROMQL_FEATURES]);
  const tree = (text: string, dialect = d3): Expr => {
    const r = analyze(text, dialect);
    expect(r.errors, text).toEqual([]);
    return r.ast!;
  };

  it("reads a quoted metric name as a __name__ matcher, and quoted label names unquoted", () => {
    const vs = tree('{"my.metric", "a.b"="c"}') as VectorSelector;
    expect(vs.name).toBeUndefined();
    expect(vs.matchers.map((m) => [m.name, m.op, m.value])).toEqual([
      ["__name__", "=", "my.metric"],
      ["a.b", "=", "c"],
    ]);
    expect((tree('sum by ("a.b", job) (x)') as AggregateExpr).grouping?.labels.map((l) => l.name)).toEqual(["a.b", "job"]);
  });

  it("reads numbers as seconds where a duration goes, and durations as seconds where a number goes", () => {
    expect(tree("x[5]")).toMatchObject({ type: "MatrixSelector", rangeMs: 5000 });
    expect(tree("x[1.5]")).toMatchObject({ rangeMs: 1500 });
    expect(tree("x offset -(5)")).toMatchObject({ type: "VectorSelector", offset: { ms: -5000 } });
    expect(tree("1h")).toMatchObject({ type: "NumberLiteral", value: 3600, duration: true });
    expect(tree("x @ 100s")).toMatchObject({ at: { kind: "timestamp", seconds: 100 } });
    const values = ["1_000", "0x1_f", "5.", "00_1_23_4.56_7_8"].map((t) => (tree(t) as { value: number }).value);
    expect(values).toEqual([1000, 31, 5, 1234.5678]);
  });

  it("evaluates duration expressions, leaving those that depend on the query undefined", () => {
    expect(tree("x[5m + 1m]")).toMatchObject({ rangeMs: 360_000 });
    expect(tree("x[min_of(5m, 1m)]")).toMatchObject({ rangeMs: 60_000 });
    expect(tree("x[2 ^ 3]")).toMatchObject({ rangeMs: 8000 });
    expect((tree("x[STEP()]") as { rangeMs?: number }).rangeMs).toBeUndefined();
    const sq = tree("rate(x[5m])[1h:step()]") as SubqueryExpr;
    expect([sq.rangeMs, sq.stepMs, sq.stepSpan]).toEqual([3_600_000, undefined, { from: 15, to: 21 }]);
  });

  it("lets a zero offset be followed by another, as 3.14's addOffset does", () => {
    expect(tree("x offset 0 offset 5m")).toMatchObject({ offset: { ms: 300_000 } });
    expect(analyze("x offset 1s offset 2s", d3).errors.map((e) => e.message)).toEqual(["offset may not be set multiple times"]);
  });

  it("reads the trim operators as their own operators", () => {
    expect(tree("h </ 0.5")).toMatchObject({ type: "BinaryExpr", op: "</" });
    expect(tree("h >/ 0.5")).toMatchObject({ type: "BinaryExpr", op: ">/" });
  });

  it("reads fill modifiers, limitk and range-selector modifiers with their flags", () => {
    expect(tree("a + on(x) fill_left(1) fill_right(-2) b", all)).toMatchObject({ fill: { lhs: 1, rhs: -2 }, matching: { kind: "on" } });
    expect(tree("a * fill(0) b", all)).toMatchObject({ fill: { lhs: 0, rhs: 0 } });
    expect(tree("limitk(2, x)", all)).toMatchObject({ type: "AggregateExpr", op: "limitk", param: { value: 2 }, expr: { type: "VectorSelector" } });
    expect(tree("a + rate(x[5m] anchored)", all)).toMatchObject({ rhs: { args: [{ type: "MatrixSelector", rangeModifier: "anchored" }] } });
  });

  it("refuses a range-selector modifier on anything but a selector, and both at once", () => {
    const messages = (t: string) => analyze(t, all).errors.map((e) => e.message);
    expect(messages("rate(x[5m]) anchored")).toEqual(["anchored modifier not implemented: it applies to a vector or range vector selector"]);
    expect(messages("x[5m:1m] smoothed")).toEqual(["smoothed modifier is not supported for subqueries"]);
    expect(messages("x[5m] anchored smoothed")).toEqual(["anchored and smoothed modifiers cannot be used together"]);
    expect(messages("a and fill(0) b")).toEqual(["filling in missing series not allowed for set operators"]);
    expect(messages("1 + fill(0) b")).toEqual(["filling in missing series only allowed between instant vectors"]);
  });
});
