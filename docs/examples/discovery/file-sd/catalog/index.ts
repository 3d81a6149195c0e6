// The shipped py_rt catalog, each service's targets read from a file Prometheus watches
// (file_sd_configs). The files are yours to write (by hand, Ansible, Consul-template, …):
// ../targets/ holds an example of each, to copy beside prometheus.yml.
import { defineCatalog } from "obsgen";
import shipped from "../../../../../catalog/index.js";

export default defineCatalog({
  ...shipped,
  services: shipped.services.map((s) => ({
    ...s,
    discovery: { file: { files: [`targets/${s.name}.json`], refreshInterval: "1m" } },
  })),
});
