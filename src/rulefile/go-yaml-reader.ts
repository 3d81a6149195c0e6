/**
 * Where yaml.v3 (promtool 2.42's YAML parser, a port of libyaml implementing YAML 1.1) reads
 * characters differently from the `yaml` package (YAML 1.2), for both of obsgen's YAML paths:
 *
 * - Its reader refuses any character outside YAML 1.1's printable set, anywhere: "control characters
 *   are not allowed" (NUL, C0 controls but tab and line breaks, DEL, C1 controls but NEL, U+FFFE/FFFF).
 * - Its line breaks are LF, CR LF, and also a lone CR, NEL (U+0085), LS (U+2028) and PS (U+2029).
 *   Outside quoted scalars they are made LF before parsing (one character for one, so offsets hold);
 *   inside them they are left, since YAML 1.2 would then demand indentation yaml.v3 does not.
 * - It skips a byte order mark only at the very start; one starting a later line breaks the line.
 * - Its scanner refuses a tab in a line's indentation, outside quoted scalars and flow collections:
 *   "found character that cannot start any token" (a line holding only a tab is refused too),
 *   "found a tab character that violates indentation" in a plain scalar's continuation, and
 *   "found a tab character where an indentation space is expected" in a block scalar.
 *
 * Upstream: https://github.com/go-yaml/yaml/blob/v3.0.1/readerc.go (`yaml_parser_update_buffer`) and
 * scannerc.go (`yaml_parser_scan_to_next_token`, `yaml_parser_scan_plain_scalar`,
 * `yaml_parser_scan_block_scalar_breaks`).
 */
import { isMap, isPair, isScalar, isSeq, Scalar, type Document } from "yaml";
import { DOUBLE_QUOTED_ESCAPES } from "./yaml-escapes.js";

/** A character yaml.v3's reader refuses (a lone surrogate cannot be a printable code point either). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The offset of the first character yaml.v3's reader refuses, if any. */
export function controlCharacterAt(text: string): number | undefined {
  const m = CONTROL_CHARACTER.exec(text);
  return m === null ? undefined : m.index;
}

/** Line breaks yaml.v3 has and the `yaml` package does not: a CR not before LF, NEL, LS, PS. */
const OTHER_LINE_BREAK = /\r(?!\n)|[\x85\u2028\u2029]/g;

/**
 * The text with yaml.v3's other line breaks made LF outside quoted scalars. Without them the text
 * is returned as it is (the common case costs one search).
 */
export function withLineFeeds(text: string): string {
  OTHER_LINE_BREAK.lastIndex = 0;
  if (!OTHER_LINE_BREAK.test(text)) return text;
  const quoted = quotedRanges(text);
  let k = 0;
  return text.replace(OTHER_LINE_BREAK, (c, at: number) => {
    while (k < quoted.length && quoted[k]![1] <= at) k++;
    return k < quoted.length && quoted[k]![0] <= at ? c : "\n";
  });
}

const BREAK = /\r\n|[\n\r\x85\u2028\u2029]/g;

/**
 * The quoted scalars of a text, as yaml.v3's scanner finds them: a quote that starts a token (at a
 * line's start, or after an indicator or a flow bracket and blanks) runs to its closing quote, across
 * any line breaks; comments and the bodies of block scalars are passed over. A lexical scan, good
 * for where quoted scalars are; parsing the text tells the rest.
 */
