import { describe, expect, it } from "vitest";
import { describeToken, lex } from "./lexer.js";

describe("the 2.42 lexer scan", () => {
  it("splits text into 2.42's tokens", () => {
    const r = lex('sum by (job) (rate(x{a=~"b"}[5m])) > bool 0x1F # done');
    expect(r.error).toBeUndefined();
    expect(r.tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      "aggregator:sum",
      "keyword:by",
      "punct:(",
      "identifier:job",
      "punct:)",
      "punct:(",
      "identifier:rate",
      "punct:(",
      "identifier:x",
      "punct:{",
      "identifier:a",
      "operator:=~",
      'string:"b"',
      "punct:}",
      "punct:[",
      "duration:5m",
      "punct:]",
      "punct:)",
      "punct:)",
      "operator:>",
      "keyword:bool",
      "number:0x1F",
    ]);
  });

  it("reads any letter inside brackets as a colon, as 2.42 quirkily does", () => {
    expect(lex("foo[5m a]").tokens.map((t) => t.kind)).toEqual(["identifier", "punct", "duration", "colon", "punct"]);
  });

  it.each<[string, string, number, number]>([
    ["sum(", "unclosed left parenthesis", 4, 4],
    ["x[5m", "unclosed left bracket", 4, 4],
    ["x)", "unexpected right parenthesis ')'", 1, 2],
    ["x\t\u000b", "unexpected character: '\\v'", 2, 3],
    ["1_000", 'bad number or duration syntax: "1"', 0, 1],
    ["x[5]", "missing unit character in duration", 2, 3],
    ["x[1.5]", "missing unit character in duration", 2, 5],
    ["x[5mm]", 'bad duration syntax: "5mm"', 2, 5],
    ["x[5m:5m:]", "unexpected colon ':'", 7, 8],
    ["x[[5m]]", "missing unit character in duration", 2, 3],
    ["x[5m:[1m]]", "unexpected left bracket '['", 5, 6],
    ['{a!b="c"}', "unexpected character after '!' inside braces: 'b'", 2, 4],
    ["{a{", "unexpected left brace '{'", 2, 3],
  ])("stops at the first error in %j: %s", (text, message, from, to) => {
    expect(lex(text).error).toEqual({ message, from, to });
  });

  it("describes tokens as 2.42's errors do", () => {
    const [id, num, str, kw, op, agg, paren] = lex('foo 5 "a long string" offset + sum (').tokens;
    expect([id, num, str, kw, op, agg, paren, undefined].map(describeToken)).toEqual([
      'identifier "foo"',
      'number "5"',
      'string "\\"a long st"...',
      "<offset>",
      "<op:+>",
      "<aggr:sum>",
      '"("',
      "end of input",
    ]);
  });
});
