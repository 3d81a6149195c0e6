import { describe, expect, it } from "vitest";
import { loadRuleFile } from "./load-rule-file.js";
import { findings, lines, load, where } from "./test-helpers.js";

describe("YAML errors", () => {
  it.each([
    ["a bad indent", lines("groups:", "- name: g", "  rules:", "  - record: a", "   expr: up"), "rulefile/yaml@5:1"],
    ["an unclosed flow sequence", lines("groups: [a"), "rulefile/yaml@2:1"],
    ["an unknown anchor", lines("groups: *nope"), "rulefile/yaml@1:9"],
    ["a surrogate escape", lines('groups: "\\ud800"'), "rulefile/yaml@1:10"],
    ["a duplicate key", lines("groups:", "- name: g", "  rules:", "  - alert: a", "    alert: b", "    expr: up"), "rulefile/yaml@5:5"],
  ])("reports %s", (_name, yaml, expected) => {
    expect(findings(yaml)[0]).toBe(expected);
  });

  it("says where a duplicate key was first defined, as promtool does", () => {
    const [d] = load(lines("groups:", "- name: g", "  rules:", "  - alert: a", "    alert: b", "    expr: up")).diagnostics;
    expect(d?.message).toBe('mapping key "alert" already defined at line 4');
  });

  it("reports invalid UTF-8 bytes instead of replacing them", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("groups:\n- name: "), 0xff, 0x0a]);
    const { diagnostics } = loadRuleFile("rules.yml", bytes, { prometheus: ["2.42"] });
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([["rulefile/yaml", 2, "invalid UTF-8 at byte 16"]]);
  });
});

describe("strict decoding (promtool's unknown fields)", () => {
  it.each([
    ["at the top", lines("groups: []", "foo: 1"), "field foo not found in type rulefmt.RuleGroups", "2:1"],
    ["in a group", lines("groups:", "- name: g", "  query_offset: 1m"), "field query_offset not found in type rulefmt.RuleGroup", "3:3"],
    ["in a group (labels are a 3.x field)", lines("groups:", "- name: g", "  labels: {a: b}"), "field labels not found in type rulefmt.RuleGroup", "3:3"],
    [
      "in a rule",
      lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "    annotation: {}"),
      "field annotation not found in type rulefmt.RuleNode",
      "6:5",
    ],
  ])("reports an unknown field %s", (_name, yaml, message, at) => {
    const [d] = load(yaml).diagnostics;
    expect(d).toMatchObject({ code: "rulefile/unknown-field", message });
    expect(`${d?.line}:${d?.column}`).toBe(at);
  });

  it("accepts every field promtool 2.42 knows", () => {
    const yaml = lines(
      "groups:",
      "- name: g",
      "  interval: 1m",
      "  limit: 10",
      "  rules:",
      "  - alert: A",
      "    expr: up",
      "    for: 5m",
      "    keep_firing_for: 1m",
      "    labels: {a: b}",
      "    annotations: {c: d}",
    );
    expect(findings(yaml)).toEqual([]);
  });
});

describe("types", () => {
  it.each([
    ["rules as a string", lines("groups:", "- name: g", "  rules: foo"), "cannot unmarshal !!str `foo` into []rulefmt.RuleNode"],
    [
      "labels as a list",
      lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "    labels: [a]"),
      "cannot unmarshal !!seq into map[string]string",
    ],
    [
      "a label value as a list",
      lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "    labels: {a: [x]}"),
      "cannot unmarshal !!seq into string",
    ],
    ["a quoted limit", lines("groups:", "- name: g", '  limit: "5"'), "cannot unmarshal !!str `5` into int"],
    ["a boolean limit", lines("groups:", "- name: g", "  limit: true"), "cannot unmarshal !!bool `true` into int"],
    ["a huge limit", lines("groups:", "- name: g", "  limit: 99999999999999999999"), "cannot unmarshal !!float `9999999...` into int"],
    ["a scalar file", lines("foo"), "cannot unmarshal !!str `foo` into rulefmt.RuleGroups"],
    ["a list file", lines("- a"), "cannot unmarshal !!seq into rulefmt.RuleGroups"],
  ])("reports %s as promtool does", (_name, yaml, message) => {
    expect(load(yaml).diagnostics.map((d) => [d.code, d.message])).toEqual([["rulefile/type", message]]);
  });

  it.each([
    [
      "numbers, booleans and nulls as label values",
      lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "    labels: {a: 1, b: true, c: ~, d: 1.50}"),
    ],
    ["yaml.v3 integers as a limit", lines("groups:", "- name: g", "  limit: 0x10", "- name: h", "  limit: 1_000", "- name: i", "  limit: 1.5")],
    ["an empty file", ""],
    ["a comment", lines("# nothing")],
    ["null groups", lines("groups:")],
  ])("accepts %s", (_name, yaml) => {
    expect(findings(yaml)).toEqual([]);
  });

  it("skips null keys without an error, as yaml.v3 does", () => {
    const r = load(lines("groups:", "- name: g", "  ~: 1", "  rules:", "  - alert: A", "    expr: up", "    null: 2", "    labels: {~: x, severity: page}"));
    expect(r.diagnostics).toEqual([]);
    expect(r.value.groups[0]?.rules[0]?.labels.map((l) => l.name.value)).toEqual(["severity"]);
  });

  it("reports a collection as a key as yaml.v3 does", () => {
    expect(load(lines("groups:", "- name: g", "  ? [a]", "  : 1")).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["rulefile/type", "cannot unmarshal !!seq into string"],
    ]);
  });

  it("stores scalars as written, as yaml.v3 does for string fields", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "    labels: {a: 1.50, b: true, c: ~}"));
    expect(r.value.groups[0]?.rules[0]?.labels.map((l) => [l.name.value, l.value.value])).toEqual([
      ["a", "1.50"],
      ["b", "true"],
      ["c", ""],
    ]);
  });
});

