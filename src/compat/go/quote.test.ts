import { describe, expect, it } from "vitest";
import { goQuote, goQuoteRune, goRuneU } from "./quote.js";

describe("Go's quoting", () => {
  it.each<[string, string]>([
    ["plain", '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["C:\\dir", '"C:\\\\dir"'],
    ["a\tb\nc\rd", '"a\\tb\\nc\\rd"'],
    ["\x07\b\f\v", '"\\a\\b\\f\\v"'],
    ["\x00\x1b\x7f", '"\\x00\\x1b\\x7f"'],
    ["nbsp\u00a0 zwsp\u200b ls\u2028", '"nbsp\\u00a0 zwsp\\u200b ls\\u2028"'],
    ["é 日本 😀", '"é 日本 😀"'],
    ["\u{e0001}", '"\\U000e0001"'],
    ["it's", '"it\'s"'],
  ])("quotes %j as strconv.Quote does", (s, quoted) => {
    expect(goQuote(s)).toBe(quoted);
  });

  it("quotes runes the way Go's %q does", () => {
    expect(["a", "'", '"', "\n", "\u00a0", "\u0000", "\\"].map((c) => goQuoteRune(c.codePointAt(0)!))).toEqual([
      "'a'",
      "'\\''",
      "'\"'",
      "'\\n'",
      "'\\u00a0'",
      "'\\x00'",
      "'\\\\'",
    ]);
    expect(goQuoteRune(-1)).toBe("'\ufffd'");
  });

  it("names runes the way Go's %#U does, quoting only printable ones", () => {
    expect(goRuneU(0x71)).toBe("U+0071 'q'");
    expect(goRuneU(0x07)).toBe("U+0007");
    expect(goRuneU(0x1f600)).toBe("U+1F600 '😀'");
    expect(goRuneU(0xa0)).toBe("U+00A0");
  });
});
