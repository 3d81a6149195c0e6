import { alert, counter, defineService, histogram, quantile, rate, ratio, value } from "obsgen";
import { symbol } from "./labels.js";
import { specTimeUnit } from "./silences.js";
import { riskTradingAlerts, riskTradingMetrics } from "./trading.js";

const pretrade_check_latency = histogram({
  name: "risk_manager_pretrade_check_latency_us",
  help: "Pre-trade risk check latency",
  unit: "microseconds",
  buckets: [5, 10, 25, 50, 100, 250, 500],
  labels: { check_type: ["position_limit", "exposure_limit", "circuit_breaker"] },
  silence: specTimeUnit,
});

const position_update_latency = histogram({
  name: "risk_manager_position_update_latency_us",
  help: "Position update latency",
  unit: "microseconds",
  buckets: [10, 25, 50, 100, 250],
  labels: { symbol },
  silence: specTimeUnit,
});

const pnl_calculation_latency = histogram({
  name: "risk_manager_pnl_calculation_latency_us",
  help: "P&L calculation latency",
  unit: "microseconds",
  buckets: [10, 25, 50, 100, 250, 500],
  labels: { calculation_type: ["unrealized", "realized"] },
  silence: specTimeUnit,
});

const checks_performed = counter({
  name: "risk_manager_checks_performed_total",
  help: "Risk checks performed per second",
  // The spec names this label's values "exposure" here but "exposure_limit" on the latency
  // histogram; each metric keeps the values the spec gives it.
  labels: { check_type: ["position_limit", "exposure", "circuit_breaker"], result: ["pass", "fail"] },
});

const risk_failures = counter({
  name: "risk_manager_risk_failures_total",
  help: "Risk check failures",
  labels: { failure_type: ["position_limit_exceeded", "circuit_breaker_triggered"], symbol },
});

export const riskManagerMetrics = {
  pretrade_check_latency,
  position_update_latency,
  pnl_calculation_latency,
  checks_performed,
  risk_failures,
};

export const riskManager = defineService({
  name: "risk-manager",
  description: "Risk checks and position tracking",
  metricsPort: 9092,
  processPort: { port: 5557, protocol: "zmq" },
  availability: 99.99,
  team: "trading",
  metrics: { ...riskManagerMetrics, ...riskTradingMetrics },
  alerts: [
    alert({
      name: "CircuitBreakerTriggered",
      source: "spec 4.1 (P0 table), 4.4, 2.3, 9.1",
      priority: "P0",
      team: "trading",
      for: "0s",
      // Deliberately the counter's raw total, as in spec 4.4: the alert stays firing from the
      // first trigger until the risk manager is reset (restarted for the next trading day), which
      // is the latch the runbook expects. An increase() window would resolve after the window and
      // miss a trigger whose series starts at 1. Spec 2.3's "count > 1" is read as this alert.
      condition: value(risk_failures, { where: { failure_type: "circuit_breaker_triggered" }, aggregate: "sum" }).above(0),
      silence: [
        { rule: "promql/bare-counter", reason: "the raw total latches the alert until the risk manager is reset (spec 4.4, 9.1)" },
        { rule: "alerts/for", reason: "a P0 that stops all trading pages on the first trigger (spec 4.4: for 0s)" },
      ],
      summary: "CRITICAL: Circuit breaker triggered - all trading halted",
      description: "Risk Manager has triggered circuit breaker. Immediate action required.",
      action: "STOP ALL TRADING, page on-call engineer",
      // Spec 9.1, in full (steps are Markdown: the log command and the decision's two branches
      // keep the spec's code block and sub-list).
      runbook: {
        steps: [
          "**IMMEDIATE**: Stop all trading activity (kill execution-engine process)",
          "**Investigate**: Check `trading_unrealized_pnl_usd` - did we hit max daily loss?",
          '**Review logs**:\n```bash\ngrep "Circuit breaker" logs/risk-manager.log | tail -20\n```',
          '**Analyze positions**: Check Grafana "Current Positions" panel',
          "**Decision**:\n- If legitimate trigger: Close positions manually, reset for next day\n- If false positive: Investigate risk calculation bug, fix, redeploy",
          "**Document**: Record incident in incident log with root cause",
        ],
        panels: ["Current Positions"],
      },
      // While the breaker holds trading, refused orders and failing checks are its consequences.
      inhibits: {
        alerts: ["LowFillRate", "OrderRejectionsHigh", "OrderSuccessRateLow", "RiskCheckFailRateHigh"],
        reason:
          "the circuit breaker halts trading: while it is on, the risk manager fails checks and orders are rejected by design, so these are its consequences, not new problems",
      },
    }),
    alert({
      name: "RiskCheckFailures",
      source: "spec 4.2 (P1 table)",
      priority: "P1",
      team: "trading",
      for: "2m",
      condition: rate(risk_failures, { window: "5m", per: "minute", where: { failure_type: "position_limit_exceeded" } }).above(10),
      summary: "Position limit risk failures above 10/min",
      description: "{{ $value }} position-limit failures/min over 5m.",
      action: "Review position limits, check calculations",
    }),
    alert({
      name: "RiskCheckFailRateHigh",
      source: "spec 2.2",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: ratio(checks_performed, { window: "5m", numerator: { result: "fail" } }).above(0.1),
      summary: "More than 10% of risk checks fail",
      description: "Risk check fail rate: {{ $value | humanizePercentage }}.",
      action: "Review which check types fail and the limits they enforce",
    }),
    alert({
      name: "PretradeCheckLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: quantile(pretrade_check_latency, 0.99, { window: "5m" }).above(500),
      summary: "Pre-trade risk check latency p99 above 500μs",
      description: "Share of pre-trade checks slower than 500μs: {{ $value | humanizePercentage }} (p99 above 500μs when over 1%).",
      action: "Profile the risk check path",
    }),
    alert({
      name: "PositionUpdateLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: quantile(position_update_latency, 0.95, { window: "5m" }).above(250),
      summary: "Position update latency p95 above 250μs",
      description: "Share of position updates slower than 250μs: {{ $value | humanizePercentage }} (p95 above 250μs when over 5%).",
      action: "Profile the position update path",
    }),
    alert({
      name: "PnlCalculationLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: quantile(pnl_calculation_latency, 0.95, { window: "5m" }).above(500),
      summary: "P&L calculation latency p95 above 500μs",
      description: "Share of P&L calculations slower than 500μs: {{ $value | humanizePercentage }} (p95 above 500μs when over 5%).",
      action: "Profile the P&L calculation",
    }),
    ...riskTradingAlerts,
  ],
});
