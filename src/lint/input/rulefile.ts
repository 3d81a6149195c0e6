/**
 * The lint input of Prometheus rule files: groups and rules from the rule-file model, with every
 * finding mapped back to file:line:col (through the expression's scalar, whatever its YAML style),
 * and `# obsgen-disable` comments directly above a rule read as its silences.
 */
import type { ResolvedSilence } from "../../model/resolved.js";
import type { CheckSource, LoadedRuleFile } from "../../rulefile/index.js";
import { scalarOffset } from "../../rulefile/index.js";
import type { Rule, ScalarStyle, TextValue } from "../../rulefile/model.js";
import { parseFileSilenceComment, parseSilenceComment } from "../silence.js";
import type { FileSilence, LintGroupNode, LintRuleNode, Position, RuleLocation } from "../types.js";

/** `# obsgen-disable …` comment lines directly above the line that holds `offset`. */
function silencesAbove(text: string, offset: number): ResolvedSilence[] {
  const out: ResolvedSilence[] = [];
  // Walk back line by line from the rule's own line (no split of the whole file per rule file).
  let lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  while (lineStart > 0) {
    const end = lineStart - 1;
    const start = text.lastIndexOf("\n", end - 1) + 1;
    const line = text.slice(start, end).trim();
    if (!line.startsWith("#")) break;
    const s = parseSilenceComment(line);
    if (s) out.push(s);
    lineStart = start;
  }
  return out;
}

/**
 * `# obsgen-disable-file …` comment lines before the first group (anywhere in a file without
 * groups): a file's header, where a reader looks for what applies to all of it.
 */
function fileSilences(text: string, beforeLine: number, file: string): FileSilence[] {
  const out: FileSilence[] = [];
  let start = 0;
  let line = 1;
  while (line < beforeLine) {
    const nl = text.indexOf("\n", start);
    const stop = nl < 0 ? text.length : nl;
    const raw = text.slice(start, stop);
    const trimmed = raw.trim();
    if (trimmed.startsWith("#")) {
      for (const s of parseFileSilenceComment(trimmed) ?? []) out.push({ ...s, file, position: { line, column: raw.indexOf("#") + 1 } });
    }
    if (nl < 0) break;
    start = nl + 1;
    line++;
  }
  return out;
}

function pos(p: { line: number; column: number }): Position {
  return { line: p.line, column: p.column };
}

export function ruleFileGroups(loaded: LoadedRuleFile, shownPath: string): LintGroupNode[] {
  const { source, value } = loaded;
  const first = value.groups[0];
  const silences = fileSilences(source.text, first ? first.position.line : Infinity, shownPath);
  return value.groups.map((g) => {
    const group: LintGroupNode = {
      name: g.name,
      interval: g.interval?.text ?? null,
      rules: [],
      file: shownPath,
      position: pos(g.position),
      ...(silences.length > 0 ? { fileSilences: silences } : {}),
    };
    for (const r of g.rules) {
      if (r.kind === "unknown" || !r.expr) continue;
      group.rules.push(toNode(r, group, source, shownPath));
    }
    return group;
  });
}

/** The empty silence list most rules have, shared rather than one per rule. */
const NO_SILENCES: readonly ResolvedSilence[] = Object.freeze([]);

/** Offsets in a {@link RuleFileLocation}'s `offsets` array; -1 where the field is absent. */
const RULE = 0;
const EXPR_START = 1;
const EXPR_END = 2;
const FOR = 3;
const FIRST_LABEL_NAME = 4;
const FIRST_ANNOTATION_NAME = 5;
/** Where the offsets of label values start; annotation values follow them. */
const LABEL_VALUES = 6;

/**
 * Where a rule's findings point: file:line:col of the rule, of an offset in its expression, of a
 * field. It keeps offsets into the file and the names of labels and annotations, not the decoded
 * rule: a decoded rule holds a positioned value (value, position, range) for each of its fields,
 * and kept for 10,000 rules those were a third of the memory a large file's lint keeps alive. A
 * position is computed from the file when a finding is placed (a decoded value's position is the
 * one of its start offset, see rulefile/decode.ts `text`).
 */
