/**
 * PromQL text from obsgen's syntax tree, the way Prometheus prints an expression (`Expr.String()`,
 * promql/parser/printer.go at v2.42.0): `sum by (job) (x)`, `a - on (b) group_left () c`,
 * matchers sorted, `@` before `offset`, durations as `model.Duration.String` writes them (`90d`),
 * numbers as Go's `%v` of a float64 (`1e+06`), strings as `strconv.Quote`.
 *
 * The printer is 2.42's. Everything 2.42 can parse prints as 2.42 prints it, and 3.x prints those
 * expressions the same way (v3.0.0's printer differs only in quoting names that 2.42 cannot
 * write at all), so one printer serves both versions for the round trip "parse, print, parse,
 * compare". Where 2.42's printer loses meaning, this one follows the later fix instead:
 * `a - ignoring () group_left () b` keeps its `group_left` (2.42 drops it, turning many-to-one
 * into one-to-one; v3.14.0's getMatchingStr prints it). Syntax that only 3.x has is written as
 * v3.14.0's printer writes it: names outside the legacy character set quoted (`{"my.metric"}`,
 * `by ("a.b")`), `anchored`/`smoothed`, `fill (v)`.
 *
 * {@link canonicalPromql} goes further, for comparing expressions: it also drops parentheses that
 * do not change the tree, unary `+`, empty `by ()` and `ignoring ()`, sorts an aggregation's
 * grouping labels, and writes a lone `{__name__="x"}` as `x`, so texts that differ only in
 * spelling print the same.
 */
import { formatModelDuration, parseModelDuration } from "../compat/go/duration.js";
import { formatGoFloat } from "../compat/go/float.js";
import { goV } from "../compat/go/fmt.js";
import { goQuote } from "../compat/go/quote.js";
import { DEFAULT_PROMQL, type PromqlDialect } from "../compat/prometheus.js";
import { compareCodePoints } from "../util/order.js";
import type { AtModifier, BinaryExpr, Expr, LabelMatcher, OffsetModifier, Span, VectorMatching, VectorSelector } from "./ast.js";
import { parsePromql } from "./parse.js";

/** Where the tree came from: needed only to print 3.x duration expressions (`x[step()]`), which the tree keeps as spans. */
export interface PrintOptions {
  readonly source?: string;
}

/**
 * `expr` as Prometheus 2.42's `Expr.String()` prints it. Parentheses are printed where the tree
 * has them. `source` (the parsed text) is needed only for 3.x duration expressions.
 *
 * @example printPromql(parsePromql("sum(rate(x[60s])) by(job)").ast!) // → 'sum by (job) (rate(x[1m]))'
 */
export function printPromql(expr: Expr, options: PrintOptions = {}): string {
  return new Printer(options.source, false).expr(expr);
}

/**
 * `expr` in one canonical spelling: {@link printPromql}'s, after dropping what does not change the
 * meaning (redundant parentheses, unary `+`, `by ()`, `ignoring ()`, `{__name__="x"}` for `x`,
 * the order of grouping labels).
 * Two expressions with the same canonical text are the same query.
 */
export function canonicalPromql(expr: Expr, options: PrintOptions = {}): string {
  return new Printer(options.source, true).expr(expr);
}

/**
 * Whether two PromQL texts are the same query up to spelling: spacing, `by` before or after the
 * aggregation body, redundant parentheses, number and duration spelling, keyword case, matcher
 * order, quotes. Texts that do not parse (in `dialect`) are equal only when identical.
 */
export function normalisedEqual(a: string, b: string, dialect: PromqlDialect = DEFAULT_PROMQL): boolean {
  if (a === b) return true;
  const ca = canonicalText(a, dialect);
  return ca !== undefined && ca === canonicalText(b, dialect);
}

function canonicalText(text: string, dialect: PromqlDialect): string | undefined {
  const { ast, errors } = parsePromql(text, dialect);
  return ast === undefined || errors.length > 0 ? undefined : canonicalPromql(ast, { source: text });
}

