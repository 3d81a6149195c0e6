// The shipped py_rt catalog deployed with kube-prometheus-stack: each service runs in the
// namespace py-rt behind a Service labelled `app.kubernetes.io/name: <service>` whose port
// `metrics` serves /metrics. With the prometheus-operator target (../obsgen.config.ts) each
// becomes a ServiceMonitor.
import { defineCatalog } from "obsgen";
import shipped from "../../../../../catalog/index.js";

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
});
