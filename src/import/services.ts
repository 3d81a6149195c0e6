/**
 * The services of an imported catalog: one per scrape job of a `prometheus.yml`, or, without one,
 * one per `job` value the rules match on. Pure: the config's text and the jobs seen in, the
 * services (data the TypeScript writer prints as `defineService({...})`) and diagnostics out
 * (docs/import.md, "Services").
 *
 * A catalog service's name is its scrape job's name and is kebab-case (`services[].name`), so a
 * job named otherwise (`node_exporter`) becomes the closest kebab-case name (`node-exporter`), with
 * a warning: kept rules that match `job="node_exporter"` read the old job until the scrape job is
 * renamed. Discovery is read into the catalog's three kinds (docs/discovery.md); what they cannot
 * say is reported with what the service gets instead.
 *
 * The config is read with the `yaml` package, as src/import/slos.ts reads SLO files, for the
 * line and column of every job (js-yaml gives positions of syntax errors only). Field names follow
 * Prometheus's configuration reference (`config/config.go`, `discovery/kubernetes/kubernetes.go`,
 * `model/relabel/relabel.go`, v2.42.0).
 */
import { isCollection, isScalar, LineCounter, type Node, parseDocument } from "yaml";
import { formatDuration, parseDuration } from "../compat/go/duration.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { DiscoveryDef, LabelSelectorDef, ScrapeDef } from "../model/authoring.js";
import {
  K8S_LABEL_KEY_RE,
  K8S_LABEL_VALUE_RE,
  K8S_NAMESPACE_RE,
  KUBERNETES_ROLES,
  type KubernetesRole,
  portNameProblem,
  sdFileProblem,
  staticTargetProblem,
} from "../model/discovery.js";
import { defaultScrapeTimeoutMs } from "../model/resolve-discovery.js";
import type { InventoryMetric, Where } from "./inventory.js";

export const SERVICE_IMPORT = {
  config: "import/prometheus-config",
  name: "import/service-name",
  discovery: "import/service-discovery",
  scrape: "import/service-scrape",
  port: "import/service-port",
  notAService: "import/not-a-service",
  unknownJob: "import/unknown-job",
} as const;

/** A service as the catalog declares it, with the job it was read from. */
export interface ImportedService {
  /** The catalog name (kebab-case): the scrape job's name in the catalog's prometheus.yml. */
  readonly name: string;
  readonly description: string;
  readonly label?: string;
  readonly host?: string;
  readonly metricsPort: number;
  /**
   * Whether `metricsPort` is the port the targets serve on (a static target's). When false it is
   * {@link PLACEHOLDER_METRICS_PORT}: the service's discovery claims no port on any host, and the
   * number is only the port the generated metric stubs serve on, for the writer to mark as a TODO.
   */
  readonly portKnown: boolean;
  readonly discovery?: DiscoveryDef;
  readonly scrape?: ScrapeDef;
  /** Availability objective in percent, from an imported availability SLO on the job (set by the import, not read here). */
  readonly availability?: number;
  /** The job as the config or the rules name it (`node_exporter`). */
  readonly job: string;
  /** The job's `job_name` in prometheus.yml, or the first rule matching `job="…"`. */
  readonly origin: Where;
}

