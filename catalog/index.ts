/**
 * The py_rt trading system's monitoring catalog: the shipped example and obsgen's default.
 * Source: the trading-system monitoring specification. Where the specification contradicts
 * itself, the decision is commented where it is taken and listed in the README.
 */
import { defineCatalog } from "obsgen";
import { alerting } from "./alerting.js";
import { systemHealth, tradingOperations } from "./dashboards.js";
import { executionEngine } from "./execution-engine.js";
import { logQueries } from "./logs.js";
import { marketData } from "./market-data.js";
import { params } from "./parameters.js";
import { riskManager } from "./risk-manager.js";
import { signalBridge } from "./signal-bridge.js";
import { slos } from "./slos.js";
import { messaging, system } from "./system.js";

export default defineCatalog({
  name: "py_rt",
  description: "py_rt (Python-Rust Trading System): market data, signals, risk and execution",
  version: "1.0.0",
  // Spec 10.1 scrapes each service statically on localhost:<metrics port>: no service sets
  // `discovery` or `scrape` (docs/discovery.md), so prometheus.yml has the spec's static jobs.
  services: [marketData, signalBridge, riskManager, executionEngine],
  groups: [system, messaging],
  parameters: params,
  teams: ["trading", "infrastructure", "ml"],
  slos,
  dashboards: [tradingOperations, systemHealth],
  prometheus: {
    scrapeInterval: "15s",
    evaluationInterval: "15s",
    ruleGroupPrefix: "trading",
    // The services' metrics ports take 9090-9093, the defaults of Prometheus (9090),
    // Pushgateway (9091) and Alertmanager (9093). Prometheus listens on 9096 here.
    port: 9096,
    // Prometheus 3: the specification describes a new deployment, which runs the current major
    // release, 3.x. The output stays right on data 2.x spells: bucket matchers accept 2.x's
    // `le` beside 3's (`le=~"5000|5000\\.0"`), for series stored before an upgrade, sent by
    // remote write or through OTLP. Targeting both instead would hold the catalog to what 2.42
    // loads (no group `labels`, 2.42's PromQL) for a server it never runs.
    version: "3",
  },
  // Spec 10.1 points Prometheus at Alertmanager on localhost:9093, the execution engine's
  // metrics port (1.2). The services keep their ports; Alertmanager moves to 9095 (9094 is
  // Alertmanager's own cluster port).
  alertmanager: { host: "localhost", port: 9095 },
  // The spec's severity words: its rules (4.4) label P0 alerts `severity: critical` and P1
  // `severity: high`, and 4.3 names P2 "medium". obsgen's defaults are kube-prometheus's words
  // (critical, warning, info); the spec's are set here, and Alertmanager routes on them.
  severities: { P0: "critical", P1: "high", P2: "medium" },
  groupIntervals: { P0: "10s", P1: "30s", P2: "1m" },
  // Each alert's runbook_url is <baseUrl>/<slug>; serve out/runbooks/ there (set it per deployment).
  runbooks: { baseUrl: "https://runbooks.example.com/py_rt" },
  // Spec 3.5's log queries, shown in the runbooks of the services they concern.
  logQueries,
  // Runbooks link to the panels showing each alert's metrics (set it per deployment).
  grafana: { baseUrl: "http://localhost:3000" },
  // Alertmanager routes, receivers (secrets as files) and inhibitions: out/alertmanager/alertmanager.yml.
  alerting,
});
