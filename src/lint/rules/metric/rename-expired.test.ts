import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./rename-expired.js";

// The rule tester lints on 2026-01-01.
const renamed = (until: string) => ({ a: { type: "counter", name: "orders_placed_total", help: "h", renamedFrom: { name: "orders_total", until } } });

testRule(rule, {
  valid: [
    { name: "a window that ends later", metrics: renamed("2026-06-30") },
    { name: "a window ending today", metrics: renamed("2026-01-01") },
    { name: "no rename", metrics: { a: { type: "counter", name: "orders_placed_total", help: "h" } } },
  ],
  invalid: [{ name: "a window that has ended", metrics: renamed("2025-12-31"), errors: [{ messageId: "expired", message: "orders_total until 2025-12-31" }] }],
});
