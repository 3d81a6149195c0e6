/**
 * Maps a position inside a scalar's value (an offset in a PromQL expression or a template) back to the
 * file. Each style is decoded again here while recording where every character came from; the result is
 * trusted only if it equals the value the YAML parser produced, otherwise the scalar's start is used.
 *
 * YAML 1.2 §7.3 (flow scalars: line folding, escapes) and §8.1 (block scalars: indentation, folding).
 */
import type { TextValue } from "./model.js";
import { DOUBLE_QUOTED_ESCAPES } from "./yaml-escapes.js";

/** Decoded text and, per UTF-16 unit of it, the file offset it comes from. */
interface Decoded {
  text: string;
  offsets: number[];
}

const cache = new WeakMap<TextValue, readonly number[] | null>();

/**
 * File offset of the character at `index` in `scalar.value` (`index === value.length` is the end).
 * Falls back to the scalar's start when its style cannot be mapped exactly.
 *
 * @example
 *   // expr: "rate(x[5m]"  →  index 4 (the "(") maps to the file offset of "(" past the opening quote
 */
export function scalarOffset(fileText: string, scalar: TextValue, index: number): number {
  let offsets = cache.get(scalar);
  if (offsets === undefined) {
    offsets = mapScalar(fileText, scalar) ?? null;
    cache.set(scalar, offsets);
  }
  if (offsets === null) return scalar.range[0];
  const i = Math.max(0, Math.min(index, offsets.length - 1));
  return offsets[i]!;
}

function mapScalar(fileText: string, scalar: TextValue): number[] | undefined {
  const [start, end] = scalar.range;
  let decoded: Decoded | undefined;
  switch (scalar.style) {
    case "plain":
      decoded = foldFlow(fileText, start, end, false);
      break;
    case "single-quoted":
    case "double-quoted":
      decoded = foldFlow(fileText, start + 1, end - 1, scalar.style === "double-quoted");
      break;
    case "literal":
    case "folded":
      decoded = decodeBlock(fileText, start, end, scalar.style === "folded");
      break;
    default:
      return undefined;
  }
  if (decoded === undefined) return undefined;
  // Block chomping only changes trailing line breaks; compare without them and pad the map.
  const trim = (s: string): string => s.replace(/\n+$/, "");
  if (trim(decoded.text) !== trim(scalar.value)) return undefined;
  // Past the decoded text (trailing line breaks, the end): just after its last character.
  const last = decoded.offsets[decoded.offsets.length - 1];
  const after = last === undefined ? start : last + 1;
  const offsets = decoded.offsets.slice(0, scalar.value.length + 1);
  while (offsets.length <= scalar.value.length) offsets.push(after);
  return offsets;
}

const isBlank = (c: string | undefined): boolean => c === " " || c === "\t";

/** Splits [from, to) into lines: [start, end) of each, end excluding "\r\n" or "\n". */
function lines(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = from;
  for (;;) {
    const nl = text.indexOf("\n", s);
    if (nl < 0 || nl >= to) {
      out.push([s, to]);
      return out;
    }
    out.push([s, nl > s && text[nl - 1] === "\r" ? nl - 1 : nl]);
    s = nl + 1;
  }
}

const HEX_ESCAPE_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Flow scalar content in [from, to): plain (no escapes), single-quoted (`''`) or double-quoted. Line
 * breaks fold to a space, or to n-1 newlines across n breaks; an escaped break in double quotes joins.
 */
