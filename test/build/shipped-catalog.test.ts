/**
 * The shipped catalog encodes the trading-system specification: every section-2 metric with the
 * spec's type, buckets and label names; every section-4 alert; the section-1.2 services and
 * ports; the section-6 SLOs. The expectations below are transcribed from the specification,
 * independently of the catalog sources.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runInProcess, tempDir } from "../helpers/cli.js";

// name, type, buckets (histograms), label names — spec section 2.
const SPEC_METRICS: [string, "counter" | "gauge" | "histogram", number[] | null, string[]][] = [
  ["market_data_websocket_latency_us", "histogram", [1, 5, 10, 25, 50, 100, 250, 500, 1000, 5000], ["exchange", "message_type", "symbol"]],
  ["market_data_orderbook_update_latency_us", "histogram", [1, 2, 5, 10, 25, 50, 100], ["symbol", "update_type"]],
  ["market_data_zmq_publish_latency_us", "histogram", [10, 25, 50, 100, 250, 500, 1000], ["topic"]],
  ["signal_bridge_inference_latency_us", "histogram", [10, 25, 50, 100, 250, 500, 1000, 5000], ["model_name", "input_features_count"]],
  ["signal_bridge_feature_computation_us", "histogram", [5, 10, 25, 50, 100, 250], ["feature_set"]],
  ["signal_bridge_signal_generation_latency_us", "histogram", [50, 100, 250, 500, 1000, 2500, 5000], ["symbol", "signal_type"]],
  ["risk_manager_pretrade_check_latency_us", "histogram", [5, 10, 25, 50, 100, 250, 500], ["check_type"]],
  ["risk_manager_position_update_latency_us", "histogram", [10, 25, 50, 100, 250], ["symbol"]],
  ["risk_manager_pnl_calculation_latency_us", "histogram", [10, 25, 50, 100, 250, 500], ["calculation_type"]],
  ["execution_engine_order_submission_latency_us", "histogram", [25, 50, 100, 250, 500, 1000, 2500, 5000], ["exchange", "order_type"]],
  ["execution_engine_routing_latency_us", "histogram", [5, 10, 25, 50, 100], ["routing_strategy"]],
  ["execution_engine_api_call_latency_ms", "histogram", [10, 25, 50, 100, 250, 500, 1000, 2500], ["endpoint", "method", "status_code"]],
  ["execution_engine_retry_delay_ms", "histogram", [100, 250, 500, 1000, 2500, 5000], ["retry_attempt"]],
  ["market_data_messages_processed_total", "counter", null, ["message_type", "symbol", "exchange"]],
  ["signal_bridge_signals_generated_total", "counter", null, ["signal_type", "symbol", "confidence_bucket"]],
  ["execution_engine_orders_submitted_total", "counter", null, ["order_type", "status", "exchange"]],
  ["risk_manager_checks_performed_total", "counter", null, ["check_type", "result"]],
  ["zmq_messages_published_total", "counter", null, ["service", "topic"]],
  ["market_data_websocket_connection_failures_total", "counter", null, ["exchange", "error_type"]],
  ["execution_engine_order_rejections_total", "counter", null, ["rejection_reason", "symbol"]],
  ["risk_manager_risk_failures_total", "counter", null, ["failure_type", "symbol"]],
  ["execution_engine_api_failures_total", "counter", null, ["endpoint", "status_code", "error_message"]],
  ["signal_bridge_inference_errors_total", "counter", null, ["error_type", "model_name"]],
  ["trading_position_value_usd", "gauge", null, ["symbol", "side"]],
  ["trading_realized_pnl_usd", "counter", null, ["symbol", "trade_id", "strategy"]],
  ["trading_unrealized_pnl_usd", "gauge", null, ["symbol"]],
  ["trading_portfolio_value_usd", "gauge", null, []],
  ["trading_open_positions_count", "gauge", null, []],
  ["trading_daily_volume_usd", "counter", null, ["symbol"]],
  ["trading_slippage_bps", "histogram", [0, 1, 5, 10, 25, 50, 100, 250], ["symbol", "order_type"]],
  ["trading_order_fill_rate", "gauge", null, ["symbol", "order_type"]],
  ["system_cpu_usage_percent", "gauge", null, ["service"]],
  ["system_memory_usage_mb", "gauge", null, ["service"]],
  ["system_connection_pool_size", "gauge", null, ["service", "pool_type"]],
  ["system_zmq_queue_depth", "gauge", null, ["service", "queue"]],
  ["system_tokio_workers_active", "gauge", null, ["service"]],
];

// Closed label value sets the spec spells out as a|b|c.
const SPEC_VALUES: [string, string, string[]][] = [
  ["market_data_websocket_latency_us", "message_type", ["trade", "quote", "orderbook"]],
  ["execution_engine_order_submission_latency_us", "order_type", ["market", "limit"]],
  ["execution_engine_retry_delay_ms", "retry_attempt", ["1", "2", "3"]],
  ["risk_manager_risk_failures_total", "failure_type", ["position_limit_exceeded", "circuit_breaker_triggered"]],
  ["execution_engine_api_failures_total", "status_code", ["400", "401", "429", "500", "503"]],
  ["signal_bridge_inference_errors_total", "error_type", ["model_load_failure", "input_shape_mismatch", "runtime_error"]],
  ["system_cpu_usage_percent", "service", ["market_data", "signal_bridge", "risk_manager", "execution_engine"]],
  ["zmq_messages_published_total", "topic", ["trades", "orders", "signals"]],
];

// Section 4: the 14 rows of the P0/P1/P2 tables, with 4.4's names where it gives them.
const SPEC_ALERTS: [string, "P0" | "P1" | "P2"][] = [
  ["CircuitBreakerTriggered", "P0"],
  ["MaxDailyLossExceeded", "P0"],
  ["WebSocketDisconnected", "P0"],
  ["ExecutionAPIDown", "P0"],
  ["MemoryLeak", "P0"],
  ["HighOrderLatency", "P1"],
  ["HighSlippage", "P1"],
  ["MLInferenceFailure", "P1"],
  ["RiskCheckFailures", "P1"],
  ["LowFillRate", "P1"],
  ["ElevatedMarketDataLatency", "P2"],
  ["HighCPUUsage", "P2"],
  ["ZMQQueueBacklog", "P2"],
  ["RetryEscalation", "P2"],
];

let catalog: any;
let out: string;

beforeAll(async () => {
  out = tempDir();
  const r = await runInProcess(["build", "--catalog", "catalog/index.ts", "--out", out]);
  expect(r.code, r.stderr).toBe(0);
  catalog = JSON.parse(readFileSync(join(out, "catalog.json"), "utf8"));
});

describe("the shipped catalog", () => {
  it("declares exactly the spec's 36 metrics", () => {
    expect(catalog.metrics.map((m: any) => m.name).sort()).toEqual(SPEC_METRICS.map((m) => m[0]).sort());
  });

  for (const [name, type, buckets, labels] of SPEC_METRICS) {
    it(`gives ${name} the spec's type, buckets and labels`, () => {
      const m = catalog.metrics.find((x: any) => x.name === name);
      expect(m.type).toBe(type);
      expect(m.buckets).toEqual(buckets);
      expect(m.labels.map((l: any) => l.name)).toEqual(labels);
      expect(m.help.length).toBeGreaterThan(0);
    });
  }

  it("keeps the spec's closed label value sets", () => {
    for (const [metric, label, values] of SPEC_VALUES) {
      const l = catalog.metrics.find((x: any) => x.name === metric).labels.find((x: any) => x.name === label);
      expect(l.kind, `${metric}.${label}`).toBe("closed");
      expect(l.values).toEqual(values);
    }
  });

  it("bounds every open label", () => {
    for (const m of catalog.metrics) for (const l of m.labels) if (l.kind === "open") expect(l.maxValues).toBeGreaterThan(0);
  });

  it("has every section-4 alert with its priority and the matching severity label", () => {
    const severity = { P0: "critical", P1: "high", P2: "medium" };
    for (const [name, priority] of SPEC_ALERTS) {
      const a = catalog.alerts.find((x: any) => x.name === name);
      expect(a, name).toBeDefined();
      expect(a.priority).toBe(priority);
      expect(a.labels.severity).toBe(severity[priority]);
      expect(a.annotations.summary.length).toBeGreaterThan(0);
      expect(a.annotations.description.length).toBeGreaterThan(0);
    }
  });

  it("groups alerts by priority as in section 4.4", () => {
    const groups = Object.fromEntries(catalog.alerts.map((a: any) => [a.name, a.group]));
    expect(groups.CircuitBreakerTriggered).toBe("trading_critical");
    expect(groups.HighOrderLatency).toBe("trading_high_priority");
    expect(groups.ZMQQueueBacklog).toBe("trading_medium_priority");
  });

  it("compiles the section-4.4 alerts to the spec's PromQL, where the spec's PromQL can fire", () => {
    const expr = Object.fromEntries(catalog.alerts.map((a: any) => [a.name, a.expr]));
    expect(expr.HighSlippage).toBe("histogram_quantile(0.95, sum by (le) (rate(trading_slippage_bps_bucket[15m]))) > 50");
    expect(expr.MLInferenceFailure).toBe("sum(increase(signal_bridge_inference_errors_total[5m])) > 0");
    expect(expr.MaxDailyLossExceeded).toBe("sum(trading_unrealized_pnl_usd) < -5000");
    expect(expr.CircuitBreakerTriggered).toBe('sum(risk_manager_risk_failures_total{failure_type="circuit_breaker_triggered"}) > 0');
    // 3/min (4.1) rather than 0.6/s (4.4): see the README's decisions.
    expect(expr.WebSocketDisconnected).toBe("sum(rate(market_data_websocket_connection_failures_total[5m])) * 60 > 3");
    // 5ms is the top bucket: the exact share-above form replaces histogram_quantile. The catalog
    // targets Prometheus 3, which stores the bucket as le="5000.0"; 2.x stores le="5000".
    expect(expr.HighOrderLatency).toBe(
      '(1 - sum(rate(execution_engine_order_submission_latency_us_bucket{le=~"5000|5000\\\\.0"}[5m])) / sum(rate(execution_engine_order_submission_latency_us_count[5m]))) > 0.01',
    );
  });

  it("resolves parameters into thresholds and records where they come from", () => {
    const a = catalog.alerts.find((x: any) => x.name === "PortfolioDrawdown");
    expect(a.condition.threshold).toEqual({ value: 95000, parameter: "initial_capital", factor: 0.95 });
    expect(a.expr).toBe("trading_portfolio_value_usd < 95000");
    expect(catalog.parameters.find((p: any) => p.name === "max_daily_loss").default).toBe(5000);
  });

  it("targets Prometheus 3 (the README's decisions), so no rule matches a bucket as 2.x alone spells it", () => {
    expect(catalog.prometheus.versions).toEqual(["3"]);
    const exprs: string[] = [...catalog.alerts, ...catalog.recordingRules].map((r: { expr: string }) => r.expr);
    expect(exprs.filter((e) => /le=~"5000\|5000\\\\\.0"/.test(e)).length).toBeGreaterThan(0);
    expect(exprs.filter((e) => /le="\d+"/.test(e))).toEqual([]);
  });

  it("declares the four services with the spec's ports", () => {
    const ports = Object.fromEntries(catalog.services.map((s: any) => [s.name, [s.metricsPort, s.processPort.port]]));
    expect(ports).toEqual({
      "market-data": [9090, 5555],
      "signal-bridge": [9091, 5556],
      "risk-manager": [9092, 5557],
      "execution-engine": [9093, 5558],
    });
    expect(catalog.alertmanager.port).not.toBe(9093);
  });

  it("has the section-6 SLOs: availability per service, performance and reliability", () => {
    const byName = Object.fromEntries(catalog.slos.map((s: any) => [s.name, s]));
    expect(byName["market-data-availability"].objective).toBe(99.95);
    expect(byName["execution-engine-availability"].objective).toBe(99.95);
    expect(byName["risk-manager-availability"].objective).toBe(99.99);
    expect(byName["signal-bridge-availability"].objective).toBe(99.9);
    expect(byName["order-execution-latency"]).toMatchObject({ kind: "latency", quantile: 0.99, threshold: 100 });
    expect(byName["market-data-processing"]).toMatchObject({ kind: "latency", quantile: 0.99, threshold: 10 });
    expect(byName["ml-inference"]).toMatchObject({ kind: "latency", quantile: 0.99, threshold: 1000, for: "10m" });
    expect(byName["risk-check"]).toMatchObject({ kind: "latency", quantile: 0.95, threshold: 500 });
    expect(byName["order-success-rate"]).toMatchObject({ kind: "ratio", objective: 99, window: "15m", alertBelow: 95 });
    expect(byName["market-order-fill-rate"]).toMatchObject({ kind: "gauge", objective: 0.99 });
    expect(byName["error-rate"].kind).toBe("manual");
  });

  it("writes a versioned catalog.json", () => {
    expect(catalog.schema).toBe("obsgen.catalog/v1");
  });
});
