/**
 * `obsgen lint` end to end: catalog and rule-file input, the four output formats, exit codes,
 * --max-warnings, silence comments, PrometheusRule resources.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_RULES } from "../../src/lint/registry.js";
import { ruleDocPath } from "../../src/lint/rule-docs.js";
import { ROOT, runBinary, runInProcess, tempDir } from "../helpers/cli.js";

function rulesFile(text: string, name = "rules.yml"): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

const BAD = `groups:
  - name: example
    rules:
      - alert: Errors
        expr: up == 0 and on() sum(rate(http_requests_total[5m])) > 1
        annotations:
          summary: "errors on {{ $labels.instance }}"
          description: d
          runbook_url: https://r.example/errors
      - record: job:x:rate
        expr: sum(rate(x[5m])
`;

describe("obsgen lint", () => {
  it("lints the shipped catalog clean (exit 0)", async () => {
    const r = await runInProcess(["lint", "--catalog", "catalog/index.ts"]);
    expect(r.stdout).toMatch(/0 errors, 0 warnings/);
    expect(r.code).toBe(0);
  });

  it("reports file:line:col, the expression with a caret span, the rule id and the silence to copy", async () => {
    const { file } = rulesFile(BAD);
    const r = await runInProcess(["lint", file]);
    expect(r.code).toBe(1);
    // The syntax error is on line 11; the caret sits under the span promtool would name.
    expect(r.stdout).toMatch(/rules\.yml:11:\d+: error unclosed left parenthesis \[promql\/syntax, bug\]/);
    expect(r.stdout).toMatch(/rules\.yml:4:\d+: warning alert Errors has no `for`/);
    expect(r.stdout).toContain("# obsgen-disable alerts/for: <why this is deliberate>");
    expect(r.stdout).toMatch(/\n {4}sum\(rate\(x\[5m\]\)\n +\^\n/);
  });

  it("checks rule files against a catalog with --catalog", async () => {
    const { file } = rulesFile(BAD);
    const r = await runInProcess(["lint", file, "--catalog", "catalog/index.ts", "--format", "json"]);
    const ids = JSON.parse(r.stdout).diagnostics.map((d: any) => d.ruleId);
    expect(ids).toContain("promql/unknown-metric");
  });

  it("emits JSON with ruleId, severity, message, file, line, column, group and rule index", async () => {
    const { file } = rulesFile(BAD);
    const r = await runInProcess(["lint", file, "--format", "json"]);
    const out = JSON.parse(r.stdout);
    const syntax = out.diagnostics.find((d: any) => d.ruleId === "promql/syntax");
    expect(syntax).toMatchObject({ severity: "error", line: 11, group: "example", rule: 2 });
    expect(syntax.file).toMatch(/rules\.yml$/);
    expect(typeof syntax.column).toBe("number");
    expect(out.summary.errors).toBeGreaterThan(0);
    expect(r.code).toBe(1);
  });

  it("emits GitHub workflow annotations", async () => {
    const { file } = rulesFile(BAD);
    const r = await runInProcess(["lint", file, "--format", "github"]);
    expect(r.stdout).toMatch(/^::error file=.*rules\.yml,line=11,col=\d+,title=promql\/syntax \(bug\)::/m);
    expect(r.stdout).toMatch(/^::warning file=.*,line=4,col=\d+,title=alerts\/for \(risk\)::/m);
  });

  it("emits SARIF 2.1.0 with rules and locations", async () => {
    const { file } = rulesFile(BAD);
    const r = await runInProcess(["lint", file, "--format", "sarif"]);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: any) => x.id)).toContain("promql/syntax");
    const res = run.results.find((x: any) => x.ruleId === "promql/syntax");
    expect(res.level).toBe("error");
    expect(res.locations[0].physicalLocation.region.startLine).toBe(11);
  });

  it("exits 0 with warnings only, and 1 when --max-warnings is exceeded", async () => {
    const { file } = rulesFile("groups:\n  - name: g\n    rules:\n      - alert: Down\n        expr: up == 0\n");
    expect((await runInProcess(["lint", file])).code).toBe(0);
    const r = await runInProcess(["lint", file, "--max-warnings", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exceed --max-warnings 0/);
  });

  it("honours an obsgen-disable comment above a rule, and reports one naming an unknown rule", async () => {
    const ok = rulesFile(
      "groups:\n  - name: g\n    rules:\n      # obsgen-disable alerts/for: pages at once on purpose\n      - alert: Down\n        expr: up == 0\n        annotations: {summary: s, description: d, runbook_url: 'https://r.example/d'}\n",
    );
    expect((await runInProcess(["lint", ok.file, "--format", "json"])).stdout).not.toContain("alerts/for");
    const typo = rulesFile("groups:\n  - name: g\n    rules:\n      # obsgen-disable alerts/fro: typo\n      - alert: Down\n        expr: up == 0\n");
    const r = await runInProcess(["lint", typo.file, "--format", "json"]);
    expect(JSON.parse(r.stdout).diagnostics.map((d: any) => d.ruleId)).toEqual(expect.arrayContaining(["lint/unknown-silence", "alerts/for"]));
    expect(r.code).toBe(1);
  });

  it("reads PrometheusRule resources, several documents per file, and walks folders", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "k8s"));
    writeFileSync(
      join(dir, "k8s", "rules.yaml"),
      `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: a }
spec:
  groups:
    - name: a
      rules:
        - record: job:up:sum
          expr: sum by (job) (up)
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: { name: b }
spec:
  groups:
    - name: b
      rules:
        - record: job:up:bad
          expr: sum by (job) (up
`,
    );
    const r = await runInProcess(["lint", dir, "--format", "json"]);
    const d = JSON.parse(r.stdout).diagnostics;
    expect(d.map((x: any) => [x.ruleId, x.line, x.group])).toEqual([["promql/syntax", 19, "b"]]);
  });

  it("lists its rules", async () => {
    const r = await runInProcess(["lint", "--list-rules"]);
    expect(r.stdout).toMatch(/^promql\/rate-on-counter\s+error/m);
    expect(r.code).toBe(0);
  });

  it("exits 2 on a missing path or an unknown format", async () => {
    expect((await runInProcess(["lint", "/nonexistent/rules.yml"])).code).toBe(2);
    expect((await runInProcess(["lint", "--format", "xml"])).code).toBe(2);
  });

  describe("each finding's data", () => {
    // A finding whose span runs from line 7, column 13 to line 8, just past column 33: `sum by (job) (\n rate(...))`.
    const SPANNING = `groups:
  - name: g
    rules:
      - record: job:x:q
        expr: |
          histogram_quantile(0.9,
            sum by (job) (
              rate(x_bucket[5m])))
`;
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; files: string[] };

    it("keeps the message id, the placeholders' values and the end of the span in JSON", async () => {
      const { file } = rulesFile(SPANNING);
      const out = JSON.parse((await runInProcess(["lint", file, "--format", "json"])).stdout);
      expect(out.diagnostics[0]).toMatchObject({
        ruleId: "promql/histogram-quantile-le",
        messageId: "noLe",
        data: { where: " in sum()" },
        line: 7,
        column: 13,
        endLine: 8,
        endColumn: 34,
      });
    });

    it("gives a GitHub annotation the end line of its range, and the end column only on one line", async () => {
      const { file } = rulesFile(SPANNING);
      expect((await runInProcess(["lint", file, "--format", "github"])).stdout).toMatch(/^::error file=[^,]*,line=7,col=13,endLine=8,title=/);
      const one = rulesFile(SPANNING.replace(/\(job\) \(\n */, "(job) ("));
      expect((await runInProcess(["lint", one.file, "--format", "github"])).stdout).toMatch(/^::error file=[^,]*,line=7,col=13,endLine=7,endColumn=46,title=/);
    });

    it("gives SARIF the region's end, each rule's doc page, and the package's version", async () => {
      const { file } = rulesFile(SPANNING);
      const run = JSON.parse((await runInProcess(["lint", file, "--format", "sarif"])).stdout).runs[0];
      expect(run.results[0].locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 13, endLine: 8, endColumn: 34 });
      expect(run.tool.driver.version).toBe(pkg.version);
      expect(run.tool.driver.rules[0].helpUri).toBe(`https://unpkg.com/obsgen@${pkg.version}/src/lint/rules/promql/histogram-quantile-le.md`);
    });

    it("links every rule to a doc page that exists and that the npm package ships", () => {
      expect(pkg.files).toContain("src/lint/rules/*/*.md");
      for (const rule of ALL_RULES) {
        const path = ruleDocPath(rule.meta.id);
        expect(existsSync(join(ROOT, path)), path).toBe(true);
        expect(path, path).toMatch(/^src\/lint\/rules\/[^/]+\/[^/]+\.md$/);
      }
    });

    it("prints the package's version for --version", async () => {
      expect((await runInProcess(["--version"])).stdout.trim()).toBe(pkg.version);
    });
  });

  describe("--prometheus and --enable-feature", () => {
    const V3 = `groups:
  - name: g
    query_offset: 1m
    rules:
      - record: job:requests:rate5m
        expr: sum by ("job") (rate({"http_requests_total"}[5m]))
      - record: job:requests:top
        expr: limitk(3, up)
`;
    const messages = (out: string): string[] => JSON.parse(out).diagnostics.map((d: any) => `${d.line} ${d.message}`);

    it("judges rule files as Prometheus 3 by default, naming the flag an experimental construct needs", async () => {
      const { file } = rulesFile(V3);
      const r = await runInProcess(["lint", file, "--format", "json"]);
      expect(messages(r.stdout)).toEqual(["8 `limitk` needs --enable-feature=promql-experimental-functions"]);
      expect(r.code).toBe(1);
    });

    it("accepts experimental syntax with its --enable-feature flag", async () => {
      const { file } = rulesFile(V3);
      const r = await runInProcess(["lint", file, "--format", "json", "--enable-feature", "promql-experimental-functions"]);
      expect(messages(r.stdout)).toEqual([]);
      expect(r.code).toBe(0);
    });

    it("judges as Prometheus 2.42 with --prometheus 2.42, naming the release each construct needs", async () => {
      const { file } = rulesFile(V3);
      const r = await runInProcess(["lint", file, "--format", "json", "--prometheus", "2.42"]);
      expect(messages(r.stdout)).toEqual([
        "3 field query_offset not found in type rulefmt.RuleGroup",
        // The first error of the expression only, as promtool reports it.
        "6 quoted label names need Prometheus 3.0 or later; Prometheus 2.42 does not have them",
        "8 `limitk` needs Prometheus 2.54 or later with --enable-feature=promql-experimental-functions; Prometheus 2.42 does not have it",
      ]);
    });

    it("judges as both with --prometheus 2.42,3, naming the version of a finding only one makes", async () => {
      const { file } = rulesFile(V3);
      const r = await runInProcess(["lint", file, "--format", "json", "--prometheus", "2.42,3", "--enable-feature", "promql-experimental-functions"]);
      expect(messages(r.stdout)[0]).toBe("3 Prometheus 2.42: field query_offset not found in type rulefmt.RuleGroup");
    });

    it("exits 2 on an unknown version or feature, or a feature the version does not have", async () => {
      const { file } = rulesFile(V3);
      const unknown = await runInProcess(["lint", file, "--prometheus", "4"]);
      expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('unknown Prometheus version "4"')]);
      const feature = await runInProcess(["lint", file, "--enable-feature", "promql-experimental"]);
      expect([feature.code, feature.stderr]).toEqual([2, expect.stringContaining('unknown PromQL feature "promql-experimental"')]);
      const old = await runInProcess(["lint", file, "--prometheus", "2.42", "--enable-feature", "promql-experimental-functions"]);
      expect([old.code, old.stderr]).toEqual([2, expect.stringContaining('Prometheus 2.42 has no feature "promql-experimental-functions"')]);
    });
  });

  it("is a pre-commit hook: the real binary lints the catalog and exits 0", () => {
    const r = runBinary(["lint"]);
    expect(r.code).toBe(0);
  });
});

describe("the binary's output streams", () => {
  it("stops quietly when the reader closes the pipe early (`obsgen lint --list-rules | head -1`)", async () => {
    const { spawn } = await import("node:child_process");
    const { BIN } = await import("../helpers/cli.js");
    const child = spawn(process.execPath, [BIN, "lint", "--list-rules"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on("exit", r));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
