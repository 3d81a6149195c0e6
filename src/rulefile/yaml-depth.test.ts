/**
 * Deeply nested YAML: reported as nested too deep where the nesting passes the limit, by both YAML
 * paths, instead of a stack overflow in the fast path, the `yaml` package's parser or its composer.
 * promtool 2.42 (yaml.v3, limit 10,000) reads these and fails them on the unknown key `x`, or reads
 * only the first document.
 */
import { describe, expect, it } from "vitest";
import { decodeRuleFile } from "./decode.js";
import { parseYaml } from "./parse.js";
import { lines } from "./test-helpers.js";

/** `code@line:column message` of every finding, with the fast path on or off. */
function findings(text: string, fastPath: boolean): string[] {
  return decodeRuleFile("rules.yml", parseYaml(text, { fastPath })).diagnostics.map((d) => `${d.code}@${d.line}:${d.column} ${d.message}`);
}

const staircase = (n: number, entry: (i: number) => string): string => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}${entry(i)}`).join("\n");

describe("deeply nested YAML", () => {
  it.each([
    ["3,000 nested block sequences", `x:\n${staircase(3000, () => "-")}\ngroups: []\n`],
    ["3,000 nested block mappings", `x:\n${staircase(3000, () => "a:")}\ngroups: []\n`],
    ["3,000 nested sequences of mappings", `x:\n${staircase(3000, (i) => (i % 2 === 0 ? "-" : "a:"))}\ngroups: []\n`],
  ])("reports %s, closing at once, as nested too deep", (_name, text) => {
    // The dedent back to `groups:` closed every level at once: the parser's deepest recursion.
    for (const fastPath of [true, false]) expect(findings(text, fastPath)).toEqual(["rulefile/yaml@259:258 nested too deep (limit 256)"]);
  });

  it.each([
    ["3,000 nested flow sequences", `x: ${"[".repeat(3000)}${"]".repeat(3000)}\ngroups: []\n`, "rulefile/yaml@1:260"],
    ["3,000 nested flow mappings", `x: ${"{a: ".repeat(3000)}${"}".repeat(3000)}\ngroups: []\n`, "rulefile/yaml@1:1028"],
    ["3,000 compact nested sequences", `${"- ".repeat(3000)}x\n`, "rulefile/yaml@1:515"],
  ])("reports %s as nested too deep", (_name, text, at) => {
    for (const fastPath of [true, false]) expect(findings(text, fastPath)).toEqual([`${at} nested too deep (limit 256)`]);
  });

  it("reports the first collection past the limit exactly, when the parser can take the file", () => {
    // 257 nested mappings, the last at line 257, column 257 (the stream is not cut short for that).
    expect(
      findings(
        staircase(257, () => "a:"),
        false,
      ),
    ).toEqual(["rulefile/yaml@257:257 nested too deep (limit 256)"]);
    expect(
      findings(
        staircase(256, () => "a:"),
        false,
      ),
    ).toEqual(["rulefile/unknown-field@1:1 field a not found in type rulefmt.RuleGroups"]);
  });

  it("reads nesting up to the limit, on both paths", () => {
    const text = lines("groups:", "- name: g", "  rules:", "  - record: r", "    expr: up", "    labels:", `      a: ${"[".repeat(250)}${"]".repeat(250)}`);
    for (const fastPath of [true, false]) expect(findings(text, fastPath)).toEqual(["rulefile/type@7:10 cannot unmarshal !!seq into string"]);
  });

  it("reads only the first document of a plain file, as promtool does, however deep the next one", () => {
    const text = lines("groups: []", "---", `x: ${"[".repeat(3000)}${"]".repeat(3000)}`);
    expect(findings(text, true)).toEqual([
      "rulefile/ignored-document@3:260 YAML document 2 is ignored: Prometheus and promtool read only the first document of a rule file",
    ]);
  });

  it("reports aliases expanded inside aliases past the limit, at the alias written where the value is used", () => {
    const out = ["groups:", "- name: g", "  rules:"];
    for (let i = 0; i < 300; i++) out.push(`  - alert: A${i}`, "    expr: up", `    labels: &l${i}`, i === 0 ? "      a: b" : `      <<: *l${i - 1}`);
    // Rule A257's labels expand 257 aliases, one inside the other: its `<<: *l256` is on line 7 + 257 * 4.
    expect(findings(lines(...out), false)).toEqual(["rulefile/yaml@1035:11 nested too deep (limit 256)"]);
  });
});
