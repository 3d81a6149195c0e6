/**
 * The `prometheus-operator` target (`out/kubernetes/`): one `PrometheusRule`
 * (monitoring.coreos.com/v1) per service, one more for the rules no service owns (alerts of
 * shared metric groups), each holding its share of the catalog's groups; and one ConfigMap per
 * dashboard, labelled for Grafana's dashboard sidecar. Every resource carries the configured
 * metadata labels, so the operator's `ruleSelector` and the sidecar's label selector find them.
 */
import type { PrometheusOperatorTarget, RuleGroupSettingsResolved } from "../../config/schema.js";
import {
  dashboardConfigMapFilePath,
  dashboardConfigMapKey,
  dashboardConfigMapName,
  generatedHeader,
  managedByLabels,
  prometheusRuleFilePath,
  ruleUnitName,
} from "../../model/conventions.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { dashboardJson } from "../grafana.js";
import { type EmittedFile, toJson, toYaml } from "../serialize.js";
import { engineOf } from "./engines.js";
import { partitionRules } from "./partition.js";
import { groupYaml, sortedRecord } from "./rule-groups.js";

function metadata(name: string, namespace: string | undefined, labels: Record<string, string>, annotations: Readonly<Record<string, string>>) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: sortedRecord(labels),
    ...(Object.keys(annotations).length > 0 ? { annotations: sortedRecord(annotations) } : {}),
  };
}

export function emitPrometheusOperatorTarget(model: ResolvedCatalog, target: PrometheusOperatorTarget, settings: RuleGroupSettingsResolved): EmittedFile[] {
  const engine = engineOf(target, model.prometheus.versions);
  const header = generatedHeader(model.name);
  const managed = managedByLabels(model.name);
  const rules = partitionRules(model, "service", target.shared).map((u) => {
    const name = ruleUnitName(model.prometheus.ruleGroupPrefix, u.unit);
    const resource = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: metadata(name, target.namespace, { ...managed, ...target.labels }, target.annotations),
      spec: {
        groups: u.groups.map((g) => groupYaml(g.group, g.rules, { engine, settings, partialResponseStrategy: target.partialResponseStrategy })),
      },
    };
    return { path: prometheusRuleFilePath(name), contents: toYaml(resource, header) };
  });
  if (target.dashboards === false) return rules;
  const d = target.dashboards;
  const dashboards = model.dashboards.map((dash) => {
    const name = dashboardConfigMapName(dash.uid);
    const resource = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: metadata(name, d.namespace ?? target.namespace, { ...managed, ...d.labels }, d.annotations),
      // The same JSON as out/grafana/<uid>.json; the sidecar writes it to a file named by the key.
      data: { [dashboardConfigMapKey(dash.uid)]: toJson(dashboardJson(dash, model.name)) },
    };
    return { path: dashboardConfigMapFilePath(name), contents: toYaml(resource, header) };
  });
  return [...rules, ...dashboards];
}
