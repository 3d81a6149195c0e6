import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "../../../../test/helpers/cli.js";
import { lintCase, testRule } from "../../../../test/helpers/rule-tester.js";
import { describeWithTool } from "../../../../test/helpers/tools.js";
import rule from "./syntax.js";

testRule(rule, {
  valid: [
    { expr: "sum by (job) (rate(http_requests_total[5m])) > 1" },
    { expr: "absent(up)", noCatalog: true },
    { name: "3.x syntax under the default target, 3", expr: 'sum by ("job") (rate({"http_requests_total"}[5]))' },
    { name: "holt_winters under 2.42", expr: "holt_winters(up[1h], 0.5, 0.5)", prometheus: ["2.42"] },
    { name: "an experimental function with its flag", expr: 'sort_by_label(up, "job")', features: ["promql-experimental-functions"], prometheus: ["3"] },
  ],
  invalid: [
    { name: "an unclosed parenthesis", expr: "rate(http_requests_total[5m]", errors: [{ messageId: "invalid", message: "unclosed left parenthesis" }] },
    { name: "an error at the very end", expr: "http_requests_total >", errors: [{ messageId: "invalid", message: "unexpected end of input" }] },
    { name: "a wrong argument type", expr: "rate(http_requests_total) > 1", errors: [{ messageId: "invalid", message: "expected type range vector" }] },
    { name: "an unknown function", expr: 'sort_by(up, "job")', errors: [{ messageId: "invalid", message: 'unknown function with name "sort_by"' }] },
    {
      name: "an experimental function without its flag",
      expr: 'sort_by_label(up, "job")',
      errors: [{ messageId: "invalid", message: 'function "sort_by_label" is experimental: it needs --enable-feature=promql-experimental-functions' }],
    },
    {
      name: "a function newer than the targeted 2.42",
      expr: "histogram_avg(up)",
      prometheus: ["2.42"],
      errors: [{ messageId: "invalid", message: "`histogram_avg` needs Prometheus 2.51 or later; Prometheus 2.42 does not have it" }],
    },
    {
      name: "holt_winters under 3, with the new name",
      expr: "holt_winters(up[1h], 0.5, 0.5)",
      errors: [{ messageId: "invalid", message: "Prometheus 3.0 renamed it to double_exponential_smoothing" }],
    },
    {
      name: "for each version the first error it reports, naming the version when only some do",
      expr: '{"up"} + up[5s x]',
      prometheus: ["2.42", "3"],
      errors: [
        { messageId: "invalid", message: "quoted metric names need Prometheus 3.0 or later; Prometheus 2.42 does not have them", span: [1, 5] },
        { messageId: "invalid", message: "Prometheus 3.14: unexpected character: 'x', expected ':'" },
      ],
    },
    {
      // promtool prints only the first of an expression's parse errors; the rest are the parser
      // stumbling over the same mistake.
      name: "an unexpanded template variable once, not its cascade",
      expr: "up{job=${job}} == 0",
      prometheus: ["2.42"],
      errors: [{ messageId: "invalid", message: "unexpected character inside braces: '$'", span: [7, 8] }],
    },
    {
      name: "an unexpanded template variable in a range once, as promtool 2.42 words it",
      expr: "rate(x[${window}]) > 0",
      prometheus: ["2.42"],
      errors: [{ messageId: "invalid", message: "missing unit character in duration" }],
    },
    {
      name: "an unexpanded template variable once per targeted version",
      expr: "rate(x[${window}]) > 0",
      prometheus: ["2.42", "3"],
      errors: [
        { messageId: "invalid", message: "Prometheus 2.42: missing unit character in duration" },
        { messageId: "invalid", message: "Prometheus 3.14: unexpected character in duration expression: '$'" },
      ],
    },
    {
      name: "quoted metric names under 2.42",
      expr: '{"http.requests"}',
      prometheus: ["2.42"],
      errors: [{ messageId: "invalid", message: "quoted metric names need Prometheus 3.0 or later", span: [1, 16] }],
    },
  ],
});

// The one error reported is the one promtool 2.42 prints for the expression.
describeWithTool("promtool", "promql/syntax's one error per expression and promtool's", () => {
  const EXPRS = ['sum(rate(x{job="a"}[5m])) > ${threshold}', "up{job=${job}} == 0", "rate(x[${window}]) > 0", "sum(rate(x[5m])", "a + + on(b) c ) d"];
  it("reports exactly one error per expression, with promtool's message", () => {
    const dir = tempDir();
    const file = join(dir, "rules.yml");
    writeFileSync(file, `groups:\n${EXPRS.map((e, i) => `  - name: g${i}\n    rules:\n      - record: r\n        expr: ${JSON.stringify(e)}\n`).join("")}`);
    const r = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
    const promtool = new Map<string, string>();
    for (const m of (r.stdout + r.stderr).matchAll(/group "g(\d+)", rule 1, "r": could not parse expression: \d+:\d+: parse error: (.*)/g))
      promtool.set(EXPRS[Number(m[1])]!, m[2]!);
    expect(promtool.size).toBe(EXPRS.length);
    for (const expr of EXPRS) {
      const found = lintCase({ expr, kind: "record", prometheus: ["2.42"] }, ["promql/syntax"]).filter((d) => d.code === "promql/syntax");
      expect(
        found.map((d) => d.message),
        expr,
      ).toEqual([promtool.get(expr)]);
    }
  });
});