export interface ServiceImport {
  readonly services: readonly ImportedService[];
  /** The config's `global.scrape_interval`, for the catalog's `prometheus.scrapeInterval`; undefined without a config or when it sets none. */
  readonly globalScrapeInterval: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ServiceImportInput {
  readonly prometheusConfig?: { readonly file: string; readonly text: string };
  /** The `job` values the rules (and dashboards) match on, with where. */
  readonly jobs: readonly { readonly job: string; readonly uses: readonly Where[] }[];
}

/**
 * The `metricsPort` of a service whose targets' port is not known (file or Kubernetes discovery,
 * or a job only the rules name). Such a discovery claims no `host:port` (docs/discovery.md,
 * "Ports"), so the number reaches only the metric stubs' `METRICS_PORT`.
 */
export const PLACEHOLDER_METRICS_PORT = 8080;

/** The targets file a service gets when its discovery is not one the catalog has. */
export function placeholderTargetsFile(service: string): string {
  return `targets/${service}.json`;
}

/** The closest catalog service name (kebab-case) to a job name: `node_exporter` -> `node-exporter`, `Kube.API` -> `kube-api`. */
export function serviceNameOf(job: string): string {
  const kebab = job
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
  return kebab === "" ? "service" : kebab;
}

type Path = readonly (string | number)[];

class Collector {
  readonly diagnostics: Diagnostic[] = [];
  constructor(
    readonly file: string,
    private readonly at: (path: Path) => { line: number; column: number },
  ) {}
  report(severity: Diagnostic["severity"], code: string, path: Path, message: string, hint: string): void {
    this.diagnostics.push({ code, severity, message, hint, file: this.file, ...this.at(path) });
  }
  where(path: Path): Where {
    return { file: this.file, ...this.at(path) };
  }
}

/** Services from a prometheus.yml's scrape jobs, or from the jobs the rules name when there is none. */
export function importServices(input: ServiceImportInput): ServiceImport {
  if (!input.prometheusConfig) {
    const names = new Names();
    const diagnostics: Diagnostic[] = [];
    const services = [...input.jobs]
      .sort((a, b) => (a.job < b.job ? -1 : a.job > b.job ? 1 : 0))
      .map((j): ImportedService => {
        const origin = j.uses[0] ?? { file: "", line: 1, column: 1 };
        const name = names.take(j.job, (message, hint) =>
          diagnostics.push({ code: SERVICE_IMPORT.name, severity: "warning", message, hint, ...whereOf(origin) }),
        );
        diagnostics.push({
          code: SERVICE_IMPORT.port,
          severity: "info",
          message: `service ${name} (job "${j.job}") comes from the rules alone: it is discovered from ${placeholderTargetsFile(name)}, which you write, and its metricsPort ${PLACEHOLDER_METRICS_PORT} is a placeholder`,
          hint: "give prometheus.yml to the import to read the job's discovery and port, or write the targets file and set metricsPort",
          ...whereOf(origin),
        });
        return {
          name,
          description: `The targets of job ${j.job} (imported from the rules or SLO documents naming it)`,
          metricsPort: PLACEHOLDER_METRICS_PORT,
          portKnown: false,
          discovery: { file: { files: [placeholderTargetsFile(name)] } },
          job: j.job,
          origin,
        };
      });
    return { services, globalScrapeInterval: undefined, diagnostics };
  }
  return fromConfig(input.prometheusConfig, input.jobs);
}

function whereOf(w: Where): Pick<Diagnostic, "file" | "line" | "column" | "path"> {
  return "line" in w ? { file: w.file, line: w.line, column: w.column } : { file: w.file, path: w.path };
}

/** Catalog names handed out so far: each job gets its closest kebab-case name, made unique. */
class Names {
  private readonly taken = new Map<string, string>();
  take(job: string, warn: (message: string, hint: string) => void): string {
    const base = serviceNameOf(job);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}-${n}`;
    if (name !== job) {
      const clash = name !== base ? ` (${base} is already job ${JSON.stringify(this.taken.get(base))}'s)` : "";
      warn(
        `job "${job}" becomes service ${name}${clash}: a catalog service is named in kebab-case and its scrape job is named after it, so up{job="${job}"} and every job="${job}" matcher in the kept rules read the old job until the scrape job is renamed`,
        `rename the job in the kept rules (job="${name}") when you build prometheus.yml from the catalog, or keep scraping it from a prometheus.yml of your own`,
      );
    }
    this.taken.set(name, job);
    return name;
  }
}

function fromConfig(config: { file: string; text: string }, jobs: ServiceImportInput["jobs"]): ServiceImport {
  const lines = new LineCounter();
  const doc = parseDocument(config.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (path: Path): { line: number; column: number } => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      const offset = node && (isScalar(node) || isCollection(node)) ? node.range?.[0] : undefined;
      if (offset !== undefined) {
        const { line, col } = lines.linePos(offset);
        return { line, column: col };
      }
    }
    return { line: 1, column: 1 };
  };
  const c = new Collector(config.file, at);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const { line, col } = lines.linePos(e.pos[0]);
      c.diagnostics.push({
        code: SERVICE_IMPORT.config,
        severity: "error",
        message: `not valid YAML: ${e.message.split("\n")[0]}`,
        hint: "fix the YAML syntax (promtool check config shows the same error)",
        file: config.file,
        line,
        column: col,
      });
    }
    return { services: [], globalScrapeInterval: undefined, diagnostics: c.diagnostics };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch {
    c.report("error", SERVICE_IMPORT.config, [], "the config expands aliases more than 1000 times", "write the config without so many nested aliases");
    return { services: [], globalScrapeInterval: undefined, diagnostics: c.diagnostics };
  }
  if (!isRecord(value)) {
    c.report(
      "error",
      SERVICE_IMPORT.config,
      [],
      "not a Prometheus configuration: the document is not a mapping",
      "give the prometheus.yml Prometheus reads (with `scrape_configs:`)",
    );
    return { services: [], globalScrapeInterval: undefined, diagnostics: c.diagnostics };
  }
  const global = isRecord(value.global) ? value.global : {};
  const globalScrapeInterval = typeof global.scrape_interval === "string" ? global.scrape_interval : undefined;
  const configs = value.scrape_configs ?? [];
  if (!Array.isArray(configs)) {
    c.report("error", SERVICE_IMPORT.config, ["scrape_configs"], "`scrape_configs` is not a list", "list the scrape jobs under `scrape_configs:`");
    return { services: [], globalScrapeInterval, diagnostics: c.diagnostics };
  }
  if (value.scrape_config_files !== undefined)
    c.report(
      "warning",
      SERVICE_IMPORT.config,
      ["scrape_config_files"],
      "the jobs of `scrape_config_files` are not read: only this file's `scrape_configs` become services",
      "give the import a prometheus.yml with those jobs inline",
    );
  const names = new Names();
  const services: ImportedService[] = [];
  configs.forEach((job, i) => {
    const s = readJob(c, names, job, ["scrape_configs", i], global);
    if (s) services.push(s);
  });
  const configJobs = new Set(services.map((s) => s.job));
  const skipped = new Set(configs.filter(isRecord).map((j) => j.job_name));
  for (const j of jobs) {
    if (configJobs.has(j.job) || skipped.has(j.job) || !j.uses[0]) continue;
    c.diagnostics.push({
      code: SERVICE_IMPORT.unknownJob,
      severity: "warning",
      message: `the rules match on job="${j.job}", which is no scrape job of ${config.file}: no service is made for it`,
      hint: "check the job name (a relabelled `job` label, or a job of another Prometheus), or import the config that scrapes it",
      ...whereOf(j.uses[0]),
    });
  }
  return { services, globalScrapeInterval, diagnostics: c.diagnostics };
}

