/**
 * What a rule file may hold by Prometheus version (model/rulefmt/rulefmt.go at v2.42.0 and v3.14.0):
 * group fields, name validation, how `record`/`alert`/`expr` decode, template functions, and the
 * findings of several versions checked together.
 */
import { describe, expect, it } from "vitest";
import type { PrometheusVersion } from "../compat/prometheus.js";
import { loadRuleFile } from "./load-rule-file.js";
import { lines, where } from "./test-helpers.js";

function load(versions: readonly PrometheusVersion[], ...ls: string[]) {
  return loadRuleFile("rules.yml", lines(...ls), { prometheus: versions });
}

/** `code@line:column message` of every finding. */
function found(versions: readonly PrometheusVersion[], ...ls: string[]): string[] {
  return load(versions, ...ls).diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`);
}

const rule = (...fields: string[]): string[] => ["groups:", "- name: g", "  rules:", `  - ${fields[0]}`, ...fields.slice(1).map((f) => `    ${f}`)];

describe("group fields by version", () => {
  const group = ["groups:", "- name: g", "  query_offset: 1m", "  labels: {team: db}", "  rules:", "  - record: a", "    expr: up"];

  it("reads query_offset and group labels under 3", () => {
    const r = load(["3"], ...group);
    expect(r.diagnostics).toEqual([]);
    expect(r.value.groups[0]).toMatchObject({
      queryOffset: { text: "1m", milliseconds: 60_000 },
      labels: [{ name: { value: "team" }, value: { value: "db" } }],
    });
  });

  it("refuses them under 2.42, saying which release has them", () => {
    const r = load(["2.42"], ...group);
    expect(where(r.diagnostics)).toEqual(["rulefile/unknown-field@3:3", "rulefile/unknown-field@4:3"]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "field query_offset not found in type rulefmt.RuleGroup",
      "field labels not found in type rulefmt.RuleGroup",
    ]);
    expect(r.diagnostics.map((d) => d.hint?.split(". ")[0])).toEqual([
      "`query_offset` needs Prometheus 2.53 or later; Prometheus 2.42 does not know it",
      "`labels` needs Prometheus 3.0 or later; Prometheus 2.42 does not know it",
    ]);
  });

  it("validates group labels under 3 as rule labels", () => {
    expect(found(["3"], "groups:", "- name: g", "  labels: {__name__: x, '': y}", "  rules: []")).toEqual([
      "rulefile/label-name@3:12 invalid label name: __name__",
      "rulefile/label-name@3:25 invalid label name: ",
    ]);
  });

  it("reads a bad query_offset as a bad duration", () => {
    expect(where(load(["3"], "groups:", "- name: g", "  query_offset: 5x", "  rules: []").diagnostics)).toEqual(["rulefile/duration@3:17"]);
  });
});

describe("names by version", () => {
  it.each<[string, string[], string[], string[]]>([
    ["a UTF-8 recording rule name", rule("record: my.metric:rate5m", "expr: up"), ["rulefile/record-name@4:13"], []],
    ["a label name with a dot", rule("alert: A", "expr: up", "labels: {a.b: c}"), ["rulefile/label-name@6:14"], []],
    ["an annotation name with a space", rule("alert: A", "expr: up", "annotations: {'x y': z}"), ["rulefile/annotation-name@6:19"], []],
    ["an empty label name", rule("alert: A", "expr: up", "labels: {'': c}"), ["rulefile/label-name@6:14"], ["rulefile/label-name@6:14"]],
    ["__name__ as a label", rule("alert: A", "expr: up", "labels: {__name__: c}"), ["rulefile/label-name@6:14"], ["rulefile/label-name@6:14"]],
    // 3.2 and later: a selector pasted into the name.
    ["braces in a recording rule name", rule('record: up{job="a"}', "expr: up"), ["rulefile/record-name@4:13"], ["rulefile/record-name@4:13"]],
  ])("%s: 2.42 and 3 verdicts", (_name, yaml, under242, under3) => {
    expect(where(loadRuleFile("rules.yml", lines(...yaml), { prometheus: ["2.42"] }).diagnostics)).toEqual(under242);
    expect(where(loadRuleFile("rules.yml", lines(...yaml), { prometheus: ["3"] }).diagnostics)).toEqual(under3);
  });

  it("says braces do not belong in a recording rule name under 3", () => {
    expect(found(["3"], ...rule('record: up{job="a"}', "expr: up"))).toEqual([
      'rulefile/record-name@4:13 braces present in the recording rule name; should it be in expr?: up{job="a"}',
    ]);
  });
});

describe("how a rule decodes by version", () => {
  it("resolves an alias in alert or expr under 3, without 2.42's warning", () => {
    const r = load(["3"], "groups:", "- name: g", "  rules:", "  - alert: &name A", "    expr: &e up > 1", "  - alert: *name", "    expr: *e");
    expect(r.value.groups[0]?.rules[1]).toMatchObject({ name: "A", expr: { value: "up > 1" } });
    // The second rule is now the first one again.
    expect(where(r.diagnostics)).toEqual(["rulefile/duplicate-rule@6:5"]);
  });

  it("reads a list as a name as a type error under 3, and null as no name", () => {
    expect(found(["3"], ...rule("alert: [A]", "expr: up"))).toEqual([
      "rulefile/record-xor-alert@4:5 one of 'record' or 'alert' must be set",
      "rulefile/type@4:12 cannot unmarshal !!seq into string",
    ]);
    expect(where(load(["3"], ...rule("record: null", "expr: up")).diagnostics)).toEqual(["rulefile/record-xor-alert@4:5"]);
    expect(where(load(["2.42"], ...rule("record: null", "expr: up")).diagnostics)).toEqual([]);
  });

  it("names 3.x's rule type in unknown-field errors", () => {
    expect(found(["3"], ...rule("record: a", "expr: up", "annotation: {}"))).toEqual([
      "rulefile/unknown-field@6:5 field annotation not found in type rulefmt.Rule",
    ]);
  });
});

describe("alert templates by version", () => {
  it("knows the template functions 3.x added (toDuration, now, urlQueryEscape)", () => {
    const yaml = rule("alert: A", "expr: up", "annotations: {summary: '{{ toDuration 1 }} {{ now }} {{ urlQueryEscape \"a b\" }}'}");
    expect(found(["3"], ...yaml)).toEqual([]);
    expect(found(["2.42"], ...yaml)).toEqual(['rulefile/template@6:32 annotation "summary": template: __alert_A:1: function "toDuration" not defined']);
  });
});

describe("several versions at once", () => {
  it("reports what each version refuses, naming the version when only some do", () => {
    expect(found(["2.42", "3"], "groups:", "- name: g", "  query_offset: 1m", "  rules:", "  - record: my.metric", "    expr: up")).toEqual([
      "rulefile/unknown-field@3:3 Prometheus 2.42: field query_offset not found in type rulefmt.RuleGroup",
      "rulefile/record-name@5:13 Prometheus 2.42: invalid recording rule name: my.metric",
    ]);
  });

  it("reports a finding every version makes once, without a version", () => {
    expect(found(["2.42", "3"], "groups:", "- name: ''", "  rules: []")).toEqual(["rulefile/group-name@2:3 Groupname must not be empty"]);
  });

  it("keeps the newest version's model", () => {
    const r = load(["2.42", "3"], "groups:", "- name: g", "  query_offset: 1m", "  rules: []");
    expect(r.value.groups[0]?.queryOffset?.milliseconds).toBe(60_000);
  });
});
