import { defineConfig } from "obsgen";

// The same dashboards as files for provisioning (out/grafana/) and as ConfigMaps for the Grafana
// chart's sidecar (out/kubernetes/dashboards/), each annotated with its folder.
export default defineConfig({
  targets: [{ kind: "prometheus" }, { kind: "prometheus-operator", namespace: "monitoring" }],
});
