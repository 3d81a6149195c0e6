import { describe, expect, it } from "vitest";
import { scanQuoted, unquote } from "./quoting.js";

describe("string literals", () => {
  it.each<[string, string]>([
    ['"plain"', "plain"],
    ['"a\\tb\\\\c"', "a\tb\\c"],
    ["'it\\'s'", "it's"],
    ['"say \\"hi\\""', 'say "hi"'],
    ["`C:\\path`", "C:\\path"],
    ['"\\x41\\101\\u0042\\U00000043"', "AABC"],
    ['"\\xc3\\xa9"', "é"],
    ['"\\xff"', "\ufffd"],
    ['"é😀"', "é😀"],
  ])("unquotes %s", (raw, value) => {
    expect(scanQuoted(raw, 0)).toEqual({ end: raw.length });
    expect(unquote(raw)).toBe(value);
  });

  it.each<[string, string]>([
    ['"abc', "unterminated quoted string"],
    ['"a\nb"', "unterminated quoted string"],
    ["`abc", "unterminated raw string"],
    ['"\\q"', "unknown escape sequence U+0071 'q'"],
    ["'\\\"'", "unknown escape sequence U+0022 '\"'"],
    ['"\\x4"', "illegal character U+0022 '\"' in escape sequence"],
    ['"\\', "escape sequence not terminated"],
    ['"\\400"', "escape sequence is an invalid Unicode code point"],
    ['"\\uD800"', "escape sequence is an invalid Unicode code point"],
    ['"\\U00110000"', "escape sequence is an invalid Unicode code point"],
  ])("rejects %j: %s", (raw, error) => {
    expect(scanQuoted(raw, 0).error).toBe(error);
  });
});
