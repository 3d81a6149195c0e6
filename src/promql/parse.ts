/**
 * PromQL text to a typed syntax tree, with the syntax errors Prometheus 2.42's parser reports.
 *
 * The structure comes from the lezer grammar (`@prometheus-io/lezer-promql`). That grammar is
 * newer and looser than 2.42, so this module also reports what 2.42 rejects at parse time:
 * lexer errors (see `lexer.ts`), newer syntax (duration arithmetic, quoted label names, `limitk`,
 * `anchored`, fill modifiers, `</`), durations where numbers belong and vice versa, bad
 * durations and numbers, unknown functions, misplaced or repeated `offset` / `@` modifiers,
 * aggregation argument counts and invalid matcher regexes (the grammar actions in 2.42's
 * `generated_parser.y` and `parse.go`). Type rules (`checkAST`) live in `check.ts`.
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
import { parsePromqlDuration } from "./duration.js";
import { getFunction } from "./functions.js";
import { describeToken, lex, tokenAt, tokenIndexAt, type Token } from "./lexer.js";
import { parseTree } from "./lezer-parser.js";
import { parseNumberLiteral } from "./number.js";
import { goQuote, unquote } from "./quoting.js";
import { compileMatcherRegex } from "./regex.js";
import { compareCodePoints } from "../util/order.js";
import { INPUT_LIMITS, nestedTooDeep } from "../util/input-limits.js";

type SyntaxNode = ReturnType<LRParser["parse"]>["topNode"];

/** The tree (best effort when there are errors) and every syntax error found. */
export interface ParseResult {
  readonly ast: Expr | undefined;
  readonly errors: PromqlError[];
}

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
  // `</` and `>/` are newer than 2.42; they are reported and read as `<` / `>`.
  TrimUpper: "<",
  TrimLower: ">",
};

