// The shipped py_rt catalog as a guest in a kube-prometheus-stack cluster. Each service is
// scraped through a ServiceMonitor as in the discovery example this one builds on
// (../../discovery/service-monitor/: namespace py-rt, a Kubernetes Service labelled
// `app.kubernetes.io/name: <service>` whose port `metrics` serves /metrics). Its Alertmanager is
// shared with the platform team and others, so the build writes the catalog's routing fragment
// (alertmanager/routes.yml) instead of a whole alertmanager.yml, and `obsgen alertmanager merge`
// puts it into the cluster's configuration (../alertmanager-base.yml -> ../alertmanager.yml).
import { defineCatalog } from "obsgen";
import onKubernetes from "../../discovery/service-monitor/catalog/index.js";

export default defineCatalog({
  ...onKubernetes,
  alerting: { ...onKubernetes.alerting, output: "fragment" },
});
