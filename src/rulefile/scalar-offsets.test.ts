import { describe, expect, it } from "vitest";
import { scalarOffset } from "./scalar-offsets.js";
import { lines, load } from "./test-helpers.js";

/** Line:column in the file of character `index` of the first rule's expr. */
function locate(yaml: string, index: number): string {
  const { value, source } = load(yaml);
  const expr = value.groups[0]!.rules[0]!.expr!;
  const p = source.positionAt(scalarOffset(source.text, expr, index));
  return `${p.line}:${p.column}`;
}

const withExpr = (...expr: string[]): string => lines("groups:", "- name: g", "  rules:", "  - record: a", ...expr);

describe("scalarOffset", () => {
  it.each([
    ["plain", withExpr("    expr: sum(up)"), 4, "5:15"],
    ["plain, folded over lines", withExpr("    expr: sum(", "      up", "", "      ) by (job)"), 5, "6:7"],
    ["plain, after an empty line", withExpr("    expr: sum(", "      up", "", "      ) by (job)"), 8, "8:7"],
    ["single-quoted with ''", withExpr("    expr: 'a{b=''c''}'"), 6, "5:19"],
    ["double-quoted with escapes", withExpr('    expr: "a{b=\\"c\\"} \\u00e9x"'), 10, "5:29"],
    ["double-quoted with an escaped line break", withExpr('    expr: "sum(\\', '      up)"'), 4, "6:7"],
    ["literal block", withExpr("    expr: |", "      sum(", "        up", "      )"), 7, "7:9"],
    ["literal block, keep chomping", withExpr("    expr: |+", "      sum(up)", ""), 4, "6:11"],
    ["folded block", withExpr("    expr: >", "      sum(", "      up)"), 5, "7:7"],
    ["folded block with a more-indented line", withExpr("    expr: >", "      sum(", "        up", "      )"), 7, "7:9"],
    ["the end of the value", withExpr("    expr: 'up'"), 2, "5:14"],
  ])("maps %s", (_name, yaml, index, expected) => {
    expect(locate(yaml, index)).toBe(expected);
  });

  it("falls back to the scalar's start when the style cannot be mapped exactly", () => {
    // An explicit indentation indicator is not followed by the mapper: the start of the scalar is used.
    expect(locate(withExpr("    expr: |2", "        sum(up)"), 3)).toBe("5:11");
  });
});
