import { ruleYaml, testRule, testRuleFiles, type FileExpected, type FilesCase } from "../../../../test/helpers/rule-tester.js";
import rule from "./duplicate.js";

// A single rule cannot repeat another.
testRule(rule, {
  valid: [{ name: "a lone recording rule", expr: "sum(rate(http_requests_total[5m]))", kind: "record" }],
  invalid: [],
});



const { file, group, record, alert } = ruleYaml;


const valid: FilesCase[] = [
  {
    name: "rules with different names in two groups",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)")), group("two", record("job:b:sum", "sum by (job) (b)"))) },
  },
  {
    name: "one alert at two severities in two groups",
    files: {
      "a.yml": file(group("one", alert("Errors", "rate(e[5m]) > 1", "{ severity: warning }")), group("two", alert("Errors", "rate(e[5m]) > 1", "{ severity: critical }"))),
    },
  },
  {
    name: "a copy inside one group (promtool's duplicate-rules lint reports it)",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)") + record("job:a:sum", "sum by (job) (a)"))) },
  },
  {
    name: "two alerts of one name with different expressions in two groups",
    files: { "a.yml": file(group("one", alert("Errors", "rate(e[5m]) > 1")), group("two", alert("Errors", "rate(e[5m]) > 5"))) },
  },
  {
    name: "recording rules of one name told apart by a label",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)", "{ env: prod }")), group("two", record("job:a:sum", "sum by (job) (b)", "{ env: dev }"))) },
  },
  {
    name: "an alert and a recording rule of one name",
    files: { "a.yml": file(group("one", record("Errors", "sum(a)")), group("two", alert("Errors", "sum(a)"))) },
  },
];

const invalid: (FilesCase & { errors: FileExpected[] })[] = [
  {
    name: "a recording rule copied to another group, spelled differently",
    files: { "a.yml": file(group("one", record("job:a:rate5m", "sum by (job) (rate(a[5m]))")), group("two", record("job:a:rate5m", "sum  BY(job)(rate(a[300s]))"))) },
    errors: [{ messageId: "duplicate", file: "a.yml", group: "two", rule: 1, message: "repeats rule 1 of group one in a.yml" }],
  },
  {
    name: "a copy with its matchers and labels in another order",
    files: {
      "a.yml": file(
        group("one", record("job:a:rate5m", "'sum by (job, env) (rate(a{x=\"1\", y=\"2\"}[5m]))'")),
        group("two", record("job:a:rate5m", "'sum by (env, job) (rate(a{y=\"2\", x=\"1\"}[5m]))'")),
      ),
    },
    errors: [{ messageId: "duplicate", file: "a.yml", group: "two", rule: 1 }],
  },
  {
    name: "an alert copied to another file",
    files: {
      "a.yml": file(group("alerts", alert("Errors", 'rate(e[5m]) > 1', "{ severity: page }"))),
      "b.yml": file(group("copied", record("job:x:sum", "sum(x)") + alert("Errors", 'rate(e[5m]) > 1', "{ severity: page }"))),
    },
    errors: [{ messageId: "duplicate", file: "b.yml", group: "copied", rule: 2, message: "alert Errors repeats rule 1 of group alerts in a.yml" }],
  },
  {
    name: "two recording rules writing one series from different expressions",
    files: { "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)")), group("two", record("job:a:sum", "sum by (job) (b)"))) },
    errors: [{ messageId: "conflict", file: "a.yml", group: "two", rule: 1, message: "rule 1 of group one in a.yml" }],
  },
  {
    name: "three copies, each naming the first",
    files: {
      "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)")), group("two", record("job:a:sum", "sum by (job) (a)")), group("three", record("job:a:sum", "sum by (job) (a)"))),
    },
    errors: [
      { messageId: "duplicate", file: "a.yml", group: "two", rule: 1, message: "group one" },
      { messageId: "duplicate", file: "a.yml", group: "three", rule: 1, message: "group one" },
    ],
  },
  {
    name: "a copy preferred over a conflict",
    files: {
      "a.yml": file(group("one", record("job:a:sum", "sum by (job) (a)")), group("two", record("job:a:sum", "sum by (job) (b)")), group("three", record("job:a:sum", "sum by (job) (b)"))),
    },
    errors: [
      { messageId: "conflict", file: "a.yml", group: "two", rule: 1, message: "group one" },
      { messageId: "duplicate", file: "a.yml", group: "three", rule: 1, message: "group two" },
    ],
  },
];

testRuleFiles(rule, { valid, invalid, withCatalog: false });