/** Numbers as lezer's `number` token spells them; 2.42 also takes `5.`, `5.e3`, `0X1F`. */
const LEZER_NUMBER = /^(?:(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|0x[0-9a-fA-F]+)$/;

const OFFSET_TARGET_ERROR =
  "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery";
const AT_TARGET_ERROR = "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery";

/**
 * Lezer's input: the text with same-length stand-ins where 2.42's tokens differ from lezer's
 * (numbers like `5.` become `00`; 2.42 reads any letter inside brackets as `:`), so every span
 * still points into the original text.
 */
function lezerInput(text: string, tokens: readonly Token[]): string {
  let out = "";
  let at = 0;
  for (const t of tokens) {
    let stand: string | undefined;
    if (t.kind === "number" && /^[0-9.]/.test(t.text) && !LEZER_NUMBER.test(t.text)) stand = "0".repeat(t.text.length);
    if (t.kind === "colon" && t.text !== ":") stand = ":";
    if (stand !== undefined) {
      out += text.slice(at, t.from) + stand;
      at = t.to;
    }
  }
  return out + text.slice(at);
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

/** Parses a PromQL expression the way Prometheus 2.42 does, up to (not including) type checks. */
export function parsePromql(text: string): ParseResult {
  try {
    return parseUnguarded(text);
  } catch (e) {
    if (isStackOverflow(e)) return { ast: undefined, errors: [tooDeep(text)] };
    throw e;
  }
}

function parseUnguarded(text: string): ParseResult {
  const lexed = lex(text);
  // The recursive stages below (conversion, checks, lint rules) only ever see bounded nesting.
  const bracketsTooDeep = tooDeepBrackets(lexed.tokens);
  if (bracketsTooDeep !== undefined) return { ast: undefined, errors: [bracketsTooDeep] };
  const tree = parseTree(lezerInput(text, lexed.tokens));
  if (!("topNode" in tree)) return { ast: undefined, errors: [nestedError(text, tree.tooDeepAt)] };
  const top = tree.topNode;
  const treeTooDeep = tooDeepTree(top, text);
  if (treeTooDeep !== undefined) return { ast: undefined, errors: [treeTooDeep] };
  const conv = new Converter(text, lexed.tokens);
  const first = kids(top).find((n) => EXPR_NODES.has(n.name));
  const ast = first ? conv.expr(first) : undefined;

  const lexErr = lexed.error;
  // 2.42 stops at its first lexer error, so what the grammar actions would say past it is noise.
  const errors: PromqlError[] = conv.errors.filter((e) => lexErr === undefined || e.from < lexErr.from);
  if (lexErr) errors.push(lexErr);
  if (!lexErr && lexed.tokens.length === 0) {
    errors.length = 0;
    errors.push({ message: "no expression found in input", from: 0, to: text.length });
  } else {
    for (const e of syntaxErrors(top, text, lexed.tokens)) {
      const coveredByLexer = lexErr !== undefined && e.from >= lexErr.from && e.from <= lexErr.to;
      if (!coveredByLexer) errors.push(e);
    }
  }
  return { ast, errors: dedupe(errors) };
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
 * The first expression nested past the limit in lezer's tree (operator chains and `^`, `-` runs nest
 * without brackets), found with an iterative walk.
 */
function tooDeepTree(top: SyntaxNode, text: string): PromqlError | undefined {
  const cursor = top.cursor();
  const exprs: boolean[] = [];
  let depth = 0;
  for (;;) {
    const isExpr = EXPR_NODES.has(cursor.name);
    if (isExpr && ++depth > INPUT_LIMITS.promqlDepth) return nestedError(text, cursor.from);
    exprs.push(isExpr);
    if (cursor.firstChild()) continue;
    for (;;) {
      if (exprs.pop()) depth--;
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return undefined;
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

/** One message per lezer error node (⚠), including one at the very end of the input. */
function syntaxErrors(top: SyntaxNode, text: string, tokens: readonly Token[]): PromqlError[] {
  const out: PromqlError[] = [];
  const cursor = top.cursor();
  const visit = (): void => {
    do {
      // Only error nodes are materialised: a SyntaxNode per visited node is most of a parse's garbage.
      if (cursor.type.isError) {
        out.push(errorNodeMessage(cursor.node, text, tokens));
        continue; // one report per outermost error node
      }
      if (cursor.firstChild()) {
        visit();
        cursor.parent();
      }
    } while (cursor.nextSibling());
  };
  if (cursor.firstChild()) visit();
  return out;
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

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private err(message: string, span: Span): void {
    this.errors.push({ message, from: span.from, to: span.to });
  }

  private src(span: Span): string {
    return this.text.slice(span.from, span.to);
  }

  /** 2.42's tokens inside a span; empty when its lexer stopped before it. */
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
      case "SmoothedExpr": {
        const [inner, keyword] = kids(node);
        if (keyword) this.unexpected(tokenAt(this.tokens, keyword.from), keyword);
        return inner ? this.expr(inner) : undefined;
      }
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
   * A signed number in expression or `@` context. 2.42 lexes `5m` here as a duration and
   * rejects it; the number itself must convert (`strconv` rules, see number.ts).
   */
  private signedNumber(node: SyntaxNode, context?: string, expected?: string): number | undefined {
    const toks = this.tokensIn(node);
    const last = toks[toks.length - 1];
    if (last === undefined) return undefined;
    if (last.kind !== "number") {
      this.unexpected(last, node, context, expected);
      return undefined;
    }
    const n = parseNumberLiteral(last.text);
    if (n.error !== undefined) {
      this.err(n.error, last);
      return undefined;
    }
    return toks.length > 1 && toks[0]!.text === "-" ? -n.value : n.value;
  }

  private number(node: SyntaxNode): Expr {
    const value = this.signedNumber(node) ?? 0;
    return { type: "NumberLiteral", value, from: node.from, to: node.to };
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
    if (node.name !== "UnquotedLabelMatcher") {
      // `{"label"="value"}` and `{"metric"}` (UTF-8 names) are newer than 2.42.
      const str = node.name === "QuotedLabelName" ? node : kids(node)[0];
      this.unexpected(tokenAt(this.tokens, (str ?? node).from), node, "label matching", 'identifier or "}"');
      return undefined;
    }
    const [label, opNode, value] = kids(node);
    if (!label || !opNode || !value || value.name !== "StringLiteral") return undefined;
    const op = this.src(opNode) as MatchOp;
    const matcher: LabelMatcher = {
      name: this.src(label),
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
  private rangeDuration(node: SyntaxNode | undefined): { ms: number; span: Span } | undefined {
    if (!node) return undefined;
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
  private stepDuration(node: SyntaxNode): { ms: number; span: Span } | undefined {
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
      if (target.offset) this.err("no offset modifiers allowed before range", brackets);
      else if (target.at) this.err("no @ modifiers allowed before range", brackets);
      const m: MatrixSelector = {
        type: "MatrixSelector",
        vector: target,
        rangeMs: range?.ms ?? 0,
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
        rangeMs: range?.ms ?? 0,
        rangeSpan: range?.span ?? { from: node.to, to: node.to },
        ...(step ? { stepMs: step.ms, stepSpan: step.span } : {}),
        from: target.from,
        to: node.to,
      };
      return s;
    });
  }

  /** `offset 5m` or `offset -5m`: one optional minus and one duration token in 2.42. */
  private offsetModifier(keyword: SyntaxNode, durNode: SyntaxNode | undefined): OffsetModifier | undefined {
    if (!durNode) return undefined;
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

  private offsetExpr(node: SyntaxNode): Expr | undefined {
    const ks = kids(node);
    const innerNode = ks[0];
    const keyword = ks.find((k) => k.name === "Offset");
    const inner = innerNode ? this.expr(innerNode) : undefined;
    const mod = keyword ? this.offsetModifier(keyword, ks.find((k) => k.name === "OffsetDurationExpr")) : undefined;
    if (!inner) return undefined;
    return postfix(inner, node.to, (target) => {
      if (target.type !== "VectorSelector" && target.type !== "MatrixSelector" && target.type !== "SubqueryExpr") {
        this.err(OFFSET_TARGET_ERROR, target);
        return target;
      }
      if (target.offset) {
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
    const seconds = this.signedNumber(value, "@", "timestamp");
    if (seconds === undefined) return undefined;
    return { kind: "timestamp", seconds, from, to: node.to };
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

  private unary(node: SyntaxNode): Expr | undefined {
    const [opNode, innerNode] = kids(node);
    const inner = innerNode ? this.expr(innerNode) : undefined;
    if (!opNode || !inner) return undefined;
    const op = this.src(opNode) === "-" ? "-" : "+";
    // 2.42 folds a sign into a number literal: `-1` is the number -1, not an operation.
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
    const func = getFunction(name.name);
    if (!func) this.err(`unknown function with name ${goQuote(name.name)}`, name);
    const args = this.args(ks.find((k) => k.name === "FunctionCallBody"));
    return { type: "FunctionCall", name, func, args, from: node.from, to: node.to };
  }

  private groupingLabels(node: SyntaxNode | undefined): Named[] {
    if (!node) return [];
    const out: Named[] = [];
    for (const k of kids(node)) {
      if (k.name === "QuotedLabelName") {
        this.unexpected(tokenAt(this.tokens, k.from), k, "grouping opts", "label");
        continue;
      }
      if (k.name !== "LabelName") continue;
      const label = this.src(k);
      // 2.42's lexer reads these as a keyword or a number, which its grammar refuses as labels.
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
    if (!isAggregateOp(opLower)) {
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
    const op = BINARY_OPS[opNode.name];
    if (opNode.name === "TrimUpper" || opNode.name === "TrimLower") {
      // 2.42 lexes `</` as `<` followed by `/`.
      this.unexpected(tokenAt(this.tokens, opNode.from + 1), opNode);
    }
    let bool = false;
    let matching: VectorMatching | undefined;
    for (const k of ks.slice(2, -1)) {
      if (k.name === "BoolModifier") bool = true;
      else if (k.name === "MatchingModifierClause") matching = this.matching(k);
      else if (k.name === "FillModifier") this.unexpected(tokenAt(this.tokens, k.from), k);
    }
    if (!lhs || !rhs || !op) return lhs ?? rhs;
    return {
      type: "BinaryExpr",
      op,
      opSpan: { from: opNode.from, to: opNode.to },
      bool,
      ...(matching ? { matching } : {}),
      lhs,
      rhs,
      from: node.from,
      to: node.to,
    };
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

/** Go's `%f` for the @ bound error: six decimals, `+Inf`, `-Inf`, `NaN`. */
function goFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return BigInt(Math.trunc(v)).toString() + (Number.isInteger(v) ? ".000000" : (v % 1).toFixed(6).replace(/^-?0/, ""));
}
