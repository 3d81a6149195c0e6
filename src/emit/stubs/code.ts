/**
 * Every way catalog text enters the stubs, one function per language and position: string
 * literals (Rust, TypeScript, TOML), doc comments (Rust `///`/`//!`, TSDoc) and the Markdown
 * inside those doc comments. Whatever a catalog string holds, a literal evaluates to exactly
 * that string and a comment stays a comment that renders the text as written; nothing it holds
 * becomes code, a doc test, a TSDoc tag or raw HTML.
 */
import { formatNumber } from "../../model/numbers.js";
import { codeSpan, escapeParagraphs, escapeText } from "../runbooks/markdown.js";

/**
 * Code points written as escapes in string literals and made visible in comments:
 * - controls (C0, DEL, C1): a bare CR is an error in Rust doc comments and string literals, a
 *   line break would end a line comment, the rest are invisible;
 * - U+2028 and U+2029, which end a JavaScript line comment;
 * - the bidirectional formatting characters rustc denies in comments and literals
 *   (`text_direction_codepoint_in_comment` / `_in_literal`: U+202A–U+202E, U+2066–U+2069), and
 *   the invisible direction marks U+200E, U+200F and U+061C, which reorder text just as well.
 * Tab is left alone: it is harmless everywhere it can appear.
 */
function isHidden(cp: number): boolean {
  return (
    (cp < 0x20 && cp !== 0x09) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x200e ||
    cp === 0x200f ||
    cp === 0x061c
  );
}

function isLoneSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff;
}

/** Catalog validation refuses lone surrogates: no UTF-8 file can hold one, and Rust cannot escape one. */
function assertWellFormed(s: string): void {
  // With the `u` flag a surrogate pair is one code point, so this matches lone surrogates only.
  if (/[\ud800-\udfff]/u.test(s)) throw new Error(`obsgen bug: a lone surrogate reached the stub generator in ${JSON.stringify(s)}`);
}

const hex = (cp: number, width: number) => cp.toString(16).padStart(width, "0");

// ---------------------------------------------------------------------------------------------
// String literals

/**
 * A Rust string literal: `\\`, `\"`, `\n`, `\r`, `\t`, and every hidden code point as
 * `\u{…}`. The Rust reference (tokens, string literals) allows any other character as is.
 */
export function rustString(s: string): string {
  assertWellFormed(s);
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (isHidden(cp)) out += `\\u{${hex(cp, 1)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A TypeScript string literal: JSON's escapes (`\"`, `\\`, control characters as `\u00XX`),
 * and the other hidden code points as `\uXXXX` (U+2028 and U+2029 are legal in string literals
 * since ES2019, but not in older parsers, and invisible in all of them).
 */
export function tsString(s: string): string {
  assertWellFormed(s);
  return JSON.stringify(s).replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${hex(c.codePointAt(0)!, 4)}`);
}

/**
 * A TOML basic string (TOML 1.0, "String"): `\\`, `\"`, the short escapes `\b \t \n \f \r`, and
 * every other hidden code point as `\uXXXX`: TOML refuses raw control characters other than tab
 * in a basic string, and `\u{…}` is Rust syntax, not TOML's.
 */
export function tomlString(s: string): string {
  assertWellFormed(s);
  const short: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += short[ch] ?? (isHidden(cp) ? `\\u${hex(cp, 4)}` : ch);
  }
  return `${out}"`;
}

/** A Rust `f64` literal with exact decimals: `25.0`, `0.5`, `-1.0`. */
export function rustF64(n: number): string {
  const s = formatNumber(n);
  return /[.]/.test(s) ? s : `${s}.0`;
}

/** A TypeScript number literal with exact decimals. */
export function tsNumber(n: number): string {
  return formatNumber(n);
}

// ---------------------------------------------------------------------------------------------
// Markdown of doc comments. rustdoc and TSDoc read doc comments as CommonMark: catalog text there
// is plain text, escaped like the runbooks' (a fenced or indented block in a Rust doc comment is a
// doc test that `cargo test` compiles and runs; `<script>` would be raw HTML in `cargo doc`).

/** Catalog text as inline Markdown on one line (line breaks become spaces), rendering as written. */
export function mdText(text: string): string {
  return escapeText(text);
}

/** Catalog text (a name, a label value, an expression) as a code span on one line. */
export function mdCode(text: string): string {
  return codeSpan(text);
}

/**
 * Catalog text of several paragraphs as Markdown lines: each line escaped as `mdText`, one empty
 * line between paragraphs; never a line that could open a code block.
 */
export function mdParagraphs(text: string): string[] {
  const md = escapeParagraphs(text);
  return md === "" ? [] : md.split("\n");
}

// ---------------------------------------------------------------------------------------------
// Doc comments. Each entry of `lines` is one comment line of Markdown (generated text, with
// catalog text escaped by the md* helpers above). These make sure that a line stays one comment
// line that the compiler accepts, even if an entry still held a line break or a hidden code point.

/** Hidden code points as visible `\u{…}` text, so no line break or direction change reaches a comment. */
function commentSafe(line: string): string {
  let out = "";
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    out += isHidden(cp) || isLoneSurrogate(cp) ? `\\u{${hex(cp, 4)}}` : ch;
  }
  return out;
}

/** Rust doc comment lines (`///` or `//!`), indented. */
export function rustDoc(lines: readonly string[], indent = "", marker = "///"): string {
  return lines
    .map(commentSafe)
    .map((l) => (l === "" ? `${indent}${marker}\n` : `${indent}${marker} ${l}\n`))
    .join("");
}

/**
 * A TSDoc block, indented. `*\/` inside the text is broken up so it cannot end the comment, and
 * an `@` after whitespace or `{` is escaped (`\@`): TypeScript reads `@deprecated` anywhere in a
 * line as a tag, code spans included.
 */
export function tsDoc(lines: readonly string[], indent = ""): string {
  const safe = lines.map((l) =>
    commentSafe(l)
      .replace(/\*\//g, "*\\/")
      .replace(/(^|[\s{])@/g, "$1\\@"),
  );
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((l) => (l === "" ? `${indent} *\n` : `${indent} * ${l}\n`)).join("")}${indent} */\n`;
}
