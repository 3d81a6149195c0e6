/**
 * YAML with positions: every node of every document keeps its source range, so findings can name
 * file:line:col and PromQL or template errors can be mapped into the scalar they come from.
 *
 * Built on the `yaml` package (v2): js-yaml has no node positions, while `yaml` keeps a full AST with
 * ranges, scalar styles, anchors, multiple documents and positioned errors. Files in the common subset
 * of YAML take a fast path (`yaml-fast-path.ts`) that builds the same nodes without `yaml`'s token tree.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Parser, Scalar, type Alias, type CST, type Document, type Node as YamlAstNode } from "yaml";
import { INPUT_LIMITS, nestedTooDeep } from "../util/input-limits.js";
import {
  between,
  controlCharacterAt,
  hideQuotedBreaks,
  leadingTabs,
  lineStartByteOrderMarks,
  readQuotedScalar,
  tabInIndentation,
  withLineFeeds,
} from "./go-yaml-reader.js";
import { LexemeDepthBound, tooDeepCollection } from "./yaml-depth.js";
import { parseYamlFastPath } from "./yaml-fast-path.js";

/** A `\u`/`\U` escape of a surrogate or of a value past U+10FFFF (preceded by an even run of backslashes). */
const INVALID_CODE_POINT_ESCAPE = /(?<!\\)(?:\\\\)*\\(?:u[dD][89a-fA-F][0-9a-fA-F]{2}|U(?:0000[dD][89a-fA-F][0-9a-fA-F]{2}|(?!0010|000)[0-9a-fA-F]{8}))/;

/** `\/` (preceded by an even run of backslashes): YAML 1.2 has it, yaml.v3 does not. */
const SLASH_ESCAPE = /(?<!\\)(?:\\\\)*\\\//;

/** `\'` (preceded by an even run of backslashes): yaml.v3 has it, YAML 1.2 does not. */
const QUOTE_ESCAPE = /(?<!\\)(?:\\\\)*\\'/;

/** Any node of the YAML AST (scalar, map, sequence or alias). */
export type YamlNode = YamlAstNode;

/** 1-based line and column; columns count Unicode code points, as Go's yaml.v3 does. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A YAML syntax error. */
export interface YamlSyntaxError {
  readonly message: string;
  /** 0-based offset in the file. */
  readonly offset: number;
}

/** One document of a YAML stream. */
export interface YamlDocument {
  /** 0-based index in the stream. */
  readonly index: number;
  /** The root node; null for an empty document. */
  readonly root: YamlNode | null;
  readonly errors: readonly YamlSyntaxError[];
  /** Resolves an alias to the node it names (undefined for an unknown anchor). */
  resolve(node: YamlNode): YamlNode | undefined;
}

/** A parsed YAML file. */
export interface YamlFile {
  /** The text as parsed: the file's, with yaml.v3's other line breaks (lone CR, NEL, LS, PS) as LF. */
  readonly text: string;
  readonly documents: readonly YamlDocument[];
  /** Line and column of a 0-based offset in `text`. */
  positionAt(offset: number): SourcePosition;
}

/** Counts work done, for tests that check it grows linearly with the input. */
export interface WorkCounter {
  /** Nodes visited while resolving anchors and checking scalars. */
  nodes: number;
}

export interface ParseYamlOptions {
  /** `false` always takes the `yaml` package, for tests comparing both paths. */
  readonly fastPath?: boolean;
  readonly work?: WorkCounter;
  /**
   * The file's byte order mark, if it had one, was removed when its bytes were decoded: a mark at the
   * start of `text` is then a second one, which yaml.v3 misreads.
   */
  readonly byteOrderMarkRemoved?: boolean;
}

/**
 * Parses a YAML stream, keeping positions. Never throws on bad input: syntax errors are attached to the
 * document they occur in. Merge keys (`<<`) are recognised, as yaml.v3 does; duplicate keys are left to
 * the caller, which reports them as promtool does (only in mappings it decodes).
 */
export function parseYaml(source: string, options: ParseYamlOptions = {}): YamlFile {
  // Both paths read the text with yaml.v3's line breaks (a lone CR, NEL, LS and PS break lines too),
  // one character for one, so offsets and positions are the file's (see go-yaml-reader.ts).
  const text = withLineFeeds(source);
  const positionAt = lineIndex(text);
  // yaml.v3's reader refuses control characters wherever they are: the whole stream fails.
  const controlAt = controlCharacterAt(text);
  // Most rule files are in the subset the fast path composes (one document of block collections and
  // simple scalars); the rest, and every file with an error, go through the `yaml` package.
  const fast = options.fastPath === false || controlAt !== undefined ? undefined : parseYamlFastPath(text);
  if (fast !== undefined) {
    const document: YamlDocument = { index: 0, root: fast, errors: [], resolve: (node) => node };
    return { text, documents: [document], positionAt };
  }
  const fileMarkRemoved = options.byteOrderMarkRemoved === true;
  // Found once for the file, when a document first asks (a file may hold thousands of documents).
  let found: { tabs: number[]; marks: YamlSyntaxError[] } | undefined;
  const scan = () => (found ??= { tabs: leadingTabs(text), marks: lineStartByteOrderMarks(text, fileMarkRemoved) });
  const documents = composeLikeYaml11(text).map((composed, index) => toDocument(text, composed, index, scan, options.work));
  if (controlAt !== undefined) {
    const error = { message: "control characters are not allowed", offset: controlAt };
    const first = documents[0];
    if (first === undefined) documents.push({ index: 0, root: null, errors: [error], resolve: (node) => node });
    else documents[0] = { ...first, errors: [error, ...first.errors].sort((a, b) => a.offset - b.offset) };
  }
  return { text, documents, positionAt };
}

