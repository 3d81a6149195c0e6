/**
 * Validity of Go literals inside template actions, as `text/template/parse` checks them with `strconv`
 * (`Unquote`, `UnquoteChar`, `ParseInt`/`ParseUint`/`ParseFloat` with base 0). Each function returns Go's
 * error text, or undefined when Go accepts the literal.
 */
import { goQuote } from "../compat/go/quote.js";

const SIMPLE_ESCAPES = "abfnrtv\\";

/**
 * Reads one escape sequence starting after the backslash at `s[i]`; returns the index after it, or -1
 * when Go's `strconv.UnquoteChar` rejects it. `quote` is the enclosing quote, the only one that may be
 * escaped.
 */
function skipEscape(s: string, i: number, quote: string): number {
  const c = s[i];
  if (c === undefined) return -1;
  if (SIMPLE_ESCAPES.includes(c) || c === quote) return i + 1;
  const hex = (n: number, max: number): number => {
    const digits = s.slice(i + 1, i + 1 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(digits)) return -1;
    const v = Number.parseInt(digits, 16);
    if (v > max || (n > 2 && v >= 0xd800 && v < 0xe000)) return -1;
    return i + 1 + n;
  };
  switch (c) {
    case "x":
      return hex(2, 0xff);
    case "u":
      return hex(4, 0x10ffff);
    case "U":
      return hex(8, 0x10ffff);
    default:
      break;
  }
  if (c >= "0" && c <= "7") {
    const digits = s.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return -1;
    return i + 3;
  }
  return -1;
}

/**
 * `strconv.Unquote` on a lexed string token (`"…"` or `` `…` ``): the string's value, or undefined when Go
 * rejects it (Go's message is then "invalid syntax").
 */
export function goUnquote(text: string): string | undefined {
  if (text.startsWith("`")) {
    return text.length >= 2 && text.endsWith("`") ? text.slice(1, -1).replaceAll("\r", "") : undefined;
  }
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (c === '"') return undefined;
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    const end = skipEscape(body, i + 1, '"');
    if (end < 0) return undefined;
    out += decodeEscape(body.slice(i + 1, end));
    i = end;
  }
  return out;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** The character an escape sequence (without its backslash) stands for; bytes map to U+0000–U+00FF. */
function decodeEscape(seq: string): string {
  const named = NAMED_ESCAPES[seq];
  if (named !== undefined) return named;
  if (/^[xuU]/.test(seq)) return String.fromCodePoint(Number.parseInt(seq.slice(1), 16));
  if (/^[0-7]{3}$/.test(seq)) return String.fromCodePoint(Number.parseInt(seq, 8));
  return seq;
}

/** A character constant (`'a'`, `'\n'`), as `parse.Tree.newNumber` checks it. */
export function charConstantError(text: string): string | undefined {
  const body = text.slice(1);
  let end: number;
  if (body[0] === "\\") end = skipEscape(body, 1, "'");
  else if (body[0] === "'" || body.length === 0) end = -1;
  else end = String.fromCodePoint(body.codePointAt(0)!).length;
  if (end < 0) return "invalid syntax";
  if (body.slice(end) !== "'") return `malformed character constant: ${text}`;
  return undefined;
}

const DEC = "\\d(?:_?\\d)*";
const HEX = "[0-9a-fA-F](?:_?[0-9a-fA-F])*";
const INT_RE = new RegExp(`^[+-]?(?:0[xX]_?${HEX}|0[bB]_?[01](?:_?[01])*|0[oO]_?[0-7](?:_?[0-7])*|0(?:_?[0-7])*|[1-9](?:_?\\d)*)$`);
const DEC_FLOAT_RE = new RegExp(`^[+-]?(?:${DEC}(?:\\.(?:${DEC})?)?|\\.${DEC})(?:[eE][+-]?${DEC})?$`);
const HEX_FLOAT_RE = new RegExp(`^[+-]?0[xX](?:_?${HEX}(?:\\.(?:${HEX})?)?|_?\\.${HEX})[pP][+-]?${DEC}$`);

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function parseGoInt(text: string): bigint | undefined {
  if (!INT_RE.test(text)) return undefined;
  const negative = text.startsWith("-");
  let body = text.replace(/^[+-]/, "").replaceAll("_", "");
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  const v = BigInt(body.replace(/^0([xXbBoO])/, (_m, p: string) => `0${p.toLowerCase()}`));
  return negative ? -v : v;
}

/**
 * A number token (not a character constant or complex literal), as `parse.Tree.newNumber` checks it:
 * integers must fit int64 or uint64; a float literal without `.`, `e` or `p` that only parses as a float is
 * an "integer overflow".
 */
export function numberError(text: string): string | undefined {
  const quoted = goQuote(text);
  if (text.endsWith("i") && isGoFloat(text.slice(0, -1))) return undefined;
  const int = parseGoInt(text);
  if (int !== undefined && int >= INT64_MIN && int <= UINT64_MAX) return undefined;
  if (isGoFloat(text)) {
    return /[.eEpP]/.test(text) ? undefined : `integer overflow: ${quoted}`;
  }
  return `illegal number syntax: ${quoted}`;
}

function isGoFloat(text: string): boolean {
  return DEC_FLOAT_RE.test(text) || HEX_FLOAT_RE.test(text);
}