/** Scrape settings the catalog keeps; every other field of a job is reported once. */
const SCRAPE_FIELDS = new Set(["job_name", "scrape_interval", "scrape_timeout", "metrics_path", "scheme"]);
const DISCOVERY_FIELDS = new Set(["static_configs", "file_sd_configs", "kubernetes_sd_configs", "relabel_configs"]);

function readJob(c: Collector, names: Names, raw: unknown, path: Path, global: Record<string, unknown>): ImportedService | undefined {
  if (!isRecord(raw) || typeof raw.job_name !== "string" || raw.job_name === "") {
    c.report("error", SERVICE_IMPORT.config, path, "a scrape config without `job_name`", "name every scrape job: `job_name: checkout`");
    return undefined;
  }
  const job = raw.job_name;
  const jobPath = [...path, "job_name"];
  const origin = c.where(jobPath);
  // Discovery first: a job that is not one service (every annotated pod) gets no name.
  const sdKinds = Object.keys(raw).filter((k) => k.endsWith("_sd_configs") || k === "static_configs");
  const supported: string[] = sdKinds.filter((k) => k === "static_configs" || k === "file_sd_configs" || k === "kubernetes_sd_configs");
  const unsupported = sdKinds.filter((k) => !(supported as string[]).includes(k));
  let read: Read;
  if (supported.length === 0) read = { kind: "none" };
  else {
    const kind = supported[0]!;
    if (supported.length > 1)
      c.report(
        "warning",
        SERVICE_IMPORT.discovery,
        [...path, supported[1]!],
        `job "${job}" is discovered by ${supported.join(" and ")}; a catalog service is discovered one way, and only ${kind} is kept`,
        "split the job in two, one per discovery, or keep the one read",
      );
    read =
      kind === "static_configs"
        ? readStatic(c, job, raw.static_configs, [...path, kind])
        : kind === "file_sd_configs"
          ? readFile(c, job, raw.file_sd_configs, [...path, kind])
          : readKubernetes(c, job, raw.kubernetes_sd_configs, raw.relabel_configs, path);
  }
  if (read.kind === "not-a-service") {
    c.report(
      "warning",
      SERVICE_IMPORT.notAService,
      jobPath,
      `job "${job}" is not imported as a service: ${read.reason}`,
      `keep scraping it from a prometheus.yml of your own; the kept rules still read job="${job}"`,
    );
    return undefined;
  }
  const relabel = Array.isArray(raw.relabel_configs) ? raw.relabel_configs : [];
  const otherRelabel = relabel.map((r, i) => ({ r, i })).filter(({ r }) => serviceLabelOf(r) === undefined);
  if (read.kind !== "kubernetes" && otherRelabel.length > 0)
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      [...path, "relabel_configs", otherRelabel[0]!.i],
      `job "${job}": ${otherRelabel.map(({ i }) => `relabel_configs[${i}]`).join(", ")} ${otherRelabel.length > 1 ? "are" : "is"} not kept; obsgen writes the job's relabelling itself (the service label, and a Kubernetes service's selector)`,
      "check that the catalog's targets and labels are the ones the relabelling gave",
    );
  const name = names.take(job, (message, hint) => c.report("warning", SERVICE_IMPORT.name, jobPath, message, hint));
  const labels = [...(read.kind === "static" ? read.serviceLabels : []), ...relabel.map(serviceLabelOf).filter((l): l is string => l !== undefined)];
  const label = labels[labels.length - 1];
  if (label !== undefined && new Set(labels).size > 1)
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      jobPath,
      `job "${job}" sets the service label to ${[...new Set(labels)].join(", ")}; a catalog service has one, and ${label} (the last, which Prometheus's relabelling leaves) is kept`,
      "check which value the rules and dashboards read",
    );
  if (read.kind === "none" || read.kind === "unsupported") {
    const what =
      read.kind === "unsupported"
        ? read.reason
        : unsupported.length > 0
          ? `${unsupported.join(", ")} ${unsupported.length > 1 ? "are" : "is"} not a discovery the catalog has (static, file, Kubernetes)`
          : "it has no discovery, so Prometheus scrapes no target of it";
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      unsupported[0] !== undefined ? [...path, unsupported[0]] : jobPath,
      `job "${job}": ${what}; service ${name} is discovered from ${placeholderTargetsFile(name)} instead, which you write (Prometheus watches it), and its metricsPort ${PLACEHOLDER_METRICS_PORT} is a placeholder`,
      "write the targets file (by hand or from your inventory, e.g. with consul-template), or keep scraping the job from a prometheus.yml of your own",
    );
    read = { kind: "placeholder", discovery: { file: { files: [placeholderTargetsFile(name)] } } };
  } else if (unsupported.length > 0) {
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      [...path, unsupported[0]!],
      `job "${job}": ${unsupported.join(", ")} ${unsupported.length > 1 ? "are" : "is"} not kept; only its ${supported[0]} is`,
      "write those targets into the kept discovery, or keep scraping them from a prometheus.yml of your own",
    );
  }
  const scrape = readScrape(c, job, raw, path, global);
  const others = Object.keys(raw).filter((k) => !SCRAPE_FIELDS.has(k) && !DISCOVERY_FIELDS.has(k) && !k.endsWith("_sd_configs"));
  if (others.length > 0)
    c.report(
      "warning",
      SERVICE_IMPORT.scrape,
      [...path, others[0]!],
      `job "${job}": ${others.join(", ")} ${others.length > 1 ? "are" : "is"} not kept; the catalog's scrape settings are interval, timeout, path and scheme`,
      "set them in a prometheus.yml of your own if the scrape needs them (credentials, TLS, metric relabelling)",
    );
  const base = {
    name,
    description: `Scrape job ${job} (imported from ${c.file})`,
    // The default `service` label is the name with `_` for `-` (ServiceDef.label).
    ...(label !== undefined && label !== name.replace(/-/g, "_") ? { label } : {}),
    ...(scrape ? { scrape } : {}),
    job,
    origin,
  };
  switch (read.kind) {
    case "static": {
      const ports = [...new Set(read.targets.map((t) => portOf(t)))];
      if (ports.length > 1)
        c.report(
          "info",
          SERVICE_IMPORT.port,
          [...path, "static_configs"],
          `job "${job}": its targets serve on ports ${ports.join(", ")}; metricsPort is the first, ${ports[0]}, the port the metric stubs serve on`,
          "set metricsPort to the port the service's own process serves its metrics on",
        );
      if (read.targets.length === 1) {
        // One target: the catalog's default discovery, `host:metricsPort`, is that target.
        const host = read.targets[0]!.slice(0, read.targets[0]!.lastIndexOf(":"));
        return { ...base, ...(host !== "localhost" ? { host } : {}), metricsPort: ports[0]!, portKnown: true };
      }
      return { ...base, metricsPort: ports[0]!, portKnown: true, discovery: { static: read.targets } };
    }
    case "file":
    case "kubernetes":
      c.report(
        "info",
        SERVICE_IMPORT.port,
        jobPath,
        `job "${job}": its ${read.kind === "file" ? "targets files" : "Kubernetes discovery"} give${read.kind === "file" ? "" : "s"} the targets' ports, not the config; service ${name}'s metricsPort ${PLACEHOLDER_METRICS_PORT} is a placeholder, claimed on no host, that only the metric stubs serve on`,
        "set metricsPort to the port the service's process serves its metrics on",
      );
      return { ...base, metricsPort: PLACEHOLDER_METRICS_PORT, portKnown: false, discovery: read.discovery };
    case "placeholder":
      return { ...base, metricsPort: PLACEHOLDER_METRICS_PORT, portKnown: false, discovery: read.discovery };
  }
}

