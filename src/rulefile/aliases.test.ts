/**
 * Anchors, aliases and merge keys: resolved in linear work, and decoded as yaml.v3 (promtool 2.42)
 * decodes them, including its refusals (a merge of something other than mappings, an alias inside its
 * own expansion, excessive aliasing). Verdicts against the real promtool are in testdata/parity
 * (merges.yml, merge-not-a-map.yml, merge-cycle.yml, alias-expansion.yml).
 */
import { Alias } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeRuleFile, type DecodeWork } from "./decode.js";
import { parseYaml, type WorkCounter } from "./parse.js";
import { findings, lines, load } from "./test-helpers.js";

/** `n` alerting rules sharing their labels through one anchor, as big generated files do. */
function sharedLabels(n: number): string {
  const out = ["groups:", "- name: g", "  rules:", "  - alert: A0", "    expr: up == 0", "    labels: &common", "      severity: page", "      team: db"];
  for (let i = 1; i < n; i++) out.push(`  - alert: A${i}`, "    expr: up == 0", "    labels: *common");
  return lines(...out);
}

/** The work of parsing and decoding a text: nodes visited resolving anchors, nodes decoded. */
function work(text: string): { parse: WorkCounter; decode: DecodeWork } {
  const parse: WorkCounter = { nodes: 0 };
  const decode: DecodeWork = { decoded: 0, viaAlias: 0 };
  decodeRuleFile("rules.yml", parseYaml(text, { work: parse }), decode);
  return { parse, decode };
}

describe("alias resolution", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("resolves every alias without walking the document again", () => {
    // The `yaml` package's Alias.resolve walks the whole document per alias: 10,000 aliases made
    // lint quadratic (65 s for a 90 KB file).
    const resolve = vi.spyOn(Alias.prototype, "resolve");
    const r = load(sharedLabels(500));
    expect(r.value.groups[0]?.rules).toHaveLength(500);
    expect(r.value.groups[0]?.rules[499]?.labels.map((l) => l.value.value)).toEqual(["page", "db"]);
    expect(resolve).not.toHaveBeenCalled();
  });

  it("does work linear in the number of aliases", () => {
    const small = work(sharedLabels(1000));
    const large = work(sharedLabels(4000));
    expect(small.parse.nodes).toBeGreaterThan(1000);
    expect(large.parse.nodes / small.parse.nodes).toBeLessThan(4.2);
    expect(small.decode.viaAlias).toBeGreaterThan(1000);
    expect(large.decode.decoded / small.decode.decoded).toBeLessThan(4.2);
  });

  it("names the last anchor of that name before the alias", () => {
    const r = load(
      lines(
        "groups:",
        "- name: g",
        "  rules:",
        "  - record: a",
        "    expr: up",
        "    labels: &l {x: '1'}",
        "  - record: b",
        "    expr: up",
        "    labels: &l {x: '2'}",
        "  - record: c",
        "    expr: up",
        "    labels: *l",
      ),
    );
    expect(r.value.groups[0]?.rules[2]?.labels.map((l) => l.value.value)).toEqual(["2"]);
  });
});

