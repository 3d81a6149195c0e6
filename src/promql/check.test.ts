import { describe, expect, it } from "vitest";
import { analyze, checkRuleExprType, typeOf } from "./check.js";
import { parsePromql } from "./parse.js";
import type { ValueType } from "./types.js";

/** Errors as [message, the text they point at, from]. */
function errors(text: string): [string, string, number][] {
  return analyze(text).errors.map((e) => [e.message, text.slice(e.from, e.to), e.from]);
}

type Case = [string, [string, string, number][]];

describe("value types", () => {
  it.each<[string, ValueType]>([
    ["1", "scalar"],
    ['"a"', "string"],
    ["up", "vector"],
    ["up[5m]", "matrix"],
    ["rate(up[5m])[1h:]", "matrix"],
    ["rate(up[5m])", "vector"],
    ["scalar(up)", "scalar"],
    ["time() - 1", "scalar"],
    ["time() - up", "vector"],
    ["1 > bool 2", "scalar"],
    ["sum(up)", "vector"],
    ["-(up[5m])", "matrix"],
    ["(1)", "scalar"],
    ["vector(1)", "vector"],
    ["pi()", "scalar"],
  ])("types %j as %s", (text, type) => {
    const r = analyze(text);
    expect(r.type).toBe(type);
    expect(typeOf(parsePromql(text).ast!)).toBe(type);
  });

  it("leaves the type of an unknown function's call open", () => {
    expect(analyze("foo(up)").type).toBeUndefined();
  });
});