type Read =
  | { readonly kind: "none" }
  | { readonly kind: "static"; readonly targets: string[]; readonly serviceLabels: string[] }
  | { readonly kind: "file" | "kubernetes" | "placeholder"; readonly discovery: DiscoveryDef }
  | { readonly kind: "unsupported"; readonly reason: string }
  | { readonly kind: "not-a-service"; readonly reason: string };

function portOf(target: string): number {
  return Number(target.slice(target.lastIndexOf(":") + 1));
}

function readStatic(c: Collector, job: string, raw: unknown, path: Path): Read {
  if (!Array.isArray(raw)) return { kind: "none" };
  const targets: string[] = [];
  const serviceLabels: string[] = [];
  raw.forEach((sc, i) => {
    if (!isRecord(sc)) return;
    const labels = isRecord(sc.labels) ? sc.labels : {};
    if (typeof labels.service === "string" && SERVICE_LABEL_VALUE.test(labels.service)) serviceLabels.push(labels.service);
    const others = Object.keys(labels).filter((l) => !(l === "service" && typeof labels.service === "string" && SERVICE_LABEL_VALUE.test(labels.service)));
    if (others.length > 0)
      c.report(
        "warning",
        SERVICE_IMPORT.discovery,
        [...path, i, "labels"],
        `job "${job}": the target labels ${others.join(", ")} are not kept; the catalog's static targets carry the service label only`,
        "add the labels back with a targets file (file discovery carries labels), or drop them",
      );
    if (!Array.isArray(sc.targets)) return;
    sc.targets.forEach((t, k) => {
      const problem = typeof t === "string" ? staticTargetProblem(t) : { message: "is not a string" };
      if (problem || typeof t !== "string") {
        c.report(
          "warning",
          SERVICE_IMPORT.discovery,
          [...path, i, "targets", k],
          `job "${job}": the target ${JSON.stringify(t)} ${problem?.message ?? ""} and is not kept`,
          problem?.hint ?? "write the target as `host:port`",
        );
        return;
      }
      if (!targets.includes(t)) targets.push(t);
    });
  });
  return targets.length > 0
    ? { kind: "static", targets, serviceLabels }
    : { kind: "unsupported", reason: "its static_configs list no target the catalog accepts" };
}