describe("merge keys, as yaml.v3 decodes them", () => {
  it("follows merges inside merged mappings", () => {
    const r = load(
      lines(
        "groups:",
        "- name: g",
        "  rules:",
        "  - alert: A",
        "    expr: up",
        "    labels: &base {severity: page}",
        "  - alert: B",
        "    expr: up",
        "    labels:",
        "      <<: {<<: *base, team: db}",
        "      tier: '1'",
      ),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value.groups[0]?.rules[1]?.labels.map((l) => `${l.name.value}=${l.value.value}`)).toEqual(["tier=1", "team=db", "severity=page"]);
  });

  it("lets the first mapping of a merge sequence win", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - alert: A", "    expr: up", "    labels:", "      <<: [{a: first}, {a: second, b: x}]"));
    expect(r.value.groups[0]?.rules[0]?.labels.map((l) => `${l.name.value}=${l.value.value}`)).toEqual(["a=first", "b=x"]);
  });

  it.each([
    ["a scalar", "      <<: severity"],
    ["an empty value", "      <<:"],
    ["a sequence of sequences", "      <<: [[{a: b}]]"],
    ["a sequence holding a scalar", "      <<: [{a: b}, c]"],
    ["an alias to a sequence", "      <<: *list"],
  ])("refuses to merge %s, as yaml.v3 does", (_name, merge) => {
    const r = load(lines("list: &list [{a: b}]", "groups:", "- name: g", "  rules:", "  - alert: A", "    expr: up", "    labels:", merge));
    // A fatal decoding error: promtool prints it alone (not the unknown field `list`).
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([["rulefile/yaml", "map merge requires map or sequence of maps as the value"]]);
    expect(r.value.groups).toEqual([]);
  });

  it("refuses a mapping that merges itself", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - alert: A", "    expr: up", "    labels: &l", "      a: b", "      <<: *l"));
    expect(r.diagnostics.map((d) => `${d.message}@${d.line}:${d.column}`)).toEqual(["anchor 'l' value contains itself@8:11"]);
  });

  it("refuses a merge sequence holding itself without looping", () => {
    expect(findings(lines("groups:", "- name: g", "  rules:", "  - alert: A", "    expr: up", "    labels:", "      <<: &m [*m]"))).toEqual([
      "rulefile/yaml@7:15",
    ]);
  });

  it("reports a second merge key in one mapping as a duplicate key", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - alert: A", "    expr: up", "    labels:", "      <<: {a: b}", "      <<: {c: d}"));
    expect(r.diagnostics.map((d) => [d.message, d.line])).toEqual([['mapping key "<<" already defined at line 7', 8]]);
  });
});

describe("alias expansion (billion laughs)", () => {
  /** Labels merging the level below nine times, `levels` deep: 10 × 9^levels merged keys. */
  function laughs(levels: number): string {
    const out = ["groups:", "- name: g", "  rules:", "  - alert: A0", "    expr: up", "    labels: &l0"];
    for (let i = 0; i < 10; i++) out.push(`      k${i}: v`);
    for (let lv = 1; lv <= levels; lv++) {
      out.push(`  - alert: A${lv}`, "    expr: up", `    labels: &l${lv}`, `      <<: [${Array.from({ length: 9 }, () => `*l${lv - 1}`).join(", ")}]`);
    }
    return lines(...out);
  }

  it("refuses excessive aliasing as yaml.v3 does, after bounded work", () => {
    const text = laughs(9); // 3.9 billion merged keys if expanded
    const w = work(text);
    // yaml.v3 stops once 99% of 1,000+ decoded nodes come from aliases.
    expect(w.decode.decoded).toBeLessThan(20_000);
    const r = load(text);
    // At the outermost alias being expanded when the limit was reached: the first `*l3` of A4.
    expect(r.diagnostics.map((d) => [d.code, d.message, d.line])).toEqual([["rulefile/yaml", "document contains excessive aliasing", 32]]);
  });

  it("refuses a rule list aliased until a hundred thousand rules, before decoding them all", () => {
    const out = ["groups:", "- name: g", "  rules: &rules"];
    for (let i = 0; i < 1000; i++) out.push(`  - alert: A${i}`, "    expr: up");
    for (let i = 0; i < 100; i++) out.push(`- name: h${i}`, "  rules: *rules");
    const text = lines(...out);
    const w = work(text);
    expect(w.decode.decoded).toBeLessThan(1_000_000);
    expect(load(text).diagnostics.map((d) => d.message)).toEqual(["document contains excessive aliasing"]);
  });

  it("accepts heavy but ordinary sharing, as yaml.v3 does", () => {
    const out = ["groups:", "- name: g", "  rules: &rules"];
    for (let i = 0; i < 1000; i++) out.push(`  - alert: A${i}`, "    expr: up", "    labels: {a: b}");
    for (let i = 0; i < 10; i++) out.push(`- name: h${i}`, "  rules: *rules");
    const r = load(lines(...out));
    expect(r.value.groups.reduce((n, g) => n + g.rules.length, 0)).toBe(11_000);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});
