import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./base-unit.js";

testRule(rule, {
  valid: [
    { name: "seconds", metrics: { a: { type: "histogram", name: "rpc_duration_seconds", help: "h", unit: "seconds", buckets: [1] } } },
    { name: "a ratio", metrics: { a: { type: "gauge", name: "cache_hit_ratio", help: "h", unit: "ratio" } } },
    { name: "no unit", metrics: { a: { type: "counter", name: "jobs_total", help: "h" } } },
  ],
  invalid: [
    {
      name: "a metric declared in microseconds",
      metrics: { a: { type: "histogram", name: "latency_us", help: "h", unit: "microseconds", buckets: [1] } },
      errors: [{ messageId: "unit", message: "use the base unit seconds" }],
    },
    {
      name: "a metric declared in megabytes",
      metrics: { a: { type: "gauge", name: "memory_mb", help: "h", unit: "megabytes" } },
      errors: [{ messageId: "unit", message: "bytes" }],
    },
    {
      name: "a metric declared in percent",
      metrics: { a: { type: "gauge", name: "cpu_usage_percent", help: "h", unit: "percent" } },
      errors: [{ messageId: "unit", message: "ratio" }],
    },
    {
      name: "milliseconds in the name without a declared unit",
      metrics: { a: { type: "gauge", name: "gc_pause_milliseconds", help: "h" } },
      errors: [{ messageId: "name", message: "`milliseconds`" }],
    },
  ],
});
