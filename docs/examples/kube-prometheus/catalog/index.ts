// The shipped py_rt catalog as a guest in a kube-prometheus-stack cluster. Each service runs in
// the namespace py-rt behind a Kubernetes Service labelled `app.kubernetes.io/name: <service>`
// whose port `metrics` serves /metrics: with the prometheus-operator target (../obsgen.config.ts)
// each becomes a ServiceMonitor the chart's Prometheus selects. Its Alertmanager is shared with
// the platform team and others, so the build writes the catalog's routing fragment
// (alertmanager/routes.yml) instead of a whole alertmanager.yml, and `obsgen alertmanager merge`
// puts it into the cluster's configuration (../alertmanager-base.yml -> ../alertmanager.yml).
import { defineCatalog } from "obsgen";
import shipped from "../../../../catalog/index.js";

export default defineCatalog({
  ...shipped,
  services: shipped.services.map((s) => ({
    ...s,
    discovery: {
      kubernetes: {
        role: "endpoints",
        namespaces: ["py-rt"],
        selector: { matchLabels: { "app.kubernetes.io/name": s.name } },
        port: "metrics",
      },
    },
  })),
  alerting: { ...shipped.alerting, output: "fragment" },
});
