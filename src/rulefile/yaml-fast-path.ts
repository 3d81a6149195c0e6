/**
 * A fast path through YAML for the way rule files are nearly always written: one document of block
 * mappings and sequences, with single-line plain and quoted scalars and `|`/`>` block scalars. It
 * builds the nodes `parseAllDocuments` composes (standing in for the `yaml` package's `Scalar`,
 * `YAMLMap`, `YAMLSeq` and `Pair`, which they inherit from) at a fraction of the cost: the `yaml`
 * package first builds a full concrete syntax tree of tokens, which for a 10,000-rule file was most
 * of the lint's time and memory.
 *
 * What is the same: the tree, every scalar's value, source, style, tag, format and
 * `range[0..1]` (where its text starts and ends), and every collection's `range[0]`. What may
 * differ: where a collection or a scalar's trailing comments end (`range[2]`, and a collection's
 * `range[1]`), which `yaml` works out from how it attaches comment lines. Nothing in obsgen reads
 * those: the decoder reads node starts, and the text ranges of scalars.
 *
 * Anything outside that subset makes it give up (it returns undefined) and the caller parses with the
 * `yaml` package: anchors, aliases, tags, flow collections, multi-line flow scalars, several
 * documents, directives, tabs, CR line ends, explicit keys, merge keys, escapes beyond the simple
 * ones, and every construct the `yaml` package would report as an error. The fast path never reports
 * an error itself, so the messages stay the `yaml` package's. `yaml-fast-path.test.ts` compares both
 * paths on the rule-file corpus and on thousands of mutations of it.
 *
 * YAML 1.2.2: https://yaml.org/spec/1.2.2/ (§6.1 indentation, §7.3 flow scalars, §8.1 block scalars,
 * §8.2 block collections).
 */
// `YamlNode` is parse.ts's name for yaml's Node; taken from yaml, as parse.ts imports this module.
import { Pair, Scalar, Schema, YAMLMap, YAMLSeq, type Node as YamlNode } from "yaml";
import { DOUBLE_QUOTED_ESCAPES } from "./yaml-escapes.js";
import { INPUT_LIMITS } from "../util/input-limits.js";

/** Characters whose presence sends the whole file to the `yaml` package. */
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARS = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
/** Document markers and directives at the start of a line. */
const DOCUMENT_MARKERS = /^(?:(?:---|\.\.\.)(?:[ \n]|$)|%)/m;

/** The core schema, as `parseAllDocuments` resolves plain scalars (YAML 1.2, `merge: true`). */
const schema = new Schema({ merge: true, resolveKnownTags: true, schema: "core" });
/** A scalar tag of the schema (the fields `findScalarTagByTest` in `yaml` reads). */
interface ScalarTag {
  readonly default?: boolean | "key";
  readonly test?: RegExp;
  readonly format?: string;
  resolve(source: string, onError: (message: string) => void, options: object): unknown;
}
const TAGS = schema.tags as unknown as readonly ScalarTag[];

/**
 * Node classes for the fast path. They inherit from the `yaml` package's classes, and carry the
 * `yaml` node type (what `isScalar`, `isMap`, `isSeq` and `isPair` read) on the prototype instead
 * of defining it on every instance as `yaml`'s constructors do: a 10,000-rule file has half a
 * million nodes, and that per-instance property costs both time and memory.
 */
const NODE_TYPE = Symbol.for("yaml.node.type");
function nodePrototype(base: { prototype: object }, type: string): object {
  return Object.create(base.prototype, { [NODE_TYPE]: { value: Symbol.for(type) } });
}

class FastScalar {
  declare format?: string;
  declare minFractionDigits?: number;
  constructor(
    public value: unknown,
    public source: string,
    public type: Scalar.Type,
    private readonly start: number,
    private readonly valueEnd: number,
    private readonly nodeEnd: number,
  ) {}

  /** `yaml`'s `range`, made on demand: three numbers in fields take a third of a three-element array. */
  get range(): [number, number, number] {
    return [this.start, this.valueEnd, this.nodeEnd];
  }
}
Object.setPrototypeOf(FastScalar.prototype, nodePrototype(Scalar, "yaml.scalar"));

