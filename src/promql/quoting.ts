/**
 * PromQL string literals as Prometheus 2.42 reads them: which escapes its lexer accepts
 * (`lexString` / `lexEscape` in `promql/parser/lex.go`) and how it unquotes them
 * (`util/strutil.Unquote`, Go's `strconv.Unquote` rules).
 *
 * Go strings are bytes: `"\xff"` is the single byte 0xFF. JavaScript strings are UTF-16, so
 * unquoting decodes the bytes as UTF-8 and replaces invalid sequences with U+FFFD. That only
 * changes values that are not valid UTF-8, which Prometheus cannot store as label values anyway.
 */

import { goRuneU } from "../compat/go/quote.js";

function digitVal(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp >= 0x61 && cp <= 0x66) return cp - 0x61 + 10;
  if (cp >= 0x41 && cp <= 0x46) return cp - 0x41 + 10;
  return 16;
}

/** Where a quoted string literal starting at `from` ends, or the error Prometheus 2.42's lexer stops with. */
export type ScanResult = { readonly end: number; readonly error?: undefined } | { readonly end: number; readonly error: string };

/**
 * Scans the string literal whose opening quote (`"`, `'` or `` ` ``) is at `from`, with 2.42's
 * lexer rules: no newline in `"`/`'` strings, escapes `\a \b \f \n \r \t \v \\`, the opening
 * quote, 3 octal digits (at most 255), `\xHH`, `\uHHHH`, `\UHHHHHHHH` (valid code points only).
 * `end` is just past the closing quote, or where scanning stopped on error.
 */
export function scanQuoted(src: string, from: number): ScanResult {
  const quote = src.charCodeAt(from);
  let pos = from + 1;
  const next = (): number => {
    if (pos >= src.length) return -1;
    const cp = src.codePointAt(pos)!;
    pos += cp > 0xffff ? 2 : 1;
    return cp;
  };
  if (quote === 0x60) {
    for (;;) {
      const r = next();
      if (r === -1) return { end: pos, error: "unterminated raw string" };
      if (r === quote) return { end: pos };
    }
  }
  for (;;) {
    const r = next();
    if (r === -1 || r === 0x0a) return { end: pos, error: "unterminated quoted string" };
    if (r === quote) return { end: pos };
    if (r !== 0x5c) continue;
    let ch = next();
    let n: number;
    let base: number;
    let max: number;
    if (ch === -1) return { end: pos, error: "escape sequence not terminated" };
    const c = String.fromCodePoint(ch);
    if ("abfnrtv\\".includes(c) || ch === quote) continue;
    if (c >= "0" && c <= "7") [n, base, max] = [3, 8, 255];
    else if (c === "x") [n, base, max, ch] = [2, 16, 255, next()];
    else if (c === "u") [n, base, max, ch] = [4, 16, 0x10ffff, next()];
    else if (c === "U") [n, base, max, ch] = [8, 16, 0x10ffff, next()];
    else return { end: pos, error: `unknown escape sequence ${goRuneU(ch)}` };
    let x = 0;
    while (n > 0) {
      const d = ch === -1 ? 16 : digitVal(ch);
      if (d >= base) {
        if (ch === -1) return { end: pos, error: "escape sequence not terminated" };
        return { end: pos, error: `illegal character ${goRuneU(ch)} in escape sequence` };
      }
      x = x * base + d;
      n--;
      if (n > 0) ch = next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) return { end: pos, error: "escape sequence is an invalid Unicode code point" };
  }
}

function isCodePoint(hex: string, len: number): boolean {
  if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return false;
  const cp = parseInt(hex, 16);
  return cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

/**
 * The value of a string literal (with its quotes), unquoted like Go's `strconv.Unquote`.
 * Assumes the literal passed {@link scanQuoted}; anything malformed is kept as written.
 */
export function unquote(raw: string): string {
  const quote = raw[0];
  if (raw.length < 2 || raw[raw.length - 1] !== quote) return raw.slice(1);
  const body = raw.slice(1, -1);
  if (quote === "`" || !body.includes("\\")) return body;
  const bytes: number[] = [];
  const pushText = (s: string): void => {
    for (const b of encoder.encode(s)) bytes.push(b);
  };
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      pushText(ch);
      i += ch.length;
      continue;
    }
    const e = body[i + 1] ?? "";
    i += 2;
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, "'": 39, '"': 34 };
    if (simple[e] !== undefined) {
      bytes.push(simple[e]!);
    } else if (e >= "0" && e <= "7" && /^[0-7]{3}$/.test(body.slice(i - 1, i + 2))) {
      bytes.push(parseInt(body.slice(i - 1, i + 2), 8) & 0xff);
      i += 2;
    } else if (e === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i, i + 2))) {
      bytes.push(parseInt(body.slice(i, i + 2), 16));
      i += 2;
    } else if ((e === "u" || e === "U") && isCodePoint(body.slice(i, i + (e === "u" ? 4 : 8)), e === "u" ? 4 : 8)) {
      const len = e === "u" ? 4 : 8;
      pushText(String.fromCodePoint(parseInt(body.slice(i, i + len), 16)));
      i += len;
    } else {
      pushText("\\" + e);
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}
