/**
 * rule/dependency: rules that read what other recording rules write.
 *
 * - A series named like a recording rule's output (`level:metric:operations`, the `:` reserved
 *   for recording rules) that nothing records. With a catalog (catalog lint, or `--catalog`) the
 *   picture is whole: a name neither the linted files record nor the catalog declares never has
 *   data. Without one, the series may come from a file not linted, federation or remote write, so
 *   only a probable typo is reported: the rule's own file records a name one or two edits away
 *   (`job:errors:rate5m` recorded, `job:error:rate5m` read).
 * - A recording rule reading a series another group of its file records sees it up to one
 *   evaluation interval late: groups run independently, at their own offsets, while the rules of
 *   one group run in order and each sees what the rules before it just wrote (`rules/manager.go`,
 *   `Group.Eval`). Groups of other files are left alone: obsgen cannot tell whether one Prometheus
 *   loads both (see `loaded-together.ts`). Alerting rules are left alone: a few seconds of lag
 *   rarely matters to them.
 */
import { selectorUses } from "../../../promql/walk.js";
import { selectorName, seriesInfo } from "../../promql-facts.js";
import { loadedTogether } from "../../loaded-together.js";
import type { LintGroupNode, LintInput } from "../../types.js";
import { defineRule } from "../../types.js";

/**
 * The recording rule naming convention, `level:metric:operations`: a colon after a non-empty
 * level. Exporters that break the rule "colons are reserved for recording rules" tend to put the
 * colon first (TensorFlow Serving's `:tensorflow:serving:request_count`), so those are left alone.
 */
const RECORDED_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_:]/;

interface Producers {
  /** Groups that record each series name, in input order (a set: rules ask whether theirs is one). */
  readonly groups: ReadonlyMap<string, ReadonlySet<LintGroupNode>>;
  /** Names the catalog's own recording rules write (SLO rules), when linting rule files against it. */
  readonly catalogRecords: ReadonlySet<string>;
  /** Names recorded in each file, for the typo check. */
  readonly byFile: ReadonlyMap<string, readonly string[]>;
}

const cache = new WeakMap<LintInput, Producers>();

function producers(input: LintInput): Producers {
  let p = cache.get(input);
  if (!p) {
    // Sets, in constant time per rule: with lists, many groups recording one name made lint quadratic.
    const groups = new Map<string, Set<LintGroupNode>>();
    const byFile = new Map<string, Set<string>>();
    for (const g of input.groups) {
      for (const r of g.rules) {
        if (r.kind !== "record") continue;
        const set = groups.get(r.name) ?? new Set<LintGroupNode>();
        set.add(g);
        groups.set(r.name, set);
        const names = byFile.get(g.file) ?? new Set<string>();
        names.add(r.name);
        byFile.set(g.file, names);
      }
    }
    p = {
      groups,
      catalogRecords: new Set((input.catalog?.recordingRules ?? []).map((r) => r.record)),
      byFile: new Map([...byFile].map(([f, names]) => [f, [...names]])),
    };
    cache.set(input, p);
  }
  return p;
}

export default defineRule({
  meta: {
    id: "rule/dependency",
    severity: "warning",
    impact: "bug",
    // A value one evaluation old is what most split rule files accept by design (mixins record their
    // building blocks in one group and read them from others): a convention, not a defect.
    messageImpacts: { otherGroup: "convention" },
    description: "Recorded series that rules read are recorded, and recorded in the reading rule's group.",
    messages: {
      missing:
        "{{name}} is named like a recording rule's output, but no recording rule in the linted files records it and the catalog does not declare it: this selector never returns data",
      typo: "{{name}} is recorded by no linted file, and this file records {{near}}: probably a typo (a series from elsewhere, by federation or remote write, is a reason to silence this)",
      otherGroup:
        "{{name}} is recorded in group {{group}} of this file, not in this rule's group {{own}}: groups run independently, so this rule reads a value up to one evaluation interval old; record both in one group, the dependency first",
    },
  },
  rule({ ast, rule, input, report }) {
    if (!ast) return;
    const { groups, catalogRecords, byFile } = producers(input);
    const done = new Set<string>();
    for (const use of selectorUses(ast)) {
      const name = selectorName(use.selector);
      if (name === undefined || done.has(name)) continue;
      const span = { from: use.selector.from, to: use.selector.to };
      const recordedIn = groups.get(name);
      if (recordedIn === undefined) {
        const kind = seriesInfo(name, input).kind;
        if (!RECORDED_NAME.test(name) || catalogRecords.has(name) || (kind !== "unknown" && kind !== "inferred")) continue;
        done.add(name);
        if (input.catalog) {
          report({ messageId: "missing", data: { name }, span });
          continue;
        }
        const near = nearestName(name, byFile.get(rule.group.file) ?? []);
        if (near !== undefined) report({ messageId: "typo", data: { name, near }, span });
        continue;
      }
      if (rule.kind !== "record" || recordedIn.has(rule.group)) continue;
      let other: LintGroupNode | undefined;
      for (const g of recordedIn) {
        if (loadedTogether(g, rule.group)) {
          other = g;
          break;
        }
      }
      if (other === undefined) continue;
      done.add(name);
      report({ messageId: "otherGroup", data: { name, group: other.name, own: rule.group.name }, span });
    }
  },
});

/** Farthest a read name may be from a recorded one, in edits, to be called a typo of it. */
const TYPO_EDITS = 2;

/** The recorded name closest to `name` within {@link TYPO_EDITS} edits (the first of equals), if any. */
function nearestName(name: string, recorded: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = TYPO_EDITS + 1;
  for (const r of recorded) {
    if (Math.abs(r.length - name.length) >= bestDistance) continue;
    const d = editDistance(name, r, bestDistance);
    if (d < bestDistance) {
      best = r;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance of `a` and `b`, or `limit` when it is at least `limit` (rows stop early). */
function editDistance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev = row;
  }
  return Math.min(prev[b.length]!, limit);
}
