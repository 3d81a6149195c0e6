/**
 * Lexer for Go's `text/template` action syntax, as `text/template/parse` (Go 1.19, the toolchain Debian
 * built promtool 2.42 with) tokenises it. Only what parsing needs: token kinds, offsets and the exact
 * error texts Go reports. `rulefile/go-template-parser.ts` reproduces `promtool check rules` messages
 * from it, and `emit/rule-tests/go-template.ts` expands alert templates with it.
 *
 * Upstream: https://github.com/golang/go/blob/go1.19/src/text/template/parse/lex.go
 */
import { goQuote, goRuneU } from "./quote.js";

/** Keyword token kinds: Go prints these as `<if>`, `<end>`, `<.>`. */
const KEYWORDS = {
  ".": "dot",
  block: "block",
  break: "break",
  continue: "continue",
  define: "define",
  else: "else",
  end: "end",
  if: "if",
  nil: "nil",
  range: "range",
  template: "template",
  with: "with",
} as const;

export type KeywordKind = (typeof KEYWORDS)[keyof typeof KEYWORDS];

export type TokenKind =
  | KeywordKind
  | "error"
  | "bool"
  | "char"
  | "charConstant"
  | "complex"
  | "assign"
  | "declare"
  | "eof"
  | "field"
  | "identifier"
  | "leftDelim"
  | "leftParen"
  | "number"
  | "pipe"
  | "rawString"
  | "rightDelim"
  | "rightParen"
  | "space"
  | "string"
  | "text"
  | "variable";

const KEYWORD_KINDS: ReadonlySet<TokenKind> = new Set(Object.values(KEYWORDS));

export interface Token {
  readonly kind: TokenKind;
  /** 0-based offset of the token's first character in the template text. */
  readonly pos: number;
  /** The token's text; for `error` tokens, the error message. */
  readonly val: string;
  /** 1-based line of `pos`, as Go counts it for `template: NAME:LINE:` prefixes. */
  readonly line: number;
}

const LEFT_DELIM = "{{";
const RIGHT_DELIM = "}}";
const LEFT_COMMENT = "/*";
const RIGHT_COMMENT = "*/";
const TRIM_MARKER_LEN = 2;

const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlphaNumeric = (c: string | undefined): boolean => c !== undefined && (c === "_" || /^[\p{L}\p{Nd}]$/u.test(c));
const hasLeftTrimMarker = (s: string, at: number): boolean => s[at] === "-" && isSpace(s[at + 1]);
const hasRightTrimMarker = (s: string, at: number): boolean => isSpace(s[at]) && s[at + 1] === "-";

/**
 * Splits `input` into tokens. Like Go's lexer it stops after the first `error` token, so the parser meets
 * lexical errors exactly where Go's parser would (only when it reads that far).
 */
