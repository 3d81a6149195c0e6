/**
 * `prometheus.yml`: global intervals, the Alertmanager target, the generated rule files and one
 * scrape job per service, discovered as the service's `discovery` says for the build's environment
 * (static targets, targets files, Kubernetes), each attaching the service's `service` label to its
 * series, with its scrape settings where they differ from the defaults, and the native-histogram
 * settings of a job exposing a native histogram (docs/prometheus-versions.md, "Native histograms").
 */
import { SCRAPE_CONFIG_FIELD_SINCE, SEMANTICS } from "../compat/prometheus.js";
import { generatedHeader, PROMETHEUS_CONFIG_PATH, ruleFileFromConfig, SERVICE_TARGET_LABEL } from "../model/conventions.js";
import type { ResolvedCatalog, ResolvedService } from "../model/resolved.js";
import { parseDuration } from "../compat/go/duration.js";
import { defaultScrapeTimeoutMs } from "../model/resolve-discovery.js";
import { kubernetesKeepRules, kubernetesLabelRules } from "./kubernetes-relabel.js";
import { type EmittedFile, toYaml } from "./serialize.js";
import { compareVersions } from "./targets/engines.js";
import type { Emitter } from "./emitter.js";

/**
 * The native-histogram fields of a service's scrape job. Only when every targeted version scrapes
 * native histograms without a flag (Prometheus 3: a file 2.42 must load gets none, and a `"both"`
 * histogram is then scraped classic, which its queries read), and only for a job exposing a
 * histogram with `native: true` or `"both"`:
 *
 * - `scrape_native_histograms: true`: ask for the protobuf exposition and store native histograms;
 * - `always_scrape_classic_histograms: true`: a histogram exposed both ways keeps its classic
 *   series too, which the queries of `"both"` histograms read;
 * - `convert_classic_histograms_to_nhcb: true`, for a job with a native-only histogram: when the
 *   service exposes it classic only (obsgen's stubs: prom-client 15 and the Rust crate 0.13 have
 *   no native histograms), the scrape stores it also as a native histogram with custom buckets,
 *   which the native queries read; a client exposing it natively is stored as such instead.
 *
 * A deploy target naming a release (`release`) gets only the fields that release loads
 * (`SCRAPE_CONFIG_FIELD_SINCE`; Prometheus refuses a config with an unknown field); without one,
 * the modelled 3.x release's.
 */
function nativeHistogramFields(model: ResolvedCatalog, service: ResolvedService, release: string | undefined): Record<string, boolean> {
  if (!model.prometheus.versions.every((v) => SEMANTICS[v].nativeHistograms)) return {};
  const exposed = model.metrics.filter((m) => m.type === "histogram" && m.exposedBy.includes(service.name) && m.native !== false);
  if (exposed.length === 0) return {};
  const fields: Record<string, boolean> = {
    scrape_native_histograms: true,
    always_scrape_classic_histograms: true,
    ...(exposed.some((m) => m.native === true) ? { convert_classic_histograms_to_nhcb: true } : {}),
  };
  const loads = (field: string) =>
    release === undefined || compareVersions(release, SCRAPE_CONFIG_FIELD_SINCE[field as keyof typeof SCRAPE_CONFIG_FIELD_SINCE]) >= 0;
  return Object.fromEntries(Object.entries(fields).filter(([k]) => loads(k)));
}

/**
 * `scrape_interval` and `scrape_timeout` where they differ from what the job gets without them:
 * the global interval, and Prometheus's default timeout (`defaultScrapeTimeoutMs`).
 */
function intervalFields(model: ResolvedCatalog, s: ResolvedService): Record<string, string> {
  const globalMs = parseDuration(model.prometheus.scrapeInterval) ?? 0;
  const intervalMs = parseDuration(s.scrape.interval) ?? 0;
  return {
    ...(intervalMs !== globalMs ? { scrape_interval: s.scrape.interval } : {}),
    ...(parseDuration(s.scrape.timeout) !== defaultScrapeTimeoutMs(globalMs, intervalMs) ? { scrape_timeout: s.scrape.timeout } : {}),
  };
}

/** A job's discovery: static targets with the `service` label, else the SD config and the relabelling that keeps this service's targets and labels them. */
function discoveryFields(s: ResolvedService): Record<string, unknown> {
  const d = s.discovery;
  // Static targets carry the label themselves (the output obsgen has always written).
  if (d.kind === "static") return { static_configs: [{ targets: d.targets, labels: { [SERVICE_TARGET_LABEL]: s.label } }] };
  const serviceLabel = { target_label: SERVICE_TARGET_LABEL, replacement: s.label };
  if (d.kind === "file") {
    return {
      file_sd_configs: [{ files: d.files, ...(d.refreshInterval !== null ? { refresh_interval: d.refreshInterval } : {}) }],
      // A targets file may carry labels of its own; the catalog's queries read this one.
      relabel_configs: [serviceLabel],
    };
  }
  return {
    kubernetes_sd_configs: [{ role: d.role, ...(d.namespaces.length > 0 ? { namespaces: { names: d.namespaces } } : {}) }],
    relabel_configs: [...kubernetesKeepRules(d), ...kubernetesLabelRules(d.role), serviceLabel],
  };
}

export function emitPrometheusConfig(model: ResolvedCatalog, release?: string): EmittedFile[] {
  const config = {
    global: {
      scrape_interval: model.prometheus.scrapeInterval,
      evaluation_interval: model.prometheus.evaluationInterval,
    },
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [`${model.alertmanager.host}:${model.alertmanager.port}`] }] }],
    },
    // Relative to this file's folder, as Prometheus resolves rule_files.
    rule_files: [...model.ruleGroups.map((g) => ruleFileFromConfig(g.name)), ...new Set(model.keptRuleGroups.map((g) => ruleFileFromConfig(g.file)))],
    // `job` is the job name, the service's name, which the generated queries read (`up{job="…"}`).
    scrape_configs: model.services.map((s) => ({
      job_name: s.name,
      ...intervalFields(model, s),
      metrics_path: s.scrape.path,
      ...(s.scrape.scheme !== "http" ? { scheme: s.scrape.scheme } : {}),
      ...nativeHistogramFields(model, s, release),
      ...discoveryFields(s),
    })),
  };
  return [{ path: PROMETHEUS_CONFIG_PATH, contents: toYaml(config, generatedHeader(model.name)) }];
}

export const prometheusConfigEmitter: Emitter = {
  id: "prometheus-config",
  description: "Prometheus's scrape jobs, Alertmanager and rule files (prometheus/prometheus.yml)",
  enabledWhen: "without-targets",
  emit: (model) => emitPrometheusConfig(model),
};
