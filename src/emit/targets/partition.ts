/**
 * Splits the catalog's rules into units (one PrometheusRule, one Mimir namespace) per service or
 * per team, plus one shared unit for rules nobody single owns. Each unit keeps the catalog's rule
 * groups (by priority, SLO recording rules) with only its own rules; empty groups are left out.
 *
 * Who owns what:
 * - an alert: its service (shared groups' alerts have none: shared), or its team;
 * - an SLO's recording rules: by service, the SLO's service (availability) or the service owning
 *   the SLO's metric; by team, the one team owning the SLO's burn-rate alerts (else shared), so
 *   each unit records the series its own alerts read;
 * - a renamed metric's recording rules: the metric's service; shared by team.
 */
import type { ResolvedAlert, ResolvedCatalog, ResolvedRecordingRule, ResolvedRuleGroup } from "../../model/resolved.js";
import { isRenameRuleSource } from "../../model/conventions.js";
import { alertingRuleYaml, keptGroupYaml, recordingRuleYaml } from "../prometheus-rules.js";

export type UnitBy = "service" | "team";

export interface RuleUnit {
  /** A service name, a team name, or the shared unit's name. */
  readonly unit: string;
  readonly groups: readonly { readonly group: ResolvedRuleGroup; readonly rules: readonly Record<string, unknown>[] }[];
  /**
   * Rule groups kept as written, each as declared (`keptGroupYaml`): all in the shared unit,
   * after its own groups, since nobody in the catalog owns them (they name no service or team
   * obsgen knows of).
   */
  readonly kept: readonly Record<string, unknown>[];
}

function alertOwner(a: ResolvedAlert, by: UnitBy, shared: string): string {
  return by === "team" ? a.team : (a.service ?? shared);
}

function recordingOwner(model: ResolvedCatalog, r: ResolvedRecordingRule, by: UnitBy, shared: string): string {
  const metricService = (name: string) => model.metrics.find((m) => m.name === name)?.service ?? shared;
  if (r.source.startsWith("slo:")) {
    const slo = model.slos.find((s) => s.name === r.source.slice(4));
    if (!slo) return shared;
    if (by === "team") {
      const teams = new Set(model.alerts.filter((a) => a.path === slo.path).map((a) => a.team));
      return teams.size === 1 ? [...teams][0]! : shared;
    }
    if (slo.kind === "availability") return slo.service;
    return "metric" in slo ? metricService(slo.metric) : shared;
  }
  if (isRenameRuleSource(r.source)) return by === "team" ? shared : metricService(r.source.slice("rename:".length));
  return shared;
}

/** The units, sorted by name, each with its share of every rule group (in the catalog's group order). */
export function partitionRules(model: ResolvedCatalog, by: UnitBy, shared: string): RuleUnit[] {
  const units = new Map<string, Map<string, Record<string, unknown>[]>>();
  const add = (unit: string, group: string, rule: Record<string, unknown>) => {
    const groups = units.get(unit) ?? new Map<string, Record<string, unknown>[]>();
    units.set(unit, groups);
    groups.set(group, [...(groups.get(group) ?? []), rule]);
  };
  for (const a of model.alerts) add(alertOwner(a, by, shared), a.ruleGroup, alertingRuleYaml(a));
  for (const r of model.recordingRules) add(recordingOwner(model, r, by, shared), r.ruleGroup, recordingRuleYaml(r));
  if (model.keptRuleGroups.length > 0 && !units.has(shared)) units.set(shared, new Map());
  return [...units.keys()].sort().map((unit) => ({
    unit,
    groups: model.ruleGroups.flatMap((group) => {
      const rules = units.get(unit)!.get(group.name);
      return rules ? [{ group, rules }] : [];
    }),
    kept: unit === shared ? model.keptRuleGroups.map(keptGroupYaml) : [],
  }));
}