export function quotedRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  let lineStart = 0;
  /** Indentation of a line holding a block scalar header: more indented lines are its body. */
  let blockIndent = -1;
  while (i < text.length) {
    // At a line start: the body of a block scalar, or a line to scan.
    let j = lineStart;
    while (text[j] === " ") j++;
    BREAK.lastIndex = lineStart;
    const br = BREAK.exec(text);
    const lineEnd = br === null ? text.length : br.index;
    const next = br === null ? text.length : br.index + br[0].length;
    const blank = j >= lineEnd;
    if (blockIndent >= 0 && (blank || j - lineStart > blockIndent)) {
      lineStart = i = next;
      continue;
    }
    blockIndent = -1;
    i = j;
    let tokenStart = true;
    while (i < lineEnd) {
      const c = text[i]!;
      if (c === " " || c === "\t") {
        i++;
        continue;
      }
      if (c === "#" && (i === lineStart || text[i - 1] === " " || text[i - 1] === "\t")) break;
      if (tokenStart && (c === "'" || c === '"')) {
        const end = closingQuote(text, i);
        out.push([i, end]);
        i = end;
        tokenStart = false;
        continue;
      }
      if (tokenStart && (c === "|" || c === ">")) {
        blockIndent = j - lineStart;
        break;
      }
      const after = text[i + 1];
      const spaced = after === undefined || after === " " || after === "\t" || after === "\n" || after === "\r";
      if (c === "[" || c === "{" || c === ",") tokenStart = true;
      else if ((c === "-" || c === "?" || c === ":") && spaced) tokenStart = true;
      else if ((c === "&" || c === "!") && tokenStart) {
        // An anchor or a tag: the node's text follows it.
        while (i < lineEnd && text[i] !== " " && text[i] !== "\t") i++;
        continue;
      } else tokenStart = false;
      i++;
    }
    if (i > lineEnd) {
      // A quoted scalar ran past this line: carry on after the line it closes on (what follows the
      // closing quote on that line is passed over: a second quoted scalar there is rare enough).
      BREAK.lastIndex = i;
      const rest = BREAK.exec(text);
      if (rest === null) break;
      lineStart = i = rest.index + rest[0].length;
      continue;
    }
    lineStart = i = next;
  }
  return out;
}

/** The offset after the quote closing the quoted scalar that opens at `at` (or the text's end). */
function closingQuote(text: string, at: number): number {
  const q = text[at]!;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === "\\") i++;
    else if (c === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return text.length;
}

/** An error yaml.v3's reader or scanner reports, at an offset. */
export interface GoYamlError {
  readonly message: string;
  readonly offset: number;
}

/**
 * Byte order marks starting a line outside quoted scalars, in the whole file, in order: yaml.v3 then
 * misreads the line (an unexpected key, a broken indentation), and promtool fails. A mark at offset 0
 * is the file's own, unless `fileMarkRemoved` (decoding the bytes removed it: this one is a second).
 */
export function lineStartByteOrderMarks(text: string, fileMarkRemoved: boolean): GoYamlError[] {
  const out: GoYamlError[] = [];
  let quoted: ReadonlyArray<[number, number]> | undefined;
  for (let at = text.indexOf("\ufeff", fileMarkRemoved ? 0 : 1); at >= 0; at = text.indexOf("\ufeff", at + 1)) {
    const prev = text[at - 1];
    const lineStart = at === 0 || prev === "\n" || prev === "\r" || (at === 1 && prev === "\ufeff");
    if (!lineStart || insideRange((quoted ??= quotedRanges(text)), at)) continue;
    out.push({ message: "a byte order mark (U+FEFF) starts this line: only the file's first character may be one", offset: at });
  }
  return out;
}

/** The items of `sorted` (by `offset`) from offset `from` up to `to`, by binary search. */
export function between<T extends { readonly offset: number } | number>(sorted: readonly T[], from: number, to: number): T[] {
  const at = (t: T): number => (typeof t === "number" ? t : t.offset);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(sorted[mid]!) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && at(sorted[i]!) < to; i++) out.push(sorted[i]!);
  return out;
}

/** Whether `at` is inside one of `ranges` (sorted, not overlapping), by binary search. */
function insideRange(ranges: ReadonlyArray<[number, number]>, at: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]![0] <= at) lo = mid;
    else hi = mid - 1;
  }
  const r = ranges[lo];
  return r !== undefined && r[0] <= at && at < r[1];
}

/** Kinds of places a leading tab can sit in, with what yaml.v3 makes of it. Regions never overlap. */
interface Region {
  readonly start: number;
  readonly end: number;
  /** Tabs allowed anywhere (quoted scalars, flow collections). */
  readonly free?: true;
  /** A plain scalar's continuation: tabs from this column on are blanks. */
  readonly plainFrom?: number;
  /** A block scalar: the column of the enclosing collection, and its explicit indentation, if any. */
  readonly block?: { readonly parent: number; readonly explicit: number | undefined };
}

