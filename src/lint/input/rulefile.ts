/**
 * The lint input of Prometheus rule files: groups and rules from the rule-file model, with every
 * finding mapped back to file:line:col (through the expression's scalar, whatever its YAML style),
 * and `# obsgen-disable` comments directly above a rule read as its silences.
 */
import type { ResolvedSilence } from "../../model/resolved.js";
import type { LoadedRuleFile } from "../../rulefile/index.js";
import { scalarOffset } from "../../rulefile/index.js";
import type { Rule } from "../../rulefile/model.js";
import { parseSilenceComment } from "../silence.js";
import type { LintGroupNode, LintRuleNode, Position } from "../types.js";

/** `# obsgen-disable …` comment lines directly above the line a rule starts on. */
function silencesAbove(lines: readonly string[], ruleLine: number): ResolvedSilence[] {
  const out: ResolvedSilence[] = [];
  for (let i = ruleLine - 2; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (!line.startsWith("#")) break;
    const s = parseSilenceComment(line);
    if (s) out.push(s);
  }
  return out;
}

function pos(p: { line: number; column: number }): Position {
  return { line: p.line, column: p.column };
}

export function ruleFileGroups(loaded: LoadedRuleFile, shownPath: string): LintGroupNode[] {
  const { source, value } = loaded;
  const lines = source.text.split("\n");
  return value.groups.map((g) => {
    const group: LintGroupNode = {
      name: g.name,
      interval: g.interval?.text ?? null,
      rules: [],
      file: shownPath,
      position: pos(g.position),
    };
    for (const r of g.rules) {
      if (r.kind === "unknown" || !r.expr) continue;
      group.rules.push(toNode(r, group, loaded, shownPath, lines));
    }
    return group;
  });
}

function toNode(r: Rule, group: LintGroupNode, loaded: LoadedRuleFile, file: string, lines: readonly string[]): LintRuleNode {
  const { source } = loaded;
  const expr = r.expr!;
  const entries = (list: Rule["labels"]) => Object.fromEntries(list.map((e) => [e.name.value, e.value.value]));
  const field = (name: string): Position | undefined => {
    if (name === "for" && r.for) return pos(r.for.position);
    if (name === "interval" && group.position) return group.position;
    const [kind, key] = name.split(".") as [string, string | undefined];
    const list = kind === "labels" ? r.labels : kind === "annotations" ? r.annotations : undefined;
    if (list) {
      const e = key ? list.find((x) => x.name.value === key) : list[0];
      if (e) return pos((key ? e.value : e.name).position);
    }
    return pos(r.position);
  };
  return {
    kind: r.kind === "alerting" ? "alert" : "record",
    name: r.name,
    expr: expr.value,
    for: r.for?.text ?? null,
    keepFiringFor: r.keepFiringFor?.text ?? null,
    labels: entries(r.labels),
    annotations: entries(r.annotations),
    index: r.index,
    group,
    location: {
      file,
      position: pos(r.position),
      exprPosition: (offset) => pos(source.positionAt(scalarOffset(source.text, expr, offset))),
      fieldPosition: field,
    },
    silences: silencesAbove(lines, r.position.line),
    alert: null,
  };
}