class FastMap {
  readonly items: Pair[] = [];
  declare range: [number, number, number];
}
Object.setPrototypeOf(FastMap.prototype, nodePrototype(YAMLMap, "yaml.map"));

class FastSeq {
  readonly items: YamlNode[] = [];
  declare range: [number, number, number];
}
Object.setPrototypeOf(FastSeq.prototype, nodePrototype(YAMLSeq, "yaml.seq"));

class FastPair {
  constructor(
    public key: YamlNode,
    public value: YamlNode,
  ) {}
}
Object.setPrototypeOf(FastPair.prototype, nodePrototype(Pair, "yaml.pair"));

/** Thrown to abandon the fast path. */
const GIVE_UP: unique symbol = Symbol("yaml fast path: not in the subset");

const SPACE = 0x20;
const NL = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const SQUOTE = 0x27;
const DQUOTE = 0x22;

/** Characters that cannot start a plain scalar here (YAML's c-indicator, minus `-?:` handled apart). */
const INDICATOR_START = new Set([..."[]{},#&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));

/**
 * The root node of a one-document YAML text in the fast-path subset, composed as
 * `parseAllDocuments(text, { merge: true, uniqueKeys: false })` composes it; undefined when the text is
 * outside the subset (then nothing is known about it, and the caller parses it in full).
 */
export function parseYamlFastPath(text: string): YamlNode | undefined {
  if (UNSUPPORTED_CHARS.test(text) || DOCUMENT_MARKERS.test(text)) return undefined;
  try {
    return new FastParser(text).document();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

class FastParser {
  /** Start of the current line (the scanner moves line by line between nodes). */
  private pos = 0;
  /** After `peek()`: the start of the next content line and its indentation (-1 at the end). */
  private lineStart = 0;
  private indent = -1;
  /** Values being composed, one inside the other. */
  private depth = 0;

  constructor(private readonly text: string) {}

  document(): YamlNode {
    this.peek();
    if (this.indent !== 0) giveUp(); // empty document, or a root that is not at column 0
    const root = this.collection(0);
    if (!this.atEnd()) giveUp();
    return root;
  }

  // --- lines ---

  private lineEnd(from: number): number {
    const nl = this.text.indexOf("\n", from);
    return nl < 0 ? this.text.length : nl;
  }

  /** The offset after the line break ending the line that holds `at` (or the end of the text). */
  private nextLine(at: number): number {
    const nl = this.text.indexOf("\n", at);
    return nl < 0 ? this.text.length : nl + 1;
  }

  /** Skips blank and comment lines from `pos`; sets `lineStart` and `indent` (-1 at the end). */
  private peek(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length) {
      let i = p;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (i < t.length && c !== NL && c !== HASH) {
        this.pos = p;
        this.lineStart = p;
        this.indent = i - p;
        return;
      }
      p = this.nextLine(i);
    }
    this.pos = t.length;
    this.lineStart = t.length;
    this.indent = -1;
  }

  /** Whether only blank and comment lines are left. */
  private atEnd(): boolean {
    this.peek();
    return this.indent === -1;
  }

  /** Whether the content line `peek()` found is a sequence entry (`-` then a space or line end). */
  private atSeqEntry(): boolean {
    const at = this.lineStart + this.indent;
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    return next === SPACE || next === NL || at + 1 === this.text.length;
  }

  // --- collections ---

  /** The block collection on the content line `peek()` found, at indentation `n`. */
  private collection(n: number): YamlNode {
    return this.atSeqEntry() ? this.sequence(n) : this.mapping(n, this.lineStart + n);
  }

  /** A block sequence whose entries start at column `n`; `peek()` is on the first entry. */
  private sequence(n: number): YamlNode {
    const seq = new FastSeq();
    const start = this.lineStart + n;
    let end = start;
    for (;;) {
      const dash = this.lineStart + n;
      const item = this.entryValue(dash + 1, n, true);
      seq.items.push(item);
      end = item.range![2];
      this.peek();
      if (this.indent < n) break;
      if (this.indent > n) giveUp();
      if (!this.atSeqEntry()) break; // a key of the mapping this sequence is the value of
    }
    seq.range = [start, end, end];
    return seq as unknown as YamlNode;
  }

  /** A block mapping at column `n`; its first key starts at `keyStart` (mid-line after `- `). */
  private mapping(n: number, keyStart: number): YamlNode {
    const map = new FastMap();
    let end = keyStart;
    let at = keyStart;
    for (;;) {
      const { key, colon } = this.key(at);
      const value = this.entryValue(colon + 1, n, false);
      map.items.push(new FastPair(key, value) as unknown as Pair);
      end = value.range![2];
      this.peek();
      if (this.indent < n) break;
      if (this.indent > n || this.atSeqEntry()) giveUp();
      at = this.lineStart + n;
    }
    map.range = [keyStart, end, end];
    return map as unknown as YamlNode;
  }

  /** An implicit key at `at` (plain or quoted, one line) and the offset of its `:`. */
  private key(at: number): { key: YamlNode; colon: number } {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === SQUOTE || c === DQUOTE) {
      const q = this.quoted(at);
      let i = q.end;
      while (t.charCodeAt(i) === SPACE) i++;
      if (t.charCodeAt(i) !== COLON || !this.separated(i + 1)) giveUp();
      return { key: quotedScalar(q.value, q.type, at, q.end, q.end), colon: i };
    }
    const colon = this.plainKeyColon(at);
    if (colon < 0) giveUp();
    let end = colon;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    const source = t.slice(at, end);
    if (source === "<<" || end - at > 1000) giveUp();
    return { key: this.plain(source, true, at, end, end), colon };
  }

  /**
   * The `:` ending a plain implicit key that starts at `at`, or -1 when the line does not hold one
   * (a scalar, a comment first, or a key that cannot start a plain scalar).
   */
  private plainKeyColon(at: number): number {
    const t = this.text;
    if (!this.canStartPlain(at)) return -1;
    const end = this.lineEnd(at);
    for (let i = at + 1; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === COLON && this.separated(i + 1)) return i;
      if (c === HASH && t.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** Whether `at` is a space, a line break or the end of the text. */
  private separated(at: number): boolean {
    const c = this.text.charCodeAt(at);
    return c === SPACE || c === NL || at >= this.text.length;
  }

  private canStartPlain(at: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (INDICATOR_START.has(c)) return false;
    if (c === DASH || c === COLON || c === 0x3f /* ? */) return !this.separated(at + 1);
    return true;
  }

  /**
   * The value after a mapping's `:` or a sequence's `-` at `after`, in a collection at column `n`.
   * Leaves `pos` at the start of the line after the value.
   */
  private entryValue(after: number, n: number, inSeq: boolean): YamlNode {
    // Every nested collection is composed from here: deep nesting is left to the `yaml` package path,
    // which reports it (and this recursion stays far from the stack's end).
    if (++this.depth >= INPUT_LIMITS.yamlDepth) giveUp();
    const value = this.entryValueAt(after, n, inSeq);
    this.depth--;
    return value;
  }

  private entryValueAt(after: number, n: number, inSeq: boolean): YamlNode {
    const t = this.text;
    let q = after;
    while (t.charCodeAt(q) === SPACE) q++;
    const c = t.charCodeAt(q);
    if (q >= t.length || c === NL || c === HASH) {
      if (c === HASH && q === after) giveUp(); // `key:#`: not a comment
      // The value is on the lines below, or empty.
      this.pos = this.nextLine(q);
      this.peek();
      if (this.indent > n) return this.collection(this.indent);
      if (!inSeq && this.indent === n && this.atSeqEntry()) return this.sequence(n);
      this.pos = this.nextLine(q);
      return empty(q);
    }
    if (q === after && !inSeq) giveUp(); // the colon must be followed by a space (checked by key())
    if (inSeq) {
      if (c === DASH && this.separated(q + 1)) giveUp(); // `- - x`: a compact nested sequence
      const keyLike = c === SQUOTE || c === DQUOTE ? this.quotedKeyFollows(q) : this.plainKeyColon(q) >= 0;
      if (keyLike) return this.mapping(q - this.lineStartOf(q), q);
    }
    return this.scalar(q, n);
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf("\n", at - 1) + 1;
  }

  /** Whether the quoted scalar at `q` is followed by `:` and a space: a quoted key. */
  private quotedKeyFollows(q: number): boolean {
    const { end } = this.quoted(q);
    let i = end;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return this.text.charCodeAt(i) === COLON && this.separated(i + 1);
  }

  // --- scalars ---

  /** A scalar value starting at `q` in a collection at column `n`; `pos` moves past it. */
  private scalar(q: number, n: number): YamlNode {
    const t = this.text;
    const c = t.charCodeAt(q);
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return this.blockScalar(q, n);
    let quoted: { value: string; type: Scalar.Type } | undefined;
    let valueEnd: number;
    if (c === SQUOTE || c === DQUOTE) {
      const r = this.quoted(q);
      quoted = r;
      valueEnd = r.end;
      let i = valueEnd;
      while (t.charCodeAt(i) === SPACE) i++;
      const after = t.charCodeAt(i);
      if (!(i >= t.length || after === NL || (after === HASH && i > valueEnd))) giveUp();
    } else {
      if (!this.canStartPlain(q)) giveUp();
      const end = this.lineEnd(q);
      let e = q;
      for (let i = q; i < end; i++) {
        const ch = t.charCodeAt(i);
        if (ch === HASH && t.charCodeAt(i - 1) === SPACE) break;
        // `a: b: c` is an error; `a: b:` a nested mapping.
        if (ch === COLON && this.separated(i + 1)) giveUp();
        if (ch !== SPACE) e = i + 1;
      }
      valueEnd = e;
    }
    const lineEnd = this.nextLine(valueEnd);
    const scalar =
      quoted !== undefined ? quotedScalar(quoted.value, quoted.type, q, valueEnd, lineEnd) : this.plain(t.slice(q, valueEnd), false, q, valueEnd, lineEnd);
    this.pos = lineEnd;
    // A more indented line below would continue the scalar (or be an error).
    this.peek();
    if (this.indent > n) giveUp();
    return scalar;
  }

  /** A plain scalar resolved with the core schema, as `yaml` does (`findScalarTagByTest`). */
  private plain(source: string, atKey: boolean, start: number, valueEnd: number, nodeEnd: number): YamlNode {
    const tag = mayNotBeString(source) ? TAGS.find((tg) => (tg.default === true || (atKey && tg.default === "key")) && tg.test?.test(source)) : undefined;
    if (tag === undefined) return new FastScalar(source, source, Scalar.PLAIN, start, valueEnd, nodeEnd) as unknown as YamlNode;
    // null, bool, int or float: the tag's own resolution, as `yaml` composes it.
    const resolved = tag.resolve(source, () => giveUp(), {});
    const s = new FastScalar(resolved instanceof Scalar ? resolved.value : resolved, source, Scalar.PLAIN, start, valueEnd, nodeEnd);
    if (resolved instanceof Scalar && resolved.minFractionDigits !== undefined) s.minFractionDigits = resolved.minFractionDigits;
    if (tag.format) s.format = tag.format;
    return s as unknown as YamlNode;
  }

  /** A single-line quoted scalar at `q`: its node and the offset after the closing quote. */
  private quoted(q: number): { value: string; type: Scalar.Type; end: number } {
    const t = this.text;
    const double = t.charCodeAt(q) === DQUOTE;
    let value = "";
    let from = q + 1;
    for (let i = q + 1; ; i++) {
      if (i >= t.length) giveUp();
      const c = t.charCodeAt(i);
      if (c === NL) giveUp();
      if (double) {
        if (c === 0x5c /* \ */) {
          const e = DOUBLE_QUOTED_ESCAPES[t[i + 1] ?? ""];
          if (e === undefined) giveUp();
          value += t.slice(from, i) + e;
          i++;
          from = i + 1;
        } else if (c === DQUOTE) {
          value += t.slice(from, i);
          return { value, type: Scalar.QUOTE_DOUBLE, end: i + 1 };
        }
      } else if (c === SQUOTE) {
        if (t.charCodeAt(i + 1) === SQUOTE) {
          value += t.slice(from, i + 1);
          i++;
          from = i + 1;
        } else {
          value += t.slice(from, i);
          return { value, type: Scalar.QUOTE_SINGLE, end: i + 1 };
        }
      }
    }
  }

  /**
   * A `|` or `>` block scalar whose header is at `h`, in a collection at column `n`. Explicit
   * indentation, more-indented folded lines and white space lines longer than the indentation give up.
   */
  private blockScalar(h: number, n: number): YamlNode {
    const t = this.text;
    const folded = t.charCodeAt(h) === 0x3e;
    let i = h + 1;
    let chomp: "clip" | "strip" | "keep" = "clip";
    if (t[i] === "-") chomp = "strip";
    else if (t[i] === "+") chomp = "keep";
    if (chomp !== "clip") i++;
    const headerEnd = this.lineEnd(i);
    let j = i;
    while (t.charCodeAt(j) === SPACE) j++;
    if (!(j === headerEnd || (t.charCodeAt(j) === HASH && j > i))) giveUp();
    if (headerEnd >= t.length) giveUp(); // nothing after the header line

    // Lines of the scalar: leading empty lines, then content lines indented at least `m`.
    const lines: string[] = [];
    let m = -1;
    let p = headerEnd + 1;
    let lastContentEnd = -1; // offset after the line break of the last non-empty line
    let trailingEmpty = 0;
    let trailingEnd = -1;
    while (p < t.length) {
      const e = this.lineEnd(p);
      let k = p;
      while (k < e && t.charCodeAt(k) === SPACE) k++;
      if (k === e) {
        // A white-space-only line: empty if it is no longer than the indentation.
        if (m >= 0 ? e - p > m : e - p > 0) giveUp();
        if (m >= 0) {
          trailingEmpty++;
          trailingEnd = e + 1;
        } else lines.push("");
        if (e >= t.length) giveUp(); // no final line break
        p = e + 1;
        continue;
      }
      const ind = k - p;
      if (m < 0) {
        if (ind <= n) break; // no content: the scalar is empty
        m = ind;
      }
      if (ind < m) {
        if (ind > n) giveUp(); // less indented than the content, more than the collection
        break;
      }
      if (folded && ind > m) giveUp();
      if (e >= t.length) giveUp(); // no final line break
      for (let x = 0; x < trailingEmpty; x++) lines.push("");
      trailingEmpty = 0;
      lines.push(t.slice(p + m, e));
      lastContentEnd = e + 1;
      p = e + 1;
    }
    if (m < 0) giveUp(); // empty block scalars: rare, and subtle to chomp

    // The lines before the first content line are white space only; `lines` ends with content.
    let body: string;
    if (folded) {
      body = "";
      let pendingBreaks = 0;
      let started = false;
      for (const line of lines) {
        if (line === "") {
          pendingBreaks++;
          continue;
        }
        if (!started) body += "\n".repeat(pendingBreaks);
        else body += pendingBreaks === 0 ? " " : "\n".repeat(pendingBreaks);
        body += line;
        pendingBreaks = 0;
        started = true;
      }
    } else {
      body = lines.join("\n");
    }
    let value = body;
    let end = lastContentEnd;
    if (chomp === "clip") value += "\n";
    else if (chomp === "keep") {
      value += "\n".repeat(1 + trailingEmpty);
      if (trailingEmpty > 0) end = trailingEnd;
    }
    this.pos = end;
    return quotedScalar(value, folded ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL, h, end, end);
  }
}

/** Whether the core schema could read `source` as anything but a string (null, bool, number). */
function mayNotBeString(source: string): boolean {
  if (source.length === 0) return true;
  const c = source.charCodeAt(0);
  // Digits, sign, dot, `~`, and the first letters of null/true/false (any case).
  return (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e || c === 0x7e || "nNtTfF".includes(source[0]!);
}

/** A quoted or block scalar: always a string. */
function quotedScalar(value: string, type: Scalar.Type, start: number, valueEnd: number, nodeEnd: number): YamlNode {
  return new FastScalar(value, value, type, start, valueEnd, nodeEnd) as unknown as YamlNode;
}

/** An empty value at `at` (after the indicator and the spaces that follow it), as `yaml` places it. */
function empty(at: number): YamlNode {
  return new FastScalar(null, "", Scalar.PLAIN, at, at, at) as unknown as YamlNode;
}
