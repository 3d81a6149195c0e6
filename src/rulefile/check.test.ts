import { describe, expect, it } from "vitest";
import type { ExprChecker } from "./check.js";
import { findings, lines, load } from "./test-helpers.js";

/** A group with one rule made of `body` lines (indented under `- `). */
const rule = (...body: string[]): string => lines("groups:", "- name: g", "  rules:", ...body.map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`)));

describe("group names", () => {
  it.each([
    ["a named group", lines("groups:", "- name: a", "- name: b"), []],
    ["a group without a name", lines("groups:", "- rules: []"), ["rulefile/group-name@2:3"]],
    ["a group named with null", lines("groups:", "- name: ~"), ["rulefile/group-name@2:3"]],
    ["a repeated name", lines("groups:", "- name: a", "- name: a"), ["rulefile/group-name@3:3"]],
    [
      "two nameless groups (empty and repeated)",
      lines("groups:", "- name: ''", "- name: ''"),
      ["rulefile/group-name@2:3", "rulefile/group-name@3:3", "rulefile/group-name@3:3"],
    ],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });

  it("reports promtool's messages", () => {
    const messages = load(lines("groups:", "- name: ''", "- name: ''")).diagnostics.map((d) => d.message);
    expect(messages).toEqual(["Groupname must not be empty", "Groupname must not be empty", 'groupname: "" is repeated in the same file']);
  });

  it("warns about a negative limit, which promtool accepts", () => {
    expect(findings(lines("groups:", "- name: a", "  limit: -1"))).toEqual(["rulefile/group-limit@3:10"]);
  });
});

describe("record and alert", () => {
  it.each([
    ["a recording rule", rule("record: a", "expr: up"), []],
    ["an alerting rule", rule("alert: A", "expr: up"), []],
    ["both", rule("record: a", "alert: A", "expr: up"), ["rulefile/record-xor-alert@4:13"]],
    ["neither", rule("expr: up"), ["rulefile/record-xor-alert@4:5"]],
    ["empty names", rule("record: ''", "alert:", "expr: up"), ["rulefile/record-xor-alert@4:5"]],
    // Prometheus 2.42 reads `record`/`alert` as raw YAML nodes: `null` is the text "null".
    ["null written out", rule("record: null", "expr: up"), []],
    ["a list as the name", rule("alert: [A]", "expr: up"), ["rulefile/record-xor-alert@4:5"]],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });

  it("attributes findings to the group and promtool's 1-based rule index", () => {
    const [d] = load(lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "  - expr: up")).diagnostics;
    expect(d).toMatchObject({ code: "rulefile/record-xor-alert", group: "g", rule: 2, severity: "error" });
  });
});

describe("expr", () => {
  it.each([
    ["missing", rule("record: a"), ["rulefile/missing-expr@4:5"]],
    ["empty", rule("record: a", 'expr: ""'), ["rulefile/missing-expr@5:11"]],
    ["empty value", rule("record: a", "expr:"), ["rulefile/missing-expr@5:5"]],
    ["a mapping", rule("record: a", "expr: {a: 1}"), ["rulefile/missing-expr@5:11"]],
    ["a number", rule("record: a", "expr: 1"), []],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });

  const failAt =
    (from: number, to = from + 1): ExprChecker =>
    () => [{ message: "parse error", from, to }];

  it.each([
    ["a plain scalar", rule("record: a", "expr: sum(up"), 3, "rulefile/expr@5:14"],
    ["a double-quoted scalar", rule("record: a", 'expr: "a\\tb + "'), 4, "rulefile/expr@5:17"],
    ["a single-quoted scalar with ''", rule("record: a", "expr: 'x{a=''b''} +'"), 9, "rulefile/expr@5:23"],
    ["a literal block", rule("record: a", "expr: |", "  sum(", "    rate(x[5m]", "  )"), 9, "rulefile/expr@7:11"],
    ["a folded block", rule("record: a", "expr: >-", "  sum(", "  rate(x[5m]", "  )"), 9, "rulefile/expr@7:11"],
    ["a multi-line plain scalar", rule("record: a", "expr: sum(", "  rate(x[5m]))"), 5, "rulefile/expr@6:7"],
  ])("maps a PromQL error in %s to the file", (_name, yaml, from, expected) => {
    expect(findings(yaml, { checkExpr: failAt(from) })).toEqual([expected]);
  });

  it("keeps the expression and the span for caret rendering", () => {
    const [d] = load(rule("record: a", "expr: sum(up"), { checkExpr: failAt(3, 4) }).diagnostics;
    expect(d).toMatchObject({ message: "could not parse expression: parse error", source: "sum(up", span: { from: 3, to: 4 } });
  });

  it("does not call the checker for a missing expression", () => {
    let calls = 0;
    load(rule("record: a"), { checkExpr: () => (calls++, []) });
    expect(calls).toBe(0);
  });
});

describe("recording rules", () => {
  it.each([
    ["for: 0s", rule("record: a", "expr: up", "for: 0s"), []],
    ["empty annotations", rule("record: a", "expr: up", "annotations: {}"), []],
    ["for", rule("record: a", "expr: up", "for: 5m"), ["rulefile/recording-field@6:10"]],
    ["keep_firing_for", rule("record: a", "expr: up", "keep_firing_for: 1m"), ["rulefile/recording-field@6:22"]],
    ["annotations", rule("record: a", "expr: up", "annotations:", "  summary: x"), ["rulefile/recording-field@7:7"]],
    ["a valid name", rule("record: job:up:sum_rate5m", "expr: up"), []],
    ["a name with a dash", rule("record: a-b", "expr: up"), ["rulefile/record-name@4:13"]],
    ["a name starting with a digit", rule("record: 1a", "expr: up"), ["rulefile/record-name@4:13"]],
    ["a name with braces", rule("record: 'a{b=\"c\"}'", "expr: up"), ["rulefile/record-name@4:13"]],
    ["a UTF-8 name (only later versions accept it)", rule("record: ä", "expr: up"), ["rulefile/record-name@4:13"]],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });

  it("does not check templates in recording rule labels", () => {
    expect(findings(rule("record: a", "expr: up", "labels: {a: '{{ $x }}'}"))).toEqual([]);
  });
});

describe("labels and annotations", () => {
  it.each([
    ["valid label names", rule("alert: A", "expr: up", "labels: {a: x, _b: x, __c: x, D9: x}"), []],
    ["__name__", rule("alert: A", "expr: up", "labels: {__name__: x}"), ["rulefile/label-name@6:14"]],
    ["a dash", rule("alert: A", "expr: up", "labels: {a-b: x}"), ["rulefile/label-name@6:14"]],
    ["a leading digit", rule("alert: A", "expr: up", "labels: {1a: x}"), ["rulefile/label-name@6:14"]],
    ["an empty name", rule("alert: A", "expr: up", "labels: {'': x}"), ["rulefile/label-name@6:14"]],
    ["__name__ as an annotation", rule("alert: A", "expr: up", "annotations: {__name__: x}"), []],
    ["an annotation with a dash", rule("alert: A", "expr: up", "annotations: {a-b: x}"), ["rulefile/annotation-name@6:19"]],
    ["an annotation with a space", rule("alert: A", "expr: up", "annotations: {'a b': x}"), ["rulefile/annotation-name@6:19"]],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });
});

describe("alert templates", () => {
  it.each([
    ["valid templates", rule("alert: A", "expr: up", "annotations:", "  s: '{{ $labels.job }} is {{ $value | humanize }}'"), []],
    ["an undefined variable", rule("alert: A", "expr: up", "annotations:", "  s: 'x {{ $label.job }}'"), ["rulefile/template@7:16"]],
    ["a label value", rule("alert: A", "expr: up", "labels:", "  s: '{{ nofunc }}'"), ["rulefile/template@7:14"]],
    ["a block scalar", rule("alert: A", "expr: up", "annotations:", "  s: |", "    ok", "    {{ if .x }}"), ["rulefile/template@9:20"]],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });

  it("reports promtool's message", () => {
    const [d] = load(rule("alert: A", "expr: up", "annotations:", "  s: '{{ $label.job }}'")).diagnostics;
    expect(d?.message).toBe('annotation "s": template: __alert_A:1: undefined variable "$label"');
  });

  it("checks a repeated text again for each alert when its verdict depends on the alert's name", () => {
    // Each distinct text is parsed once per file, except one that defines a template: defining
    // `__alert_B` is fine in alert A and a second definition of alert B's own template in B.
    const text = "      s: '{{define \"__alert_B\"}}x{{end}}'";
    const yaml = lines(
      "groups:",
      "- name: g",
      "  rules:",
      ...["A", "B", "A"].flatMap((name) => [`  - alert: ${name}`, "    expr: up", "    annotations:", text]),
    );
    const ds = load(yaml).diagnostics;
    expect(ds.map((d) => [d.code, d.rule])).toEqual([
      ["rulefile/template", 2],
      ["rulefile/duplicate-rule", 3],
    ]);
    expect(ds[0]?.message).toContain('multiple definition of template "__alert_B"');
  });

  it("checks a repeated valid text once per file and still reports an invalid one everywhere", () => {
    const yaml = lines(
      "groups:",
      "- name: g",
      "  rules:",
      ...["A", "B", "C"].flatMap((name, i) => [
        `  - alert: ${name}`,
        "    expr: up",
        "    annotations:",
        `      ok: '{{ $value }}'`,
        `      bad: '{{ $label.x }}${i}'`,
      ]),
    );
    expect(load(yaml).diagnostics.map((d) => [d.code, d.rule])).toEqual([
      ["rulefile/template", 1],
      ["rulefile/template", 2],
      ["rulefile/template", 3],
    ]);
  });
});

describe("duplicate rules (promtool's lint)", () => {
  const two = (a: string, b: string): string =>
    lines("groups:", "- name: g", "  rules:", `  - ${a}`, "    expr: up", "- name: h", "  rules:", `  - ${b}`, "    expr: down");
  const labelled = (labels: string): string => `record: a\n    labels: ${labels}`;

  it.each([
    ["the same record in two groups", two("record: a", "record: a"), ["rulefile/duplicate-rule@8:5"]],
    ["an alert and a record of the same name", two("alert: a", "record: a"), ["rulefile/duplicate-rule@8:5"]],
    ["the same labels in another order", two(labelled("{x: '1', y: '2'}"), labelled("{y: '2', x: '1'}")), ["rulefile/duplicate-rule@9:5"]],
    ["different labels", two(labelled("{x: '1'}"), labelled("{x: '2'}")), []],
    ["different names", two("record: a", "record: b"), []],
  ])("%s", (_name, yaml, expected) => {
    expect(findings(yaml)).toEqual(expected);
  });

  it("is a warning, reported once per set", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", ...["a", "a", "a"].flatMap((n) => [`  - record: ${n}`, "    expr: up"])));
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.rule])).toEqual([["rulefile/duplicate-rule", "warning", 2]]);
  });
});
