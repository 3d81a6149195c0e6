import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { PROMQL_FEATURES, promqlDialect } from "../compat/prometheus.js";
import type { Expr } from "./ast.js";
import { parsePromql } from "./parse.js";
import { canonicalPromql, normalisedEqual, printPromql } from "./print.js";

const V242 = promqlDialect("2.42");
const V3 = promqlDialect("3");

function parse(text: string, dialect = V242): Expr {
  const { ast, errors } = parsePromql(text, dialect);
  if (ast === undefined || errors.length > 0) throw new Error(`${text}: ${errors.map((e) => e.message).join("; ")}`);
  return ast;
}

const SPAN_KEYS = new Set(["from", "to", "opSpan", "nameSpan", "valueSpan", "rangeSpan", "stepSpan"]);

/**
 * The tree without positions, in the form Prometheus's own AST would have: `@` in milliseconds
 * (as `timestamp.FromFloatSeconds` keeps it), matchers as a set, a `__name__` matcher that repeats
 * the name, `offset 0`, `by ()`, `ignoring ()` and the "written as a duration" flag left out (none
 * is in Prometheus's tree), a range selector's modifiers on the range selector.
 */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (typeof node === "number") return { number: Object.is(node, -0) ? "-0" : String(node) };
  if (node === null || typeof node !== "object") return node;
  const n = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (SPAN_KEYS.has(k) || v === undefined) continue;
    if (k === "func") out[k] = (v as { name: string } | undefined)?.name;
    else if (k === "duration") continue;
    else if (k === "at" && (v as { kind: string }).kind === "timestamp") {
      const s = (v as { seconds: number }).seconds;
      out[k] = { ms: s < 0 ? -Math.round(-s * 1000) : Math.round(s * 1000) };
    } else if (k === "offset" && (v as { ms?: number }).ms === 0) continue;
    else if (k === "grouping" && (v as { kind: string; labels: unknown[] }).kind === "by" && (v as { labels: unknown[] }).labels.length === 0) continue;
    else if (
      k === "matching" &&
      (v as { kind: string }).kind === "ignoring" &&
      (v as { labels: unknown[] }).labels.length === 0 &&
      !(v as { group?: unknown }).group
    )
      continue;
    else if (k === "matchers") {
      const name = (n.name as { name: string } | undefined)?.name;
      const ms = (v as { name: string; op: string; value: string }[]).filter((m) => !(m.name === "__name__" && m.op === "=" && m.value === name));
      out[k] = ms.map((m) => JSON.stringify(shape(m))).sort();
    } else out[k] = shape(v);
  }
  if (n.type === "MatrixSelector") {
    const vec = out.vector as Record<string, unknown>;
    for (const k of ["at", "offset", "rangeModifier"]) {
      if (vec[k] !== undefined) {
        out[k] ??= vec[k];
        delete vec[k];
      }
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return out;
}

describe("printPromql", () => {
  // Expected strings: TestExprString in promql/parser/printer_test.go, prometheus/prometheus v2.42.0
  // (an empty `out` there means the input prints unchanged).
  const PRINTER_TEST_V2_42: readonly (readonly [input: string, output?: string])[] = [
    ['sum by() (task:errors:rate10s{job="s"})', 'sum(task:errors:rate10s{job="s"})'],
    ['sum by(code) (task:errors:rate10s{job="s"})', 'sum by (code) (task:errors:rate10s{job="s"})'],
    ['sum without() (task:errors:rate10s{job="s"})', 'sum without () (task:errors:rate10s{job="s"})'],
    ['sum without(instance) (task:errors:rate10s{job="s"})', 'sum without (instance) (task:errors:rate10s{job="s"})'],
    ['topk(5, task:errors:rate10s{job="s"})'],
    ['count_values("value", task:errors:rate10s{job="s"})'],
    ["a - on() c", "a - on () c"],
    ["a - on(b) c", "a - on (b) c"],
    ["a - on(b) group_left(x) c", "a - on (b) group_left (x) c"],
    ["a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c"],
    ["a - on(b) group_left c", "a - on (b) group_left () c"],
    ["a - on(b) group_left() (c)", "a - on (b) group_left () (c)"],
    ["a - ignoring(b) c", "a - ignoring (b) c"],
    ["a - ignoring() c", "a - c"],
    ["up > bool 0"],
    ["a offset 1m"],
    ["a offset -7m"],
    ['a{c="d"}[5m] offset 1m'],
    ["a[5m] offset 1m"],
    ["a[12m] offset -3m"],
    ["a[1h:5m] offset 1m"],
    ['{__name__="a"}'],
    ['a{b!="c"}[1m]'],
    ['a{b=~"c"}[1m]'],
    ['a{b!~"c"}[1m]'],
    ["a @ 10", "a @ 10.000"],
    ["a[1m] @ 10", "a[1m] @ 10.000"],
    ["a @ start()"],
    ["a @ end()"],
    ["a[1m] @ start()"],
    ["a[1m] @ end()"],
  ];

  it.each(PRINTER_TEST_V2_42.map(([input, output]) => [input, output ?? input]))("prints %s as Prometheus 2.42 does: %s", (input, output) => {
    expect(printPromql(parse(input))).toBe(output);
  });

  it.each<[string, string]>([
    ["sum(rate(x[60s])) BY (job)", "sum by (job) (rate(x[1m]))"],
    ["x[90d]", "x[90d]"],
    ["x[7776000s]", "x[90d]"],
    ["x[91d] offset 2w", "x[13w] offset 2w"],
    ["x[1m:30s] @ 1.0005 offset 1m30s", "x[1m:30s] @ 1.001 offset 1m30s"],
    ["x offset 5m @ 100", "x @ 100.000 offset 5m"],
    ["x[5m:]", "x[5m:]"],
    ["1e3 + 0x10 + 1000000 + .5", "1000 + 16 + 1e+06 + 0.5"],
    ["-Inf + +inf + nan", "-Inf + +Inf + NaN"],
    ['x{b="2", a="1"}', 'x{a="1",b="2"}'],
    ["label_replace(x, 'dst', \"a\\tb\", `src`, '(.*)')", 'label_replace(x, "dst", "a\\tb", "src", "(.*)")'],
    ["x and on(a) y OR z", "x and on (a) y or z"],
    ["-(a + b)", "-(a + b)"],
    ["((a))", "((a))"],
  ])("prints %s as %s", (input, output) => {
    expect(printPromql(parse(input))).toBe(output);
  });

  it("keeps group_left after an empty ignoring (), which 2.42's own printer drops", () => {
    expect(printPromql(parse("a - ignoring() group_left b"))).toBe("a - ignoring () group_left () b");
  });

  it.each<[string, string]>([
    // 3.x reads a quoted name in braces as a `__name__` matcher, and prints it as one.
    ['{"my.metric", "a.b"="1"}', '{"a.b"="1",__name__="my.metric"}'],
    ['{"my.metric", "a.b"="1"}[5m]', '{"a.b"="1",__name__="my.metric"}[5m]'],
    ['sum by ("a.b", c) (x)', 'sum by ("a.b", c) (x)'],
  ])("quotes names Prometheus 2.42 cannot write, as 3.x reads them: %s", (input, output) => {
    const printed = printPromql(parse(input, V3));
    expect(printed).toBe(output);
    expect(shape(parse(printed, V3))).toEqual(shape(parse(input, V3)));
  });

  it.each<[string, string]>([
    ["x[step() * 2] offset step()", "x[step() * 2] offset step()"],
    ["foo[-2^2]", "foo[-2^2]"],
    ["rate(x[5m:step()] OFFSET 1h)", "rate(x[5m:step()] offset 1h)"],
    ["x offset -(2 * step())", "x offset -(2 * step())"],
  ])("prints the 3.x duration expression in %s from the source text", (text, printed) => {
    expect(printPromql(parse(text, V3), { source: text })).toBe(printed);
  });
});

describe("canonicalPromql and normalisedEqual", () => {
  it.each<[string, string]>([
    ["sum(rate(x[5m]))by(job)", "sum by (job) (rate(x[5m]))"],
    ["sum by (job) (rate(x[5m]))", "sum(rate(x[5m])) by (job)"],
    ["(a + (b * c))", "a + b * c"],
    ["((a)) / (b)", "a / b"],
    ["a - (b + c)", "a - (b + c)"],
    ["(a - b) - c", "a - b - c"],
    ["a ^ (b ^ c)", "a ^ b ^ c"],
    ["x > 1e3", "x > 1000"],
    ["x > 0.5", "x > 5e-1"],
    ["rate(x[60s])", "rate(x[1m])"],
    ["x offset 1h", "x offset 60m"],
    ['{__name__="up", job="a"}', 'up{job="a"}'],
    ["sum by () (x)", "sum(x)"],
    ["a + ignoring() b", "a + b"],
    ["+x", "x"],
    ["SUM(x) AND y", "sum(x) and y"],
    ['x{a="1",b="2"}', "x{b='2', a=\"1\"}"],
    // Prometheus sorts grouping labels before aggregating (engine.go), so their order is spelling.
    ["sum by (job, le) (rate(x_bucket[5m]))", "sum by (le, job) (rate(x_bucket[5m]))"],
    ["max without (pod, instance) (x)", "max without (instance, pod) (x)"],
  ])("treats %s and %s as the same query", (a, b) => {
    expect(normalisedEqual(a, b, V242)).toBe(true);
  });

  it.each<[string, string]>([
    ["(a + b) * c", "a + b * c"],
    ["a - b - c", "a - (b - c)"],
    ["(a ^ b) ^ c", "a ^ b ^ c"],
    ["(-a) ^ 2", "-a ^ 2"],
    ["sum by (job) (x)", "sum without (job) (x)"],
    ["sum by (job) (x)", "sum by (instance) (x)"],
    ["sum by (job, le) (x)", "sum without (le, job) (x)"],
    ["sum by (job, le) (x)", "sum by (job) (x)"],
    ["rate(x[5m])", "rate(x[1m])"],
    ['x{a="1"}', 'x{a="2"}'],
    ['x{a="1"}', 'x{a=~"1"}'],
    ["x > 1", "x > bool 1"],
    ["a + on(b) c", "a + ignoring(b) c"],
    ["a * on(b) group_left c", "a * on(b) c"],
    ["x offset 5m", "x"],
    ["x @ 10", "x @ 11"],
    ["x", "y"],
    ["a + b", "a - b"],
    ["(a + b)[5m:]", "a + b[5m:]"],
  ])("tells %s from %s", (a, b) => {
    expect(normalisedEqual(a, b, V242)).toBe(false);
  });

  it("compares texts that do not parse only by identity", () => {
    expect(normalisedEqual("sum(", "sum(", V242)).toBe(true);
    expect(normalisedEqual("sum(", "sum (", V242)).toBe(false);
  });

  it.each([
    "(a + b) * c",
    "a - (b - c)",
    "(a ^ b) ^ c",
    "(-a) ^ 2",
    "(-1) ^ 2",
    "-(a + b)",
    "(a + b)[5m:]",
    "(-x)[5m:]",
    "a * -(b + c)",
    "a or (b and c)",
    "(a or b) and c",
    "a and on (i) (b offset 1h > 0)",
    "(a - b offset 10m) >= 1 and c",
    "x or (y @ 10 + 1)",
  ])("keeps the parentheses %s needs, so its canonical text reads back as the same tree", (text) => {
    const canonical = canonicalPromql(parse(text));
    expect(canonicalPromql(parse(canonical))).toBe(canonical);
    expect(shape(stripParens(parse(canonical)))).toEqual(shape(stripParens(parse(text))));
  });
});

/** The tree without ParenExpr nodes: the structure the parentheses encode. */
function stripParens(e: Expr): unknown {
  return JSON.parse(
    JSON.stringify(e, (_k, v: unknown) => {
      let node = v as Expr | undefined;
      while (node !== null && typeof node === "object" && (node as { type?: string }).type === "ParenExpr") node = (node as { expr: Expr }).expr;
      return node;
    }),
  );
}

const DIR = fileURLToPath(new URL("../../../shared/conformance/", import.meta.url));
const CASES_242 = `${DIR}promql-2.42/cases.tsv`;
const CASES_3 = `${DIR}promql-3/cases.tsv`;
const CORPUS = fileURLToPath(new URL("../../../shared/corpus/rules/", import.meta.url));
const present = existsSync(CASES_242) && existsSync(CASES_3) && existsSync(CORPUS);
if (!present && process.env.OBSGEN_REQUIRE_TOOLS === "1") {
  it("needs the PromQL conformance tables", () => {
    throw new Error(`PromQL conformance tables or rule corpus not found under ${DIR} and ${CORPUS}`);
  });
} else if (!present) console.warn(`[skipped] PromQL printer round trip: conformance tables or rule corpus not found under ${DIR} and ${CORPUS}`);

function table(path: string): Record<string, string>[] {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const head = lines[0]!.split("\t");
  return lines.slice(1).map((l) => Object.fromEntries(l.split("\t").map((v, i) => [head[i], v])));
}

/**
 * Prints each text, reads the print back and prints it again: what differs from "the same tree,
 * and the same text again", for the printed and the canonical form.
 */
function roundTripFailures(texts: readonly string[], dialect: typeof V242): string[] {
  const failures: string[] = [];
  for (const text of texts) {
    try {
      const ast = parse(text, dialect);
      const printed = printPromql(ast, { source: text });
      const again = parse(printed, dialect);
      if (JSON.stringify(shape(again)) !== JSON.stringify(shape(ast))) failures.push(`tree differs: ${text} → ${printed}`);
      else if (printPromql(again, { source: printed }) !== printed) failures.push(`not idempotent: ${text} → ${printed}`);
      const canonical = canonicalPromql(ast, { source: text });
      if (canonicalPromql(parse(canonical, dialect), { source: canonical }) !== canonical) failures.push(`canonical not idempotent: ${text} → ${canonical}`);
      if (canonicalPromql(again, { source: printed }) !== canonical) failures.push(`canonical differs after printing: ${text} → ${canonical}`);
    } catch (e) {
      failures.push(`${text}: ${(e as Error).message}`);
    }
  }
  return failures;
}

describe.skipIf(!present)("printing Prometheus's own test expressions", () => {
  it("reads back every expression of 2.42's tests that promtool 2.42 accepts as the same tree, and prints it again the same", () => {
    const accepted = table(CASES_242)
      .filter((r) => r.promtool_valid === "1")
      .map((r) => JSON.parse(r.expression!) as string);
    expect(accepted).toHaveLength(852);
    const failures = roundTripFailures(accepted, V242);
    console.log(`printer round trip, 2.42: ${accepted.length - failures.length}/${accepted.length} expressions accepted by promtool 2.42`);
    expect(failures).toEqual([]);
  });

  it("does the same for every expression of 3.14's tests that its parser accepts with every experimental flag", () => {
    const accepted = table(CASES_3)
      .filter((r) => r.valid_with_flag === "1")
      .map((r) => JSON.parse(r.expression!) as string);
    expect(accepted).toHaveLength(2330);
    const failures = roundTripFailures(accepted, promqlDialect("3", PROMQL_FEATURES));
    console.log(`printer round trip, 3: ${accepted.length - failures.length}/${accepted.length} expressions accepted by 3.14's parser`);
    expect(failures).toEqual([]);
  });

  it("does the same for every expression of the rule corpus that parses, with Prometheus 3's syntax", () => {
    const exprs: string[] = [];
    for (const f of readdirSync(CORPUS, { recursive: true, encoding: "utf8" }).filter((n) => /\.ya?ml$/.test(n))) {
      let doc: unknown;
      try {
        doc = yaml.load(readFileSync(join(CORPUS, f), "utf8"));
      } catch {
        continue; // the corpus holds a few files that are not YAML on purpose
      }
      for (const g of (doc as { groups?: { rules?: { expr?: unknown }[] }[] } | null)?.groups ?? []) {
        for (const r of g?.rules ?? []) if (typeof r?.expr === "string") exprs.push(r.expr);
      }
    }
    const parsed = exprs.filter((e) => parsePromql(e, V3).errors.length === 0);
    expect(parsed.length).toBeGreaterThan(12_000);
    const failures = roundTripFailures(parsed, V3);
    console.log(`printer round trip, rule corpus: ${parsed.length - failures.length}/${parsed.length} expressions (of ${exprs.length})`);
    expect(failures).toEqual([]);
  });
});
