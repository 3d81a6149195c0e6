// The shipped py_rt catalog with its services' pods scraped directly (a PodMonitor each, with the
// prometheus-operator target): the pods labelled `app.kubernetes.io/name: <service>` in py-rt,
// except canaries, on their container port named `metrics`.
import { defineCatalog } from "obsgen";
import shipped from "../../../../../catalog/index.js";

export default defineCatalog({
  ...shipped,
  services: shipped.services.map((s) => ({
    ...s,
    scrape: { interval: "30s", timeout: "10s" },
    discovery: {
      kubernetes: {
        role: "pod",
        namespaces: ["py-rt"],
        selector: {
          matchLabels: { "app.kubernetes.io/name": s.name },
          matchExpressions: [{ key: "track", operator: "NotIn", values: ["canary"] }],
        },
        port: "metrics",
      },
    },
  })),
});