/** The first tab in the indentation of each line (before its first other character), in the whole file. */
export function leadingTabs(text: string): number[] {
  const out: number[] = [];
  const re = /(?:^|\n)([ ]*)\t/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push(m.index + m[0].length - 1);
  return out;
}

/**
 * The first tab yaml.v3's scanner refuses in a document the `yaml` package composed without error,
 * if any (yaml.v3 stops at its first error), among `tabs` (those of {@link leadingTabs} in the
 * document). `parsed` is the text the document was composed from.
 */
export function tabInIndentation(parsed: string, doc: Document.Parsed, tabs: readonly number[]): GoYamlError | undefined {
  if (tabs.length === 0) return undefined;
  const plainEnds = new Set<number>();
  const regions = tabRegions(parsed, doc.contents, plainEnds).sort((a, b) => a.start - b.start);
  const blocks = new Map<Region, BlockIndentation>();
  for (const tab of tabs) {
    const lineStart = parsed.lastIndexOf("\n", tab - 1) + 1;
    const column = tab - lineStart;
    const region = regionAt(regions, tab);
    if (region?.free) continue;
    if (region?.plainFrom !== undefined) {
      if (column >= region.plainFrom) continue;
      return { message: "found a tab character that violates indentation", offset: tab };
    }
    if (region?.block !== undefined) {
      let block = blocks.get(region);
      if (block === undefined) blocks.set(region, (block = blockIndentation(parsed, region)));
      // Before the first line of text, any tab in the indentation is refused; after it, one before
      // the indentation's end.
      if (tab > block.firstTextLine && column >= block.indent) continue;
      return { message: "found a tab character where an indentation space is expected", offset: tab };
    }
    if (readWithComments(parsed, lineStart, regions)) continue;
    // After a plain scalar (and blank lines), yaml.v3 is still reading the scalar's trailing blanks.
    if (plainEnds.has(endOfContentBefore(parsed, lineStart))) return { message: "found a tab character that violates indentation", offset: tab };
    return { message: "found character that cannot start any token", offset: tab };
  }
  return undefined;
}

/** How far yaml.v3 looks past a comment for the next one (scannerc.go `yaml_parser_scan_comments`). */
const COMMENT_PEEK = 512;

/**
 * Whether yaml.v3 reads the blank or comment line at `lineStart` as part of a block of comments:
 * having read a comment on a line of its own, it looks up to 512 characters ahead, over blank lines
 * (tabs included), for another comment line, and takes everything up to it, tabs and all.
 */
function readWithComments(text: string, lineStart: number, regions: readonly Region[]): boolean {
  const lineEnd = lineEndAt(text, lineStart);
  const own = firstNonBlank(text, lineStart, lineEnd);
  if (own < lineEnd && text[own] !== "#") return false;
  // The comment before: the nearest line that is not blank must end in one, close enough.
  let previousEnd = -1;
  for (let end = lineStart - 1; end >= 0 && lineStart - end < COMMENT_PEEK; ) {
    const start = text.lastIndexOf("\n", end - 1) + 1;
    const first = firstNonBlank(text, start, end);
    if (first < end) {
      // A comment on a line of its own (one after a value is read with the value, alone).
      if (text[first] === "#" && regionAt(regions, first) === undefined) previousEnd = end;
      break;
    }
    end = start - 1;
  }
  if (previousEnd < 0) return false;
  if (own < lineEnd) return own - previousEnd < COMMENT_PEEK;
  // A blank line: a comment line must follow (after blank lines), within the look-ahead.
  for (let start = lineEnd + 1; start < text.length && start - previousEnd < COMMENT_PEEK; ) {
    const end = lineEndAt(text, start);
    const first = firstNonBlank(text, start, end);
    if (first < end) return text[first] === "#" && first - previousEnd < COMMENT_PEEK && regionAt(regions, first) === undefined;
    start = end + 1;
  }
  return false;
}

