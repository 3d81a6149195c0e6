import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./interval.js";

testRule(rule, {
  valid: [
    { name: "a 1m group", expr: "up == 0", interval: "1m" },
    { name: "a 5m group", expr: "up == 0", interval: "5m" },
    { name: "a group without interval", expr: "up == 0" },
  ],
  invalid: [{ name: "a 10m group", expr: "sum(up)", kind: "record", interval: "10m", errors: [{ messageId: "long" }] }],
});
