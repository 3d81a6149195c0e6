/**
 * Rule groups kept as written (`ruleGroups`): resolved to data the emitters copy field by field,
 * with the checks Prometheus's loader makes across a file and the ones obsgen's outputs need.
 */
import { keptRuleFileStem, ruleFilePath } from "./conventions.js";
import { fileNameProblem } from "./file-names.js";
import type { ResolvedKeptRule, ResolvedKeptRuleGroup, ResolvedMetric, ResolvedRuleGroup } from "./resolved.js";
import { type Ctx, err, lookupMetric } from "./resolve-context.js";
import { resolveCondition } from "./resolve-condition.js";
import { compare } from "./promql-builder.js";
import type { CatalogSpec } from "./schema.js";
import { loadsRuleGroupField, type PrometheusVersion, RULE_GROUP_FIELD_SINCE } from "../compat/prometheus.js";

export function resolveKeptRuleGroups(
  ctx: Ctx,
  catalog: CatalogSpec,
  metrics: ReadonlyMap<string, ResolvedMetric>,
  derived: readonly ResolvedRuleGroup[],
  versions: readonly PrometheusVersion[],
): ResolvedKeptRuleGroup[] {
  const derivedFiles = new Set(derived.map((g) => ruleFilePath(g.name)));
  const derivedNames = new Set(derived.map((g) => g.name));
  const seen = new Map<string, number>();
  return catalog.ruleGroups.map((g, i) => {
    // As the schema's errors name them (resolve.ts formatPath): by name.
    const path = `ruleGroups.${g.name}`;
    const file = g.file ?? keptRuleFileStem(g.name);
    if (g.file === undefined) {
      const problem = fileNameProblem(`${file}.yml`);
      if (problem)
        err(ctx, "catalog/file-name", `${path}.name`, `the rule group is written to ${file}.yml, whose file name ${problem}`, "set the group's `file`");
    }
    if (derivedFiles.has(ruleFilePath(file)))
      err(
        ctx,
        "catalog/rule-file-clash",
        path,
        `the rule file ${ruleFilePath(file)} is also written for obsgen's own rule group of that name`,
        "set another `file`",
      );
    // Prometheus refuses a group name twice in one file (2.42 rulefmt.go: "groupname: \"…\" is
    // repeated in the same file"). The Kubernetes and Mimir targets put every kept group in the
    // shared unit, one file, with obsgen's groups: so a name is refused twice anywhere.
    const other = seen.get(g.name);
    if (other !== undefined)
      err(
        ctx,
        "catalog/duplicate-rule-group",
        `${path}.name`,
        `rule group "${g.name}" is declared twice (groups ${other + 1} and ${i + 1} of \`ruleGroups\`)`,
        "rename one of them: even in two files, the shared PrometheusRule and Mimir namespace would hold both",
      );
    else if (derivedNames.has(g.name))
      err(
        ctx,
        "catalog/duplicate-rule-group",
        `${path}.name`,
        `rule group "${g.name}" is also one of obsgen's own groups`,
        "rename the group, or set `prometheus.ruleGroupPrefix`",
      );
    if (other === undefined) seen.set(g.name, i);
    const refusing = versions.filter((v) => !loadsRuleGroupField(v, "query_offset"));
    if (g.queryOffset !== undefined && refusing.length > 0)
      err(
        ctx,
        "catalog/unsupported-query-offset",
        `${path}.queryOffset`,
        `\`query_offset\` is loaded by Prometheus ${RULE_GROUP_FIELD_SINCE.query_offset} and later, and the catalog targets ${refusing.join(", ")}`,
        "leave it out, or target only Prometheus versions that load it (`prometheus.version`)",
      );
    const rules: ResolvedKeptRule[] = g.rules.map((r, j) => {
      const rulePath = `${path}.rules[${j}]`;
      r.expr.metrics.forEach((m, k) => {
        lookupMetric(ctx, metrics, m, `${rulePath}.expr.metrics[${k}]`, ["counter", "gauge", "histogram"], "a rule's expression");
      });
      if ("alert" in r) {
        // A typed condition compiles as a service alert's does (same compiler, same versions); an
        // unknown metric or label is reported at `….expr.metric` as an alert's is. A condition that
        // does not compile leaves the rule's text empty: the catalog has errors and builds nothing.
        const typed =
          r.expr.condition === null
            ? undefined
            : resolveCondition(ctx, { ...catalog, prometheus: { version: versions } }, metrics, r.expr.condition, `${rulePath}.expr`);
        const c = typed?.compiled;
        return {
          kind: "alerting",
          alert: r.alert,
          expr: r.expr.expr ?? (c ? compare(c.lhs, c.op, c.threshold) : ""),
          metrics: typed ? typed.metrics : r.expr.metrics,
          condition: typed?.condition ?? null,
          for: r.for ?? null,
          keepFiringFor: r.keepFiringFor ?? null,
          labels: r.labels,
          annotations: r.annotations,
          path: rulePath,
        };
      }
      return { kind: "recording", record: r.record, expr: r.expr.expr, metrics: r.expr.metrics, labels: r.labels, path: rulePath };
    });
    return { name: g.name, file, interval: g.interval ?? null, limit: g.limit ?? null, queryOffset: g.queryOffset ?? null, rules, path };
  });
}