function lineEndAt(text: string, lineStart: number): number {
  const nl = text.indexOf("\n", lineStart);
  return nl < 0 ? text.length : nl;
}

function firstNonBlank(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i++;
  return i;
}

/** The offset after the last character other than a blank or a line break before `at`. */
function endOfContentBefore(text: string, at: number): number {
  let i = at;
  while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t" || text[i - 1] === "\n" || text[i - 1] === "\r")) i--;
  return i;
}

/** The region holding `at`, by binary search on regions sorted by start. */
function regionAt(regions: readonly Region[], at: number): Region | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (regions[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  const r = regions[lo];
  return r !== undefined && r.start <= at && at < r.end ? r : undefined;
}

/**
 * Quoted scalars and flow collections, and multi-line plain and block scalars, of a document; where
 * its plain scalars (outside flow collections) end goes into `plainEnds`.
 */
function tabRegions(text: string, root: unknown, plainEnds: Set<number>): Region[] {
  const out: Region[] = [];
  // Nodes with the column of the block collection they are in (-1 at the top, as yaml.v3's indent).
  const stack: Array<{ node: unknown; parent: number; flow: boolean }> = [{ node: root, parent: -1, flow: false }];
  while (stack.length > 0) {
    const { node, parent, flow } = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (isPair(node)) {
      stack.push({ node: node.key, parent, flow }, { node: node.value, parent, flow });
      continue;
    }
    if (isScalar(node)) {
      const range = node.range;
      if (range == null || flow) continue;
      const [start, end] = range;
      if (node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) out.push({ start, end, free: true });
      else if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
        const digit = /^[|>][+-]?([1-9])|^[|>]([1-9])/.exec(text.slice(start, start + 3));
        const explicit = digit === null ? undefined : Number(digit[1] ?? digit[2]);
        out.push({ start, end, block: { parent, explicit } });
      } else if (node.type === Scalar.PLAIN) {
        plainEnds.add(end);
        if (text.slice(start, end).includes("\n")) out.push({ start, end, plainFrom: parent + 1 });
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    const range = node.range;
    if (range == null) continue;
    if (node.flow === true) {
      if (!flow) out.push({ start: range[0], end: range[1], free: true });
      for (const item of node.items) stack.push({ node: item, parent, flow: true });
      continue;
    }
    const column = range[0] - (text.lastIndexOf("\n", range[0] - 1) + 1);
    for (const item of node.items) stack.push({ node: item, parent: column, flow });
  }
  return out;
}

/** A block scalar's indentation as yaml.v3 settles it, and where its first line of text starts. */
interface BlockIndentation {
  readonly indent: number;
  readonly firstTextLine: number;
}

/**
 * yaml.v3's block scalar indentation: explicit (the enclosing collection's column plus the digit), or
 * the first line of text's, at least the leading empty lines' and one past the enclosing collection's.
 */
function blockIndentation(text: string, region: Region): BlockIndentation {
  const { parent, explicit } = region.block!;
  // An explicit indentation holds from the header on.
  if (explicit !== undefined) return { indent: Math.max(parent, 0) + explicit, firstTextLine: region.start };
  let maxLeading = 0;
  let line = text.indexOf("\n", region.start) + 1;
  while (line > 0 && line < region.end) {
    let spaces = 0;
    while (text[line + spaces] === " ") spaces++;
    const c = text[line + spaces];
    if (c !== "\n" && c !== "\r" && c !== "\t" && c !== undefined) {
      return { indent: Math.max(maxLeading, spaces, parent + 1, 1), firstTextLine: line };
    }
    if (c === "\t") break; // refused: a tab before the indentation is known
    maxLeading = Math.max(maxLeading, spaces);
    const nl = text.indexOf("\n", line);
    if (nl < 0) break;
    line = nl + 1;
  }
  return { indent: Number.MAX_SAFE_INTEGER, firstTextLine: Number.MAX_SAFE_INTEGER };
}

/*
 * Quoted scalars across lines. yaml.v3 reads a quoted scalar to its closing quote whatever the
 * indentation of its continuation lines; YAML 1.2, and the `yaml` package, require them indented
 * past the enclosing collection ("Missing closing quote"). Such a scalar's line breaks are hidden
 * from the `yaml` package (one character for one, so offsets hold), which then composes the rest of
 * the file; the scalar's value is read from its text as yaml.v3 reads it
 * (scannerc.go `yaml_parser_scan_flow_scalar`).
 */

/** Stands for a line break inside a quoted scalar whose breaks are hidden. */
const HIDDEN_BREAK = "\uffff";

/**
 * The text with the line breaks of the quoted scalars opening at `starts` hidden. A scalar holding a
 * document marker (`---`, `...` starting a line) is left: yaml.v3 refuses it too.
 */
export function hideQuotedBreaks(text: string, starts: readonly number[]): string {
  // One pass over the text, scalar by scalar in order (one slice per scalar would be quadratic).
  let out = "";
  let copied = 0;
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (start < copied) continue;
    const end = closingQuote(text, start);
    const body = text.slice(start, end);
    if (/\n(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(body)) continue;
    const double = text[start] === '"';
    let hidden = "";
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c === "\r" && body[i + 1] === "\n") hidden += " ";
      else if (c !== "\n") hidden += c;
      else {
        // An escaped break (an odd run of backslashes ending a double-quoted line) loses its backslash
        // too, so no escape is left dangling.
        let slashes = 0;
        while (body[i - 1 - slashes] === "\\") slashes++;
        if (double && slashes % 2 === 1) hidden = `${hidden.slice(0, -1)}${HIDDEN_BREAK}`;
        hidden += HIDDEN_BREAK;
      }
    }
    out += text.slice(copied, start) + hidden;
    copied = end;
  }
  return out + text.slice(copied);
}