function readFile(c: Collector, job: string, raw: unknown, path: Path): Read {
  if (!Array.isArray(raw)) return { kind: "none" };
  const files: string[] = [];
  let refresh: string | undefined;
  raw.forEach((fc, i) => {
    if (!isRecord(fc)) return;
    if (typeof fc.refresh_interval === "string") {
      if (refresh !== undefined && fc.refresh_interval !== refresh)
        c.report(
          "warning",
          SERVICE_IMPORT.discovery,
          [...path, i, "refresh_interval"],
          `job "${job}": file_sd_configs give refresh intervals ${refresh} and ${fc.refresh_interval}; the catalog has one per service and keeps ${refresh}`,
          "check that one refresh interval suits every targets file",
        );
      refresh ??= fc.refresh_interval;
    }
    if (!Array.isArray(fc.files)) return;
    fc.files.forEach((f, k) => {
      const problem = typeof f === "string" ? sdFileProblem(f) : { message: "is not a string" };
      if (problem || typeof f !== "string") {
        c.report(
          "warning",
          SERVICE_IMPORT.discovery,
          [...path, i, "files", k],
          `job "${job}": the targets file ${JSON.stringify(f)} ${problem?.message} and is not kept`,
          problem?.hint ?? "write a file path",
        );
        return;
      }
      if (!files.includes(f)) files.push(f);
    });
  });
  if (files.length === 0) return { kind: "unsupported", reason: "its file_sd_configs name no targets file the catalog accepts" };
  return { kind: "file", discovery: { file: { files, ...(refresh !== undefined ? { refreshInterval: refresh } : {}) } } };
}

/** Meta labels holding a Kubernetes object's labels, by role (discovery/kubernetes, Prometheus 2.42). */
function labelPrefixes(role: KubernetesRole): { label: string; present: string } {
  return role === "pod"
    ? { label: "__meta_kubernetes_pod_label_", present: "__meta_kubernetes_pod_labelpresent_" }
    : { label: "__meta_kubernetes_service_label_", present: "__meta_kubernetes_service_labelpresent_" };
}

/** The meta label naming a target's port, by role (what obsgen's own relabelling keeps on). */
const PORT_LABEL: Record<KubernetesRole, string> = {
  endpoints: "__meta_kubernetes_endpoint_port_name",
  endpointslice: "__meta_kubernetes_endpointslice_port_name",
  service: "__meta_kubernetes_service_port_name",
  pod: "__meta_kubernetes_pod_container_port_name",
};