/** Names Prometheus 2.42's lexer reads without quotes (`model.IsValidLegacyMetricName`). */
const LEGACY_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Label names a v3 matcher prints without quotes (`Matcher.shouldQuoteName`, model/labels/matcher.go, v3.0.0). */
const LEGACY_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Binding strength of binary operators, weakest first (promql/parser/generated_parser.y's %left/%right lines). */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  "==": 3,
  "!=": 3,
  "<=": 3,
  "<": 3,
  ">=": 3,
  ">": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  atan2: 5,
  "^": 6,
};
/** A unary sign binds like `*` (`%prec MUL`): `-a * b` is `(-a) * b`, `-a ^ b` is `-(a ^ b)`. */
const UNARY_PRECEDENCE = 5;

/** Go's `math.Round`: half away from zero (JavaScript's `Math.round` takes -0.5 up to -0). */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

class Printer {
  constructor(
    private readonly source: string | undefined,
    private readonly canonical: boolean,
  ) {}

  expr(e: Expr): string {
    switch (e.type) {
      case "NumberLiteral":
        return goV(e.value);
      case "StringLiteral":
        return goQuote(e.value);
      case "VectorSelector":
        return this.selector(e, true);
      case "MatrixSelector": {
        const range = this.duration(e.rangeMs, e.rangeSpan, "a range");
        const modifier = e.rangeModifier ?? e.vector.rangeModifier;
        return `${this.selector(e.vector, false)}[${range}]${modifier ? ` ${modifier}` : ""}${this.at(e.at ?? e.vector.at)}${this.offset(e.offset ?? e.vector.offset)}`;
      }
      case "SubqueryExpr": {
        const range = this.duration(e.rangeMs, e.rangeSpan, "a subquery range");
        let step = "";
        if (e.stepSpan !== undefined && e.stepSpan.to > e.stepSpan.from) step = this.duration(e.stepMs, e.stepSpan, "a subquery step");
        else if (e.stepMs !== undefined) step = formatModelDuration(e.stepMs);
        const inner = this.canonical && needsParensAsOperand(this.strip(e.expr)) ? `(${this.expr(e.expr)})` : this.expr(e.expr);
        return `${inner}[${range}:${step}]${this.at(e.at)}${this.offset(e.offset)}`;
      }
      case "FunctionCall":
        return `${e.name.name}(${e.args.map((a) => this.expr(a)).join(", ")})`;
      case "AggregateExpr": {
        let out: string = e.op;
        const g = e.grouping;
        // Canonically the grouping labels are sorted: Prometheus sorts them itself before it
        // aggregates (promql/engine.go, evaluator.eval, `case *parser.AggregateExpr`: "Grouping
        // labels must be sorted", sort.Strings in v2.42.0, slices.Sort in v3), so their order never
        // changes the result: `sum by (le, job)` is `sum by (job, le)`.
        const labels = g === undefined ? [] : this.canonical ? [...g.labels].sort((a, b) => compareCodePoints(a.name, b.name)) : g.labels;
        if (g?.kind === "without") out += ` without (${this.groupLabels(labels)}) `;
        else if (g !== undefined && labels.length > 0) out += ` by (${this.groupLabels(labels)}) `;
        const args = e.expr !== undefined ? (e.param !== undefined ? [e.param, e.expr] : [e.expr]) : e.args;
        return `${out}(${args.map((a) => this.expr(a)).join(", ")})`;
      }
      case "BinaryExpr":
        return this.binary(e);
      case "UnaryExpr": {
        if (this.canonical && e.op === "+") return this.expr(e.expr);
        const inner = this.strip(e.expr);
        const paren = this.canonical && inner.type === "BinaryExpr" && PRECEDENCE[inner.op]! <= UNARY_PRECEDENCE;
        return `${e.op}${paren ? `(${this.expr(e.expr)})` : this.expr(e.expr)}`;
      }
      case "ParenExpr":
        return this.canonical ? this.expr(e.expr) : `(${this.expr(e.expr)})`;
    }
  }

  /** The expression under any parentheses and (canonically) unary `+`: what decides whether it needs parentheses. */
  private strip(e: Expr): Expr {
    while (e.type === "ParenExpr" || (this.canonical && e.type === "UnaryExpr" && e.op === "+")) e = e.expr;
    return e;
  }