/** Hex digits after `\x`, `\u`, `\U`. */
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The value of the quoted scalar `raw` (quotes included, LF line breaks) as yaml.v3 reads it: blanks
 * around a line break dropped, one break a space, n breaks n - 1 newlines, an escaped break joining
 * the lines; escapes decoded (escaped blanks are text, never dropped).
 */
export function readQuotedScalar(source: string): string {
  const raw = source.replace(/\r\n/g, "\n");
  const single = raw[0] === "'";
  const end = raw.length - 1;
  let out = "";
  let i = 1;
  for (;;) {
    // Text up to a blank or a line break.
    let joined = false;
    while (i < end && raw[i] !== " " && raw[i] !== "\t" && raw[i] !== "\n") {
      const c = raw[i]!;
      if (single && c === "'" && raw[i + 1] === "'") {
        out += "'";
        i += 2;
      } else if (!single && c === "\\" && raw[i + 1] === "\n") {
        joined = true;
        i += 2;
        break;
      } else if (!single && c === "\\") {
        const e = raw[i + 1] ?? "";
        const digits = HEX_ESCAPES[e];
        if (digits !== undefined) {
          const code = Number.parseInt(raw.slice(i + 2, i + 2 + digits), 16);
          out += Number.isNaN(code) ? "" : String.fromCodePoint(Math.min(code, 0x10ffff));
          i += 2 + digits;
        } else {
          out += DOUBLE_QUOTED_ESCAPES[e] ?? e;
          i += 2;
        }
      } else {
        out += c;
        i++;
      }
    }
    if (i >= end) return out;
    // Blanks and line breaks.
    let blanks = "";
    let breaks = 0;
    let leading = joined;
    while (i < end && (raw[i] === " " || raw[i] === "\t" || raw[i] === "\n")) {
      if (raw[i] === "\n") {
        if (leading) breaks++;
        leading = true;
        blanks = "";
      } else if (!leading) blanks += raw[i];
      i++;
    }
    if (!leading) out += blanks;
    else if (joined) out += "\n".repeat(breaks);
    else out += breaks === 0 ? " " : "\n".repeat(breaks);
    if (i >= end) return out;
  }
}