/** A document composed by the `yaml` package, or refused as nested too deep (composed empty). */
interface Composed {
  readonly doc: Document.Parsed | undefined;
  readonly tooDeepAt: number | undefined;
}

/** Rounds of re-composing with quoted scalars' line breaks hidden: each round takes every such error. */
const CONTINUATION_ROUNDS = 4;

/**
 * {@link composeDocuments}, taking quoted scalars whose continuation lines are less indented than
 * YAML 1.2 allows as yaml.v3 takes them (see `hideQuotedBreaks`): where the `yaml` package reports
 * one ("Missing closing quote", at the opening quote), its line breaks are hidden and the text is
 * composed again. Only files with such an error are composed more than once.
 */
function composeLikeYaml11(text: string): Composed[] {
  let parsed = text;
  const hidden = new Set<number>();
  for (let round = 0; ; round++) {
    const composed = composeDocuments(parsed);
    if (round === CONTINUATION_ROUNDS) return composed;
    const starts: number[] = [];
    for (const { doc } of composed) {
      // The error is where the scalar was cut short: the quoted scalar ending there opens at its quote.
      const cut = doc?.errors.filter((e) => e.code === "MISSING_CHAR" && /^Missing closing ["']quote/.test(e.message)).map((e) => e.pos[0]) ?? [];
      if (cut.length === 0) continue;
      const opening = quotedScalarsByEnd(doc!.contents);
      for (const at of cut) {
        const start = opening.get(at);
        if (start !== undefined && !hidden.has(start)) starts.push(start);
      }
    }
    if (starts.length === 0) return composed;
    for (const at of starts) hidden.add(at);
    parsed = hideQuotedBreaks(parsed, starts);
  }
}

/** Where each quoted scalar of a document starts, by where it ends. */
function quotedScalarsByEnd(root: unknown): Map<number, number> {
  const out = new Map<number, number>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (isPair(node)) stack.push(node.key, node.value);
    else if (isScalar(node)) {
      if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && node.range) out.set(node.range[1], node.range[0]);
    } else if (isMap(node) || isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return out;
}

/**
 * `parseAllDocuments` (same options), with nesting measured before the recursive stages see it (see
 * `yaml-depth.ts`): a document nesting collections past the limit is composed empty, and a stream
 * whose nesting would take the parser itself too deep is not parsed further.
 */
function composeDocuments(text: string): Composed[] {
  const parser = new Parser();
  const composer = new Composer({ merge: true, uniqueKeys: false, prettyErrors: false });
  const bound = new LexemeDepthBound();
  const docs: Document.Parsed[] = [];
  const tooDeep: Array<number | undefined> = [];
  const compose = (token: CST.Token): void => {
    let composed = token;
    if (token.type === "document") {
      const at = token.value === undefined ? undefined : tooDeepCollection(token.value);
      tooDeep.push(at);
      if (at !== undefined) composed = { ...token, value: undefined };
    }
    for (const doc of composer.next(composed)) docs.push(doc);
  };
  let stoppedAt: number | undefined;
  for (const lexeme of new Lexer().lex(text)) {
    stoppedAt = bound.next(lexeme);
    if (stoppedAt !== undefined) break;
    for (const token of parser.next(lexeme)) compose(token);
  }
  // Stopped: the documents before the one being parsed are complete; that one, and the rest, are not read.
  if (stoppedAt === undefined) for (const token of parser.end()) compose(token);
  for (const doc of composer.end()) docs.push(doc);
  const composed: Composed[] = docs.map((doc, i) => ({ doc, tooDeepAt: tooDeep[i] }));
  if (stoppedAt !== undefined) composed.push({ doc: undefined, tooDeepAt: stoppedAt });
  return composed;
}

function toDocument(
  text: string,
  { doc, tooDeepAt }: Composed,
  index: number,
  scan: () => { tabs: readonly number[]; marks: readonly YamlSyntaxError[] },
  work: WorkCounter | undefined,
): YamlDocument {
  // yaml.v3 reads `\'` in a double-quoted scalar as `'`; the `yaml` package refuses it (the value is
  // read again in checkNodes).
  const errors: YamlSyntaxError[] =
    doc?.errors.filter((e) => !(e.code === "BAD_DQ_ESCAPE" && text.startsWith("\\'", e.pos[0]))).map((e) => ({ message: e.message, offset: e.pos[0] })) ?? [];
  if (tooDeepAt !== undefined) errors.push({ message: nestedTooDeep(INPUT_LIMITS.yamlDepth), offset: tooDeepAt });
  if (doc !== undefined && errors.length === 0) {
    // What yaml.v3's scanner refuses and the `yaml` package takes: tabs in indentation, and byte order
    // marks starting a line (yaml.v3 stops at its first error).
    // The first document owns what comes before it (yaml.v3 scans it on the way to the document).
    const start = index === 0 ? 0 : doc.range[0];
    const end = doc.range[2];
    const { tabs, marks } = scan();
    const bom = between(marks, start, end)[0];
    const tab = tabInIndentation(text, doc, between(tabs, start, end));
    const first = bom !== undefined && (tab === undefined || bom.offset < tab.offset) ? bom : tab;
    if (first !== undefined) errors.push(first);
  }
  const targets = checkNodes(text, doc?.contents, errors, work);
  errors.sort((a, b) => a.offset - b.offset);
  const root = doc?.contents ?? null;
  return {
    index,
    root: root ?? null,
    errors,
    resolve: (node) => (isAlias(node) ? targets.get(node) : node),
  };
}

/**
 * One pass over a document, in the order yaml.v3 composes it: the node each alias names, and the
 * errors yaml.v3 (promtool's parser) reports while parsing that the `yaml` package does not.
 *
 * An alias names the last node with its anchor that starts before it (yaml.v3's parser registers an
 * anchor when its node starts, so an alias inside the anchored node names that node). The `yaml`
 * package's own `Alias.resolve` walks the whole document for every alias: quadratic in a file of
 * many aliases (`labels: *common` on every rule). The walk is iterative: nesting depth costs no stack.
 */
function checkNodes(text: string, root: unknown, errors: YamlSyntaxError[], work: WorkCounter | undefined): Map<Alias, YamlNode | undefined> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode | undefined>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (work !== undefined) work.nodes++;
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      targets.set(node, target);
      if (target === undefined) errors.push({ message: `unknown anchor '${node.source}' referenced`, offset: node.range?.[0] ?? 0 });
      continue;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) continue;
    if (node.anchor !== undefined) anchors.set(node.anchor, node as YamlNode);
    if (isScalar(node)) {
      // A quoted scalar across lines is read as yaml.v3 reads it: the `yaml` package folds an escaped
      // line break followed by empty lines differently, and cannot read one whose breaks were hidden.
      if ((node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && node.range) {
        const raw = text.slice(node.range[0], node.range[1]);
        if (raw.includes("\n") || (node.type === Scalar.QUOTE_DOUBLE && QUOTE_ESCAPE.test(raw))) node.value = node.source = readQuotedScalar(raw);
      }
      // An empty node right after its tag, before a flow indicator (`{a: !x}`, `[!x, y]`): yaml.v3 wants a
      // blank or a line break after a tag; it reads a comma as part of the tag, and then fails on what
      // follows (scannerc.go `yaml_parser_scan_tag`, v3.0.1; checked against promtool 2.42).
      const next = node.range ? text[node.range[0]] : undefined;
      if (node.tag !== undefined && node.range![0] === node.range![1] && (next === "}" || next === "]" || next === ",")) {
        const before = text[node.range![0] - 1];
        if (before !== " " && before !== "\t" && before !== "\n" && before !== "\r") {
          errors.push({
            message: next === "," ? "did not find expected ',' or '}'" : "did not find expected whitespace or line break",
            offset: node.range![0],
          });
        }
      }
      if (node.type !== Scalar.QUOTE_DOUBLE || !node.range) continue;
      const raw = text.slice(node.range[0], node.range[1]);
      const bad = INVALID_CODE_POINT_ESCAPE.exec(raw);
      if (bad !== null) errors.push({ message: "found invalid Unicode character escape code", offset: node.range[0] + bad.index });
      const slash = SLASH_ESCAPE.exec(raw);
      if (slash !== null) errors.push({ message: "found unknown escape character", offset: node.range[0] + slash.index });
      continue;
    }
    for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return targets;
}

/** Maps offsets to 1-based line and code-point column. */
function lineIndex(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  // Without surrogate pairs every UTF-16 unit is one code point: the column is a subtraction.
  const bmpOnly = !/[\udc00-\udfff]/.test(text);
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    const lineStart = starts[lo]!;
    if (bmpOnly) return { line: lo + 1, column: at - lineStart + 1 };
    let column = 1;
    for (let i = lineStart; i < at; i++) {
      const code = text.charCodeAt(i);
      // A surrogate pair is one code point.
      if (code < 0xdc00 || code > 0xdfff || i === lineStart) column++;
    }
    return { line: lo + 1, column };
  };
}

/** Start offset of a node (its first key for a block mapping, as yaml.v3 positions it). */
export function nodeOffset(node: YamlNode): number {
  return node.range?.[0] ?? 0;
}
