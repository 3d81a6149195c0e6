/**
 * PromQL text to a typed syntax tree, with the syntax errors the targeted Prometheus's parser
 * reports: 2.42's, or 3.14's with the `--enable-feature` flags given (a {@link PromqlDialect}).
 *
 * The structure comes from the lezer grammar (`@prometheus-io/lezer-promql` 0.315.0, whose grammar
 * is 3.14's). It is syntax only and looser than either parser, so this module also reports what
 * the targeted parser rejects at parse time: lexer errors (see `lexer.ts`), syntax the release
 * does not have or has only behind a flag (quoted names, duration arithmetic, `limitk`,
 * `anchored`, fill modifiers, `</`, numbers as durations), bad durations and numbers, unknown and
 * experimental functions, misplaced or repeated `offset` / `@` modifiers, aggregation argument
 * counts and invalid matcher regexes (the grammar actions in `generated_parser.y` and `parse.go`
 * at v2.42.0 and v3.14.0). Type rules (`checkAST`) live in `check.ts`.
 *
 * When an older release refuses syntax a later one has, the errors say so ("quoted label names
 * need Prometheus 3.0 or later") instead of the older parser's "unexpected" message.
 *
 * Two differences in shape from lezer's tree, to match Prometheus:
 * - Postfix modifiers bind tighter than operators: lezer reads `a + b[5m]` as `(a + b)[5m]`,
 *   Prometheus (and this tree) as `a + (b[5m])`; likewise for `offset`, `@` and subqueries.
 * - `offset` / `@` are stored on the selector or subquery they modify, as in Prometheus.
 */
import type { LRParser } from "@lezer/lr";
import type {
  AggregateExpr,
  AtModifier,
  BinaryExpr,
  BinaryOp,
  Expr,
  FunctionCall,
  Grouping,
  LabelMatcher,
  MatchOp,
  MatrixSelector,
  Named,
  OffsetModifier,
  PromqlError,
  Span,
  SubqueryExpr,
  VectorMatching,
  VectorSelector,
} from "./ast.js";
import { aggregateHasParam, isAggregateOp } from "./ast.js";
import { DEFAULT_PROMQL, type PromqlDialect, WIDEST_PROMQL } from "../compat/prometheus.js";
import { type PromqlAddition, hasAddition, needsMessage, PROMQL_ADDITIONS, releaseAtLeast } from "../compat/promql-syntax.js";
import { type FunctionHistory } from "../compat/promql-functions.js";
import { parseModelDuration, parsePromqlDuration } from "../compat/go/duration.js";
import { functionHistory, getFunction } from "./functions.js";
import { describeToken, lex, tokenAt, tokenIndexAt, type Token } from "./lexer.js";
import { parseTree } from "./lezer-parser.js";
import { parseNumberLiteral } from "./number.js";
import { goQuote } from "../compat/go/quote.js";
import { unquote } from "./quoting.js";
import { compileMatcherRegex } from "./regex.js";
import { compareCodePoints } from "../util/order.js";
import { INPUT_LIMITS, nestedTooDeep } from "../util/input-limits.js";

type SyntaxNode = ReturnType<LRParser["parse"]>["topNode"];

/** The tree (best effort when there are errors) and every syntax error found. */
export interface ParseResult {
  readonly ast: Expr | undefined;
  readonly errors: PromqlError[];
}

/** Syntax added after the oldest modelled release, met while converting: to explain an older release's errors. */
interface NewerUse extends Span {
  /** What it is, for messages: "quoted label names", "`limitk`". */
  readonly what: string;
  readonly plural: boolean;
  readonly addition?: PromqlAddition;
  readonly fn?: FunctionHistory;
}

const EXPERIMENTAL_FUNCTIONS = "promql-experimental-functions";

const EXPR_NODES = new Set([
  "AggregateExpr",
  "BinaryExpr",
  "FunctionCall",
  "MatrixSelector",
  "NumberDurationLiteral",
  "OffsetExpr",
  "AnchoredExpr",
  "SmoothedExpr",
  "ParenExpr",
  "StringLiteral",
  "SubqueryExpr",
  "UnaryExpr",
  "VectorSelector",
  "StepInvariantExpr",
]);

const BINARY_OPS: Readonly<Record<string, BinaryOp>> = {
  Pow: "^",
  Mul: "*",
  Div: "/",
  Mod: "%",
  Atan2: "atan2",
  Add: "+",
  Sub: "-",
  Eql: "==",
  Gte: ">=",
  Gtr: ">",
  Lte: "<=",
  Lss: "<",
  Neq: "!=",
  And: "and",
  Or: "or",
  Unless: "unless",
  TrimUpper: "</",
  TrimLower: ">/",
};

/**
 * Numbers as lezer's `number` token spells them (with `_` between digits); Prometheus also takes
 * `5.`, `5.e3`, `0X1F` and (3.x) `0x1_f`.
 */
const LEZER_NUMBER = /^(?:(?:[0-9]+(?:_?[0-9])*(?:\.[0-9]+(?:_?[0-9])*)?|\.[0-9]+(?:_?[0-9])*)(?:[eE][+-]?[0-9]+(?:_?[0-9])*)?|0x[0-9a-fA-F]+)$/;

/** 3.x duration keywords, which lezer knows only in lower case. */
const DURATION_KEYWORDS = new Set(["step", "range", "min_of", "max_of"]);

const OFFSET_TARGET_ERROR = "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery";
const AT_TARGET_ERROR = "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery";

/**
 * Lezer's input: the text with same-length stand-ins where Prometheus's tokens differ from lezer's,
 * so every span still points into the original text: numbers lezer cannot read (`5.`, `0X1F`,
 * `0x1_f`) become zeros and a space, 2.42's any-letter-inside-brackets becomes `:`, and 3.x's
 * duration keywords (`STEP()`, any case in Prometheus) are lower-cased where a duration goes.
 */
function lezerInput(text: string, tokens: readonly Token[]): string {
  let out = "";
  let at = 0;
  const offsetContext = durationKeywordsAfterOffset(tokens);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let stand: string | undefined;
    if (t.kind === "number" && /^[0-9.]/.test(t.text) && !LEZER_NUMBER.test(t.text)) {
      // A space ends the stand-in where the next token follows at once (`100.` `.4`), which zeros would join.
      const joined = tokens[i + 1]?.from === t.to && /^[0-9.]/.test(tokens[i + 1]!.text);
      stand = joined ? `${"0".repeat(t.text.length - 1)} ` : "0".repeat(t.text.length);
    }
    if (t.kind === "colon" && t.text !== ":") stand = ":";
    const lower = t.text.toLowerCase();
    if (t.kind === "punct" && lower !== t.text && DURATION_KEYWORDS.has(lower) && (t.inBrackets || offsetContext.has(i))) stand = lower;
    if (stand !== undefined) {
      out += text.slice(at, t.from) + stand;
      at = t.to;
    }
  }
  return out + text.slice(at);
}

