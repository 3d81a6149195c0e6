import { alert, counter, defineService, histogram, increase, open, quantile, rate, ratio } from "obsgen";
import { exchange, orderType, symbol } from "./labels.js";
import { specTimeUnit } from "./silences.js";
import { executionTradingAlerts, executionTradingMetrics } from "./trading.js";

const endpoint = open(20, { examples: ["/v2/orders"], description: "Broker API endpoint" });

const order_submission_latency = histogram({
  name: "execution_engine_order_submission_latency_us",
  help: "Order submission latency (from signal to API call)",
  unit: "microseconds",
  buckets: [25, 50, 100, 250, 500, 1000, 2500, 5000],
  labels: { exchange, order_type: orderType },
  silence: specTimeUnit,
});

const routing_latency = histogram({
  name: "execution_engine_routing_latency_us",
  help: "Order routing decision latency",
  unit: "microseconds",
  buckets: [5, 10, 25, 50, 100],
  labels: { routing_strategy: ["smart", "aggressive"] },
  silence: specTimeUnit,
});

const api_call_latency = histogram({
  name: "execution_engine_api_call_latency_ms",
  help: "API call latency (external Alpaca API)",
  unit: "milliseconds",
  buckets: [10, 25, 50, 100, 250, 500, 1000, 2500],
  labels: {
    endpoint,
    method: open(5, { examples: ["POST"], description: "HTTP method" }),
    status_code: open(20, { examples: ["200"], description: "HTTP status code" }),
  },
  silence: [
    ...specTimeUnit,
    {
      rule: "cardinality/series-budget",
      reason: "the specification's endpoint × method × status_code labels; bounded by the broker API's few endpoints",
    },
  ],
});

const retry_delay = histogram({
  name: "execution_engine_retry_delay_ms",
  help: "Retry delay (exponential backoff tracking)",
  unit: "milliseconds",
  buckets: [100, 250, 500, 1000, 2500, 5000],
  labels: { retry_attempt: ["1", "2", "3"] },
  silence: specTimeUnit,
});

const orders_submitted = counter({
  name: "execution_engine_orders_submitted_total",
  help: "Orders submitted per second",
  labels: { order_type: orderType, status: ["success", "failure"], exchange },
});

const order_rejections = counter({
  name: "execution_engine_order_rejections_total",
  help: "Order rejections",
  labels: { rejection_reason: ["insufficient_funds", "risk_limit", "invalid_params"], symbol },
});

const api_failures = counter({
  name: "execution_engine_api_failures_total",
  help: "API call failures",
  labels: {
    endpoint,
    status_code: ["400", "401", "429", "500", "503"],
    error_message: open(1000, { examples: ["rate limit exceeded"], description: "Free-text error: unbounded" }),
  },
  silence: [
    {
      rule: "cardinality/unbounded-label",
      reason: "label given by the specification (2.3); services must map errors to a fixed set of messages",
    },
    { rule: "cardinality/series-budget", reason: "dominated by error_message, see the unbounded-label silence" },
  ],
});

export const executionEngineMetrics = {
  order_submission_latency,
  routing_latency,
  api_call_latency,
  retry_delay,
  orders_submitted,
  order_rejections,
  api_failures,
};

