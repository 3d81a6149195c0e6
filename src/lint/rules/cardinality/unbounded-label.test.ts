import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./unbounded-label.js";

const open = { open: true, maxValues: 1000 };

testRule(rule, {
  valid: [
    { name: "an open symbol label", metrics: { a: { type: "counter", name: "fills_total", help: "h", labels: { symbol: open } } } },
    { name: "a closed label named like an id", metrics: { a: { type: "counter", name: "x_total", help: "h", labels: { region_id: ["eu", "us"] } } } },
  ],
  invalid: [
    {
      name: "trade_id",
      metrics: { a: { type: "counter", name: "pnl_total", help: "h", labels: { trade_id: open } } },
      errors: [{ messageId: "unbounded", message: "an identifier per event" }],
    },
    {
      name: "error_message",
      metrics: { a: { type: "counter", name: "failures_total", help: "h", labels: { error_message: open } } },
      errors: [{ messageId: "unbounded", message: "free text" }],
    },
    {
      name: "order_id",
      metrics: { a: { type: "gauge", name: "order_age_seconds", help: "h", labels: { order_id: open } } },
      errors: [{ messageId: "unbounded" }],
    },
  ],
});
