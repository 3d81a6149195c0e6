import { describe, expect, it } from "vitest";
import { compileMatcherRegex } from "./regex.js";

describe("matcher regexes (RE2 syntax, anchored)", () => {
  it.each<[string, boolean]>([
    [".*", true],
    [".+", false],
    ["", true],
    ["a|", true],
    ["(|x)", true],
    ["x*", true],
    ["x{0,3}", true],
    ["^$", true],
    ["\\b", false],
    ["\\B", true],
    ["(?i)", true],
    ["(?P<name>a)", false],
    ["(?P<x>a)(?P<x>b)", false],
    ["[[:alpha:]]+", false],
    ["[[:^alpha:]]", false],
    ["\\pN", false],
    ["\\p{Greek}", false],
    ["\\p{^L}", false],
    ["\\Qa.b\\E", false],
    ["\\x{41}", false],
    ["\\12", false],
    ["[]a]", false],
    ["[a-]", false],
    ["a{,2}", false],
    ["x{01}", false],
    ["a*?", true],
    ["^*", true],
    ["a(?i)*", true],
    ["x{1000}", false],
    ["\\_", false],
  ])("accepts %j (matches the empty string: %s)", (re, empty) => {
    const r = compileMatcherRegex(re);
    expect(r.error).toBeUndefined();
    expect(r.matchesEmpty).toBe(empty);
    expect(r.regexp?.test("")).toBe(empty);
  });

  it.each<[string, string]>([
    ["(", "missing closing ): `^(?:()$`"],
    ["a\\", "missing closing ): `^(?:a\\)$`"],
    ["a)(", "unexpected ): `a)(`"],
    ["(?<x>a)", "invalid or unsupported Perl syntax: `(?<`"],
    ["(?=a)", "invalid or unsupported Perl syntax: `(?=`"],
    ["(?-)", "invalid or unsupported Perl syntax: `(?-)`"],
    ["a**", "invalid nested repetition operator: `**`"],
    ["a*??", "invalid nested repetition operator: `*??`"],
    ["a{2}{3}", "invalid nested repetition operator: `{2}{3}`"],
    ["a{1001}", "invalid repeat count: `{1001}`"],
    ["(x{500}){3}", "invalid repeat count: `{3}`"],
    ["(?i)*", "missing argument to repetition operator: `*`"],
    ["\\1", "invalid escape sequence: `\\1`"],
    ["\\8", "invalid escape sequence: `\\8`"],
    ["\\Z", "invalid escape sequence: `\\Z`"],
    ["\\C", "invalid escape sequence: `\\C`"],
    ["\\x4", "invalid escape sequence: `\\x4)`"],
    ["[\\Q]", "invalid escape sequence: `\\Q`"],
    ["[z-a]", "invalid character class range: `z-a`"],
    ["[[:foo:]]", "invalid character class range: `[:foo:]`"],
    ["\\p{Foo}", "invalid character class range: `\\p{Foo}`"],
  ])("rejects %j like Go's regexp/syntax", (re, error) => {
    expect(compileMatcherRegex(re)).toEqual({ error: `error parsing regexp: ${error}`, matchesEmpty: false });
  });

  it("returns an anchored JavaScript approximation for matching", () => {
    const re = compileMatcherRegex("(?i)api|web-\\d+").regexp!;
    expect(["API", "web-12", "web-", "xapi"].map((s) => re.test(s))).toEqual([true, true, false, false]);
    expect(compileMatcherRegex("[[:digit:]]+\\.\\pL").regexp!.test("12.é")).toBe(true);
  });
});