class RuleFileLocation implements RuleLocation {
  /** The expression as a positioned scalar, made on first use (scalarOffset caches its map by it). */
  private scalar: TextValue | undefined;
  /** Labels and annotations by name, indexed on first use (see {@link RuleFileLocation.valueOffset}). */
  private entries: Map<string, Map<string, number>> | undefined;

  constructor(
    readonly file: string,
    private readonly group: LintGroupNode,
    private readonly source: CheckSource,
    private readonly expr: string,
    private readonly style: ScalarStyle | undefined,
    /** See {@link RULE} and the constants after it. */
    private readonly offsets: readonly number[],
    private readonly labelNames: readonly string[],
    private readonly annotationNames: readonly string[],
  ) {}

  get position(): Position {
    return this.at(this.offsets[RULE]!);
  }

  exprPosition(offset: number): Position {
    const o = this.offsets;
    this.scalar ??= {
      value: this.expr,
      position: this.source.positionAt(o[EXPR_START]!),
      range: [o[EXPR_START]!, o[EXPR_END]!],
      ...(this.style !== undefined && { style: this.style }),
    };
    return this.at(scalarOffset(this.source.text, this.scalar, offset));
  }

  fieldPosition(name: string): Position | undefined {
    const o = this.offsets;
    if (name === "for" && o[FOR]! >= 0) return this.at(o[FOR]!);
    if (name === "interval" && this.group.position) return this.group.position;
    const [kind, key] = name.split(".") as [string, string | undefined];
    if (kind === "labels" || kind === "annotations") {
      const at = key ? this.valueOffset(kind, key) : o[kind === "labels" ? FIRST_LABEL_NAME : FIRST_ANNOTATION_NAME]!;
      if (at >= 0) return this.at(at);
    }
    return this.at(o[RULE]!);
  }

  private at(offset: number): Position {
    const p = this.source.positionAt(offset);
    return { line: p.line, column: p.column };
  }

  /**
   * Where the value of a label or annotation starts (-1 when the rule has none of that name),
   * indexed on first use: a finding per annotation of a rule with tens of thousands of them would
   * otherwise search them all each time. The first of a name wins.
   */
  private valueOffset(kind: "labels" | "annotations", key: string): number {
    this.entries ??= new Map();
    let index = this.entries.get(kind);
    if (index === undefined) {
      index = new Map();
      const names = kind === "labels" ? this.labelNames : this.annotationNames;
      const first = kind === "labels" ? LABEL_VALUES : LABEL_VALUES + this.labelNames.length;
      names.forEach((n, i) => {
        if (!index!.has(n)) index!.set(n, this.offsets[first + i]!);
      });
      this.entries.set(kind, index);
    }
    return index.get(key) ?? -1;
  }
}

function toNode(r: Rule, group: LintGroupNode, source: CheckSource, file: string): LintRuleNode {
  const expr = r.expr!;
  const offsets = [r.offset, expr.range[0], expr.range[1], r.for ? r.for.offset : -1, r.labels[0]?.name.range[0] ?? -1, r.annotations[0]?.name.range[0] ?? -1];
  // Object.fromEntries as Prometheus's map: the last of a name wins (and `__proto__` is a name like any other).
  const entries = (list: Rule["labels"], names: string[]): Record<string, string> => {
    for (const e of list) {
      names.push(e.name.value);
      offsets.push(e.value.range[0]);
    }
    return Object.fromEntries(list.map((e) => [e.name.value, e.value.value]));
  };
  const labelNames: string[] = [];
  const labels = entries(r.labels, labelNames);
  const annotationNames: string[] = [];
  const annotations = entries(r.annotations, annotationNames);
  const silences = silencesAbove(source.text, r.offset);
  return {
    kind: r.kind === "alerting" ? "alert" : "record",
    name: r.name,
    expr: expr.value,
    for: r.for?.text ?? null,
    keepFiringFor: r.keepFiringFor?.text ?? null,
    labels,
    annotations,
    index: r.index,
    group,
    location: new RuleFileLocation(file, group, source, expr.value, expr.style, offsets, labelNames, annotationNames),
    silences: silences.length > 0 ? silences : NO_SILENCES,
    alert: null,
  };
}
