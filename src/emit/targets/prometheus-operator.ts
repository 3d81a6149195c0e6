/**
 * The `prometheus-operator` target (`out/kubernetes/`): one `PrometheusRule`
 * (monitoring.coreos.com/v1) per service, one more for the rules no service owns (alerts of
 * shared metric groups), each holding its share of the catalog's groups; and one ConfigMap per
 * dashboard, labelled for Grafana's dashboard sidecar and annotated with its folder; and a
 * ServiceMonitor or PodMonitor per service discovered through Kubernetes (./monitors.ts). Every
 * resource carries the configured metadata labels, so the operator's `ruleSelector`,
 * `serviceMonitorSelector` and `podMonitorSelector` and the sidecar's label selector find them.
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
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedCatalog } from "../../model/resolved.js";
import { provisionedDashboards } from "../grafana.js";
import { type EmittedFile, toJson, toYaml } from "../serialize.js";
import { prometheusRelease } from "./engines.js";
import { monitorResources } from "./monitors.js";
import { partitionRules } from "./partition.js";
import { groupYaml, sortedRecord } from "./rule-groups.js";
import type { DeployTarget } from "./target.js";

/** `kubectl apply` (client-side) keeps the whole object in an annotation, limited to 256 KiB. */
export const KUBECTL_APPLY_LIMIT = 262_144;
/** The API server refuses objects over 1 MiB (etcd's request limit). */
export const CONFIGMAP_LIMIT = 1_048_576;

function metadata(name: string, namespace: string | undefined, labels: Record<string, string>, annotations: Readonly<Record<string, string>>) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: sortedRecord(labels),
    ...(Object.keys(annotations).length > 0 ? { annotations: sortedRecord(annotations) } : {}),
  };
}

export function emitPrometheusOperatorTarget(model: ResolvedCatalog, target: PrometheusOperatorTarget, settings: RuleGroupSettingsResolved): EmittedFile[] {
  const engine = prometheusOperatorTarget.engine(target, model.prometheus.versions);
  const header = generatedHeader(model.name);
  const managed = managedByLabels(model.name);
  const rules = partitionRules(model, "service", target.shared).map((u) => {
    const name = ruleUnitName(model.prometheus.ruleGroupPrefix, u.unit);
    const resource = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: metadata(name, target.namespace, { ...managed, ...target.labels }, target.annotations),
      spec: {
        groups: [...u.groups.map((g) => groupYaml(g.group, g.rules, { engine, settings, partialResponseStrategy: target.partialResponseStrategy })), ...u.kept],
      },
    };
    return { path: prometheusRuleFilePath(name), contents: toYaml(resource, header) };
  });
  const monitors = monitorResources(model, target, { ...managed, ...target.labels }).map((m) => ({ path: m.path, contents: toYaml(m.resource, header) }));
  if (target.dashboards === false) return [...rules, ...monitors];
  const d = target.dashboards;
  const dashboards = provisionedDashboards(model).map((dash) => {
    const name = dashboardConfigMapName(dash.uid);
    // kiwigrid's k8s-sidecar writes the ConfigMap's files to the directory its folder annotation
    // names, relative to its own folder (k8s-sidecar 2.10, src/resources.py); with the Grafana
    // chart's `provider.foldersFromFilesStructure`, that directory is the dashboard's folder.
    const folder = d.folderAnnotation === false ? {} : { [d.folderAnnotation]: dash.folder };
    const resource = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: metadata(name, d.namespace ?? target.namespace, { ...managed, ...d.labels }, { ...d.annotations, ...folder }),
      // The same JSON as out/grafana/dashboards/<folder>/<uid>.json; the sidecar writes it to a file named by the key.
      data: { [dashboardConfigMapKey(dash.uid)]: dash.json },
    };
    return { path: dashboardConfigMapFilePath(name), contents: toYaml(resource, header) };
  });
  return [...rules, ...monitors, ...dashboards];
}

/**
 * `target/name-clash` (two dashboards map to one ConfigMap name) and `target/configmap-size` (a
 * dashboard ConfigMap over what `kubectl apply` (256 KiB) or the API server (1 MiB) accepts).
 */
function checkDashboardConfigMaps(model: ResolvedCatalog, target: PrometheusOperatorTarget): Omit<Diagnostic, "file">[] {
  if (target.dashboards === false) return [];
  const out: Omit<Diagnostic, "file">[] = [];
  const byName = new Map<string, string>();
  for (const d of provisionedDashboards(model)) {
    const name = dashboardConfigMapName(d.uid);
    const other = byName.get(name);
    if (other !== undefined) {
      out.push({
        code: "target/name-clash",
        severity: "error",
        path: d.path,
        message: `dashboards "${other}" and "${d.uid}" would both be the ConfigMap ${name}`,
        hint: "give one of the dashboards another `uid` (ConfigMap names are lowercase, `_` becomes `-`)",
      });
    }
    byName.set(name, d.uid);
    const bytes = new TextEncoder().encode(d.json).length;
    if (bytes > KUBECTL_APPLY_LIMIT) {
      const refused = bytes > CONFIGMAP_LIMIT;
      out.push({
        code: "target/configmap-size",
        severity: refused ? "error" : "warning",
        path: d.path,
        message: refused
          ? `dashboard "${d.uid}" is ${bytes} bytes: over the 1 MiB the Kubernetes API accepts in a ConfigMap`
          : `dashboard "${d.uid}" is ${bytes} bytes: over the 256 KiB client-side \`kubectl apply\` can record`,
        hint: refused ? "split the dashboard" : "apply it with `kubectl apply --server-side` (or `kubectl create`/`replace`)",
      });
    }
  }
  return out;
}

/**
 * `target/service-role` (warning): the operator has no `service` role. A ServiceMonitor scrapes
 * every endpoint behind the selected Services, where prometheus.yml's role `service` scrapes the
 * Service's own address (one pod per scrape).
 */
function checkMonitors(model: ResolvedCatalog): Omit<Diagnostic, "file">[] {
  return model.services.flatMap((s) =>
    s.discovery.kind === "kubernetes" && s.discovery.role === "service"
      ? [
          {
            code: "target/service-role",
            severity: "warning" as const,
            path: `${s.path}.discovery`,
            message: `${s.name} is discovered with the role \`service\`, which the operator does not have: its ServiceMonitor scrapes every endpoint behind the Service instead of the Service's address`,
            hint: 'use the role "endpoints" or "endpointslice" (what a ServiceMonitor does), or "pod" for a PodMonitor',
          },
        ]
      : [],
  );
}

export const prometheusOperatorTarget: DeployTarget<PrometheusOperatorTarget> = {
  kind: "prometheus-operator",
  description:
    "PrometheusRule resources, one per service and one shared, a ServiceMonitor or PodMonitor per Kubernetes-discovered service, and a ConfigMap per dashboard (kubernetes/)",
  writesPlainRules: false,
  engine: (target, targeted) => (target.ruler === "thanos" ? { name: "thanos" } : { name: "prometheus", version: prometheusRelease(target.version, targeted) }),
  emit: emitPrometheusOperatorTarget,
  prometheusVersion: (target) => (target.ruler === "prometheus" ? target.version : undefined),
  partialResponseStrategy: (target) => target.partialResponseStrategy,
  units: (target) => ({ by: "service", shared: target.shared, noun: "PrometheusRule" }),
  check: (model, target) => [...checkDashboardConfigMaps(model, target), ...checkMonitors(model)],
};