function foldFlow(text: string, from: number, to: number, doubleQuoted: boolean): Decoded | undefined {
  const out: Decoded = { text: "", offsets: [] };
  const push = (s: string, at: number): void => {
    out.text += s;
    for (let k = 0; k < s.length; k++) out.offsets.push(at);
  };
  const all = lines(text, from, to);
  let emptyLines = 0;
  let joinNext = false;
  let previousBreak = from;
  for (let li = 0; li < all.length; li++) {
    let [a, b] = all[li]!;
    const first = li === 0;
    const last = li === all.length - 1;
    if (!first) while (a < b && isBlank(text[a])) a++;
    let escapedBreak = false;
    if (!last) {
      if (doubleQuoted && endsWithEscape(text, a, b)) {
        escapedBreak = true;
        b--;
      } else {
        while (b > a && isBlank(text[b - 1])) b--;
      }
    }
    if (!first && !last && a === b && !escapedBreak) {
      emptyLines++;
      continue;
    }
    if (!first) {
      if (emptyLines > 0) push("\n".repeat(emptyLines), previousBreak);
      else if (!joinNext) push(" ", previousBreak);
    }
    emptyLines = 0;
    joinNext = escapedBreak;
    if (!decodeSegment(text, a, b, doubleQuoted, push)) return undefined;
    previousBreak = all[li]![1];
  }
  return out;
}

/** Whether [a, b) ends in a backslash that is itself not escaped. */
function endsWithEscape(text: string, a: number, b: number): boolean {
  let n = 0;
  while (b - 1 - n >= a && text[b - 1 - n] === "\\") n++;
  return n % 2 === 1;
}

function decodeSegment(text: string, a: number, b: number, doubleQuoted: boolean, push: (s: string, at: number) => void): boolean {
  for (let i = a; i < b; ) {
    const c = text[i]!;
    if (!doubleQuoted) {
      // In single quotes '' is one quote; in plain scalars it cannot occur.
      push(c, i);
      i += c === "'" && text[i + 1] === "'" ? 2 : 1;
      continue;
    }
    if (c !== "\\") {
      push(c, i);
      i++;
      continue;
    }
    const e = text[i + 1] ?? "";
    const simple = DOUBLE_QUOTED_ESCAPES[e];
    if (simple !== undefined) {
      push(simple, i);
      i += 2;
      continue;
    }
    const n = HEX_ESCAPE_LENGTH[e];
    if (n === undefined) return false;
    const cp = Number.parseInt(text.slice(i + 2, i + 2 + n), 16);
    if (Number.isNaN(cp)) return false;
    push(String.fromCodePoint(cp), i);
    i += 2 + n;
  }
  return true;
}

/**
 * Block scalar from its `|`/`>` header at `start` to `end`. Indentation is taken from the first non-empty
 * line (explicit indentation indicators fall back to the scalar start via the equality check).
 */
function decodeBlock(text: string, start: number, end: number, folded: boolean): Decoded | undefined {
  const headerEnd = text.indexOf("\n", start);
  if (headerEnd < 0 || headerEnd >= end) return { text: "", offsets: [] };
  const all = lines(text, headerEnd + 1, end);
  const firstText = all.find(([a, b]) => text.slice(a, b).trim() !== "");
  if (firstText === undefined) return { text: "", offsets: [] };
  let indent = 0;
  while (text[firstText[0] + indent] === " ") indent++;

  const out: Decoded = { text: "", offsets: [] };
  const push = (s: string, at: number): void => {
    out.text += s;
    for (let k = 0; k < s.length; k++) out.offsets.push(at);
  };
  let pendingBreaks = 0;
  let previousBreak = headerEnd;
  let previousKind: "none" | "normal" | "spaced" = "none";
  for (const [a0, b] of all) {
    const a = Math.min(a0 + indent, b);
    const empty = a0 + indent >= b && text.slice(a0, b).trim() === "";
    if (empty) {
      pendingBreaks++;
      previousBreak = b;
      continue;
    }
    const kind = isBlank(text[a]) ? "spaced" : "normal";
    if (previousKind === "none") push("\n".repeat(pendingBreaks), previousBreak);
    else if (!folded || previousKind === "spaced" || kind === "spaced") push("\n".repeat(pendingBreaks + 1), previousBreak);
    else if (pendingBreaks === 0) push(" ", previousBreak);
    else push("\n".repeat(pendingBreaks), previousBreak);
    for (let i = a; i < b; i++) push(text[i]!, i);
    pendingBreaks = 0;
    previousBreak = b;
    previousKind = kind;
  }
  return out;
}
