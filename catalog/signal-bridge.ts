import { alert, counter, defineService, histogram, increase, open, quantile } from "obsgen";
import { signalType, symbol } from "./labels.js";
import { specTimeUnit } from "./silences.js";

const model_name = open(5, { examples: ["strategy_v1"], description: "Deployed ML model" });

const inference_latency = histogram({
  name: "signal_bridge_inference_latency_us",
  help: "ML model inference latency",
  unit: "microseconds",
  buckets: [10, 25, 50, 100, 250, 500, 1000, 5000],
  labels: { model_name, input_features_count: open(10, { examples: ["32"], description: "Number of input features" }) },
  silence: specTimeUnit,
});

const feature_computation = histogram({
  name: "signal_bridge_feature_computation_us",
  help: "Feature computation latency",
  unit: "microseconds",
  buckets: [5, 10, 25, 50, 100, 250],
  labels: { feature_set: open(10, { examples: ["technical_indicators"] }) },
  silence: specTimeUnit,
});

const signal_generation_latency = histogram({
  name: "signal_bridge_signal_generation_latency_us",
  help: "End-to-end signal generation latency",
  unit: "microseconds",
  buckets: [50, 100, 250, 500, 1000, 2500, 5000],
  labels: { symbol, signal_type: signalType },
  silence: specTimeUnit,
});

const signals_generated = counter({
  name: "signal_bridge_signals_generated_total",
  help: "Signals generated per second",
  labels: { signal_type: signalType, symbol, confidence_bucket: ["low", "medium", "high"] },
});

const inference_errors = counter({
  name: "signal_bridge_inference_errors_total",
  help: "ML inference errors",
  labels: { error_type: ["model_load_failure", "input_shape_mismatch", "runtime_error"], model_name },
});

export const signalBridgeMetrics = {
  inference_latency,
  feature_computation,
  signal_generation_latency,
  signals_generated,
  inference_errors,
};

export const signalBridge = defineService({
  name: "signal-bridge",
  description: "ML inference and signal generation",
  metricsPort: 9091,
  processPort: { port: 5556, protocol: "zmq" },
  availability: 99.9,
  team: "ml",
  metrics: signalBridgeMetrics,
  alerts: [
    alert({
      name: "MLInferenceFailure",
      source: "spec 4.2 (P1 table), 4.4, 2.3",
      priority: "P1",
      team: "ml",
      for: "1m",
      condition: increase(inference_errors, { window: "5m" }).above(0),
      summary: "ML inference errors detected",
      description: "Error count: {{ $value }}. Validate model and runtime.",
      action: "Validate model file, check ONNX runtime",
    }),
    alert({
      name: "InferenceLatencyHigh",
      source: "spec 2.1, 6.2 (alert if exceeded for 10+ minutes)",
      priority: "P2",
      team: "ml",
      for: "10m",
      condition: quantile(inference_latency, 0.99, { window: "5m" }).above(1000),
      summary: "ML inference latency p99 above 1ms",
      description: "p99 inference latency: {{ $value }}μs.",
      action: "Check model size and CPU of signal-bridge",
    }),
    alert({
      name: "FeatureComputationLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "ml",
      for: "5m",
      // 250μs is the highest finite bucket: obsgen compiles this to "more than 5% of
      // observations above 250μs", since histogram_quantile cannot exceed the top bucket.
      condition: quantile(feature_computation, 0.95, { window: "5m" }).above(250),
      summary: "Feature computation latency p95 above 250μs",
      description: "Share of feature computations slower than 250μs: {{ $value | humanizePercentage }} (p95 above 250μs when over 5%).",
      action: "Profile the feature pipeline",
    }),
    alert({
      name: "SignalGenerationLatencyHigh",
      source: "spec 2.1",
      priority: "P2",
      team: "ml",
      for: "5m",
      condition: quantile(signal_generation_latency, 0.99, { window: "5m" }).above(5000),
      summary: "Signal generation latency p99 above 5ms",
      description: "Share of signals generated slower than 5ms: {{ $value | humanizePercentage }} (p99 above 5ms when over 1%).",
      action: "Check inference and feature latency, and market data input rate",
    }),
  ],
});
