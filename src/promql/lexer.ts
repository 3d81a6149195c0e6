/**
 * A token scan with the rules of Prometheus's PromQL lexer (`promql/parser/lex.go`), as of the
 * release a {@link PromqlSyntax} describes: v2.42.0's, or v3.14.0's when the syntax has the later
 * additions (trim operators, number underscores, duration expressions, new keywords).
 *
 * The lezer grammar is the parser; this scan only answers what the lezer tokenizer cannot:
 * where Prometheus's lexer would stop with an error (it is stricter about whitespace, numbers,
 * escapes and durations), how it splits the text into tokens (for "unexpected <token>" messages),
 * and which number spellings it accepts that lezer's number token does not (`5.`, `0X1F`,
 * `0x1_f`). Like Prometheus, the scan stops at the first error.
 */
import type { PromqlSyntax } from "../compat/promql-syntax.js";
import type { PromqlError } from "./ast.js";
import { goQuote, goQuoteRune } from "../compat/go/quote.js";
import { scanQuoted } from "./quoting.js";

/** Token classes, named as 2.42 describes them in "unexpected ..." errors. */
export type TokenKind =
  | "number"
  | "duration"
  | "string"
  | "identifier"
  | "metric identifier"
  | "keyword"
  | "aggregator"
  | "operator"
  | "punct"
  /** Inside brackets 2.42 lexes `:` and, quirkily, any letter as a COLON token. */
  | "colon";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly from: number;
  readonly to: number;
  /** Lexed between `[` and `]` (a range or subquery duration context). */
  readonly inBrackets: boolean;
}

export interface LexResult {
  readonly tokens: readonly Token[];
  /** The first lexer error; 2.42 stops parsing there. */
  readonly error?: PromqlError;
}

/** 2.42's keyword table (`key` in lex.go); lookups are case-insensitive. */
const KEYWORDS_2_42: ReadonlyMap<string, TokenKind> = new Map<string, TokenKind>([
  ...["and", "or", "unless", "atan2"].map((k) => [k, "operator"] as const),
  ...["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "count_values", "quantile"].map((k) => [k, "aggregator"] as const),
  ...["offset", "by", "without", "on", "ignoring", "group_left", "group_right", "bool"].map((k) => [k, "keyword"] as const),
  // Item types with a fixed string (`ItemTypeStr`): "unexpected" messages quote them like punctuation.
  ...["start", "end"].map((k) => [k, "punct"] as const),
  ...["inf", "nan"].map((k) => [k, "number"] as const),
]);

/** Duration keywords of 3.x (`durationKeywordTokens` in lex.go v3.14.0), also keywords outside brackets. */
const DURATION_KEYWORDS = ["step", "range", "max_of", "min_of"];

const keywordTables = new WeakMap<PromqlSyntax, ReadonlyMap<string, TokenKind>>();

/** The keyword table of a release: 2.42's plus the keywords of the additions it has. */
function keywordsOf(syntax: PromqlSyntax): ReadonlyMap<string, TokenKind> {
  let table = keywordTables.get(syntax);
  if (table === undefined) {
    const t = new Map(KEYWORDS_2_42);
    const has = syntax.additions;
    if (has.has("limitAggregations")) for (const k of ["limitk", "limit_ratio"]) t.set(k, "aggregator");
    if (has.has("extendedRangeSelectors")) for (const k of ["anchored", "smoothed"]) t.set(k, "keyword");
    if (has.has("binopFillModifiers")) for (const k of ["fill", "fill_left", "fill_right"]) t.set(k, "keyword");
    if (has.has("durationExpressions")) for (const k of DURATION_KEYWORDS) t.set(k, "punct");
    table = t;
    keywordTables.set(syntax, table);
  }
  return table;
}

const FILL_KEYWORDS = new Set(["fill", "fill_left", "fill_right"]);

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number): boolean => c === 0x5f || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isAlphaNumeric = (c: number): boolean => isAlpha(c) || isDigit(c);
/** A first letter of a duration keyword, any case (`isDurationKeywordStartChar`): s, r, m. */
const isDurationKeywordStart = (c: number): boolean => c === 0x73 || c === 0x53 || c === 0x72 || c === 0x52 || c === 0x6d || c === 0x4d;
const EOF = -1;

