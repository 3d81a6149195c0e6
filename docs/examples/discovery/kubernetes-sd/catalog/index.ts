// The shipped py_rt catalog in two environments: in production Prometheus finds each service's
// pods through the Kubernetes API (kubernetes_sd_configs), in staging it scrapes one VM.
// `obsgen build --env staging` (or obsgen.config.ts's `environment`) builds staging's.
import { defineCatalog } from "obsgen";
import shipped from "../../../../../catalog/index.js";

export default defineCatalog({
  ...shipped,
  environments: ["production", "staging"],
  services: shipped.services.map((s) => ({
    ...s,
    discovery: {
      production: {
        kubernetes: {
          role: "endpointslice",
          namespaces: ["py-rt"],
          selector: { matchLabels: { "app.kubernetes.io/name": s.name } },
          port: "metrics",
        },
      },
      staging: { static: [`staging.internal:${s.metricsPort}`] },
    },
  })),
});