/**
 * Indexes of duration keywords in an offset's duration (`offset STEP()`, `offset -(2 * step())`):
 * the token after `offset` and an optional sign, and everything up to its closing parenthesis.
 */
function durationKeywordsAfterOffset(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== "keyword" || tokens[i]!.text.toLowerCase() !== "offset") continue;
    let j = i + 1;
    if (tokens[j]?.text === "-" || tokens[j]?.text === "+") j++;
    if (tokens[j] === undefined) continue;
    out.add(j);
    const open = tokens[j]!.text === "(" ? j : tokens[j + 1]?.text === "(" ? j + 1 : -1;
    if (open < 0) continue;
    let depth = 0;
    for (let k = open; k < tokens.length; k++) {
      if (tokens[k]!.text === "(") depth++;
      else if (tokens[k]!.text === ")" && --depth === 0) break;
      out.add(k);
    }
  }
  return out;
}

/**
 * The error for input nested or chained beyond what this recursive implementation handles
 * (about 2000 levels of parentheses or operators, far beyond real expressions); Prometheus
 * itself has no such limit.
 */
export function tooDeep(text: string): PromqlError {
  return { message: "expression too deeply nested for obsgen to analyze", from: 0, to: text.length };
}

/** Whether `e` is JavaScript running out of stack (and not some other RangeError, a bug). */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/**
 * Parses a PromQL expression the way the targeted Prometheus does, up to (not including) type
 * checks. Without a dialect, as the catalog default's (see `compat/prometheus.ts`).
 */
export function parsePromql(text: string, dialect: PromqlDialect = DEFAULT_PROMQL): ParseResult {
  let result: Parsed;
  try {
    result = parseUnguarded(text, dialect);
  } catch (e) {
    if (isStackOverflow(e)) return { ast: undefined, errors: [tooDeep(text)] };
    throw e;
  }
  // Nesting past the limit is obsgen's own refusal, the same in every release.
  const tooDeepToExplain = result.errors.some((e) => e.message === nestedTooDeep(INPUT_LIMITS.promqlDepth));
  if (result.errors.length === 0 || dialect.syntax === WIDEST_PROMQL.syntax || tooDeepToExplain) return { ast: result.ast, errors: result.errors };
  try {
    return explainNewer(text, dialect, result);
  } catch (e) {
    // The explanation is a second parse; the first one's errors stand on their own.
    if (isStackOverflow(e)) return { ast: result.ast, errors: result.errors };
    throw e;
  }
}

/**
 * An older release's errors, said better: when the text uses syntax or functions of a later release
 * (found by parsing it as the widest modelled PromQL), each use becomes the error "… needs
 * Prometheus X or later", replacing the older parser's errors inside it ("unexpected string").
 */
function explainNewer(text: string, dialect: PromqlDialect, result: ParseResult): ParseResult {
  const widest = parseUnguarded(text, WIDEST_PROMQL);
  const newer = widest.uses.filter((u) => !available(u, dialect));
  if (newer.length === 0) return { ast: result.ast, errors: result.errors };
  const errors: PromqlError[] = newer.map((u) => ({ message: newerMessage(u, dialect), from: u.from, to: u.to }));
  for (const e of result.errors) {
    if (!newer.some((u) => e.from < Math.max(u.to, u.from + 1) && u.from < Math.max(e.to, e.from + 1))) errors.push(e);
  }
  return { ast: result.ast, errors: dedupe(errors) };
}

/** Whether a later-release construct is there, flag included, in `dialect`. */
function available(u: NewerUse, dialect: PromqlDialect): boolean {
  if (u.addition !== undefined) return hasAddition(dialect.syntax, dialect.flags, u.addition);
  const f = u.fn!;
  const known = getFunction(f.name, dialect.syntax) !== undefined;
  return known && (!f.experimental || dialect.flags.has(EXPERIMENTAL_FUNCTIONS));
}

function newerMessage(u: NewerUse, dialect: PromqlDialect): string {
  const verb = u.plural ? "need" : "needs";
  if (u.addition !== undefined) return `${u.what} ${verb} ${needsMessage(u.addition)}; ${dialect.syntax.name} does not have ${u.plural ? "them" : "it"}`;
  const f = u.fn!;
  const flag = f.experimental ? ` with --enable-feature=${EXPERIMENTAL_FUNCTIONS}` : "";
  return `${u.what} ${verb} Prometheus ${f.since} or later${flag}; ${dialect.syntax.name} does not have it`;
}

interface Parsed extends ParseResult {
  readonly uses: readonly NewerUse[];
}

function parseUnguarded(text: string, dialect: PromqlDialect): Parsed {
  const lexed = lex(text, dialect.syntax);
  // The recursive stages below (conversion, checks, lint rules) only ever see bounded nesting.
  const bracketsTooDeep = tooDeepBrackets(lexed.tokens);
  if (bracketsTooDeep !== undefined) return { ast: undefined, errors: [bracketsTooDeep], uses: [] };
  const tree = parseTree(lezerInput(text, lexed.tokens));
  if (!("topNode" in tree)) return { ast: undefined, errors: [nestedError(text, tree.tooDeepAt)], uses: [] };
  const top = tree.topNode;
  const scan = scanTree(top, text);
  if (scan.tooDeep !== undefined) return { ast: undefined, errors: [scan.tooDeep], uses: [] };
  const conv = new Converter(text, lexed.tokens, dialect);
  const first = kids(top).find((n) => EXPR_NODES.has(n.name));
  const ast = first ? conv.expr(first) : undefined;

  const lexErr = lexed.error;
  // Prometheus stops at its first lexer error, so what the grammar actions would say past it is noise.
  const errors: PromqlError[] = conv.errors.filter((e) => lexErr === undefined || e.from < lexErr.from);
  if (lexErr) errors.push(lexErr);
  if (!lexErr && lexed.tokens.length === 0) {
    errors.length = 0;
    errors.push({ message: "no expression found in input", from: 0, to: text.length });
  } else {
    for (const node of scan.errorNodes) {
      const e = errorNodeMessage(node, text, lexed.tokens);
      const coveredByLexer = lexErr !== undefined && e.from >= lexErr.from && e.from <= lexErr.to;
      if (!coveredByLexer) errors.push(e);
    }
  }
  return { ast, errors: dedupe(errors), uses: conv.uses };
}

