import { defineConfig } from "obsgen";

// kube-prometheus-stack's Prometheus selects PrometheusRules, ServiceMonitors and PodMonitors
// labelled `release: <its release name>`.
export default defineConfig({
  targets: [{ kind: "prometheus-operator", namespace: "monitoring", labels: { release: "kube-prometheus-stack" } }],
});