/**
 * A Kubernetes-discovered job: role and namespaces from `kubernetes_sd_configs`, the selector and
 * port from the `keep`/`drop` relabel rules that say them, as obsgen writes them (docs/discovery.md,
 * "Kubernetes: keeping the service's own targets") or as people commonly do (one source label,
 * a literal regex). A job with no label selector or no port name (typically "every pod annotated
 * `prometheus.io/scrape`") is not one service.
 */
function readKubernetes(c: Collector, job: string, raw: unknown, relabel: unknown, path: Path): Read {
  const sdPath = [...path, "kubernetes_sd_configs"];
  if (!Array.isArray(raw) || !isRecord(raw[0])) return { kind: "none" };
  if (raw.length > 1)
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      [...sdPath, 1],
      `job "${job}" has ${raw.length} kubernetes_sd_configs; the catalog has one per service and keeps the first`,
      "split the job, one per Kubernetes discovery",
    );
  const sd = raw[0];
  const role = sd.role;
  if (typeof role !== "string" || !(KUBERNETES_ROLES as readonly string[]).includes(role))
    return {
      kind: "not-a-service",
      reason: `its Kubernetes role ${JSON.stringify(role)} is not one a service is discovered by (endpoints, endpointslice, pod, service)`,
    };
  const k8sRole = role as KubernetesRole;
  const namespaces: string[] = [];
  if (isRecord(sd.namespaces)) {
    if (sd.namespaces.own_namespace === true)
      c.report(
        "warning",
        SERVICE_IMPORT.discovery,
        [...sdPath, 0, "namespaces", "own_namespace"],
        `job "${job}": own_namespace is not kept (the catalog names namespaces)`,
        "name the namespace in `names`",
      );
    for (const n of Array.isArray(sd.namespaces.names) ? sd.namespaces.names : []) {
      if (typeof n === "string" && K8S_NAMESPACE_RE.test(n)) namespaces.push(n);
      else
        c.report(
          "warning",
          SERVICE_IMPORT.discovery,
          [...sdPath, 0, "namespaces"],
          `job "${job}": the namespace ${JSON.stringify(n)} is not a Kubernetes namespace name and is not kept`,
          "fix the namespace name",
        );
    }
  }
  const otherSd = Object.keys(sd).filter((k) => k !== "role" && k !== "namespaces");
  if (otherSd.length > 0)
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      [...sdPath, 0, otherSd[0]!],
      `job "${job}": ${otherSd.join(", ")} of its kubernetes_sd_configs ${otherSd.length > 1 ? "are" : "is"} not kept (the catalog's discovery reads the cluster Prometheus runs in)`,
      "keep scraping the job from a prometheus.yml of your own if it needs them",
    );
  const { label, present } = labelPrefixes(k8sRole);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelectorDef["matchExpressions"]>[number][] = [];
  let port: string | undefined;
  const notKept: string[] = [];
  const rules = Array.isArray(relabel) ? relabel : [];
  rules.forEach((r, i) => {
    if (serviceLabelOf(r) !== undefined) return;
    const what = readRelabel(r, k8sRole, label, present);
    if (what === undefined) {
      notKept.push(`relabel_configs[${i}]${isRecord(r) && typeof r.action === "string" ? ` (${r.action})` : ""}`);
      return;
    }
    if (what.kind === "ignore") return;
    if (what.kind === "port") {
      const problem = portNameProblem(what.value);
      if (problem) notKept.push(`relabel_configs[${i}] (port ${JSON.stringify(what.value)} ${problem.message})`);
      else port = what.value;
      return;
    }
    const key = what.key;
    const values = what.values ?? [];
    if (!K8S_LABEL_KEY_RE.test(key) || values.some((v) => !K8S_LABEL_VALUE_RE.test(v))) {
      notKept.push(`relabel_configs[${i}] (not a Kubernetes label and value)`);
      return;
    }
    if (what.kind === "in" && values.length === 1 && matchLabels[key] === undefined) matchLabels[key] = values[0]!;
    else if (what.kind === "in") matchExpressions.push({ key, operator: "In", values });
    else if (what.kind === "notin") matchExpressions.push({ key, operator: "NotIn", values });
    else matchExpressions.push({ key, operator: what.kind === "exists" ? "Exists" : "DoesNotExist" });
  });
  if (notKept.length > 0)
    c.report(
      "warning",
      SERVICE_IMPORT.discovery,
      [...path, "relabel_configs"],
      `job "${job}": ${notKept.join(", ")} ${notKept.length > 1 ? "are" : "is"} not kept; the catalog's Kubernetes discovery says a label selector and a port name, and obsgen writes the rest of the relabelling`,
      "check that the catalog's selector keeps the same targets",
    );
  if (Object.keys(matchLabels).length + matchExpressions.length === 0)
    return {
      kind: "not-a-service",
      reason: `no relabel rule keeps its targets by a label of the ${k8sRole === "pod" ? "pod" : "Service"} (the catalog's Kubernetes discovery needs a label selector naming one service's targets; a job that keeps every annotated pod scrapes many services)`,
    };
  if (port === undefined)
    return {
      kind: "not-a-service",
      reason: `no relabel rule keeps its targets by port name (${PORT_LABEL[k8sRole]}), and the catalog's Kubernetes discovery names the port`,
    };
  const selector: LabelSelectorDef = {
    ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}),
    ...(matchExpressions.length > 0 ? { matchExpressions } : {}),
  };
  return { kind: "kubernetes", discovery: { kubernetes: { role: k8sRole, ...(namespaces.length > 0 ? { namespaces } : {}), selector, port } } };
}

