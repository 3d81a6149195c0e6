/**
 * Value types and the semantic checks of Prometheus's parser (`checkAST` and `expectType` in
 * `promql/parser/parse.go`, `Type()` methods in `promql/parser/ast.go`, v2.42.0 and v3.14.0),
 * plus the one entry point the linter uses: {@link analyze}.
 *
 * As in Prometheus, type checks run only when the text has no syntax errors, so a syntax error is
 * never buried under the type errors it causes.
 */
import { DEFAULT_PROMQL, type PromqlDialect } from "../compat/prometheus.js";
import type { Expr, PromqlError, Span, VectorSelector } from "./ast.js";
import { isComparisonOp, isSetOp } from "./ast.js";
import { isStackOverflow, parsePromql, tooDeep } from "./parse.js";
import { compileMatcherRegex } from "./regex.js";
import { documentedType, type ValueType } from "./types.js";

/** What {@link analyze} found: the tree, its value type, and every error. */
export interface Analysis {
  /** The syntax tree; best effort (possibly partial) when there are syntax errors. */
  readonly ast?: Expr;
  /** The expression's value type, when the tree is complete enough to tell. */
  readonly type?: ValueType;
  /** Syntax and semantic errors, ordered by position. Empty means the targeted Prometheus accepts the text. */
  readonly errors: PromqlError[];
}

/**
 * Parses and checks a PromQL expression like the targeted Prometheus's `ParseExpr` (the parser
 * `promtool check rules` runs on every rule expression): 2.42's, or 3.14's with the given
 * `--enable-feature` flags. Without a dialect, as the catalog default's (see `compat/prometheus.ts`).
 */
export function analyze(text: string, dialect: PromqlDialect = DEFAULT_PROMQL): Analysis {
  let byText = analyses.get(dialect);
  if (byText === undefined) {
    byText = new Map();
    analyses.set(dialect, byText);
  }
  let analysis = byText.get(text);
  if (analysis === undefined) {
    analysis = analyzeUncached(text, dialect);
    Object.freeze(analysis.errors);
    // Bounded, oldest first out: a 10,000-rule file must not keep every tree alive.
    if (byText.size >= ANALYSIS_CACHE_LIMIT) byText.delete(byText.keys().next().value!);
    byText.set(text, analysis);
  }
  return analysis;
}

/**
 * Recent analyses by text. The linter analyzes each expression once, but lint rules that look at
 * dashboards analyze their queries again, and catalogs and dashboards repeat expressions. An
 * analysis is never modified after it is made (its errors are frozen), so sharing it is safe.
 */
const analyses = new Map<PromqlDialect, Map<string, Analysis>>();
const ANALYSIS_CACHE_LIMIT = 1024;

function analyzeUncached(text: string, dialect: PromqlDialect): Analysis {
  const parsed = parsePromql(text, dialect);
  const ast = parsed.ast;
  let type: ValueType | undefined;
  try {
    type = ast ? typeOf(ast) : undefined;
  } catch (e) {
    if (isStackOverflow(e)) return { errors: [tooDeep(text)] };
    throw e;
  }
  if (parsed.errors.length > 0 || !ast) {
    return { ...(ast ? { ast } : {}), ...(type ? { type } : {}), errors: parsed.errors };
  }
  const errors: PromqlError[] = [];
  try {
    new Checker(text, errors).check(ast);
  } catch (e) {
    if (isStackOverflow(e)) return { errors: [tooDeep(text)] };
    throw e;
  }
  errors.sort((a, b) => a.from - b.from || a.to - b.to);
  return { ast, ...(type ? { type } : {}), errors };
}

/**
 * The value type of an expression (`Expr.Type()` in Prometheus); undefined for a call to a
 * function the targeted Prometheus does not know.
 */
export function typeOf(e: Expr): ValueType | undefined {
  switch (e.type) {
    case "NumberLiteral":
      return "scalar";
    case "StringLiteral":
      return "string";
    case "VectorSelector":
    case "AggregateExpr":
      return "vector";
    case "MatrixSelector":
    case "SubqueryExpr":
      return "matrix";
    case "FunctionCall":
      return e.func?.returnType;
    case "BinaryExpr":
      return typeOf(e.lhs) === "scalar" && typeOf(e.rhs) === "scalar" ? "scalar" : "vector";
    case "UnaryExpr":
    case "ParenExpr":
      return typeOf(e.expr);
  }
}

