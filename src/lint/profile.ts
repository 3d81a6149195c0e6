/**
 * Lint profiles: which kinds of finding (impacts) a run prints. A rule set to a level in
 * `lint.rules` is on whatever the profile, and `"off"` turns a rule off in every profile.
 *
 * - `bugs`: only what does not work as written;
 * - `recommended`: bugs, risks and needless cost, what is certain or likely to matter and certain
 *   to be worth the edit: the default for rule files and dashboards, most of them written by others
 *   under conventions of their own;
 * - `all`: conventions too (annotations, naming, style): the default for a catalog, whose
 *   conventions obsgen itself follows when it generates the rules.
 */
import type { Impact } from "../diagnostics/diagnostic.js";
import type { RuleMeta } from "./types.js";

export type LintProfile = "bugs" | "recommended" | "all";
export const PROFILES: readonly LintProfile[] = ["bugs", "recommended", "all"];

export const PROFILE_IMPACTS: Readonly<Record<LintProfile, ReadonlySet<Impact>>> = {
  bugs: new Set<Impact>(["bug"]),
  recommended: new Set<Impact>(["bug", "risk", "cost"]),
  all: new Set<Impact>(["bug", "risk", "cost", "convention"]),
};

/** The profile of `obsgen lint <paths>`: rule files and dashboards, often third-party. */
export const DEFAULT_FILE_PROFILE: LintProfile = "recommended";
/** The profile of `obsgen lint` on a catalog. */
export const DEFAULT_CATALOG_PROFILE: LintProfile = "all";

export function isProfile(s: string): s is LintProfile {
  return (PROFILES as readonly string[]).includes(s);
}

/** The kind of a finding with this message. */
export function findingImpact(meta: RuleMeta, messageId: string): Impact {
  return meta.messageImpacts?.[messageId] ?? meta.impact;
}

/** Every kind of finding the rule can make. */
export function ruleImpacts(meta: RuleMeta): Impact[] {
  return [...new Set([meta.impact, ...Object.values(meta.messageImpacts ?? {})])];
}

/** Whether the profile prints at least some findings of the rule. */
export function profilePrints(profile: LintProfile, meta: RuleMeta): boolean {
  return ruleImpacts(meta).some((i) => PROFILE_IMPACTS[profile].has(i));
}