type RelabelRead =
  | { kind: "ignore" }
  | { kind: "port"; value: string }
  | { kind: "in" | "notin"; key: string; values: string[] }
  | { kind: "exists" | "doesnotexist"; key: string; values?: undefined };

/** One relabel rule as a selector requirement, the port name, one obsgen writes anyway (ignore), or undefined. */
function readRelabel(r: unknown, role: KubernetesRole, label: string, present: string): RelabelRead | undefined {
  if (!isRecord(r)) return undefined;
  const action = typeof r.action === "string" ? r.action.toLowerCase() : "replace";
  const sources = Array.isArray(r.source_labels) ? r.source_labels.filter((s): s is string => typeof s === "string") : [];
  const regex = typeof r.regex === "string" ? r.regex : "(.*)";
  const separator = typeof r.separator === "string" ? r.separator : ";";
  if (action !== "keep" && action !== "drop") {
    // obsgen copies the namespace and the pod's name itself (src/emit/kubernetes-relabel.ts).
    const copies: Record<string, string> = { __meta_kubernetes_namespace: "namespace", __meta_kubernetes_pod_name: "pod" };
    if (action === "replace" && sources.length === 1 && copies[sources[0]!] === r.target_label && regex === "(.*)" && (r.replacement ?? "$1") === "$1")
      return { kind: "ignore" };
    return undefined;
  }
  // obsgen drops finished pods itself (roles other than service).
  if (action === "drop" && sources.length === 1 && sources[0] === "__meta_kubernetes_pod_phase" && sameSet(literalValues(regex), ["Failed", "Succeeded"]))
    return { kind: "ignore" };
  if (sources.length === 1 && sources[0] === PORT_LABEL[role] && action === "keep") {
    const v = literalValues(regex);
    return v?.length === 1 ? { kind: "port", value: v[0]! } : undefined;
  }
  // `labelpresent` alone: Exists (keep) or DoesNotExist (drop).
  if (sources.length === 1 && sources[0]!.startsWith(present) && regex === "true")
    return { kind: action === "keep" ? "exists" : "doesnotexist", key: sources[0]!.slice(present.length) };
  let valueRegex: string | undefined;
  let key: string | undefined;
  if (sources.length === 1 && sources[0]!.startsWith(label)) {
    key = sources[0]!.slice(label.length);
    valueRegex = regex;
  } else if (sources.length === 2 && sources[0]!.startsWith(label) && sources[1] === `${present}${sources[0]!.slice(label.length)}`) {
    // obsgen's own form: the value and its `labelpresent` twin, `(<values>);true`.
    key = sources[0]!.slice(label.length);
    const suffix = `${separator}true`;
    if (!regex.endsWith(suffix)) return undefined;
    valueRegex = regex.slice(0, -suffix.length);
  }
  if (key === undefined || valueRegex === undefined) return undefined;
  const values = literalValues(valueRegex);
  if (!values || values.length === 0 || values.includes("")) return undefined;
  return { kind: action === "keep" ? "in" : "notin", key, values };
}

/** What `services[].label` accepts. */
const SERVICE_LABEL_VALUE = /^[a-zA-Z0-9_.-]+$/;

/**
 * The `service` label a relabel rule sets to a constant (`target_label: service, replacement: x`,
 * as obsgen writes it), else undefined.
 */
function serviceLabelOf(r: unknown): string | undefined {
  if (!isRecord(r) || r.target_label !== "service" || (r.action !== undefined && r.action !== "replace")) return undefined;
  if (Array.isArray(r.source_labels) && r.source_labels.length > 0) return undefined;
  return typeof r.replacement === "string" && SERVICE_LABEL_VALUE.test(r.replacement) && !r.replacement.includes("$") ? r.replacement : undefined;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && b.every((x) => a.includes(x));
}

