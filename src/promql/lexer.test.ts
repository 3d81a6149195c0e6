import { describe, expect, it } from "vitest";
import { SEMANTICS } from "../compat/prometheus.js";
import { describeToken, lex as lexAs } from "./lexer.js";

const V2 = SEMANTICS["2.42"].promql;
const V3 = SEMANTICS["3"].promql;
const lex = (text: string) => lexAs(text, V2);

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

describe("the 3.14 lexer scan", () => {
  const kinds = (text: string) => lexAs(text, V3).tokens.map((t) => `${t.kind}:${t.text}`);

  it("reads the trim operators, number underscores and the new keywords", () => {
    expect(kinds("a </ 1_000 >/ limitk(0x_1f, b)")).toEqual([
      "identifier:a",
      "operator:</",
      "number:1_000",
      "operator:>/",
      "aggregator:limitk",
      "punct:(",
      "number:0x_1f",
      "punct:,",
      "identifier:b",
      "punct:)",
    ]);
  });

  it("reads fill as a keyword only before a parenthesis", () => {
    expect(kinds("fill + fill (1) b")).toEqual(["identifier:fill", "operator:+", "keyword:fill", "punct:(", "number:1", "punct:)", "identifier:b"]);
  });

  it("reads a duration expression inside brackets, keywords in any case", () => {
    expect(kinds("x[5 * STEP() + 1m:min_of(1m, 2)]")).toEqual([
      "identifier:x",
      "punct:[",
      "number:5",
      "operator:*",
      "punct:STEP",
      "punct:(",
      "punct:)",
      "operator:+",
      "duration:1m",
      "colon::",
      "punct:min_of",
      "punct:(",
      "duration:1m",
      "punct:,",
      "number:2",
      "punct:)",
      "punct:]",
    ]);
  });

  it.each<[string, string, number, number]>([
    ["x[5s s 5s]", "unexpected character: 's', expected ':'", 5, 6],
    ["x[foo]", "unexpected character in duration expression: 'f'", 2, 3],
    ["x[:5m]", "unexpected colon before duration in duration expression", 2, 3],
    ["x[", "unexpected end of input in duration expression", 2, 2],
    ["1__0", 'bad number or duration syntax: "1__"', 0, 3],
    ["100..4", 'bad number or duration syntax: "100.."', 0, 5],
  ])("stops at the first error in %j: %s", (text, message, from, to) => {
    expect(lexAs(text, V3).error).toEqual({ message, from, to });
  });
});
