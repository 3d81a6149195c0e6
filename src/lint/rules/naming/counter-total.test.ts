import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./counter-total.js";

testRule(rule, {
  valid: [
    { name: "a counter ending in _total", metrics: { c: { type: "counter", name: "orders_total", help: "h" } } },
    { name: "a gauge without _total", metrics: { g: { type: "gauge", name: "orders_in_flight", help: "h" } } },
  ],
  invalid: [
    { name: "a counter without _total", metrics: { c: { type: "counter", name: "orders", help: "h" } }, errors: [{ messageId: "missing" }] },
    { name: "a gauge ending in _total", metrics: { g: { type: "gauge", name: "orders_total", help: "h" } }, errors: [{ messageId: "extra" }] },
  ],
});
