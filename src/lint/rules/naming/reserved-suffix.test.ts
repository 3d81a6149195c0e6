import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./reserved-suffix.js";

testRule(rule, {
  valid: [{ name: "a plain gauge", metrics: { a: { type: "gauge", name: "open_positions", help: "h" } } }],
  invalid: [
    {
      name: "a gauge ending in _count",
      metrics: { a: { type: "gauge", name: "open_positions_count", help: "h" } },
      errors: [{ messageId: "suffix", message: "`_count`" }],
    },
    { name: "a counter ending in _sum", metrics: { a: { type: "counter", name: "fees_sum", help: "h" } }, errors: [{ messageId: "suffix" }] },
  ],
});