export function lexTemplate(input: string): Token[] {
  const tokens: Token[] = [];
  const newlines: number[] = [];
  for (let i = input.indexOf("\n"); i >= 0; i = input.indexOf("\n", i + 1)) newlines.push(i);
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };

  let start = 0;
  let pos = 0;
  let parenDepth = 0;
  let done = false;

  const emit = (kind: TokenKind): void => {
    tokens.push({ kind, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const fail = (message: string): void => {
    tokens.push({ kind: "error", pos: start, val: message, line: lineAt(start) });
    done = true;
  };
  let lastWidth = 0;
  /** Reads one code point; `undefined` at the end of input (and then backup() is a no-op, as in Go). */
  const nextTracked = (): string | undefined => {
    if (pos >= input.length) {
      lastWidth = 0;
      return undefined;
    }
    const ch = String.fromCodePoint(input.codePointAt(pos)!);
    lastWidth = ch.length;
    pos += ch.length;
    return ch;
  };
  const backup = (): void => {
    pos -= lastWidth;
    lastWidth = 0;
  };
  const peek = (): string | undefined => {
    if (pos >= input.length) return undefined;
    return String.fromCodePoint(input.codePointAt(pos)!);
  };
  const accept = (valid: string): boolean => {
    const c = peek();
    if (c !== undefined && valid.includes(c)) {
      pos += c.length;
      return true;
    }
    return false;
  };
  const acceptRun = (valid: string): void => {
    while (accept(valid));
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT_DELIM, pos + TRIM_MARKER_LEN)) {
      return { delim: true, trim: true };
    }
    return { delim: input.startsWith(RIGHT_DELIM, pos), trim: false };
  };
  // Go checks the first rune of the right delimiter too, so `{{.x}` ends the field at `}`.
  const atTerminator = (): boolean => {
    const c = peek();
    if (c === undefined || isSpace(c)) return true;
    if (".,|:)(".includes(c)) return true;
    return c === RIGHT_DELIM[0];
  };
  const leftTrimLength = (from: number): number => {
    let i = from;
    while (isSpace(input[i])) i++;
    return i - from;
  };

  type State = () => State | undefined;

  const lexText: State = () => {
    const x = input.indexOf(LEFT_DELIM, pos);
    if (x >= 0) {
      if (x > pos) {
        pos = x;
        let trimLength = 0;
        if (hasLeftTrimMarker(input, pos + LEFT_DELIM.length)) {
          let j = pos;
          while (j > start && isSpace(input[j - 1])) j--;
          trimLength = pos - j;
        }
        pos -= trimLength;
        if (pos > start) emit("text");
        pos += trimLength;
        start = pos;
      }
      return lexLeftDelim;
    }
    pos = input.length;
    if (pos > start) emit("text");
    emit("eof");
    return undefined;
  };

  const lexLeftDelim: State = () => {
    pos += LEFT_DELIM.length;
    const trim = hasLeftTrimMarker(input, pos);
    const afterMarker = trim ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      start = pos;
      return lexComment;
    }
    emit("leftDelim");
    pos += afterMarker;
    start = pos;
    parenDepth = 0;
    return lexInsideAction;
  };

  const lexComment: State = () => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) {
      fail("unclosed comment");
      return undefined;
    }
    pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) {
      fail("comment ends before closing delimiter");
      return undefined;
    }
    // Comments are dropped: Prometheus does not ask for parse.ParseComments.
    if (trim) pos += TRIM_MARKER_LEN;
    pos += RIGHT_DELIM.length;
    if (trim) pos += leftTrimLength(pos);
    start = pos;
    return lexText;
  };

  const lexRightDelim: State = () => {
    const trim = hasRightTrimMarker(input, pos);
    if (trim) {
      pos += TRIM_MARKER_LEN;
      start = pos;
    }
    pos += RIGHT_DELIM.length;
    emit("rightDelim");
    if (trim) {
      pos += leftTrimLength(pos);
      start = pos;
    }
    return lexText;
  };

  const lexInsideAction: State = () => {
    const { delim } = atRightDelim();
    if (delim) {
      if (parenDepth === 0) return lexRightDelim;
      fail("unclosed left paren");
      return undefined;
    }
    const r = nextTracked();
    if (r === undefined) {
      fail("unclosed action");
      return undefined;
    }
    if (isSpace(r)) {
      backup(); // put the space back in case we have " -}}"
      return lexSpace;
    }
    switch (r) {
      case "=":
        emit("assign");
        return lexInsideAction;
      case ":":
        if (nextTracked() !== "=") {
          fail("expected :=");
          return undefined;
        }
        emit("declare");
        return lexInsideAction;
      case "|":
        emit("pipe");
        return lexInsideAction;
      case '"':
        return lexQuote;
      case "`":
        return lexRawQuote;
      case "$":
        return lexVariable;
      case "'":
        return lexChar;
      case "(":
        emit("leftParen");
        parenDepth++;
        return lexInsideAction;
      case ")":
        emit("rightParen");
        parenDepth--;
        if (parenDepth < 0) {
          fail(`unexpected right paren ${goRuneU(r.codePointAt(0)!)}`);
          return undefined;
        }
        return lexInsideAction;
      default:
        break;
    }
    if (r === ".") {
      // ".field" unless a digit follows, in which case '.' starts a number.
      const c = input[pos];
      if (c !== undefined && (c < "0" || c > "9")) return lexField;
    }
    if (r === "." || r === "+" || r === "-" || (r >= "0" && r <= "9")) {
      backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      backup();
      return lexIdentifier;
    }
    const cp = r.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) {
      emit("char");
      return lexInsideAction;
    }
    fail(`unrecognized character in action: ${goRuneU(r.codePointAt(0)!)}`);
    return undefined;
  };

  const lexSpace: State = () => {
    let numSpaces = 0;
    while (isSpace(peek())) {
      pos++;
      numSpaces++;
    }
    // A trim-marked closing delimiter has a minus after a space: leave that space for it.
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT_DELIM, pos - 1 + TRIM_MARKER_LEN)) {
      pos--;
      if (numSpaces === 1) return lexInsideAction;
    }
    emit("space");
    return lexInsideAction;
  };

  const lexIdentifier: State = () => {
    for (;;) {
      const r = nextTracked();
      if (isAlphaNumeric(r)) continue;
      backup();
      const word = input.slice(start, pos);
      if (!atTerminator()) {
        fail(`bad character ${goRuneU(r?.codePointAt(0) ?? 0)}`);
        return undefined;
      }
      const keyword = (KEYWORDS as Record<string, KeywordKind>)[word];
      if (keyword !== undefined) emit(keyword);
      else if (word === "true" || word === "false") emit("bool");
      else emit("identifier");
      return lexInsideAction;
    }
  };

  const lexFieldOrVariable = (kind: "field" | "variable"): State | undefined => {
    if (atTerminator()) {
      emit(kind === "variable" ? "variable" : "dot");
      return lexInsideAction;
    }
    let r: string | undefined;
    for (;;) {
      r = nextTracked();
      if (!isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) {
      fail(`bad character ${goRuneU(r?.codePointAt(0) ?? 0)}`);
      return undefined;
    }
    emit(kind);
    return lexInsideAction;
  };
  const lexField: State = () => lexFieldOrVariable("field");
  const lexVariable: State = () => lexFieldOrVariable("variable");

  /** A quoted constant up to `quote`, backslash escapes skipped; it must end on its line. */
  const lexQuoted =
    (quote: string, unterminated: string, kind: "charConstant" | "string"): State =>
    () => {
      for (;;) {
        let r = nextTracked();
        if (r === "\\") {
          r = nextTracked();
          if (r !== undefined && r !== "\n") continue;
        }
        if (r === undefined || r === "\n") {
          fail(unterminated);
          return undefined;
        }
        if (r === quote) break;
      }
      emit(kind);
      return lexInsideAction;
    };

  const lexChar: State = lexQuoted("'", "unterminated character constant", "charConstant");

  const scanNumber = (): boolean => {
    accept("+-");
    let digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) digits = "0123456789abcdefABCDEF_";
      else if (accept("oO")) digits = "01234567_";
      else if (accept("bB")) digits = "01_";
    }
    acceptRun(digits);
    if (accept(".")) acceptRun(digits);
    if (digits.length === 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length === 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (isAlphaNumeric(peek())) {
      nextTracked();
      return false;
    }
    return true;
  };

  const lexNumber: State = () => {
    if (!scanNumber()) {
      fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
      return undefined;
    }
    const sign = peek();
    if (sign === "+" || sign === "-") {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!scanNumber() || input[pos - 1] !== "i") {
        fail(`bad number syntax: ${goQuote(input.slice(start, pos))}`);
        return undefined;
      }
      emit("complex");
    } else {
      emit("number");
    }
    return lexInsideAction;
  };

  const lexQuote: State = lexQuoted('"', "unterminated quoted string", "string");

  const lexRawQuote: State = () => {
    for (;;) {
      const r = nextTracked();
      if (r === undefined) {
        fail("unterminated raw quoted string");
        return undefined;
      }
      if (r === "`") break;
    }
    emit("rawString");
    return lexInsideAction;
  };

  let state: State | undefined = lexText;
  while (state !== undefined && !done) state = state();
  return tokens;
}

/** Whether Go prints the token kind as `<word>`. */
function isKeyword(kind: TokenKind): boolean {
  return KEYWORD_KINDS.has(kind);
}

/** Go's `item.String()`, used in "unexpected X in Y" messages. */
export function describeToken(token: Token): string {
  if (token.kind === "eof") return "EOF";
  if (token.kind === "error") return token.val;
  if (isKeyword(token.kind)) return `<${token.val}>`;
  const chars = [...token.val];
  if (chars.length > 10) return `${goQuote(chars.slice(0, 10).join(""))}...`;
  return goQuote(token.val);
}
