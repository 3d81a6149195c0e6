import { describe, expect, it } from "vitest";
import type { AggregateExpr, Expr } from "./ast.js";
import { parsePromql } from "./parse.js";
import { promqlDialect } from "../compat/prometheus.js";
import { analyze } from "./check.js";
import { aggregationOutputLabels, children, innermostFunction, nodes, selectorUses, walk } from "./walk.js";

function ast(text: string): Expr {
  const r = parsePromql(text);
  expect(r.errors).toEqual([]);
  return r.ast!;
}

describe("walking the tree", () => {
  it("lists children in source order", () => {
    const text = "topk by (a) (3, x) / on(a) y[5m:]";
    const root = ast(text);
    expect(children(root).map((c) => text.slice(c.from, c.to))).toEqual(["topk by (a) (3, x)", "y[5m:]"]);
    expect(nodes(root).map((n) => n.type)).toEqual(["BinaryExpr", "AggregateExpr", "NumberLiteral", "VectorSelector", "SubqueryExpr", "VectorSelector"]);
  });

  it("skips a subtree when the visitor returns false", () => {
    const seen: string[] = [];
    walk(ast("sum(rate(x[5m])) + y"), (n) => {
      seen.push(n.type);
      return n.type !== "AggregateExpr";
    });
    expect(seen).toEqual(["BinaryExpr", "AggregateExpr", "VectorSelector"]);
  });

  it("passes the ancestors, root first", () => {
    const paths: string[] = [];
    walk(ast("-(x)"), (n, ancestors) => {
      paths.push([...ancestors.map((a) => a.type), n.type].join(">"));
    });
    expect(paths).toEqual(["UnaryExpr", "UnaryExpr>ParenExpr", "UnaryExpr>ParenExpr>VectorSelector"]);
  });
});

describe("selector uses", () => {
  it("gives each selector its enclosing calls and aggregations, innermost first", () => {
    const uses = selectorUses(ast('sum by (job) (rate(http_requests_total{code="500"}[5m])) / sum(up) + max_over_time(deriv(x[1m])[1h:])'));
    expect(
      uses.map((u) => ({
        name: u.selector.name?.name,
        range: u.range?.rangeMs,
        subquery: u.subquery?.rangeMs,
        chain: u.enclosing.map((e) => (e.type === "FunctionCall" ? e.name.name : e.op)),
        fn: innermostFunction(u)?.name.name,
      })),
    ).toEqual([
      { name: "http_requests_total", range: 300_000, subquery: undefined, chain: ["rate", "sum"], fn: "rate" },
      { name: "up", range: undefined, subquery: undefined, chain: ["sum"], fn: undefined },
      { name: "x", range: 60_000, subquery: 3_600_000, chain: ["deriv", "max_over_time"], fn: "deriv" },
    ]);
  });
});

describe("labels after an aggregation", () => {
  it.each<[string, ReturnType<typeof aggregationOutputLabels>]>([
    ["sum by (job, instance) (x)", { kind: "only", labels: ["job", "instance"] }],
    ["sum(x)", { kind: "only", labels: [] }],
    ["avg without (instance) (x)", { kind: "allExcept", labels: ["instance", "__name__"] }],
    ["topk by (job) (3, x)", { kind: "allExcept", labels: [] }],
    ['count_values by (job) ("version", x)', { kind: "only", labels: ["job", "version"] }],
    ['count_values without (version) ("version", x)', { kind: "allExcept", labels: ["__name__"] }],
  ])("%s keeps %j", (text, labels) => {
    expect(aggregationOutputLabels(ast(text) as AggregateExpr)).toEqual(labels);
  });

  it.each(["limitk by (job) (3, x)", "limit_ratio(0.5, x)"])("%s returns some of its input series unchanged, as topk does", (text) => {
    const r = analyze(text, promqlDialect("3", ["promql-experimental-functions"]));
    expect(r.errors).toEqual([]);
    expect(aggregationOutputLabels(r.ast as AggregateExpr)).toEqual({ kind: "allExcept", labels: [] });
  });
});