/** What `promtool check rules` (2.42 and 3.14 alike) says about a rule expression of a given value type. */
export interface RuleExprTypeVerdict {
  /** Whether `promtool check rules` accepts it. */
  readonly accepted: boolean;
  /** The error Prometheus logs when it evaluates the rule, if evaluation always fails. */
  readonly evaluationError?: string;
}

/**
 * `promtool check rules` does not look at a rule expression's type: `"text"` and `foo[5m]` pass it
 * (verified against the Debian promtool 2.42 build; v3.14.0's `Rule.Validate` only parses the
 * expression too). Only evaluation fails, in the rule manager's query function (`EngineQueryFunc`
 * in `rules/manager.go`, line 72 at v3.14.0), for anything that is not an instant vector or a
 * scalar. Recording and alerting rules behave the same.
 */
export function checkRuleExprType(type: ValueType): RuleExprTypeVerdict {
  if (type === "vector" || type === "scalar") return { accepted: true };
  return { accepted: true, evaluationError: "rule result is not a vector or scalar" };
}

class Checker {
  constructor(
    private readonly text: string,
    private readonly errors: PromqlError[],
  ) {}

  private err(message: string, span: Span): void {
    this.errors.push({ message, from: span.from, to: span.to });
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const t = this.check(e);
    if (t !== want) {
      this.err(`expected type ${documentedType(want)} in ${context}, got ${t ? documentedType(t) : "unknown"}`, e);
    }
  }

  /** The operator and its modifiers, without surrounding space (`opRange` in 2.42). */
  private opRange(lhs: Expr, rhs: Expr): Span {
    let from = lhs.to;
    while (from < rhs.from && /\s/.test(this.text[from]!)) from++;
    let to = rhs.from;
    while (to > from && /\s/.test(this.text[to - 1]!)) to--;
    return { from, to };
  }

