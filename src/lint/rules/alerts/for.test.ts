import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./for.js";

testRule(rule, {
  valid: [
    { name: "an alert with for: 5m", expr: "up == 0", for: "5m" },
    { name: "a recording rule (no for)", expr: "sum(up)", kind: "record", for: null },
  ],
  invalid: [
    { name: "an alert without for", expr: "up == 0", for: null, errors: [{ messageId: "missing" }] },
    { name: "an alert with for: 0s", expr: "up == 0", for: "0s", errors: [{ messageId: "missing" }] },
    { name: "for shorter than the group interval", expr: "up == 0", for: "30s", interval: "1m", errors: [{ messageId: "short" }] },
  ],
});
