/**
 * Silences: typed data on catalog elements (`silence: [{ rule, reason, until }]`),
 * `# obsgen-disable <rule> [until YYYY-MM-DD]: <reason>` comments above a rule in a rule file, or
 * `# obsgen-disable-file <rule>[, <rule>…] [until YYYY-MM-DD]: <reason>` comments before a rule
 * file's first group, for every rule of the file.
 * A silence whose date has passed no longer applies; the finding is back.
 */
import type { ResolvedSilence } from "../model/resolved.js";
import type { FileSilence, LintInput, LintRuleNode } from "./types.js";

export function silenceApplies(s: ResolvedSilence, ruleId: string, today: string): boolean {
  return s.rule === ruleId && (s.until === null || today <= s.until);
}

/** The exact silence a user copies into the catalog element a finding is about. */
export function catalogSilenceSnippet(ruleId: string): string {
  return `silence: [{ rule: "${ruleId}", reason: "<why this is deliberate>" }]`;
}

/** The exact comment a user copies above a rule in a rule file. */
export function commentSilenceSnippet(ruleId: string): string {
  return `# obsgen-disable ${ruleId}: <why this is deliberate>`;
}

const COMMENT_RE = /^#\s*obsgen-disable\s+([a-z]+\/[a-z0-9-]+)(?:\s+until\s+(\d{4}-\d{2}-\d{2}))?\s*(?::\s*(.*))?$/;

/** Parses one `# obsgen-disable …` comment line; undefined when the line is not one. */
export function parseSilenceComment(line: string): ResolvedSilence | undefined {
  const m = COMMENT_RE.exec(line.trim());
  if (!m) return undefined;
  return { rule: m[1]!, until: m[2] ?? null, reason: (m[3] ?? "").trim() };
}

const FILE_COMMENT_RE = /^#\s*obsgen-disable-file\s+([a-z]+\/[a-z0-9-]+(?:\s*,\s*[a-z]+\/[a-z0-9-]+)*)(?:\s+until\s+(\d{4}-\d{2}-\d{2}))?\s*(?::\s*(.*))?$/;

/** Parses one `# obsgen-disable-file …` comment line into one silence per rule named; undefined when the line is not one. */
export function parseFileSilenceComment(line: string): ResolvedSilence[] | undefined {
  const m = FILE_COMMENT_RE.exec(line.trim());
  if (!m) return undefined;
  return m[1]!.split(",").map((rule) => ({ rule: rule.trim(), until: m[2] ?? null, reason: (m[3] ?? "").trim() }));
}

/**
 * Each rule file's `# obsgen-disable-file` silences once (the groups of a file share one list), with
 * the rule findings about them are anchored on: the file's first rule. A file without rules has
 * no anchor and is left out.
 */
export function fileSilenceLists(input: LintInput): { readonly list: readonly FileSilence[]; readonly anchor: LintRuleNode }[] {
  const anchors = new Map<readonly FileSilence[], LintRuleNode | undefined>();
  for (const group of input.groups) {
    const list = group.fileSilences;
    if (!list) continue;
    if (anchors.get(list) === undefined) anchors.set(list, group.rules[0]);
  }
  return [...anchors].flatMap(([list, anchor]) => (anchor ? [{ list, anchor }] : []));
}