  private binary(e: BinaryExpr): string {
    const lhs = this.operand(e.lhs, e.op, "lhs");
    const rhs = this.operand(e.rhs, e.op, "rhs");
    return `${lhs} ${e.op}${e.bool ? " bool" : ""}${this.matching(e.matching)}${this.fill(e)} ${rhs}`;
  }

  /**
   * A binary operand; canonically parenthesised when the tree needs it: a weaker operator on either
   * side, an equal one on the side its associativity does not group (`a - (b - c)`, `(a ^ b) ^ c`),
   * a sign before `^` (`(-a) ^ b`, also `(-1) ^ 2`, which would otherwise read as `-(1 ^ 2)`).
   */
  private operand(child: Expr, op: string, side: "lhs" | "rhs"): string {
    const text = this.expr(child);
    if (!this.canonical) return text;
    const c = this.strip(child);
    const p = PRECEDENCE[op];
    if (p === undefined) return needsParensAsOperand(c) ? `(${text})` : text; // 3.x trim operators: always explicit
    let paren = false;
    if (c.type === "BinaryExpr") {
      const q = PRECEDENCE[c.op];
      const rightAssoc = op === "^";
      paren = q === undefined || q < p || (q === p && (side === "lhs" ? rightAssoc : !rightAssoc));
    } else if (side === "lhs" && p > UNARY_PRECEDENCE) {
      paren = c.type === "UnaryExpr" || (c.type === "NumberLiteral" && (c.value < 0 || Object.is(c.value, -0)));
    }
    // obsgen's parser (lezer-promql's grammar) misplaces a modifier followed by an operator inside a
    // larger expression: it reads `a and b offset 1h > 0` as `(a and b offset 1h) > 0`, where
    // Prometheus reads `a and (b offset 1h > 0)`. Parentheses closing right after the modifier read
    // alike in both: around an operand an operator follows, and around an operation on either side.
    if ((side === "lhs" || c.type === "BinaryExpr") && endsWithModifier(c)) paren = true;
    return paren ? `(${text})` : text;
  }

  private matching(m: VectorMatching | undefined): string {
    if (m === undefined) return "";
    let out = "";
    // 2.42 prints nothing for `ignoring ()` even with group_left; v3.14.0 keeps it (see the file comment).
    if (m.kind === "on" || m.labels.length > 0 || m.group !== undefined) out = ` ${m.kind} (${this.groupLabels(m.labels)})`;
    if (m.group !== undefined) out += ` group_${m.group.side} (${this.groupLabels(m.group.labels)})`;
    return out;
  }

  /** v3.14.0's getMatchingStr: `fill (v)` when both sides take the same value, else `fill_left`/`fill_right`. */
  private fill(e: BinaryExpr): string {
    const f = e.fill;
    if (f === undefined) return "";
    if (f.lhs !== undefined && f.rhs !== undefined && Object.is(f.lhs, f.rhs)) return ` fill (${goV(f.lhs)})`;
    return `${f.lhs !== undefined ? ` fill_left (${goV(f.lhs)})` : ""}${f.rhs !== undefined ? ` fill_right (${goV(f.rhs)})` : ""}`;
  }

  private groupLabels(labels: readonly { readonly name: string }[]): string {
    return labels.map((l) => (LEGACY_METRIC_NAME.test(l.name) ? l.name : goQuote(l.name))).join(", ");
  }