/** The error for nesting past {@link INPUT_LIMITS.promqlDepth}, at offset `at`. */
function nestedError(text: string, at: number): PromqlError {
  const from = Math.min(Math.max(at, 0), text.length);
  return { message: nestedTooDeep(INPUT_LIMITS.promqlDepth), from, to: Math.min(from + 1, text.length) };
}

/** The first bracket (`(`, `[`, `{`) nested past the limit, before anything recursive runs. */
function tooDeepBrackets(tokens: readonly Token[]): PromqlError | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind !== "punct") continue;
    if (t.text === "(" || t.text === "[" || t.text === "{") {
      if (++depth > INPUT_LIMITS.promqlDepth) return { message: nestedTooDeep(INPUT_LIMITS.promqlDepth), from: t.from, to: t.to };
    } else if (t.text === ")" || t.text === "]" || t.text === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/**
 * One iterative walk of lezer's tree for what the conversion must know first: the first expression
 * nested past the limit (operator chains and `^`, `-` runs nest without brackets, so the recursive
 * conversion must not see them), and otherwise every outermost error node (⚠), including one at
 * the very end of the input, for {@link errorNodeMessage}.
 */
function scanTree(top: SyntaxNode, text: string): { tooDeep?: PromqlError; errorNodes: SyntaxNode[] } {
  const errorNodes: SyntaxNode[] = [];
  const cursor = top.cursor();
  // Per open node: 1 when it is an expression, 2 when an error node (nothing inside it is reported again).
  const open: number[] = [];
  let depth = 0;
  let inError = 0;
  for (;;) {
    const isExpr = EXPR_NODES.has(cursor.name);
    if (isExpr && ++depth > INPUT_LIMITS.promqlDepth) return { tooDeep: nestedError(text, cursor.from), errorNodes };
    const isError = cursor.type.isError;
    if (isError) {
      // Only error nodes are materialised: a SyntaxNode per visited node is most of a parse's garbage.
      if (inError === 0) errorNodes.push(cursor.node);
      inError++;
    }
    open.push((isExpr ? 1 : 0) | (isError ? 2 : 0));
    if (cursor.firstChild()) continue;
    for (;;) {
      const kind = open.pop()!;
      if (kind & 1) depth--;
      if (kind & 2) inError--;
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return { errorNodes };
    }
  }
}

function dedupe(errors: readonly PromqlError[]): PromqlError[] {
  if (errors.length < 2) return [...errors];
  const seen = new Set<string>();
  const out: PromqlError[] = [];
  for (const e of [...errors].sort((a, b) => a.from - b.from || a.to - b.to || compareCodePoints(a.message, b.message))) {
    const key = `${e.from}:${e.to}:${e.message}`;
    if (!seen.has(key)) out.push(e);
    seen.add(key);
  }
  return out;
}

function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (!c.type.isError && c.name !== "LineComment") out.push(c);
  }
  return out;
}

function hasError(node: SyntaxNode): boolean {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.type.isError || hasError(c)) return true;
  return false;
}

/** The context 2.42 names in "unexpected X in <context>" for errors inside these nodes. */
const ERROR_CONTEXTS: Readonly<Record<string, string>> = {
  GroupingLabels: "grouping opts",
  LabelMatchers: "label matching",
  UnquotedLabelMatcher: "label matching",
};

