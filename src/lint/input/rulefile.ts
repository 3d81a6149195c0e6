/**
 * The lint input of Prometheus rule files: groups and rules from the rule-file model, with every
 * finding mapped back to file:line:col (through the expression's scalar, whatever its YAML style),
 * and `# obsgen-disable` comments directly above a rule read as its silences.
 */
import type { ResolvedSilence } from "../../model/resolved.js";
import type { CheckSource, LoadedRuleFile } from "../../rulefile/index.js";
import { scalarOffset } from "../../rulefile/index.js";
import type { Rule } from "../../rulefile/model.js";
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

/** Where a rule's findings point: file:line:col of the rule, of an offset in its expression, of a field. */
class RuleFileLocation implements RuleLocation {
  readonly position: Position;

  constructor(
    readonly file: string,
    private readonly rule: Rule,
    private readonly group: LintGroupNode,
    private readonly source: CheckSource,
  ) {
    this.position = pos(rule.position);
  }

  exprPosition(offset: number): Position {
    const { text, positionAt } = this.source;
    return pos(positionAt(scalarOffset(text, this.rule.expr!, offset)));
  }

  fieldPosition(name: string): Position | undefined {
    const r = this.rule;
    if (name === "for" && r.for) return pos(r.for.position);
    if (name === "interval" && this.group.position) return this.group.position;
    const [kind, key] = name.split(".") as [string, string | undefined];
    const list = kind === "labels" ? r.labels : kind === "annotations" ? r.annotations : undefined;
    if (list) {
      const e = key ? this.entry(kind as "labels" | "annotations", key) : list[0];
      if (e) return pos((key ? e.value : e.name).position);
    }
    return pos(r.position);
  }

  /** Labels and annotations by name, indexed on first use: a finding per annotation of a rule with
   * tens of thousands of them would otherwise search them all each time. The first of a name wins. */
  private entry(kind: "labels" | "annotations", key: string): Rule["labels"][number] | undefined {
    this.entries ??= new Map();
    let index = this.entries.get(kind);
    if (index === undefined) {
      index = new Map();
      for (const e of this.rule[kind]) if (!index.has(e.name.value)) index.set(e.name.value, e);
      this.entries.set(kind, index);
    }
    return index.get(key);
  }

  private entries: Map<string, Map<string, Rule["labels"][number]>> | undefined;
}

function toNode(r: Rule, group: LintGroupNode, source: CheckSource, file: string): LintRuleNode {
  const entries = (list: Rule["labels"]) => Object.fromEntries(list.map((e) => [e.name.value, e.value.value]));
  return {
    kind: r.kind === "alerting" ? "alert" : "record",
    name: r.name,
    expr: r.expr!.value,
    for: r.for?.text ?? null,
    keepFiringFor: r.keepFiringFor?.text ?? null,
    labels: entries(r.labels),
    annotations: entries(r.annotations),
    index: r.index,
    group,
    location: new RuleFileLocation(file, r, group, source),
    silences: silencesAbove(source.text, r.offset),
    alert: null,
  };
}