/**
 * The literal values a (fully anchored, RE2) relabel regex matches: `checkout`, `a|b`, `(a|b)`,
 * `app\.v2`; undefined when any part is a pattern.
 */
export function literalValues(re: string): string[] | undefined {
  let body = re;
  if (body.startsWith("(") && body.endsWith(")") && !body.slice(1, -1).includes("(") && !body.slice(1, -1).includes(")")) body = body.slice(1, -1);
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "\\") {
      const next = body[i + 1];
      if (next === undefined || !/[\\.^$|?*+()[\]{}/-]/.test(next)) return undefined;
      cur += next;
      i++;
    } else if (ch === "|") {
      parts.push(cur);
      cur = "";
    } else if (/[.^$?*+()[\]{}]/.test(ch)) return undefined;
    else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function readScrape(c: Collector, job: string, raw: Record<string, unknown>, path: Path, global: Record<string, unknown>): ScrapeDef | undefined {
  const scrape: { interval?: string; timeout?: string; path?: string; scheme?: "http" | "https" } = {};
  if (typeof raw.scrape_interval === "string") scrape.interval = raw.scrape_interval;
  if (typeof raw.scrape_timeout === "string") scrape.timeout = raw.scrape_timeout;
  else if (typeof global.scrape_timeout === "string") {
    // A job without a timeout takes the global one, capped at its interval (`ScrapeConfig.Validate`,
    // Prometheus 2.42 config/config.go); the catalog's default is Prometheus's own 10s, capped at
    // the global and the job's interval. Written only where the two differ.
    const globalInterval = parseDuration(typeof global.scrape_interval === "string" ? global.scrape_interval : "1m") ?? 60_000;
    const jobInterval = parseDuration(scrape.interval ?? "") ?? globalInterval;
    const globalTimeout = parseDuration(global.scrape_timeout);
    if (globalTimeout !== undefined && globalTimeout > 0) {
      const prometheus = Math.min(globalTimeout, jobInterval);
      if (prometheus !== defaultScrapeTimeoutMs(globalInterval, jobInterval)) scrape.timeout = formatDuration(prometheus);
    }
  }
  if (typeof raw.metrics_path === "string") {
    if (/^\/[^\s?#]*$/.test(raw.metrics_path)) {
      if (raw.metrics_path !== "/metrics") scrape.path = raw.metrics_path;
    } else
      c.report(
        "warning",
        SERVICE_IMPORT.scrape,
        [...path, "metrics_path"],
        `job "${job}": metrics_path ${JSON.stringify(raw.metrics_path)} is not kept: the catalog's scrape path starts with \`/\` and has no query or fragment`,
        "move query parameters to `params` in a prometheus.yml of your own",
      );
  }
  if (raw.scheme === "https") scrape.scheme = "https";
  else if (raw.scheme !== undefined && raw.scheme !== "http")
    c.report(
      "warning",
      SERVICE_IMPORT.scrape,
      [...path, "scheme"],
      `job "${job}": scheme ${JSON.stringify(raw.scheme)} is not http or https and is not kept`,
      "use http or https",
    );
  return Object.keys(scrape).length > 0 ? scrape : undefined;
}

/**
 * The service whose job every use of `metric` pins with `job="x"`, else undefined: the metric's
 * `job` label has exactly one value, that of a service's job, and each use of the metric (each
 * selector) is followed, before the metric's next use in that file (or query), by a use of `job`
 * (the selector's matcher). The inventory keeps uses per label rather than per selector, so a
 * `job!="x"` beside `job="x"` on another selector is not told apart: it is rare, and the result
 * only decides which service declares the metric.
 */
export function serviceOfMetric(metric: InventoryMetric, services: readonly ImportedService[]): string | undefined {
  const job = metric.labels.find((l) => l.name === "job");
  if (!job || job.values.length !== 1 || !job.roles.includes("matcher") || metric.uses.length === 0) return undefined;
  const service = services.find((s) => s.job === job.values[0]);
  if (!service) return undefined;
  const key = (w: Where): string => ("line" in w ? w.file : `${w.file}\u0000${w.path}`);
  const pos = (w: Where): number => ("line" in w ? w.line * 1e6 + w.column : w.offset);
  const uses = [...metric.uses].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : pos(a) - pos(b)));
  const pinned = uses.every((u, i) => {
    const next = uses[i + 1] !== undefined && key(uses[i + 1]!) === key(u) ? pos(uses[i + 1]!) : Number.POSITIVE_INFINITY;
    return job.uses.some((j) => key(j) === key(u) && pos(j) > pos(u) && pos(j) < next);
  });
  return pinned ? service.name : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
