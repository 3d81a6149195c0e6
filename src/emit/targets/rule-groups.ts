/**
 * Rule groups as each target writes them: the catalog's groups (or a unit's share of them) with
 * the optional group fields the target's engine supports, in one canonical key order (name,
 * interval, query_offset, labels, partial_response_strategy, source_tenants, rules).
 */
import type { PartialResponseStrategy } from "../../config/authoring.js";
import type { RuleGroupSettingsResolved } from "../../config/schema.js";
import type { ResolvedRuleGroup } from "../../model/resolved.js";
import { type Engine, support } from "./engines.js";

/** The strategy asked for one group: one value for all, or the group's entry of a per-group record. */
export function strategyFor(
  asked: PartialResponseStrategy | Readonly<Record<string, PartialResponseStrategy>> | undefined,
  groupName: string,
): PartialResponseStrategy | undefined {
  if (asked === undefined) return undefined;
  return typeof asked === "string" ? asked : asked[groupName];
}

export interface GroupOptions {
  readonly engine: Engine;
  readonly settings: RuleGroupSettingsResolved;
  readonly partialResponseStrategy?: PartialResponseStrategy | Readonly<Record<string, PartialResponseStrategy>>;
}

/** One group object, with the supported optional fields set. */
export function groupYaml(group: ResolvedRuleGroup, rules: readonly unknown[], o: GroupOptions): Record<string, unknown> {
  const { engine, settings } = o;
  const ok = (f: Parameters<typeof support>[1]) => support(engine, f).supported;
  const prs = strategyFor(o.partialResponseStrategy, group.name);
  const labels = settings.labels && Object.keys(settings.labels).length > 0 ? sortedRecord(settings.labels) : undefined;
  return {
    name: group.name,
    interval: group.interval,
    ...(settings.queryOffset !== undefined && ok("query_offset") ? { query_offset: settings.queryOffset } : {}),
    ...(labels && ok("labels") ? { labels } : {}),
    ...(prs !== undefined && ok("partial_response_strategy") ? { partial_response_strategy: prs } : {}),
    ...(settings.sourceTenants && ok("source_tenants") ? { source_tenants: [...settings.sourceTenants] } : {}),
    rules,
  };
}

/** A record with its keys sorted, for canonical output of user-given maps. */
export function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