describe("binary operator rules", () => {
  it.each<Case>([
    ["1 > 2", [["comparisons between scalars must use BOOL modifier", ">", 2]]],
    ["x + bool y", [["bool modifier can only be used on comparison operators", "+ bool", 2]]],
    ["1 + bool 2", [["bool modifier can only be used on comparison operators", "+ bool", 2]]],
    ["x and 1", [['set operator "and" not allowed in binary scalar expression', "x and 1", 0]]],
    ["1 unless x", [['set operator "unless" not allowed in binary scalar expression', "1 unless x", 0]]],
    ["x and on(a) group_left y", [['no grouping allowed for "and" operation', "x and on(a) group_left y", 0]]],
    ["x or ignoring(a) group_right(b) y", [['no grouping allowed for "or" operation', "x or ignoring(a) group_right(b) y", 0]]],
    ["x + on(a) group_left(a) y", [['label "a" must not occur in ON and GROUP clause at once', "+ on(a) group_left(a)", 2]]],
    ["1 + on(a) x", [["vector matching only allowed between instant vectors", "1 + on(a) x", 0]]],
    ["x / ignoring(a) 2", [["vector matching only allowed between instant vectors", "x / ignoring(a) 2", 0]]],
    ["x[5m] + 1", [["binary expression must contain only scalar and instant vector types", "x[5m]", 0]]],
    ['x + "a"', [["binary expression must contain only scalar and instant vector types", '"a"', 4]]],
    ["x and y[5m:]", [["binary expression must contain only scalar and instant vector types", "y[5m:]", 6]]],
  ])("rejects %j", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it.each([
    "1 > bool 2",
    "x > 1",
    "x == bool y",
    "x and on(a) y",
    "x + ignoring(a) group_left(a) y",
    "x / on(a) group_left(b, c) y",
    "1 + on() x",
    "x atan2 y",
    "2 ^ 3 ^ 4",
  ])("accepts %j", (text) => {
    expect(errors(text)).toEqual([]);
  });
});

describe("unary, subquery and selector rules", () => {
  it.each<Case>([
    ["-x[5m]", [['unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', "-x[5m]", 0]]],
    ['-"a"', [['unary expression only allowed on expressions of type scalar or instant vector, got "string"', '-"a"', 0]]],
    ["foo[5m:1m][5m:]", [["subquery is only allowed on instant vector, got matrix instead", "foo[5m:1m][5m:]", 0]]],
    ["(1)[5m:]", [["subquery is only allowed on instant vector, got scalar instead", "(1)[5m:]", 0]]],
    ['foo{__name__="bar"}', [['metric name must not be set twice: "foo" or "bar"', 'foo{__name__="bar"}', 0]]],
    ["{}", [["vector selector must contain at least one non-empty matcher", "{}", 0]]],
    ['{a=""}', [["vector selector must contain at least one non-empty matcher", '{a=""}', 0]]],
    ['{a=~".*"}', [["vector selector must contain at least one non-empty matcher", '{a=~".*"}', 0]]],
    ['{a!~"x"}', [["vector selector must contain at least one non-empty matcher", '{a!~"x"}', 0]]],
    ['{a!="x"}[5m]', [["vector selector must contain at least one non-empty matcher", '{a!="x"}', 0]]],
    ['{__name__=~"foo|"}', [["vector selector must contain at least one non-empty matcher", '{__name__=~"foo|"}', 0]]],
  ])("rejects %j", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it.each(['{a=~".+"}', '{a!=""}', '{a!~".*"}', '{a=~"x|", b!=""}', '{__name__="up"}', 'up{job=""}', "-up", "- 1", "rate(x[5m])[1h:5m]", 'x{a=~"\\\\b"}'])(
    "accepts %j",
    (text) => {
      expect(errors(text)).toEqual([]);
    },
  );
});

describe("aggregation and function argument rules", () => {
  it.each<Case>([
    ["sum(1)", [["expected type instant vector in aggregation expression, got scalar", "1", 4]]],
    ["sum(x[5m])", [["expected type instant vector in aggregation expression, got range vector", "x[5m]", 4]]],
    ['topk("a", x)', [["expected type scalar in aggregation parameter, got string", '"a"', 5]]],
    ["quantile(x, x)", [["expected type scalar in aggregation parameter, got instant vector", "x", 9]]],
    ["count_values(1, x)", [["expected type string in aggregation parameter, got scalar", "1", 13]]],
    ["rate(x)", [['expected type range vector in call to function "rate", got instant vector', "x", 5]]],
    ["rate(x[5m], 1)", [['expected 1 argument(s) in call to "rate", got 2', "rate(x[5m], 1)", 0]]],
    ["round()", [['expected at least 1 argument(s) in call to "round", got 0', "round()", 0]]],
    ["round(x, 1, 2)", [['expected at most 2 argument(s) in call to "round", got 3', "round(x, 1, 2)", 0]]],
    ['label_join(x, "a", "b", 1)', [['expected type string in call to function "label_join", got scalar', "1", 24]]],
    ["vector(x)", [['expected type scalar in call to function "vector", got instant vector', "x", 7]]],
    // Like 2.42, extra arguments of a fixed-arity function are not checked themselves.
    ["abs(x, 1 > 2)", [['expected 1 argument(s) in call to "abs", got 2', "abs(x, 1 > 2)", 0]]],
    [
      "sum(1 > 2)",
      [
        ["expected type instant vector in aggregation expression, got scalar", "1 > 2", 4],
        ["comparisons between scalars must use BOOL modifier", ">", 6],
      ],
    ],
  ])("rejects %j", (text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it("skips type checks while the text has syntax errors, as 2.42 does", () => {
    expect(errors("sum(1) + (")).toEqual([["unclosed left parenthesis", "", 10]]);
    expect(errors("rate(x) + nope(1)")).toEqual([['unknown function with name "nope"', "nope", 10]]);
  });
});

describe("rule expression types", () => {
  it("accepts every type, as promtool 2.42 check rules does, and names the evaluation error", () => {
    expect(checkRuleExprType("vector")).toEqual({ accepted: true });
    expect(checkRuleExprType("scalar")).toEqual({ accepted: true });
    expect(checkRuleExprType("matrix")).toEqual({ accepted: true, evaluationError: "rule result is not a vector or scalar" });
    expect(checkRuleExprType("string")).toEqual({ accepted: true, evaluationError: "rule result is not a vector or scalar" });
  });
});

describe("repeated analyses", () => {
  it("analyzes a text once and shares the result, whose errors cannot be changed", () => {
    const first = analyze("sum(rate(x[5m]) ");
    expect(analyze("sum(rate(x[5m]) ")).toBe(first);
    expect(first.errors.length).toBeGreaterThan(0);
    expect(Object.isFrozen(first.errors)).toBe(true);
  });

  it("gives a text the same analysis after many others pushed it out of the cache", () => {
    const before = analyze("rate(up[5m]) > 1");
    for (let i = 0; i < 1100; i++) analyze(`up{i="${i}"}`);
    const after = analyze("rate(up[5m]) > 1");
    expect(after).not.toBe(before);
    expect(after).toEqual(before);
  });
});
