import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./snake-case.js";

testRule(rule, {
  valid: [
    { name: "snake_case names", metrics: { a: { type: "gauge", name: "queue_depth_max", help: "h", labels: { queue_name: { open: true, maxValues: 2 } } } } },
  ],
  invalid: [
    { name: "a camelCase metric", metrics: { a: { type: "gauge", name: "queueDepth", help: "h" } }, errors: [{ messageId: "metric", message: "queue_depth" }] },
    {
      name: "a camelCase label",
      metrics: { a: { type: "gauge", name: "queue_depth_max", help: "h", labels: { queueName: ["a"] } } },
      errors: [{ messageId: "label" }],
    },
    { name: "a colon", metrics: { a: { type: "gauge", name: "job:queue_depth:max", help: "h" } }, errors: [{ messageId: "colon" }] },
  ],
});
