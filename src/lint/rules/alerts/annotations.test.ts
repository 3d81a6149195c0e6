import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./annotations.js";

const full = { summary: "s", description: "d", runbook_url: "https://runbooks.example.com/x" };

testRule(rule, {
  valid: [
    { name: "an alert with all three", expr: "up == 0", annotations: full },
    { name: "a templated runbook URL", expr: "up == 0", annotations: { ...full, runbook_url: "{{ $externalURL }}/runbooks/x" } },
    { name: "a recording rule", expr: "sum(up)", kind: "record", annotations: {} },
  ],
  invalid: [
    {
      name: "an alert without annotations",
      expr: "up == 0",
      annotations: {},
      errors: [{ messageId: "missing" }, { messageId: "missing" }, { messageId: "missing" }],
    },
    {
      name: "an alert without runbook_url",
      expr: "up == 0",
      annotations: { summary: "s", description: "d" },
      errors: [{ messageId: "missing", message: "runbook_url" }],
    },
  ],
});
