import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./abbreviated-unit.js";

testRule(rule, {
  valid: [
    { name: "a spelled-out unit", metrics: { a: { type: "gauge", name: "uptime_seconds", help: "h" } } },
    { name: "a word that merely contains ms", metrics: { a: { type: "gauge", name: "items_in_queue", help: "h" } } },
  ],
  invalid: [
    { name: "_us", metrics: { a: { type: "gauge", name: "latency_us", help: "h" } }, errors: [{ messageId: "abbreviated", message: "`_us`" }] },
    { name: "_ms", metrics: { a: { type: "gauge", name: "api_latency_ms", help: "h" } }, errors: [{ messageId: "abbreviated", message: "`_ms`" }] },
    { name: "_mb", metrics: { a: { type: "gauge", name: "memory_usage_mb", help: "h" } }, errors: [{ messageId: "abbreviated", message: "`_mb`" }] },
  ],
});
