/**
 * The escaping of catalog text in the stubs, one function per language and position (literals,
 * doc comments, the Markdown inside them), without toolchains. test/stubs/arbitrary-text.test.ts
 * holds them to cargo, tsc and the programs' expositions.
 */
import { describe, expect, it } from "vitest";
import { mdCode, mdParagraphs, mdText, rustDoc, rustString, tomlString, tsDoc, tsString } from "../../src/emit/stubs/code.js";

const REVIEW_DESCRIPTION = 'API\n#![doc = include_str!("/etc/hostname")]\n//';

describe("string literals", () => {
  it("write quotes, backslashes, line breaks and controls as escapes in Rust", () => {
    expect(rustString('a"b\\c\nd\re\tf\0g\u007fh\u0085i')).toBe('"a\\"b\\\\c\\nd\\re\\tf\\u{0}g\\u{7f}h\\u{85}i"');
  });

  it("write U+2028, U+2029 and the bidirectional controls rustc denies as escapes in Rust", () => {
    expect(rustString("\u2028\u2029\u202a\u202e\u2066\u2069\u200e\u200f\u061c")).toBe(
      '"\\u{2028}\\u{2029}\\u{202a}\\u{202e}\\u{2066}\\u{2069}\\u{200e}\\u{200f}\\u{61c}"',
    );
  });

  it("keep other text as it is: accents, CJK, astral characters, `*/`, `${`, `#`", () => {
    const text = "é 日本 \u{1f600} \u{10ffff} */ ${x} #![x] `";
    expect(rustString(text)).toBe(`"${text}"`);
    expect(tsString(text)).toBe(`"${text}"`);
  });

  it("write the same code points as escapes in TypeScript, as JSON does for the controls", () => {
    expect(tsString('a"\\\n\r\0\u007f\u0085\u2028\u2029\u202e\u2066')).toBe('"a\\"\\\\\\n\\r\\u0000\\u007f\\u0085\\u2028\\u2029\\u202e\\u2066"');
    expect(JSON.parse(tsString("x\u2028\u202ey\u007f"))).toBe("x\u2028\u202ey\u007f");
  });

  it("write TOML's escapes, never Rust's `\\u{…}`, in Cargo.toml", () => {
    expect(tomlString('a"\\\b\t\n\f\r\0\u001b\u007f\u202e')).toBe('"a\\"\\\\\\b\\t\\n\\f\\r\\u0000\\u001b\\u007f\\u202e"');
    expect(tomlString("é \u{1f600} '''")).toBe("\"é \u{1f600} '''\"");
  });

  it("refuse a lone surrogate as a bug: no UTF-8 file can hold it, and catalog validation refuses it", () => {
    expect(() => rustString("a\ud800")).toThrow(/lone surrogate/);
    expect(() => tsString("\udc00b")).toThrow(/lone surrogate/);
    expect(rustString("\u{1f600}")).toBe('"\u{1f600}"');
  });
});

describe("doc comments", () => {
  it("keep each entry on one comment line: a line break, CR or bidi control becomes a visible escape", () => {
    expect(rustDoc([REVIEW_DESCRIPTION], "", "//!")).toBe('//! API\\u{000a}#![doc = include_str!("/etc/hostname")]\\u{000a}//\n');
    expect(rustDoc(["a\rb\u202ec\u2028d"], "    ")).toBe("    /// a\\u{000d}b\\u{202e}c\\u{2028}d\n");
    expect(tsDoc(["a\nb\u2029c"])).toBe("/** a\\u{000a}b\\u{2029}c */\n");
  });

  it("break up `*/` in TypeScript, so the text cannot end the comment", () => {
    expect(tsDoc(["a */ export const pwned = 1; /* b"])).toBe("/** a *\\/ export const pwned = 1; /* b */\n");
  });

  it("escape `@` after whitespace or `{` in TypeScript, so the text adds no TSDoc tag", () => {
    expect(tsDoc(["@deprecated a @param x {@link y} mail@example.com"])).toBe("/** \\@deprecated a \\@param x {\\@link y} mail@example.com */\n");
  });
});

describe("Markdown of catalog text in doc comments", () => {
  it("puts text on one line, escaped: no code block, raw HTML, link or emphasis", () => {
    expect(mdText(REVIEW_DESCRIPTION)).toBe('API #!\\[doc = include_str!("/etc/hostname")\\] //');
    expect(mdText("x\n```\nfn main() {}\n```")).toBe("x \\`\\`\\` fn main() {} \\`\\`\\`");
    expect(mdText("<script>alert(1)</script> [x](javascript:alert(1)) *b*")).toBe("\\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1)) \\*b\\*");
  });

  it("keeps the text of shipped help texts as it is", () => {
    expect(mdText("Realized P&L (cumulative counter)")).toBe("Realized P&L (cumulative counter)");
    expect(mdText("orders per market_data feed")).toBe("orders per market_data feed");
  });

  it("keeps paragraphs of notes, but no line can open a code block (a Rust doc test)", () => {
    const lines = mdParagraphs("first\n\n    assert!(false);\n\n```\nstd::process::exit(1);\n```\n~~~\nx\n~~~");
    expect(lines).toEqual(["first", "", "assert!(false);", "", "\\`\\`\\`", "std::process::exit(1);", "\\`\\`\\`", "\\~\\~\\~", "x", "\\~\\~\\~"]);
  });

  it("quotes names, values and expressions in code spans that no backtick inside can end", () => {
    expect(mdCode("market")).toBe("`market`");
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("`x`")).toBe("`` `x` ``");
    expect(mdCode("sum(rate(x{path=~`/a.*`}[5m]))\n> 0")).toBe("``sum(rate(x{path=~`/a.*`}[5m])) > 0``");
  });
});
