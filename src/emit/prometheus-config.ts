/**
 * `prometheus.yml`: global intervals, the Alertmanager target, the generated rule files and one
 * scrape job per service, each attaching the service's `service` label to its series.
 */
import { generatedHeader, ruleFileFromConfig, PROMETHEUS_CONFIG_PATH } from "../model/conventions.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { type EmittedFile, toYaml } from "./serialize.js";

export function emitPrometheusConfig(model: ResolvedCatalog): EmittedFile[] {
  const config = {
    global: {
      scrape_interval: model.prometheus.scrapeInterval,
      evaluation_interval: model.prometheus.evaluationInterval,
    },
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [`${model.alertmanager.host}:${model.alertmanager.port}`] }] }],
    },
    // Relative to this file's folder, as Prometheus resolves rule_files.
    rule_files: model.ruleGroups.map((g) => ruleFileFromConfig(g.name)),
    scrape_configs: model.services.map((s) => ({
      job_name: s.name,
      metrics_path: "/metrics",
      static_configs: [{ targets: [`${s.host}:${s.metricsPort}`], labels: { service: s.label } }],
    })),
  };
  return [{ path: PROMETHEUS_CONFIG_PATH, contents: toYaml(config, generatedHeader(model.name)) }];
}
