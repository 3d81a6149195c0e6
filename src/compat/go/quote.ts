/**
 * Go's quoting of strings and runes in `fmt` verbs, for messages that must read exactly as
 * Prometheus and promtool print them (both format user text with `%q`, and lexers name runes
 * with `%#U`).
 *
 * Mirrors Go 1.19 (the toolchain Debian built promtool 2.42 with; unchanged since):
 * - `strconv.Quote` / `QuoteRune` (src/strconv/quote.go `appendQuotedWith`, `appendEscapedRune`),
 *   which `%q` uses;
 * - `fmt`'s `%#U` (src/fmt/format.go `fmtUnicode`);
 * - `strconv.IsPrint` (src/strconv/isprint.go): letters, marks, numbers, punctuation, symbols and
 *   the ASCII space, nothing else (so U+00A0 and U+2028 are escaped).
 *
 * Go strings are bytes and JavaScript's are UTF-16, so invalid UTF-8 (which Go escapes as `\xff`)
 * cannot reach these functions; a lone surrogate is escaped as `\udXXX`.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** `strconv.IsPrint`. */
export function isGoPrintable(cp: number): boolean {
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const NAMED: Readonly<Record<number, string>> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 0x5c: "\\\\" };

/** `appendEscapedRune`: the rune as it appears inside quotes delimited by `quote`. */
function escapeRune(cp: number, quote: number): string {
  if (cp === quote) return `\\${String.fromCodePoint(cp)}`;
  const named = NAMED[cp];
  if (named !== undefined) return named;
  if (isGoPrintable(cp)) return String.fromCodePoint(cp);
  if (cp < 0x80) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/**
 * `strconv.Quote`, which `%q` of a string prints: `"a\"b"`, `"tab\there"`, `"nbsp\u00a0"`,
 * `"del\x7f"`; printable Unicode is kept (`"é"`).
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, 0x22);
  return `${out}"`;
}

/**
 * `strconv.QuoteRune`, which `%q` of a rune prints: `'a'`, `'\n'`, `'\''`, `'\u00a0'`. A code point
 * out of range (also -1, for end of input) is quoted as U+FFFD, as Go quotes `utf8.RuneError`.
 */
export function goQuoteRune(cp: number): string {
  if (cp < 0 || cp > 0x10ffff) cp = 0xfffd;
  return `'${escapeRune(cp, 0x27)}'`;
}

/** `%#U` of a rune: `U+0071 'q'`, the quoted character only when printable (`U+0007`). */
export function goRuneU(cp: number): string {
  if (cp < 0 || cp > 0x10ffff) cp = 0xfffd;
  const hex = cp.toString(16).toUpperCase().padStart(4, "0");
  return isGoPrintable(cp) ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`;
}
