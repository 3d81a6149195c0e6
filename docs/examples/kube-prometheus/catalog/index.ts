// The shipped py_rt catalog as a guest in a kube-prometheus-stack cluster: its Alertmanager is
// shared with the platform team and others, so the build writes the catalog's routing fragment
// (alertmanager/routes.yml) instead of a whole alertmanager.yml, and `obsgen alertmanager merge`
// puts it into the cluster's configuration (../alertmanager-base.yml -> ../alertmanager.yml).
import { defineCatalog } from "obsgen";
import shipped from "../../../../catalog/index.js";

export default defineCatalog({
  ...shipped,
  alerting: { ...shipped.alerting, output: "fragment" },
});
