/**
 * The `relabel_configs` of a Kubernetes-discovered job in prometheus.yml: keep only the targets of
 * this service (its label selector and its port name), then name the namespace and pod. Without
 * them, `kubernetes_sd_configs` yields every endpoint (or pod) of the namespaces, other services'
 * included.
 *
 * The selector is mapped to relabel rules as prometheus-operator maps a ServiceMonitor's
 * `selector` (`generateServiceMonitorConfig` in
 * https://github.com/prometheus-operator/prometheus-operator/blob/v0.93.0/pkg/prometheus/promcfg.go):
 * each label is read with its `labelpresent` twin, so a selector for the empty value does not keep
 * targets without the label. Unlike the operator, values are matched literally (`.` escaped).
 */
import { type KubernetesRole, sanitizedLabelName } from "../model/discovery.js";
import type { ResolvedDiscovery } from "../model/resolved.js";

type KubernetesDiscovery = Extract<ResolvedDiscovery, { kind: "kubernetes" }>;

/** The meta label holding a target's port name, per role (Prometheus's kubernetes discovery, 2.42 and 3). */
const PORT_NAME_LABEL: Record<KubernetesRole, string> = {
  endpoints: "__meta_kubernetes_endpoint_port_name",
  endpointslice: "__meta_kubernetes_endpointslice_port_name",
  service: "__meta_kubernetes_service_port_name",
  pod: "__meta_kubernetes_pod_container_port_name",
};

/** A label value as an RE2 regex matching exactly it (Kubernetes label values hold `.` as their only metacharacter). */
function literal(value: string): string {
  return value.replace(/[.\\^$|?*+()[\]{}]/g, "\\$&");
}

/** The relabel rules that keep the service's own targets: its selector (on the Service's labels, or the pod's for role `pod`) and its port. */
export function kubernetesKeepRules(d: KubernetesDiscovery): Record<string, unknown>[] {
  const of = d.role === "pod" ? "pod" : "service";
  const value = (key: string) => `__meta_kubernetes_${of}_label_${sanitizedLabelName(key)}`;
  const present = (key: string) => `__meta_kubernetes_${of}_labelpresent_${sanitizedLabelName(key)}`;
  const rules: Record<string, unknown>[] = [];
  for (const key of Object.keys(d.selector.matchLabels).sort()) {
    rules.push({ source_labels: [value(key), present(key)], regex: `(${literal(d.selector.matchLabels[key]!)});true`, action: "keep" });
  }
  for (const e of d.selector.matchExpressions) {
    if (e.operator === "In" || e.operator === "NotIn") {
      rules.push({
        source_labels: [value(e.key), present(e.key)],
        regex: `(${e.values.map(literal).join("|")});true`,
        action: e.operator === "In" ? "keep" : "drop",
      });
    } else {
      rules.push({ source_labels: [present(e.key)], regex: "true", action: e.operator === "Exists" ? "keep" : "drop" });
    }
  }
  rules.push({ source_labels: [PORT_NAME_LABEL[d.role]], regex: literal(d.port), action: "keep" });
  return rules;
}

/**
 * `namespace` and (for roles with pods) `pod` on every series, as the operator's monitors set
 * them; finished pods are dropped, as the operator does by default (`filterRunning`).
 */
export function kubernetesLabelRules(role: KubernetesRole): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  if (role !== "service") rules.push({ source_labels: ["__meta_kubernetes_pod_phase"], regex: "(Failed|Succeeded)", action: "drop" });
  rules.push({ source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" });
  if (role !== "service") rules.push({ source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" });
  return rules;
}
