/**
 * Which files `obsgen lint <folder>` lints: decided by parsing each candidate (a `groups` list, a
 * PrometheusRule, a dashboard), not by its first line; files passed over are counted on stderr, and
 * listed with why under `--verbose`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runInProcess, tempDir } from "../helpers/cli.js";

/** A rule file whose only rule has a PromQL syntax error: linted, it draws one `promql/syntax` error. */
const broken = (name: string) => ({ record: `job:${name}:sum`, expr: "sum(up" });
const yamlRules = (name: string) => `groups:\n  - name: ${name}\n    rules:\n      - record: job:${name}:sum\n        expr: sum(up\n`;

/** A folder holding one file of every kind lint meets. */
function folderOfEveryKind(): string {
  const dir = tempDir("obsgen-discovery-");
  const files: Record<string, string> = {
    "plain.yml": yamlRules("plain"),
    // A compiled jsonnet mixin: every key quoted.
    "mixin.yaml": `"groups":\n- "name": "mixin"\n  "rules":\n  - "record": "job:mixin:sum"\n    "expr": "sum(up"\n`,
    "json-rules.json": JSON.stringify({ groups: [{ name: "json", rules: [broken("json")] }] }),
    "legacy.rules": yamlRules("legacy"),
    "node.rules.yml": yamlRules("node"),
    "example.yml.example": yamlRules("example"),
    "rendered.yaml.tmpl": yamlRules("tmpl"),
    "commented.yml": `# Alerts for the API.\n# Owned by the API team.\n\n${yamlRules("commented")}`,
    "bom.yml": `\ufeff${yamlRules("bom")}`,
    "crlf.yml": yamlRules("crlf").replace(/\n/g, "\r\n"),
    "later-document.yml": `---\n# nothing here\n---\n${yamlRules("later")}`,
    "k8s.yaml": `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: k\nspec:\n${yamlRules("k8s").replace(/^/gm, "  ")}`,
    "dashboard.json": JSON.stringify({ title: "d", uid: "d", panels: [{ id: 1, type: "timeseries", title: "p", targets: [{ expr: "sum(rate(x[5m])" }] }] }),
    // Passed over, each with its reason.
    "helm.yaml": `groups:\n{{- range .Values.groups }}\n  - name: {{ .name }}\n{{- end }}\n`,
    "values.yaml": "replicas: 3\nimage: prom/prometheus\n",
    "configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {}\n",
    "package.json": JSON.stringify({ name: "x", version: "1.0.0" }),
    "notes.yml": "just: [unclosed\n",
    "empty.yml": "",
    "README.md": "groups: not a candidate by name\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const LINTED = [
  "bom.yml",
  "crlf.yml",
  "plain.yml",
  "mixin.yaml",
  "json-rules.json",
  "legacy.rules",
  "node.rules.yml",
  "example.yml.example",
  "rendered.yaml.tmpl",
  "commented.yml",
  "later-document.yml",
  "k8s.yaml",
  "dashboard.json",
];

describe("obsgen lint on a folder", () => {
  it("lints every rule file and dashboard it holds, whatever its first line, quoting, format or suffix", async () => {
    const dir = folderOfEveryKind();
    const r = await runInProcess(["lint", dir, "--format", "json"]);
    const d = JSON.parse(r.stdout).diagnostics as Array<{ ruleId: string; file: string }>;
    const withSyntaxErrors = [...new Set(d.filter((x) => x.ruleId === "promql/syntax").map((x) => x.file.slice(dir.length + 1)))].sort();
    expect(withSyntaxErrors).toEqual(LINTED.filter((f) => f !== "later-document.yml").sort());
    // promtool reads only a rule file's first document: linted, the file says its groups are ignored.
    expect(d.filter((x) => x.file.endsWith("later-document.yml")).map((x) => x.ruleId)).toEqual(["rulefile/ignored-document"]);
    expect(r.code).toBe(1);
  });

  it("says how many files it skipped, and --verbose lists each with why", async () => {
    const dir = folderOfEveryKind();
    const verbose = await runInProcess(["--verbose", "lint", dir, "--format", "json"]);
    const skipped = verbose.stderr
      .split("\n")
      .filter((l) => l.startsWith("obsgen lint: skipped "))
      .map((l) => l.slice("obsgen lint: skipped ".length + dir.length + 1));
    expect(skipped).toEqual([
      "configmap.yaml: YAML without `groups` (a ConfigMap, not a PrometheusRule)",
      "empty.yml: empty",
      expect.stringMatching(/^helm\.yaml: a template \(`\{\{ \}\}`, Helm's or another tool's\), not YAML yet \(line 2, column \d+: .+\)$/),
      expect.stringMatching(/^notes\.yml: not YAML \(line \d+, column \d+: .+\)$/),
      "package.json: JSON that is neither a Grafana dashboard (no `panels`) nor a rule file (no `groups`)",
      "values.yaml: YAML without `groups`",
    ]);
    const quiet = await runInProcess(["lint", dir, "--format", "json"]);
    expect(quiet.stderr).toBe("obsgen lint: 6 files skipped (neither rule files nor dashboards); --verbose lists them with why");
  });

  it("prints nothing about skipped files when there are none, or under --quiet", async () => {
    const dir = tempDir("obsgen-discovery-");
    writeFileSync(join(dir, "rules.yml"), yamlRules("r"));
    expect((await runInProcess(["lint", dir, "--format", "json"])).stderr).toBe("");
    writeFileSync(join(dir, "values.yaml"), "a: 1\n");
    expect((await runInProcess(["--quiet", "lint", dir])).stderr).toBe("");
  });

  it("lints a rule file with a YAML error and alert templates, instead of taking it for a Helm template", async () => {
    const dir = tempDir("obsgen-discovery-");
    writeFileSync(
      join(dir, "alerts.yml"),
      "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    annotations:\n      summary: {{ $labels.job }} is down\n",
    );
    const r = await runInProcess(["lint", dir, "--format", "json"]);
    expect(JSON.parse(r.stdout).diagnostics.map((x: { ruleId: string; line: number }) => [x.ruleId, x.line])).toEqual([["rulefile/yaml", 7]]);
    expect(r.stderr).toBe("");
  });

  it("lints a file named on the command line whatever it holds", async () => {
    const dir = tempDir("obsgen-discovery-");
    mkdirSync(join(dir, "x"));
    writeFileSync(join(dir, "x", "values.yaml"), "replicas: 3\n");
    writeFileSync(join(dir, "x", "rules.json"), JSON.stringify({ groups: [{ name: "j", rules: [broken("j")] }] }));
    writeFileSync(join(dir, "x", "package.json"), JSON.stringify({ name: "x" }));
    const r = await runInProcess(["lint", join(dir, "x", "values.yaml"), join(dir, "x", "rules.json"), join(dir, "x", "package.json"), "--format", "json"]);
    const d = JSON.parse(r.stdout).diagnostics as Array<{ ruleId: string; file: string; message: string }>;
    expect(d.map((x) => [x.file.slice(dir.length + 3), x.ruleId])).toEqual([
      ["package.json", "grafana/json"],
      ["rules.json", "promql/syntax"],
      ["values.yaml", "rulefile/unknown-field"],
    ]);
    expect(r.stderr).toBe("");
  });
});