function errorNodeMessage(node: SyntaxNode, text: string, tokens: readonly Token[]): PromqlError {
  const index = tokenIndexAt(tokens, node.from);
  const tok = tokens[index];
  if (tok === undefined) {
    if (/^\s*(?:#[^\n]*\s*)*$/.test(text.slice(node.from))) {
      return { message: "unexpected end of input", from: text.length, to: text.length };
    }
    // Past the point where 2.42's lexer stopped: quote the text itself.
    const to = Math.min(Math.max(node.to, node.from + 1), text.length);
    return { message: `unexpected ${goQuote(text.slice(node.from, to))}`, from: node.from, to };
  }
  const prev = tokens[index - 1];
  if (tok.text === ")" && prev?.text === "," && node.parent?.name === "FunctionCallBody") {
    return { message: "trailing commas not allowed in function call args", from: prev.from, to: prev.to };
  }
  // A malformed duration where 2.42 expects one (`foo[1.5m]`, `offset 5m1h`) fails to parse
  // rather than being unexpected.
  const afterOffset = (t: Token | undefined): boolean => t?.kind === "keyword" && t.text.toLowerCase() === "offset";
  const durationContext = tok.inBrackets || afterOffset(prev) || (prev?.text === "-" && afterOffset(tokens[index - 2]));
  if (tok.kind === "duration" && durationContext) {
    const d = parsePromqlDuration(tok.text);
    if (d.error !== undefined) return { message: d.error, from: tok.from, to: tok.to };
  }
  const context = ERROR_CONTEXTS[node.parent?.name ?? ""];
  return { message: `unexpected ${describeToken(tok)}${context ? ` in ${context}` : ""}`, from: tok.from, to: tok.to };
}

/** Applies a postfix modifier to the rightmost operand, as Prometheus's precedence does. */
function postfix(e: Expr, end: number, apply: (target: Expr) => Expr): Expr {
  if (e.type === "BinaryExpr") return { ...e, rhs: postfix(e.rhs, end, apply), to: end };
  if (e.type === "UnaryExpr") return { ...e, expr: postfix(e.expr, end, apply), to: end };
  return apply(e);
}

class Converter {
  readonly errors: PromqlError[] = [];
  /** Later-release syntax met, for {@link explainNewer}. */
  readonly uses: NewerUse[] = [];
  private readonly syntax: PromqlDialect["syntax"];

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly dialect: PromqlDialect,
  ) {
    this.syntax = dialect.syntax;
  }

  private err(message: string, span: Span): void {
    this.errors.push({ message, from: span.from, to: span.to });
  }

  private src(span: Span): string {
    return this.text.slice(span.from, span.to);
  }

  /** Whether the release's parser has the addition at all (flag or not). */
  private knows(a: PromqlAddition): boolean {
    return this.syntax.additions.has(a);
  }

  /**
   * Records a use of a later addition and, when the release has it only behind a flag that is off,
   * reports the flag to turn on. Returns whether it is allowed.
   */
  private addition(a: PromqlAddition, span: Span, what: string, plural = false): boolean {
    this.uses.push({ what, plural, addition: a, from: span.from, to: span.to });
    if (hasAddition(this.syntax, this.dialect.flags, a)) return true;
    const flag: string | undefined = (PROMQL_ADDITIONS[a] as { flag?: string }).flag;
    if (this.knows(a) && flag !== undefined) this.err(`${what} ${plural ? "need" : "needs"} --enable-feature=${flag}`, span);
    return false;
  }

  /** Prometheus's tokens inside a span; empty when its lexer stopped before it. */
  private tokensIn(span: Span): Token[] {
    const out: Token[] = [];
    for (let i = tokenIndexAt(this.tokens, span.from); i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      if (t.to > span.to) break;
      if (t.from >= span.from) out.push(t);
    }
    return out;
  }

  private unexpected(tok: Token | undefined, fallback: Span, context?: string, expected?: string): void {
    let message = `unexpected ${describeToken(tok)}`;
    if (context) message += ` in ${context}`;
    if (expected) message += `, expected ${expected}`;
    this.err(message, tok ?? fallback);
  }

  expr(node: SyntaxNode): Expr | undefined {
    switch (node.name) {
      case "NumberDurationLiteral":
        return this.number(node);
      case "StringLiteral":
        return { type: "StringLiteral", value: unquote(this.src(node)), from: node.from, to: node.to };
      case "VectorSelector":
        return this.vectorSelector(node);
      case "MatrixSelector":
        return this.matrixSelector(node);
      case "SubqueryExpr":
        return this.subquery(node);
      case "OffsetExpr":
        return this.offsetExpr(node);
      case "StepInvariantExpr":
        return this.atExpr(node);
      case "AnchoredExpr":
      case "SmoothedExpr":
        return this.rangeModifier(node, node.name === "AnchoredExpr" ? "anchored" : "smoothed");
      case "ParenExpr": {
        const inner = this.firstExpr(node);
        return inner ? { type: "ParenExpr", expr: inner, from: node.from, to: node.to } : undefined;
      }
      case "UnaryExpr":
        return this.unary(node);
      case "FunctionCall":
        return this.functionCall(node);
      case "AggregateExpr":
        return this.aggregate(node);
      case "BinaryExpr":
        return this.binary(node);
      default:
        return undefined;
    }
  }

  private firstExpr(node: SyntaxNode): Expr | undefined {
    const inner = kids(node).find((n) => EXPR_NODES.has(n.name));
    return inner ? this.expr(inner) : undefined;
  }

  private args(body: SyntaxNode | undefined): Expr[] {
    if (!body) return [];
    const out: Expr[] = [];
    for (const k of kids(body)) {
      if (!EXPR_NODES.has(k.name)) continue;
      const e = this.expr(k);
      if (e) out.push(e);
    }
    return out;
  }

  /**
   * A signed number in expression or `@` context. 2.42 lexes `5m` here as a duration and rejects
   * it; 3.x reads it as seconds (`1h` is 3600). The number itself must convert (`strconv` rules,
   * see number.ts).
   */
  private signedNumber(node: SyntaxNode, context?: string, expected?: string): { value: number; duration: boolean } | undefined {
    const toks = this.tokensIn(node);
    const last = toks[toks.length - 1];
    if (last === undefined) return undefined;
    const sign = toks.length > 1 && toks[0]!.text === "-" ? -1 : 1;
    if (last.kind === "duration" && this.knows("numbersAndDurations")) {
      this.addition("numbersAndDurations", last, "durations where a number goes (`1h` for 3600)", true);
      const d = parseModelDuration(last.text);
      if (d.error !== undefined) {
        this.err(d.error, last);
        return undefined;
      }
      return { value: (sign * d.ms) / 1000, duration: true };
    }
    if (last.kind !== "number") {
      this.unexpected(last, node, context, expected);
      return undefined;
    }
    if (last.text.includes("_")) this.addition("numberUnderscores", last, "numbers with underscores (`1_000`)", true);
    const n = parseNumberLiteral(last.text);
    if (n.error !== undefined) {
      this.err(n.error, last);
      return undefined;
    }
    return { value: sign * n.value, duration: false };
  }

  private number(node: SyntaxNode): Expr {
    const n = this.signedNumber(node);
    return { type: "NumberLiteral", value: n?.value ?? 0, ...(n?.duration ? { duration: true as const } : {}), from: node.from, to: node.to };
  }

  private vectorSelector(node: SyntaxNode): VectorSelector {
    let name: Named | undefined;
    const matchers: LabelMatcher[] = [];
    for (const k of kids(node)) {
      if (k.name === "Identifier") {
        name = { name: this.src(k), from: k.from, to: k.to };
        // 2.42 lexes `atan2` as an operator, so it cannot name a metric.
        if (name.name.toLowerCase() === "atan2") this.err(`unexpected <op:${name.name}>`, k);
      } else if (k.name === "LabelMatchers") {
        for (const m of kids(k)) {
          const matcher = this.labelMatcher(m);
          if (matcher) matchers.push(matcher);
        }
      }
    }
    return { type: "VectorSelector", ...(name ? { name } : {}), matchers, from: node.from, to: node.to };
  }

  private labelMatcher(node: SyntaxNode): LabelMatcher | undefined {
    if (node.name !== "UnquotedLabelMatcher" && !this.knows("quotedNames")) {
      // `{"label"="value"}` and `{"metric"}` (UTF-8 names) are newer than 2.42.
      const str = node.name === "QuotedLabelName" ? node : kids(node)[0];
      this.unexpected(tokenAt(this.tokens, (str ?? node).from), node, "label matching", 'identifier or "}"');
      return undefined;
    }
    if (node.name === "QuotedLabelName") {
      // `{"my.metric"}`: a metric name matcher (`newMetricNameMatcher`); the selector keeps no name.
      this.addition("quotedNames", node, "quoted metric names", true);
      const value = unquote(this.src(node));
      const span = { from: node.from, to: node.to };
      return { name: "__name__", nameSpan: span, op: "=", value, valueSpan: span, from: node.from, to: node.to };
    }
    const [label, opNode, value] = kids(node);
    if (!label || !opNode || !value || value.name !== "StringLiteral") return undefined;
    const quoted = node.name === "QuotedLabelMatcher";
    if (quoted) this.addition("quotedNames", label, "quoted label names", true);
    const op = this.src(opNode) as MatchOp;
    const matcher: LabelMatcher = {
      name: quoted ? unquote(this.src(label)) : this.src(label),
      nameSpan: { from: label.from, to: label.to },
      op,
      value: unquote(this.src(value)),
      valueSpan: { from: value.from, to: value.to },
      from: node.from,
      to: node.to,
    };
    if (op === "=~" || op === "!~") {
      const re = compileMatcherRegex(matcher.value);
      if (re.error !== undefined) this.err(re.error, node);
    }
    return matcher;
  }

  /** The duration right after `[`: 2.42 takes exactly one duration token there. */
  private rangeDuration(node: SyntaxNode | undefined): { ms: number | undefined; span: Span } | undefined {
    if (!node) return undefined;
    if (this.knows("durationExpressions")) return this.positiveDuration(node);
    const toks = this.tokensIn(node);
    const first = toks[0];
    if (first === undefined) return undefined; // the lexer already failed here
    if (first.kind !== "duration" || toks.length > 1) {
      this.unexpected(first.kind !== "duration" ? first : toks[1], node, "subquery or range", '":" or "]"');
      return undefined;
    }
    return this.duration(first);
  }

  /** The subquery step after `:`, lexed by 2.42 as an ordinary token. */
  private stepDuration(node: SyntaxNode): { ms: number | undefined; span: Span } | undefined {
    if (this.knows("durationExpressions")) return this.positiveDuration(node);
    const toks = this.tokensIn(node);
    const first = toks[0];
    if (first === undefined) return undefined;
    if (first.kind !== "duration") {
      this.unexpected(first, node, "subquery selector", 'duration or "]"');
      return undefined;
    }
    if (toks.length > 1) {
      this.unexpected(toks[1], node, "subquery selector", '"]"');
      return undefined;
    }
    return this.duration(first);
  }

  private duration(tok: Token): { ms: number; span: Span } | undefined {
    const d = parsePromqlDuration(tok.text);
    if (d.error !== undefined) {
      this.err(d.error, tok);
      return undefined;
    }
    return { ms: d.ms, span: { from: tok.from, to: tok.to } };
  }

  /**
   * 3.x's `positive_duration_expr`, a range or subquery step: a duration expression whose value, when
   * it is a plain (possibly signed) literal, must be above zero.
   */
  private positiveDuration(node: SyntaxNode): { ms: number | undefined; span: Span } | undefined {
    const d = this.durationExpr(node);
    if (d === undefined) return undefined;
    if (d.literal && d.seconds !== undefined && !(d.seconds > 0)) {
      this.err("duration must be greater than 0", node);
      return undefined;
    }
    return { ms: toMs(d.seconds), span: { from: node.from, to: node.to } };
  }

  /**
   * A 3.x duration expression (`duration_expr` in generated_parser.y v3.14.0) in seconds: undefined
   * seconds when it depends on the query (`step()`, `range()`). `literal` is true for a number or
   * duration with optional signs, and for one in parentheses, which Prometheus keeps a
   * `NumberLiteral` (the kind whose sign is checked); arithmetic and functions make a `DurationExpr`.
   */
  private durationExpr(node: SyntaxNode): { seconds: number | undefined; literal: boolean } | undefined {
    const ks = kids(node);
    const [a, b, c] = ks;
    if (!a) return undefined;
    if (a.name === "NumberDurationLiteralInDurationContext") return this.durationLiteral(a);
    if (a.name === "UnaryOp" && b) {
      // `-5m` stays a literal; `-(5m + 1m)` negates an expression (`applyUnaryOpToDurationExpr`).
      const inner = this.durationExpr(b);
      if (inner === undefined) return undefined;
      const sign = this.src(a) === "-" ? -1 : 1;
      const seconds = inner.seconds === undefined ? undefined : sign * inner.seconds;
      if (inner.literal && seconds !== undefined && durationOutOfRange(seconds)) {
        this.err("duration out of range", a);
        return undefined;
      }
      return { seconds, literal: inner.literal };
    }
    if (a.name === "DurationStep" || a.name === "DurationRange") {
      this.addition("durationExpressions", node, `\`${this.src(a).toLowerCase()}()\` in a duration`);
      return { seconds: undefined, literal: false };
    }
    if ((a.name === "DurationMinOf" || a.name === "DurationMaxOf") && b && c) {
      this.addition("durationExpressions", node, `\`${this.src(a).toLowerCase()}()\` in a duration`);
      const l = this.durationExpr(b);
      const r = this.durationExpr(c);
      if (l === undefined || r === undefined) return undefined;
      const seconds =
        l.seconds === undefined || r.seconds === undefined
          ? undefined
          : a.name === "DurationMinOf"
            ? Math.min(l.seconds, r.seconds)
            : Math.max(l.seconds, r.seconds);
      return { seconds, literal: false };
    }
    if (a.name === "DurationExpr" && b === undefined) {
      // `(5m)`: allowed with duration expressions only, and still a literal.
      this.addition("durationExpressions", node, "parentheses in a duration", true);
      return this.durationExpr(a);
    }
    if (a.name === "DurationExpr" && b && c) {
      this.addition("durationExpressions", b, "duration arithmetic (`5m + 1m`)");
      const l = this.durationExpr(a);
      const r = this.durationExpr(c);
      if (l === undefined || r === undefined) return undefined;
      const op = this.src(b);
      if ((op === "/" || op === "%") && r.literal && r.seconds === 0) {
        this.err(op === "/" ? "division by zero" : "modulo by zero", b);
        return undefined;
      }
      if (l.seconds === undefined || r.seconds === undefined) return { seconds: undefined, literal: false };
      return { seconds: durationArithmetic(op, l.seconds, r.seconds), literal: false };
    }
    return undefined;
  }

  /** A number (seconds) or duration inside a duration expression. */
  private durationLiteral(node: SyntaxNode): { seconds: number; literal: true } | undefined {
    const tok = this.tokensIn(node)[0];
    if (tok === undefined) return undefined;
    let seconds: number;
    if (tok.kind === "duration") {
      const d = parseModelDuration(tok.text);
      if (d.error !== undefined) {
        this.err(d.error, tok);
        return undefined;
      }
      seconds = d.ms / 1000;
    } else if (tok.kind === "number") {
      this.addition("numbersAndDurations", tok, "numbers where a duration goes (`[5]` for `[5s]`)", true);
      if (tok.text.includes("_")) this.addition("numberUnderscores", tok, "numbers with underscores (`1_000`)", true);
      const n = parseNumberLiteral(tok.text);
      if (n.error !== undefined) {
        this.err(n.error, tok);
        return undefined;
      }
      seconds = n.value;
    } else {
      this.unexpected(tok, node, "duration expression");
      return undefined;
    }
    if (durationOutOfRange(seconds)) {
      this.err("duration out of range", tok);
      return undefined;
    }
    return { seconds, literal: true };
  }

  /** From the `[` after `after` to `end`: where 2.42 points range errors. */
  private bracketSpan(after: number, end: number): Span {
    const open = tokenAt(this.tokens, after);
    return { from: open?.text === "[" && open.from < end ? open.from : after, to: end };
  }

  private matrixSelector(node: SyntaxNode): Expr | undefined {
    const [innerNode, durNode] = kids(node);
    const inner = innerNode ? this.expr(innerNode) : undefined;
    const range = this.rangeDuration(durNode);
    if (!inner || !innerNode) return undefined;
    const brackets = this.bracketSpan(innerNode.to, node.to);
    return postfix(inner, node.to, (target) => {
      if (target.type !== "VectorSelector") {
        this.err("ranges only allowed for vector selectors", brackets);
        return target;
      }
      // 3.x checks the literal offset only (`vs.OriginalOffset != 0`): a zero or expression offset passes.
      if (target.offset && !(this.knows("durationExpressions") && target.offset.ms === undefined)) {
        if (!(this.knows("durationExpressions") && target.offset.ms === 0)) this.err("no offset modifiers allowed before range", brackets);
      } else if (target.at) this.err("no @ modifiers allowed before range", brackets);
      const m: MatrixSelector = {
        type: "MatrixSelector",
        vector: target,
        rangeMs: range?.ms ?? (range ? undefined : 0),
        rangeSpan: range?.span ?? { from: brackets.from, to: brackets.to },
        from: target.from,
        to: node.to,
      };
      return m;
    });
  }

  private subquery(node: SyntaxNode): Expr | undefined {
    const [innerNode, rangeNode, stepNode] = kids(node);
    const inner = innerNode ? this.expr(innerNode) : undefined;
    const range = this.rangeDuration(rangeNode);
    const step = stepNode ? this.stepDuration(stepNode) : undefined;
    if (!inner) return undefined;
    return postfix(inner, node.to, (target) => {
      const s: SubqueryExpr = {
        type: "SubqueryExpr",
        expr: target,
        rangeMs: range?.ms ?? (range ? undefined : 0),
        rangeSpan: range?.span ?? { from: node.to, to: node.to },
        ...(step ? { ...(step.ms !== undefined ? { stepMs: step.ms } : {}), stepSpan: step.span } : {}),
        from: target.from,
        to: node.to,
      };
      return s;
    });
  }

  /** `offset 5m` or `offset -5m`: one optional minus and one duration token in 2.42. */
  private offsetModifier(keyword: SyntaxNode, durNode: SyntaxNode | undefined): OffsetModifier | undefined {
    if (!durNode) return undefined;
    if (this.knows("durationExpressions")) {
      const d = this.offsetDuration(durNode);
      return d === undefined ? undefined : { ms: toMs(d.seconds), from: keyword.from, to: durNode.to };
    }
    const toks = this.tokensIn(durNode);
    let i = 0;
    if (toks[0]?.text === "-") i = 1;
    const tok = toks[i];
    if (tok === undefined) return undefined;
    if (tok.kind !== "duration") {
      this.unexpected(tok, durNode, "offset", "duration");
      return undefined;
    }
    if (toks.length > i + 1) {
      this.unexpected(toks[i + 1], durNode);
      return undefined;
    }
    const d = this.duration(tok);
    if (!d) return undefined;
    return { ms: i === 1 ? -d.ms : d.ms, from: keyword.from, to: durNode.to };
  }

  /**
   * 3.x's `offset_duration_expr`: a signed number or duration, `step()`, `range()`, `min_of`/`max_of`,
   * or a duration expression in parentheses (`-(5m)`: the sign makes the parentheses no duration
   * expression of their own, a quirk of v3.14.0's grammar).
   */
  private offsetDuration(node: SyntaxNode): { seconds: number | undefined } | undefined {
    const [a, b] = kids(node);
    if (!a) return undefined;
    if (a.name === "UnaryOp" && b) {
      const sign = this.src(a) === "-" ? -1 : 1;
      const inner = b.name === "OffsetDurationExpr" ? this.offsetDurationInner(b) : undefined;
      if (inner === undefined) return undefined;
      const seconds = inner.seconds === undefined ? undefined : sign * inner.seconds;
      if (seconds !== undefined && inner.literal && durationOutOfRange(seconds)) {
        this.err("duration out of range", a);
        return undefined;
      }
      return { seconds };
    }
    return this.durationExpr(node);
  }

  /** The operand of a signed offset: parentheses around a duration expression need no flag there. */
  private offsetDurationInner(node: SyntaxNode): { seconds: number | undefined; literal: boolean } | undefined {
    const [a, b] = kids(node);
    if (a?.name === "DurationExpr" && b === undefined) return this.durationExpr(a);
    if (a?.name === "UnaryOp") {
      const d = this.offsetDuration(node);
      return d === undefined ? undefined : { seconds: d.seconds, literal: false };
    }
    return this.durationExpr(node);
  }

  private offsetExpr(node: SyntaxNode): Expr | undefined {
    const ks = kids(node);
    const innerNode = ks[0];
    const keyword = ks.find((k) => k.name === "Offset");
    const inner = innerNode ? this.expr(innerNode) : undefined;
    const mod = keyword
      ? this.offsetModifier(
          keyword,
          ks.find((k) => k.name === "OffsetDurationExpr"),
        )
      : undefined;
    if (!inner) return undefined;
    return postfix(inner, node.to, (target) => {
      if (target.type !== "VectorSelector" && target.type !== "MatrixSelector" && target.type !== "SubqueryExpr") {
        this.err(OFFSET_TARGET_ERROR, target);
        return target;
      }
      // 3.x looks for a non-zero offset (`*orgoffsetp != 0 || orgoffsetexprp != nil`): `offset 0` can be followed by another.
      const earlier = target.type === "MatrixSelector" ? (target.offset ?? target.vector.offset) : target.offset;
      if (earlier && !(this.knows("durationExpressions") && earlier.ms === 0)) {
        this.err("offset may not be set multiple times", mod ?? target);
        return target;
      }
      if (!mod) return { ...target, to: node.to };
      return { ...target, offset: mod, to: node.to };
    });
  }

  private atModifier(node: SyntaxNode, from: number): AtModifier | undefined {
    const value = kids(node).find((k) => k.name === "NumberDurationLiteral" || k.name === "AtModifierPreprocessors");
    if (!value) return undefined;
    if (value.name === "AtModifierPreprocessors") {
      return { kind: this.src(value).toLowerCase() === "start" ? "start" : "end", from, to: node.to };
    }
    const n = this.signedNumber(value, "@", "timestamp");
    if (n === undefined) return undefined;
    return { kind: "timestamp", seconds: n.value, from, to: node.to };
  }

  private atExpr(node: SyntaxNode): Expr | undefined {
    const ks = kids(node);
    const innerNode = ks[0];
    const at = ks.find((k) => k.name === "At");
    const inner = innerNode ? this.expr(innerNode) : undefined;
    const mod = at ? this.atModifier(node, at.from) : undefined;
    if (!inner) return undefined;
    return postfix(inner, node.to, (target) => {
      if (mod?.kind === "timestamp") {
        const s = mod.seconds;
        if (!Number.isFinite(s) || s >= 2 ** 63 || s <= -(2 ** 63)) {
          this.err(`timestamp out of bounds for @ modifier: ${goFloat(s)}`, mod);
        }
      }
      if (target.type !== "VectorSelector" && target.type !== "MatrixSelector" && target.type !== "SubqueryExpr") {
        this.err(AT_TARGET_ERROR, target);
        return target;
      }
      if (target.at) {
        this.err("@ <timestamp> may not be set multiple times", mod ?? target);
        return target;
      }
      if (!mod) return { ...target, to: node.to };
      return { ...target, at: mod, to: node.to };
    });
  }

  /**
   * `x[5m] anchored` / `x[5m] smoothed` (3.7, behind promql-extended-range-selectors; `setAnchored` /
   * `setSmoothed` in parse.go v3.14.0): on a vector or range vector selector, one of the two.
   */
  private rangeModifier(node: SyntaxNode, kind: "anchored" | "smoothed"): Expr | undefined {
    const [innerNode, keyword] = kids(node);
    const inner = innerNode ? this.expr(innerNode) : undefined;
    if (!keyword) return inner;
    if (!this.knows("extendedRangeSelectors")) {
      this.unexpected(tokenAt(this.tokens, keyword.from), keyword);
      return inner;
    }
    if (!this.addition("extendedRangeSelectors", keyword, `\`${kind}\``) || !inner) return inner;
    return postfix(inner, node.to, (target) => {
      if (target.type === "VectorSelector" || target.type === "MatrixSelector") {
        const earlier = target.rangeModifier ?? (target.type === "MatrixSelector" ? target.vector.rangeModifier : undefined);
        if (earlier !== undefined && earlier !== kind) this.err("anchored and smoothed modifiers cannot be used together", target);
        return { ...target, rangeModifier: kind, to: node.to };
      }
      if (target.type === "SubqueryExpr") this.err(`${kind} modifier is not supported for subqueries`, target);
      else this.err(`${kind} modifier not implemented: it applies to a vector or range vector selector`, target);
      return target;
    });
  }

  private unary(node: SyntaxNode): Expr | undefined {
    const [opNode, innerNode] = kids(node);
    const inner = innerNode ? this.expr(innerNode) : undefined;
    if (!opNode || !inner) return undefined;
    const op = this.src(opNode) === "-" ? "-" : "+";
    // Prometheus folds a sign into a number literal: `-1` is the number -1, not an operation.
    if (inner.type === "NumberLiteral") {
      return { ...inner, value: op === "-" ? -inner.value : inner.value, from: node.from };
    }
    return { type: "UnaryExpr", op, expr: inner, from: node.from, to: node.to };
  }

  private functionCall(node: SyntaxNode): FunctionCall | undefined {
    const ks = kids(node);
    const ident = ks.find((k) => k.name === "FunctionIdentifier");
    if (!ident) return undefined;
    const name: Named = { name: this.src(ident), from: ident.from, to: ident.to };
    const func = getFunction(name.name, this.syntax);
    const history = functionHistory(name.name);
    if (history !== undefined) {
      this.uses.push({ what: `\`${name.name}\``, plural: false, fn: history, from: name.from, to: name.to });
    }
    if (!func) {
      const renamed = history?.renamedTo !== undefined && history.removedIn !== undefined && releaseAtLeast(this.syntax.release, history.removedIn);
      if (renamed) {
        const to = getFunction(history.renamedTo!, this.syntax);
        const flag = to?.experimental && !this.dialect.flags.has(EXPERIMENTAL_FUNCTIONS) ? `, which needs --enable-feature=${EXPERIMENTAL_FUNCTIONS}` : "";
        this.err(`unknown function with name ${goQuote(name.name)}: Prometheus ${history.removedIn} renamed it to ${history.renamedTo}${flag}`, name);
      } else {
        this.err(`unknown function with name ${goQuote(name.name)}`, name);
      }
    } else if (func.experimental && !this.dialect.flags.has(EXPERIMENTAL_FUNCTIONS)) {
      // v3.14.0 says `function "x" is not enabled` (grammar action of `function_call`).
      this.err(`function ${goQuote(name.name)} is experimental: it needs --enable-feature=${EXPERIMENTAL_FUNCTIONS}`, name);
    }
    const args = this.args(ks.find((k) => k.name === "FunctionCallBody"));
    return { type: "FunctionCall", name, func, args, from: node.from, to: node.to };
  }

  private groupingLabels(node: SyntaxNode | undefined): Named[] {
    if (!node) return [];
    const out: Named[] = [];
    for (const k of kids(node)) {
      if (k.name === "QuotedLabelName") {
        if (!this.knows("quotedNames")) {
          this.unexpected(tokenAt(this.tokens, k.from), k, "grouping opts", "label");
          continue;
        }
        this.addition("quotedNames", k, "quoted label names", true);
        const label = unquote(this.src(k));
        // `model.UTF8Validation.IsValidLabelName`: any non-empty UTF-8 string.
        if (label === "") this.err(`invalid label name for grouping: ${goQuote(label)}`, k);
        out.push({ name: label, from: k.from, to: k.to });
        continue;
      }
      if (k.name !== "LabelName") continue;
      const label = this.src(k);
      // The lexer reads these as a keyword or a number, which the grammar refuses as labels.
      if (["without", "inf", "nan"].includes(label.toLowerCase())) {
        this.unexpected(tokenAt(this.tokens, k.from), k, "grouping opts", "label");
      }
      out.push({ name: label, from: k.from, to: k.to });
    }
    return out;
  }

  private aggregate(node: SyntaxNode): Expr | undefined {
    const ks = kids(node);
    const opNode = ks.find((k) => k.name === "AggregateOp");
    if (!opNode) return undefined;
    const opText = this.src(opNode);
    const opLower = opText.toLowerCase();
    const args = this.args(ks.find((k) => k.name === "FunctionCallBody"));
    const opSpan: Span = { from: opNode.from, to: opNode.to };
    const limit = opLower === "limitk" || opLower === "limit_ratio";
    if (!isAggregateOp(opLower) || (limit && !this.knows("limitAggregations"))) {
      // limitk / limit_ratio: plain identifiers in 2.42, so `limitk(1, x)` is an unknown function.
      this.err(`unknown function with name ${goQuote(opText)}`, opSpan);
      return { type: "FunctionCall", name: { name: opText, ...opSpan }, func: undefined, args, from: node.from, to: node.to };
    }
    let grouping: Grouping | undefined;
    const mod = ks.find((k) => k.name === "AggregateModifier");
    if (mod) {
      const [kw, labels] = kids(mod);
      grouping = {
        kind: kw && this.src(kw).toLowerCase() === "without" ? "without" : "by",
        labels: this.groupingLabels(labels),
        from: mod.from,
        to: mod.to,
      };
    }
    const base = { type: "AggregateExpr", op: opLower, opSpan, ...(grouping ? { grouping } : {}), args, from: node.from, to: node.to } as const;
    if (args.length === 0) {
      if (!hasError(node)) this.err("no arguments for aggregate expression provided", node);
      return base;
    }
    // v3.14.0: "limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions".
    if (limit && !this.addition("limitAggregations", opSpan, `\`${opLower}\``)) return base;
    const want = aggregateHasParam(opLower) ? 2 : 1;
    if (args.length !== want) {
      this.err(`wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`, node);
      return base;
    }
    const agg: AggregateExpr = want === 2 ? { ...base, param: args[0], expr: args[1] } : { ...base, expr: args[0] };
    return agg;
  }

  private binary(node: SyntaxNode): Expr | undefined {
    const ks = kids(node);
    const lhsNode = ks[0];
    const opNode = ks[1];
    const rhsNode = ks.length > 2 ? ks[ks.length - 1] : undefined;
    const lhs = lhsNode && EXPR_NODES.has(lhsNode.name) ? this.expr(lhsNode) : undefined;
    const rhs = rhsNode && EXPR_NODES.has(rhsNode.name) ? this.expr(rhsNode) : undefined;
    if (!opNode) return lhs;
    let op = BINARY_OPS[opNode.name];
    if (opNode.name === "TrimUpper" || opNode.name === "TrimLower") {
      if (!this.knows("trimOperators")) {
        // 2.42 lexes `</` as `<` followed by `/`.
        this.unexpected(tokenAt(this.tokens, opNode.from + 1), opNode);
        op = opNode.name === "TrimUpper" ? "<" : ">";
      } else {
        this.addition("trimOperators", opNode, `the histogram trim operator \`${op}\``);
      }
    }
    let bool = false;
    let matching: VectorMatching | undefined;
    let fill: BinaryExpr["fill"];
    for (const k of ks.slice(2, -1)) {
      if (k.name === "BoolModifier") bool = true;
      else if (k.name === "MatchingModifierClause") matching = this.matching(k);
      else if (k.name === "FillModifier") fill = this.fillModifier(k);
    }
    if (!lhs || !rhs || !op) return lhs ?? rhs;
    return {
      type: "BinaryExpr",
      op,
      opSpan: { from: opNode.from, to: opNode.to },
      bool,
      ...(matching ? { matching } : {}),
      ...(fill ? { fill } : {}),
      lhs,
      rhs,
      from: node.from,
      to: node.to,
    };
  }

  /** `fill(v)`, `fill_left(v)`, `fill_right(v)` (3.10, behind promql-binop-fill-modifiers). */
  private fillModifier(node: SyntaxNode): BinaryExpr["fill"] {
    if (!this.knows("binopFillModifiers")) {
      this.unexpected(tokenAt(this.tokens, node.from), node);
      return undefined;
    }
    // v3.14.0 says "binop fill modifiers are experimental and not enabled" (`newBinaryExpression`).
    if (!this.addition("binopFillModifiers", node, "`fill` modifiers", true)) return undefined;
    let lhs: number | undefined;
    let rhs: number | undefined;
    for (const clause of kids(node)) {
      const value = kids(clause).find((k) => k.name === "NumberDurationLiteral");
      const n = value ? this.signedNumber(value, "fill") : undefined;
      if (n === undefined) continue;
      if (clause.name !== "FillRightClause") lhs = n.value;
      if (clause.name !== "FillLeftClause") rhs = n.value;
    }
    return { ...(lhs !== undefined ? { lhs } : {}), ...(rhs !== undefined ? { rhs } : {}), from: node.from, to: node.to };
  }

  private matching(node: SyntaxNode): VectorMatching {
    const ks = kids(node);
    const kind = ks[0] && this.src(ks[0]).toLowerCase() === "ignoring" ? "ignoring" : "on";
    const labels = this.groupingLabels(ks[1]?.name === "GroupingLabels" ? ks[1] : undefined);
    const groupKw = ks.find((k) => k.name === "GroupLeft" || k.name === "GroupRight");
    let group: VectorMatching["group"];
    if (groupKw) {
      const groupLabels = ks[ks.indexOf(groupKw) + 1];
      const list = groupLabels?.name === "GroupingLabels" ? groupLabels : undefined;
      group = {
        side: groupKw.name === "GroupLeft" ? "left" : "right",
        labels: this.groupingLabels(list),
        from: groupKw.from,
        to: (list ?? groupKw).to,
      };
    }
    return { kind, labels, ...(group ? { group } : {}), from: node.from, to: node.to };
  }
}

/** Seconds as milliseconds the way Prometheus rounds them (`time.Duration(math.Round(s * 1e9))`). */
function toMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1e9) / 1e6;
}

/** `durationLiteralOutOfRange` (parse.go v3.14.0): seconds that overflow a `time.Duration`. */
function durationOutOfRange(seconds: number): boolean {
  return seconds > 2 ** 63 / 1e9 || seconds < -(2 ** 63) / 1e9;
}

function durationArithmetic(op: string, l: number, r: number): number {
  switch (op) {
    case "+":
      return l + r;
    case "-":
      return l - r;
    case "*":
      return l * r;
    case "/":
      return l / r;
    case "%":
      return l % r;
    default:
      return l ** r;
  }
}

/** Go's `%f` for the @ bound error: six decimals, `+Inf`, `-Inf`, `NaN`. */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return BigInt(Math.trunc(v)).toString() + (Number.isInteger(v) ? ".000000" : (v % 1).toFixed(6).replace(/^-?0/, ""));
}
