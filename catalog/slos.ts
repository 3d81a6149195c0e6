import { slo } from "obsgen";
import { executionEngineMetrics } from "./execution-engine.js";
import { marketDataMetrics } from "./market-data.js";
import { riskManagerMetrics } from "./risk-manager.js";
import { signalBridgeMetrics } from "./signal-bridge.js";
import { executionTradingMetrics } from "./trading.js";

/**
 * Performance and reliability objectives (spec 6.2, 6.3). Availability objectives (6.1) are on
 * each service. The spec does not name the metric of each performance SLO; the closest
 * histogram is used and named in the description.
 */
export const slos = [
  slo({
    kind: "latency",
    name: "order-execution-latency",
    team: "trading",
    description: "Order execution latency p99 < 100μs (execution_engine_order_submission_latency_us)",
    metric: executionEngineMetrics.order_submission_latency,
    quantile: 0.99,
    threshold: 100,
    window: "5m",
    for: "5m",
  }),
  slo({
    kind: "latency",
    name: "market-data-processing",
    team: "infrastructure",
    description: "Market data processing p99 < 10μs (market_data_websocket_latency_us)",
    metric: marketDataMetrics.websocket_latency,
    quantile: 0.99,
    threshold: 10,
    window: "5m",
    for: "5m",
  }),
  slo({
    kind: "latency",
    name: "ml-inference",
    team: "ml",
    description: "ML inference p99 < 1ms (signal_bridge_inference_latency_us)",
    metric: signalBridgeMetrics.inference_latency,
    quantile: 0.99,
    threshold: 1000,
    window: "5m",
    for: "10m",
  }),
  slo({
    kind: "latency",
    name: "risk-check",
    team: "trading",
    description: "Risk check p95 < 500μs (risk_manager_pretrade_check_latency_us)",
    metric: riskManagerMetrics.pretrade_check_latency,
    quantile: 0.95,
    threshold: 500,
    window: "5m",
    for: "5m",
  }),
  slo({
    kind: "ratio",
    name: "order-success-rate",
    team: "trading",
    description: "Order success rate > 99% (execution_engine_orders_submitted_total, status=success)",
    metric: executionEngineMetrics.orders_submitted,
    good: { status: "success" },
    objective: 99,
    window: "15m",
    alertBelow: 95,
  }),
  slo({
    kind: "gauge",
    name: "market-order-fill-rate",
    description: "Order fill rate of market orders > 99% (trading_order_fill_rate, order_type=market)",
    metric: executionTradingMetrics.order_fill_rate,
    where: { order_type: "market" },
    objective: 0.99,
    window: "15m",
    alertBelow: 0.95,
  }),
  slo({
    kind: "manual",
    name: "error-rate",
    description: "Error rate (all services) < 0.1%, alert if > 1% for 5+ minutes",
    objective: "< 0.1%",
    reason: "The catalog has error counters but no count of all operations per service to divide by.",
  }),
  slo({
    kind: "manual",
    name: "websocket-connection-uptime",
    description: "WebSocket connection uptime > 99.9%, alert on 3+ disconnects/5min",
    objective: "> 99.9%",
    reason: "No metric records the connection's state or connected time; only failures are counted. Disconnections are alerted by WebSocketDisconnected.",
  }),
  slo({
    kind: "manual",
    name: "circuit-breaker-false-positives",
    description: "Circuit breaker false positives: 0 per day, manual review if triggered",
    objective: "0 per day",
    reason: "Whether a trigger was a false positive is a human judgement made in the incident review.",
  }),
];