export const executionEngine = defineService({
  name: "execution-engine",
  description: "Order routing and execution",
  metricsPort: 9093,
  processPort: { port: 5558, protocol: "zmq" },
  availability: 99.95,
  team: "trading",
  metrics: { ...executionEngineMetrics, ...executionTradingMetrics },
  alerts: [
    alert({
      name: "ExecutionAPIDown",
      source: "spec 4.1 (P0 table)",
      priority: "P0",
      team: "trading",
      for: "1m",
      // "status_code=5xx": the 5xx values the metric declares.
      condition: rate(api_failures, { window: "5m", per: "minute", where: { status_code: ["500", "503"] } }).above(10),
      summary: "Execution API failing with 5xx errors",
      description: "{{ $value }} 5xx API failures/min over 5m.",
      action: "PAUSE order submission, use backup venue",
    }),
    alert({
      name: "HighOrderLatency",
      source: "spec 4.2 (P1 table), 4.4, 9.2",
      priority: "P1",
      team: "trading",
      for: "5m",
      // 5ms is the top bucket edge, where histogram_quantile (spec 4.4's form) returns at most
      // 5000 and "> 5000" could never hold; obsgen compiles it to the exact equivalent "more
      // than 1% of submissions slower than 5ms".
      condition: quantile(order_submission_latency, 0.99, { window: "5m" }).above(5000),
      summary: "High order submission latency (p99 > 5ms)",
      description:
        "Share of order submissions slower than 5ms: {{ $value | humanizePercentage }} (p99 above 5ms when over 1%). Investigate execution pipeline.",
      action: "Investigate network/API, check CPU",
      runbook: {
        steps: [
          'Check CPU usage: `system_cpu_usage_percent{service="execution_engine"}`',
          "Check Alpaca API status: `execution_engine_api_call_latency_ms`",
          "Check network latency: `ping api.alpaca.markets`",
          "Review ZMQ queue depth: `system_zmq_queue_depth`",
          "If CPU > 80%: Investigate hot paths with `perf` profiler",
          "If API slow: Check Alpaca status page, consider backup venue",
          "If ZMQ backlog: Increase consumer threads or optimize pipeline",
        ],
      },
    }),
    alert({
      name: "OrderSuccessRateLow",
      source: "spec 2.2, 6.2 (alert if < 95%)",
      priority: "P1",
      team: "trading",
      for: "5m",
      condition: ratio(orders_submitted, { window: "15m", numerator: { status: "success" } }).below(0.95),
      summary: "Order success rate below 95%",
      description: "Order success rate: {{ $value | humanizePercentage }} over 15m.",
      action: "Check rejections and API failures",
    }),
    alert({
      name: "OrderRejectionsHigh",
      source: "spec 2.3",
      priority: "P1",
      team: "trading",
      for: "5m",
      condition: rate(order_rejections, { window: "5m", per: "minute" }).above(10),
      summary: "Order rejections above 10/min",
      description: "{{ $value }} rejections/min over 5m.",
      action: "Check rejection reasons: funds, risk limits, order parameters",
    }),
    alert({
      name: "ExecutionAPIErrorsHigh",
      source: "spec 2.3",
      priority: "P1",
      team: "trading",
      for: "5m",
      condition: rate(api_failures, { window: "5m", per: "minute" }).above(10),
      summary: "Execution API failures above 10/min",
      description: "{{ $value }} API failures/min over 5m.",
      action: "Check the broker API status and error messages",
    }),
    alert({
      name: "ExecutionAPIRateLimited",
      source: "spec 2.3 (status_code=429)",
      priority: "P1",
      team: "trading",
      for: "1m",
      condition: increase(api_failures, { window: "5m", where: { status_code: "429" } }).above(0),
      summary: "Execution API rate limit hit",
      description: "{{ $value }} requests rejected with 429 over 5m.",
      action: "Slow down order submission; check request pacing",
    }),
    alert({
      name: "RetryEscalation",
      source: "spec 4.3 (P2 table), 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: rate(retry_delay, { window: "5m", per: "minute", where: { retry_attempt: "3" } }).above(10),
      summary: "Third retry attempts above 10/min",
      description: "{{ $value }} third-attempt retries/min over 5m.",
      action: "Investigate root cause of failures",
    }),
    alert({
      name: "OrderSubmissionLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: quantile(order_submission_latency, 0.99, { window: "5m" }).above(1000),
      summary: "Order submission latency p99 above 1ms",
      description: "p99 order submission latency: {{ $value }}μs (early warning before HighOrderLatency at 5ms).",
      action: "Investigate network/API, check CPU",
    }),
    alert({
      name: "RoutingLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: quantile(routing_latency, 0.95, { window: "5m" }).above(100),
      summary: "Order routing latency p95 above 100μs",
      description: "Share of routing decisions slower than 100μs: {{ $value | humanizePercentage }} (p95 above 100μs when over 5%).",
      action: "Profile the routing strategy",
    }),
    alert({
      name: "ApiCallLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "trading",
      for: "5m",
      condition: quantile(api_call_latency, 0.95, { window: "5m" }).above(500),
      summary: "Broker API call latency p95 above 500ms",
      description: "p95 API call latency: {{ $value }}ms.",
      action: "Check the broker API status page",
    }),
    ...executionTradingAlerts,
  ],
});
