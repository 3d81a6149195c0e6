/**
 * Small text helpers the stub renderers share: string literals, number literals and doc
 * comments of Rust and TypeScript.
 */
import { formatNumber } from "../../model/numbers.js";

/** A Rust string literal: `"…"` with `\\`, `\"`, and control characters escaped. */
export function rustString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Rust `f64` literal with exact decimals: `25.0`, `0.5`, `-1.0`. */
export function rustF64(n: number): string {
  const s = formatNumber(n);
  return /[.]/.test(s) ? s : `${s}.0`;
}

/** A TypeScript (JSON) string literal. */
export function tsString(s: string): string {
  return JSON.stringify(s);
}

/** A TypeScript number literal with exact decimals. */
export function tsNumber(n: number): string {
  return formatNumber(n);
}

/** Rust doc comment lines (`///` or `//!`), indented. */
export function rustDoc(lines: readonly string[], indent = "", marker = "///"): string {
  return lines.map((l) => (l === "" ? `${indent}${marker}\n` : `${indent}${marker} ${l}\n`)).join("");
}

/** A TSDoc block, indented; `*\/` inside the text is broken up so it cannot end the comment. */
export function tsDoc(lines: readonly string[], indent = ""): string {
  const safe = lines.map((l) => l.replace(/\*\//g, "*\\/"));
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((l) => (l === "" ? `${indent} *\n` : `${indent} * ${l}\n`)).join("")}${indent} */\n`;
}
