import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./series-budget.js";

testRule(rule, {
  valid: [
    { name: "a metric under budget", metrics: { a: { type: "counter", name: "x_total", help: "h", labels: { symbol: { open: true, maxValues: 100 } } } } },
    {
      name: "a histogram exactly at budget (100 label sets × 10 series)",
      lint: { seriesBudget: 1000 },
      metrics: { a: { type: "histogram", name: "h_seconds", help: "h", buckets: [1, 2, 3, 4, 5, 6, 7], labels: { s: { open: true, maxValues: 100 } } } },
    },
  ],
  invalid: [
    {
      name: "a histogram over budget",
      lint: { seriesBudget: 999 },
      metrics: { a: { type: "histogram", name: "h_seconds", help: "h", buckets: [1, 2, 3, 4, 5, 6, 7], labels: { s: { open: true, maxValues: 100 } } } },
      errors: [{ messageId: "over", message: "up to 1000 series (s 100 × 10 series per histogram)" }],
    },
    {
      name: "a counter whose labels multiply past the default budget",
      metrics: { a: { type: "counter", name: "y_total", help: "h", labels: { a: { open: true, maxValues: 200 }, b: { open: true, maxValues: 60 } } } },
      errors: [{ messageId: "over", message: "12000 series" }],
    },
  ],
});
