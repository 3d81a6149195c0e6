import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./type-in-name.js";

testRule(rule, {
  valid: [{ name: "a name without a type word", metrics: { a: { type: "counter", name: "requests_total", help: "h" } } }],
  invalid: [
    { name: "_counter", metrics: { a: { type: "counter", name: "requests_counter_total", help: "h" } }, errors: [{ messageId: "type" }] },
    { name: "_gauge", metrics: { a: { type: "gauge", name: "temperature_gauge", help: "h" } }, errors: [{ messageId: "type" }] },
  ],
});