describe("durations", () => {
  it.each([
    ["interval", lines("groups:", "- name: g", "  interval: 60"), 'not a valid duration string: "60"', "3:13"],
    ["for", lines("groups:", "- name: g", "  rules:", "  - alert: a", "    expr: up", "    for: 5x"), 'not a valid duration string: "5x"', "6:10"],
    ["an empty string", lines("groups:", "- name: g", "  rules:", "  - alert: a", "    expr: up", '    for: ""'), "empty duration string", "6:10"],
    ["an overflow", lines("groups:", "- name: g", "  interval: 300000y"), "duration out of range", "3:13"],
  ])("reports a bad %s", (_name, yaml, message, at) => {
    const [d] = load(yaml).diagnostics;
    expect(d).toMatchObject({ code: "rulefile/duration", message });
    expect(`${d?.line}:${d?.column}`).toBe(at);
  });

  it("reads durations into the model", () => {
    const r = load(lines("groups:", "- name: g", "  interval: 1h30m", "  rules:", "  - alert: a", "    expr: up", "    for: 0", "    keep_firing_for: 90s"));
    const group = r.value.groups[0]!;
    expect(group.interval).toMatchObject({ text: "1h30m", milliseconds: 5_400_000, position: { line: 3, column: 13 } });
    expect(group.rules[0]?.for?.milliseconds).toBe(0);
    expect(group.rules[0]?.keepFiringFor?.milliseconds).toBe(90_000);
  });
});

describe("the model", () => {
  it("keeps every field with its position", () => {
    const r = load(
      lines(
        "groups:",
        "- name: g",
        "  limit: 5",
        "  rules:",
        "  - alert: HighLoad",
        "    expr: load1 > 4",
        "    labels:",
        "      severity: page",
        "    annotations:",
        "      summary: '{{ $value }}'",
      ),
    );
    const [group] = r.value.groups;
    expect(group).toMatchObject({ name: "g", limit: { value: 5 }, position: { line: 2, column: 3 }, document: 0 });
    const [rule] = group!.rules;
    expect(rule).toMatchObject({
      index: 1,
      kind: "alerting",
      name: "HighLoad",
      alert: { value: "HighLoad", position: { line: 5, column: 12 }, style: "plain" },
      expr: { value: "load1 > 4", position: { line: 6, column: 11 } },
      labels: [{ name: { value: "severity", position: { line: 8, column: 7 } }, value: { value: "page" } }],
      annotations: [{ value: { value: "{{ $value }}", style: "single-quoted", position: { line: 10, column: 16 } } }],
    });
  });

  it("drops null rules without counting them, as promtool does", () => {
    const r = load(lines("groups:", "-", "- name: g", "  rules:", "  -", "  - record: a", "    expr: up", "  - expr: up"));
    expect(r.value.groups).toHaveLength(1);
    expect(r.value.groups[0]?.rules.map((x) => x.index)).toEqual([1, 2]);
    expect(r.diagnostics.map((d) => [d.code, d.rule])).toEqual([["rulefile/record-xor-alert", 2]]);
  });

  it("applies merge keys, keys written in the mapping winning", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - &base {alert: A, expr: up, for: 5m}", "  - <<: *base", "    alert: B"));
    expect(r.value.groups[0]?.rules.map((x) => [x.name, x.expr?.value, x.for?.text])).toEqual([
      ["A", "up", "5m"],
      ["B", "up", "5m"],
    ]);
  });

  it("reads an alias in alert or expr as its anchor name, as Prometheus 2.42 does, and warns", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - alert: &name A", "    expr: &e up > 1", "  - alert: *name", "    expr: *e"));
    expect(r.value.groups[0]?.rules[1]).toMatchObject({ name: "name", expr: { value: "e" } });
    expect(r.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`)).toEqual(["rulefile/alias-value@6:12", "rulefile/alias-value@7:11"]);
  });
});

describe("documents", () => {
  it("reads only the first document of a plain file and warns about the rest", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "---", "groups:", "- name: h", "  foo: [bad"));
    expect(r.value.groups.map((g) => g.name)).toEqual(["g"]);
    expect(where(r.diagnostics)).toEqual(["rulefile/ignored-document@7:1"]);
  });

  it("checks every PrometheusRule object on its spec, skipping other objects", () => {
    const crd = (name: string, group: string): string[] => [
      "apiVersion: monitoring.coreos.com/v1",
      "kind: PrometheusRule",
      "metadata:",
      `  name: ${name}`,
      "spec:",
      "  groups:",
      `  - name: ${group}`,
      "    rules:",
      "    - record: a",
      "      expr: up",
    ];
    const r = load(lines(...crd("one", "g"), "---", "apiVersion: v1", "kind: ConfigMap", "data: {}", "---", ...crd("two", "g")));
    expect(r.value.format).toBe("prometheus-rule");
    expect(r.value.groups.map((g) => [g.name, g.document, g.position.line])).toEqual([
      ["g", 0, 7],
      ["g", 2, 22],
    ]);
    // Each object is a rule file of its own: same group names and rules across objects are fine.
    expect(r.diagnostics).toEqual([]);
  });

  it("judges a PrometheusRule spec strictly, like a plain file", () => {
    const r = load(
      lines("apiVersion: monitoring.coreos.com/v1", "kind: PrometheusRule", "spec:", "  groups:", "  - name: g", "    partial_response_strategy: warn"),
    );
    expect(where(r.diagnostics)).toEqual(["rulefile/unknown-field@6:5"]);
  });
});
