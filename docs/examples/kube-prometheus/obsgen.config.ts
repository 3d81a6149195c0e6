import { defineConfig } from "obsgen";

// kube-prometheus-stack's Prometheus selects PrometheusRules labelled with its release name, in
// the namespace the chart runs in; its ServiceMonitors likewise.
export default defineConfig({
  catalog: "catalog/index.ts",
  out: "out",
  targets: [{ kind: "prometheus-operator", namespace: "monitoring", labels: { release: "kube-prometheus-stack" } }],
});