  /**
   * `name{matchers}`: matchers sorted as strings, and a `__name__="<name>"` matcher left out when it
   * repeats the name (VectorSelector.String, v2.42.0). `modifiers` is false inside a range selector,
   * which prints them after the range.
   */
  private selector(v: VectorSelector, modifiers: boolean): string {
    let name = v.name?.name ?? "";
    let matchers = v.matchers;
    if (this.canonical && name === "") {
      // `{__name__="x"}` selects what `x` does.
      const byName = matchers.filter((m) => m.name === "__name__" && m.op === "=");
      if (byName.length === 1 && LEGACY_METRIC_NAME.test(byName[0]!.value)) {
        name = byName[0]!.value;
        matchers = matchers.filter((m) => m !== byName[0]);
      }
    }
    const strings = matchers.filter((m) => !(m.name === "__name__" && m.op === "=" && m.value === name && name !== "")).map(matcherString);
    strings.sort(compareCodePoints);
    let out: string;
    if (name !== "" && !LEGACY_METRIC_NAME.test(name)) out = `{${[goQuote(name), ...strings].join(",")}}`;
    else out = strings.length === 0 ? name : `${name}{${strings.join(",")}}`;
    if (!modifiers) return out;
    return `${out}${this.at(v.at)}${v.rangeModifier ? ` ${v.rangeModifier}` : ""}${this.offset(v.offset)}`;
  }

  private at(a: AtModifier | undefined): string {
    if (a === undefined) return "";
    if (a.kind !== "timestamp") return ` @ ${a.kind}()`;
    // Prometheus keeps the timestamp as int64 milliseconds (timestamp.FromFloatSeconds) and prints it with %.3f.
    return ` @ ${formatGoFloat(goRound(a.seconds * 1000) / 1000, "f", 3)}`;
  }

  private offset(o: OffsetModifier | undefined): string {
    if (o === undefined) return "";
    // `offset 5m`, `offset -5m`: printed from the value; a 3.x duration expression (`offset -(2 * step())`) as written.
    if (o.ms === undefined || (this.source !== undefined && !/^offset\s*[-+]?\s*[0-9][0-9a-z]*$/i.test(this.source.slice(o.from, o.to)))) {
      return ` ${this.text(o, "an offset")}`;
    }
    if (o.ms > 0) return ` offset ${formatModelDuration(o.ms)}`;
    if (o.ms < 0) return ` offset -${formatModelDuration(-o.ms)}`;
    return "";
  }

  /**
   * A range or step: from its value when written as a duration (`60s` → `1m`), else (a 3.x duration
   * expression, `step() * 2`, `-2^2`) as written, which v3.14.0's printer also writes back from
   * its tree (DurationExpr.String).
   */
  private duration(ms: number | undefined, span: Span, what: string): string {
    const written = this.source?.slice(span.from, span.to);
    if (ms !== undefined && ms >= 0 && (written === undefined || parseModelDuration(written).error === undefined)) return formatModelDuration(ms);
    return this.text(span, what);
  }

  /** Source text the tree keeps only as a span (3.x duration expressions). */
  private text(span: Span, what: string): string {
    if (this.source === undefined) throw new Error(`printPromql needs the source text to print ${what} written as a duration expression`);
    return this.source.slice(span.from, span.to);
  }
}

/** Whether the text of `e` ends with an `offset`, `@`, `anchored` or `smoothed` modifier. */
function endsWithModifier(e: Expr): boolean {
  switch (e.type) {
    case "BinaryExpr":
      return endsWithModifier(e.rhs);
    case "UnaryExpr":
      return endsWithModifier(e.expr);
    case "VectorSelector":
      return e.offset !== undefined || e.at !== undefined || e.rangeModifier !== undefined;
    case "MatrixSelector":
      return e.offset !== undefined || e.at !== undefined || e.rangeModifier !== undefined || endsWithModifier(e.vector);
    case "SubqueryExpr":
      return e.offset !== undefined || e.at !== undefined;
    default:
      return false;
  }
}

/** Whether `e` must be parenthesised before a subquery's brackets or as a trim operator's operand. */
function needsParensAsOperand(e: Expr): boolean {
  return e.type === "BinaryExpr" || e.type === "UnaryExpr" || (e.type === "NumberLiteral" && (e.value < 0 || Object.is(e.value, -0)));
}

/** `Matcher.String()`: `name op "value"`, the name quoted when 2.42 could not have lexed it (as v3.0.0 does). */
function matcherString(m: LabelMatcher): string {
  return `${LEGACY_LABEL_NAME.test(m.name) ? m.name : goQuote(m.name)}${m.op}${goQuote(m.value)}`;
}
