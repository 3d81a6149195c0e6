/**
 * The prometheus-operator target's scrape resources: a `ServiceMonitor` (roles endpoints,
 * endpointslice, service) or a `PodMonitor` (role pod) per service the build's environment
 * discovers through Kubernetes. The operator turns each into a scrape job of its own naming
 * (`serviceMonitor/<namespace>/<name>/0`) and sets `job` to the Kubernetes Service's name (a
 * PodMonitor's: `<namespace>/<name>`) and, for a ServiceMonitor, `service` to the Service's name
 * (`generateServiceMonitorConfig`, `generatePodMonitorConfig` in
 * https://github.com/prometheus-operator/prometheus-operator/blob/v0.93.0/pkg/prometheus/promcfg.go).
 * The endpoint's `relabelings` run after those, so they set `job` to the catalog's service name
 * and `service` to its label: the values the generated rules and dashboards query
 * (`up{job="execution-engine"}`, `service="execution_engine"`).
 */
import type { PrometheusOperatorTarget } from "../../config/schema.js";
import { podMonitorFilePath, ruleUnitName, SERVICE_TARGET_LABEL, serviceMonitorFilePath } from "../../model/conventions.js";
import type { ResolvedCatalog, ResolvedLabelSelector, ResolvedService } from "../../model/resolved.js";
import { sortedRecord } from "./rule-groups.js";

export interface MonitorResource {
  readonly path: string;
  readonly resource: Record<string, unknown>;
}

function selectorYaml(s: ResolvedLabelSelector): Record<string, unknown> {
  return {
    ...(Object.keys(s.matchLabels).length > 0 ? { matchLabels: sortedRecord(s.matchLabels) } : {}),
    ...(s.matchExpressions.length > 0
      ? { matchExpressions: s.matchExpressions.map((e) => ({ key: e.key, operator: e.operator, ...(e.values.length > 0 ? { values: e.values } : {}) })) }
      : {}),
  };
}

/** The `ServiceMonitor`s and `PodMonitor`s of the Kubernetes-discovered services, labelled with the target's labels (what the Prometheus resource's `serviceMonitorSelector`/`podMonitorSelector` selects). */
export function monitorResources(model: ResolvedCatalog, target: PrometheusOperatorTarget, labels: Record<string, string>): MonitorResource[] {
  const out: MonitorResource[] = [];
  for (const s of model.services) {
    const d = s.discovery;
    if (d.kind !== "kubernetes") continue;
    const name = ruleUnitName(model.prometheus.ruleGroupPrefix, s.name);
    const pod = d.role === "pod";
    const endpoint = endpointYaml(s, d.port);
    const resource = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: pod ? "PodMonitor" : "ServiceMonitor",
      metadata: { name, ...(target.namespace ? { namespace: target.namespace } : {}), labels: sortedRecord(labels) },
      spec: {
        // Without it the operator uses the Prometheus resource's role (Endpoints by default).
        // The field exists from operator v0.86; endpoints and service leave it out, so older operators load them.
        ...(d.role === "endpointslice" ? { serviceDiscoveryRole: "EndpointSlice" } : {}),
        // An empty namespaceSelector means the monitor's own namespace to the operator; no
        // namespaces in the catalog means every namespace, as in prometheus.yml.
        namespaceSelector: d.namespaces.length > 0 ? { matchNames: d.namespaces } : { any: true },
        selector: selectorYaml(d.selector),
        ...(pod ? { podMetricsEndpoints: [endpoint] } : { endpoints: [endpoint] }),
      },
    };
    out.push({ path: pod ? podMonitorFilePath(name) : serviceMonitorFilePath(name), resource });
  }
  return out;
}

function endpointYaml(s: ResolvedService, port: string): Record<string, unknown> {
  return {
    port,
    path: s.scrape.path,
    scheme: s.scrape.scheme,
    // Always given: the Prometheus resource's default (30s) is not the catalog's interval, which its rate windows assume.
    interval: s.scrape.interval,
    scrapeTimeout: s.scrape.timeout,
    relabelings: [
      { action: "replace", targetLabel: SERVICE_TARGET_LABEL, replacement: s.label },
      { action: "replace", targetLabel: "job", replacement: s.name },
    ],
  };
}