/** Scans `src` the way the lexer of the release `syntax` describes does. */
export function lex(src: string, syntax: PromqlSyntax): LexResult {
  const keywords = keywordsOf(syntax);
  const durationExpressions = syntax.additions.has("durationExpressions");
  const trimOperators = syntax.additions.has("trimOperators");
  const underscores = syntax.additions.has("numberUnderscores");
  const tokens: Token[] = [];
  let pos = 0;
  let start = 0;
  let width = 0;
  let parenDepth = 0;
  let braceOpen = false;
  let bracketOpen = false;
  let gotColon = false;
  /** 3.x: right after `[`, or after an operator or keyword inside it (`lexDurationExpr`). */
  let inDurationExpr = false;
  /** 3.x: a number or duration was lexed inside brackets (`gotDuration`, never reset on `[`). */
  let gotDuration = false;

  const next = (): number => {
    if (pos >= src.length) {
      width = 0;
      return EOF;
    }
    const cp = src.codePointAt(pos)!;
    width = cp > 0xffff ? 2 : 1;
    pos += width;
    return cp;
  };
  const backup = (): void => {
    pos -= width;
  };
  const peek = (): number => {
    const r = next();
    backup();
    return r;
  };
  const accept = (valid: string): boolean => {
    const r = next();
    // `valid` is ASCII; comparing codes allocates no one-character string per character scanned.
    for (let i = 0; i < valid.length; i++) if (valid.charCodeAt(i) === r) return true;
    backup();
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid)) {
      // consume
    }
  };
  const emit = (kind: TokenKind): void => {
    tokens.push({ kind, text: src.slice(start, pos), from: start, to: pos, inBrackets: bracketOpen });
    start = pos;
  };
  // Errors cover what was scanned, or at least the character where scanning stopped.
  const fail = (message: string, from = start, to = Math.max(pos, Math.min(from + 1, src.length))): LexResult => ({
    tokens,
    error: { message, from, to },
  });

  const is = (valid: string): boolean => {
    const r = peek();
    for (let i = 0; i < valid.length; i++) if (valid.charCodeAt(i) === r) return true;
    return false;
  };
  // 3.x (`scanNumber` in lex.go v3.14.0): `[.][d][d._eE]*` with single `_` between digits, at most
  // one `.` and one exponent, no fractional hex; true when what follows is not alphanumeric.
  const scanNumberWithUnderscores = (): boolean => {
    const initial = pos;
    let digits = "0123456789";
    if (accept("0") && accept("xX")) {
      accept("_");
      digits = "0123456789abcdefABCDEF";
    }
    accept(".");
    accept(digits);
    let dot = false;
    let exponent = false;
    while (is(`${digits}._eE`)) {
      if (is(".") && dot) {
        accept(".");
        return false;
      }
      if (is("eE") && exponent) {
        accept("eE");
        return false;
      }
      if (accept(".")) {
        dot = true;
        if (accept("_.")) return false;
        if (digits.length > 10) return false;
        continue;
      }
      if (accept("eE")) {
        exponent = true;
        accept("+-");
        if (accept("._eE") || peek() === EOF) return false;
        continue;
      }
      if (accept("_")) {
        if (accept("._eE") || peek() === EOF) return false;
        continue;
      }
      acceptRun(digits);
    }
    if (pos === initial) return false;
    return !isAlphaNumeric(peek());
  };
  // Digits, an optional fraction and exponent; true when what follows is not alphanumeric.
  const scanNumber = (): boolean => {
    if (underscores) return scanNumberWithUnderscores();
    let digits = "0123456789";
    if (accept("0") && accept("xX")) digits = "0123456789abcdefABCDEF";
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (accept("eE")) {
      accept("+-");
      acceptRun("0123456789");
    }
    return !isAlphaNumeric(peek());
  };
  // Unit letters after the leading digits: `5m`, `1h30m`, `100ms`. Bad unit orders pass here
  // and fail later in the duration parser, as in 2.42.
  const acceptRemainingDuration = (): boolean => {
    if (!accept("smhdwy")) return false;
    accept("s");
    while (accept("0123456789")) {
      acceptRun("0123456789");
      if (!accept("smhdw")) return false;
      accept("s");
    }
    return !isAlphaNumeric(next());
  };
  const skipLineComment = (): void => {
    while (pos < src.length && src[pos] !== "\n" && src[pos] !== "\r") pos++;
    start = pos;
  };
  /** Whether the next character that is not white space is `(` (`peekFollowedByLeftParen`). */
  const followedByParen = (): boolean => {
    for (let i = pos; i < src.length; i++) {
      const ch = src.charCodeAt(i);
      if (!isSpace(ch)) return ch === 0x28;
    }
    return false;
  };
  /** `step`, `range`, `max_of`, `min_of`, any case, as one token (`scanDurationKeyword`); the first letter is read. */
  const scanDurationKeyword = (): boolean => {
    while (isAlpha(peek())) next();
    if (!DURATION_KEYWORDS.includes(src.slice(start, pos).toLowerCase())) return false;
    emit("punct");
    return true;
  };
  /** A number or a duration (`lexNumberOrDuration`); the error when it is neither. */
  const numberOrDuration = (): LexResult | undefined => {
    if (scanNumber()) {
      emit("number");
    } else if (acceptRemainingDuration()) {
      backup();
      emit("duration");
    } else {
      return fail(`bad number or duration syntax: ${goQuote(src.slice(start, pos))}`);
    }
    return undefined;
  };
  /**
   * One step of 3.x's `lexDurationExpr`, the state right after `[` and after operators inside the
   * brackets: operators, parentheses, duration keywords, and one number or duration, after which
   * the ordinary state takes over until `]`. The error, if the scan stops.
   */
  const durationExprStep = (): LexResult | undefined => {
    const r = next();
    if (r === EOF) return fail("unexpected end of input in duration expression");
    const c = String.fromCodePoint(r);
    if (c === "]") {
      emit("punct");
      bracketOpen = false;
      gotColon = false;
      inDurationExpr = false;
    } else if (c === ":") {
      emit("colon");
      if (!gotDuration) return fail("unexpected colon before duration in duration expression", pos - 1, pos);
      if (gotColon) return fail("unexpected repeated colon in duration expression", pos - 1, pos);
      gotColon = true;
    } else if (c === "(") {
      emit("punct");
      parenDepth++;
    } else if (c === ")") {
      emit("punct");
      parenDepth--;
      if (parenDepth < 0) return fail(`unexpected right parenthesis ${goQuoteRune(r)}`, pos - 1, pos);
    } else if (isSpace(r)) {
      while (isSpace(peek())) next();
      start = pos;
    } else if ("+-*/%^".includes(c)) {
      emit("operator");
    } else if (c === ",") {
      emit("punct");
    } else if (isDurationKeywordStart(r)) {
      if (!scanDurationKeyword()) return fail(`unexpected character in duration expression: ${goQuoteRune(r)}`);
    } else if (isDigit(r) || (c === "." && isDigit(peek()))) {
      backup();
      gotDuration = true;
      inDurationExpr = false;
      return numberOrDuration();
    } else {
      return fail(`unexpected character in duration expression: ${goQuoteRune(r)}`);
    }
    return undefined;
  };

  for (;;) {
    if (braceOpen) {
      if (src.startsWith("#", pos)) {
        skipLineComment();
        continue;
      }
      const r = next();
      if (r === EOF) return fail("unexpected end of input inside braces", pos, pos);
      if (isSpace(r)) {
        start = pos;
      } else if (isAlpha(r)) {
        while (isAlphaNumeric(peek())) next();
        emit("identifier");
      } else if (r === 0x2c) {
        emit("punct");
      } else if (r === 0x22 || r === 0x27 || r === 0x60) {
        const s = scanQuoted(src, start);
        pos = s.end;
        if (s.error !== undefined) return fail(s.error);
        emit("string");
      } else if (r === 0x3d) {
        if (next() !== 0x7e) backup();
        emit(pos - start === 2 ? "operator" : "punct");
      } else if (r === 0x21) {
        const nr = next();
        if (nr !== 0x7e && nr !== 0x3d) return fail(`unexpected character after '!' inside braces: ${goQuoteRune(nr)}`);
        emit("operator");
      } else if (r === 0x7b) {
        return fail(`unexpected left brace ${goQuoteRune(r)}`);
      } else if (r === 0x7d) {
        emit("punct");
        braceOpen = false;
      } else {
        return fail(`unexpected character inside braces: ${goQuoteRune(r)}`);
      }
      continue;
    }

    if (inDurationExpr) {
      const failed = durationExprStep();
      if (failed !== undefined) return failed;
      continue;
    }
    if (src.startsWith("#", pos)) {
      skipLineComment();
      continue;
    }
    const r = next();
    if (r === EOF) {
      if (parenDepth !== 0) return fail("unclosed left parenthesis", pos, pos);
      if (bracketOpen) return fail("unclosed left bracket", pos, pos);
      return { tokens };
    }
    // One-byte characters come from V8's single-character string cache: no allocation.
    const c = r < 0x80 ? String.fromCharCode(r) : String.fromCodePoint(r);
    if (isSpace(r)) {
      start = pos;
    } else if (c === ",") {
      emit("punct");
    } else if ("*/%+-^".includes(c)) {
      emit("operator");
    } else if (c === "=") {
      const t = peek();
      if (t === 0x3d) {
        next();
        emit("operator");
      } else if (t === 0x7e) {
        return fail(`unexpected character after '=': ${goQuoteRune(t)}`);
      } else {
        emit("punct");
      }
    } else if (c === "!") {
      const t = next();
      if (t !== 0x3d) return fail(`unexpected character after '!': ${goQuoteRune(t)}`);
      emit("operator");
    } else if (c === "<" || c === ">") {
      if (peek() === 0x3d || (trimOperators && peek() === 0x2f)) next();
      emit("operator");
    } else if (isDigit(r) || (c === "." && isDigit(peek()))) {
      backup();
      const failed = numberOrDuration();
      if (failed !== undefined) return failed;
    } else if (c === '"' || c === "'" || c === "`") {
      const s = scanQuoted(src, start);
      pos = s.end;
      if (s.error !== undefined) return fail(s.error);
      emit("string");
    } else if (isAlpha(r) || c === ":") {
      if (!bracketOpen) {
        while (isAlphaNumeric(peek()) || peek() === 0x3a) next();
        const word = src.slice(start, pos);
        const lower = word.toLowerCase();
        let kind = keywords.get(lower);
        // 3.x: `fill`, `fill_left`, `fill_right` are keywords only before `(`, so `fill + fill` still
        // reads two metrics (`lexKeywordOrIdentifier`, lex.go v3.14.0).
        if (kind !== undefined && FILL_KEYWORDS.has(lower) && !followedByParen()) kind = undefined;
        emit(kind ?? (word.includes(":") ? "metric identifier" : "identifier"));
      } else if (durationExpressions) {
        // 3.x inside brackets, after the first duration: `:` or a duration keyword (`[5m:step()]`).
        if (c === ":") {
          if (gotColon) return fail(`unexpected colon ${goQuoteRune(r)}`);
          emit("colon");
          gotColon = true;
        } else if (!(isDurationKeywordStart(r) && scanDurationKeyword())) {
          return fail(`unexpected character: ${goQuoteRune(r)}, expected ':'`);
        }
      } else {
        if (gotColon) return fail(`unexpected colon ${goQuoteRune(r)}`);
        emit("colon");
        gotColon = true;
      }
    } else if (c === "(") {
      emit("punct");
      parenDepth++;
    } else if (c === ")") {
      emit("punct");
      parenDepth--;
      if (parenDepth < 0) return fail(`unexpected right parenthesis ${goQuoteRune(r)}`, pos - 1, pos);
    } else if (c === "{") {
      emit("punct");
      braceOpen = true;
    } else if (c === "[" && durationExpressions) {
      if (bracketOpen) return fail(`unexpected left bracket ${goQuoteRune(r)}`);
      gotColon = false;
      emit("punct");
      while (isSpace(peek())) next();
      start = pos;
      bracketOpen = true;
      inDurationExpr = true;
    } else if (c === "[") {
      if (bracketOpen) return fail(`unexpected left bracket ${goQuoteRune(r)}`);
      gotColon = false;
      bracketOpen = true;
      emit("punct");
      while (isSpace(peek())) next();
      start = pos;
      // Right after `[` 2.42 expects a duration and nothing else.
      if (scanNumber()) return fail("missing unit character in duration");
      if (!acceptRemainingDuration()) return fail(`bad duration syntax: ${goQuote(src.slice(start, pos))}`);
      backup();
      emit("duration");
    } else if (c === "]") {
      if (!bracketOpen) return fail(`unexpected right bracket ${goQuoteRune(r)}`);
      emit("punct");
      bracketOpen = false;
    } else if (c === "@") {
      emit("punct");
    } else {
      return fail(`unexpected character: ${goQuoteRune(r)}`);
    }
  }
}

/**
 * How 2.42 names a token in "unexpected ..." errors (`Item.desc`): `identifier "foo"`,
 * `number "5"`, `<by>`, `<op:+>`, `<aggr:sum>`, `"("`, or `end of input`.
 */
export function describeToken(t: Token | undefined): string {
  if (t === undefined) return "end of input";
  const short = (s: string): string => (s.length > 10 ? `${goQuote(s.slice(0, 10))}...` : goQuote(s));
  switch (t.kind) {
    case "identifier":
    case "metric identifier":
      return `${t.kind} ${goQuote(t.text)}`;
    case "number":
    case "duration":
    case "string":
      return `${t.kind} ${short(t.text)}`;
    case "keyword":
      return `<${t.text}>`;
    case "operator":
      return `<op:${t.text}>`;
    case "aggregator":
      return `<aggr:${t.text}>`;
    default:
      return goQuote(t.text);
  }
}

/** The index of the first token that ends after `pos`, or `tokens.length` if none does. */
export function tokenIndexAt(tokens: readonly Token[], pos: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.to <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The token at or after a position (the first one that ends after `pos`). */
export function tokenAt(tokens: readonly Token[], pos: number): Token | undefined {
  return tokens[tokenIndexAt(tokens, pos)];
}