  /** Checks `e` and everything below it; returns its type. */
  check(e: Expr): ValueType | undefined {
    const type = typeOf(e);
    switch (e.type) {
      case "AggregateExpr":
        if (e.expr) this.expectType(e.expr, "vector", "aggregation expression");
        if (e.param && (e.op === "topk" || e.op === "bottomk" || e.op === "quantile" || e.op === "limitk" || e.op === "limit_ratio")) {
          this.expectType(e.param, "scalar", "aggregation parameter");
        }
        if (e.param && e.op === "count_values") this.expectType(e.param, "string", "aggregation parameter");
        break;

      case "BinaryExpr": {
        const lt = this.check(e.lhs);
        const rt = this.check(e.rhs);
        const ops = this.opRange(e.lhs, e.rhs);
        if (e.bool && !isComparisonOp(e.op)) this.err("bool modifier can only be used on comparison operators", ops);
        if (isComparisonOp(e.op) && !e.bool && lt === "scalar" && rt === "scalar") {
          this.err("comparisons between scalars must use BOOL modifier", ops);
        }
        const m = e.matching;
        if (m?.kind === "on" && m.group) {
          for (const l1 of m.labels) {
            for (const l2 of m.group.labels) {
              if (l1.name === l2.name) this.err(`label ${JSON.stringify(l1.name)} must not occur in ON and GROUP clause at once`, ops);
            }
          }
        }
        if (lt !== "scalar" && lt !== "vector") this.err("binary expression must contain only scalar and instant vector types", e.lhs);
        if (rt !== "scalar" && rt !== "vector") this.err("binary expression must contain only scalar and instant vector types", e.rhs);
        if (lt !== "vector" || rt !== "vector") {
          if (m && m.labels.length > 0) this.err("vector matching only allowed between instant vectors", e);
          if (e.fill) this.err("filling in missing series only allowed between instant vectors", e);
        } else if (isSetOp(e.op)) {
          if (m?.group) this.err(`no grouping allowed for ${JSON.stringify(e.op)} operation`, e);
          if (e.fill) this.err("filling in missing series not allowed for set operators", e);
        }
        if ((lt === "scalar" || rt === "scalar") && isSetOp(e.op)) {
          this.err(`set operator ${JSON.stringify(e.op)} not allowed in binary scalar expression`, e);
        }
        break;
      }

      case "FunctionCall": {
        const f = e.func;
        if (!f) break;
        if (f.name === "info" && e.args.length > 1) this.checkInfoSelector(e.args[1]!, e);
        const nargs = f.argTypes.length;
        if (f.variadic === 0) {
          if (nargs !== e.args.length) {
            this.err(`expected ${nargs} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e);
          }
        } else {
          const na = nargs - 1;
          if (na > e.args.length) {
            this.err(`expected at least ${na} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e);
          } else if (f.variadic > 0 && na + f.variadic < e.args.length) {
            this.err(`expected at most ${na + f.variadic} argument(s) in call to ${JSON.stringify(f.name)}, got ${e.args.length}`, e);
          }
        }
        for (let i = 0; i < e.args.length; i++) {
          let k = i;
          if (k >= nargs) {
            // Extra arguments of a fixed-arity function are not checked at all in 2.42.
            if (f.variadic === 0) break;
            k = nargs - 1;
          }
          const arg = e.args[i]!;
          const want = f.argTypes[k]!;
          const t = this.check(arg);
          if (t !== want) {
            this.err(`expected type ${documentedType(want)} in call to function ${JSON.stringify(f.name)}, got ${t ? documentedType(t) : "unknown"}`, arg);
          }
        }
        break;
      }

      case "ParenExpr":
        this.check(e.expr);
        break;

      case "UnaryExpr": {
        const t = this.check(e.expr);
        if (t !== "scalar" && t !== "vector") {
          this.err(
            `unary expression only allowed on expressions of type scalar or instant vector, got ${JSON.stringify(t ? documentedType(t) : "unknown")}`,
            e,
          );
        }
        break;
      }

      case "SubqueryExpr": {
        const t = this.check(e.expr);
        if (t !== "vector") this.err(`subquery is only allowed on instant vector, got ${t ?? "unknown"} instead`, e);
        break;
      }

      case "MatrixSelector":
        this.check(e.vector);
        break;

      case "VectorSelector":
        if (!this.bypassEmptyMatcherCheck.has(e)) this.checkSelector(e);
        break;

      case "NumberLiteral":
      case "StringLiteral":
        break;
    }
    return type;
  }

  /**
   * `info(v, {k="v"})`'s second argument: label matchers only, exempt from the non-empty matcher rule
   * (`checkAST`, parse.go v3.14.0).
   */
  private checkInfoSelector(arg: Expr, call: Span): void {
    const t = typeOf(arg);
    if (t !== "vector") this.err(`expected type instant vector in call to function "info", got ${t ? documentedType(t) : "unknown"}`, call);
    if (arg.type === "VectorSelector" && arg.name) this.err("expected label selectors only, got vector selector instead", arg);
    else if (arg.type === "VectorSelector") this.bypassEmptyMatcherCheck.add(arg);
    else this.err("expected label selectors only", arg);
  }

  private readonly bypassEmptyMatcherCheck = new Set<VectorSelector>();

  private checkSelector(e: VectorSelector): void {
    if (e.name) {
      // A metric name before the braces is already a non-empty matcher.
      for (const m of e.matchers) {
        if (m.name === "__name__") {
          this.err(`metric name must not be set twice: ${JSON.stringify(e.name.name)} or ${JSON.stringify(m.value)}`, e);
        }
      }
      return;
    }
    // Without one matcher that rejects "", the selector would select every series (a typo guard).
    const nonEmpty = e.matchers.some((m) => !matchesEmpty(m.op, m.value));
    if (!nonEmpty) this.err("vector selector must contain at least one non-empty matcher", e);
  }
}

function matchesEmpty(op: string, value: string): boolean {
  switch (op) {
    case "=":
      return value === "";
    case "!=":
      return value !== "";
    case "=~":
      return compileMatcherRegex(value).matchesEmpty;
    default:
      return !compileMatcherRegex(value).matchesEmpty;
  }
}
