import { describe, expect, it } from "vitest";
import { parseNumberLiteral } from "./number.js";

describe("number literals", () => {
  it.each<[string, number]>([
    ["0", 0],
    ["42", 42],
    ["0x1F", 31],
    ["0Xff", 255],
    ["0755", 493],
    ["089", 89],
    ["08.5", 8.5],
    ["1e3", 1000],
    ["1E-3", 0.001],
    ["5.", 5],
    [".5", 0.5],
    ["5.e3", 5000],
    ["99999999999999999999", 1e20],
    ["1e-400", 0],
    ["Inf", Infinity],
    ["inf", Infinity],
    ["NaN", NaN],
  ])("reads %s as %d", (text, value) => {
    expect(parseNumberLiteral(text)).toEqual({ value });
  });

  it.each<[string, string]>([
    ["1e", "invalid syntax"],
    ["0x", "invalid syntax"],
    ["0x1.8", "invalid syntax"],
    ["0xFFFFFFFFFFFFFFFFFF", "invalid syntax"],
    ["1e400", "value out of range"],
  ])("rejects %s with %s", (text, reason) => {
    expect(parseNumberLiteral(text)).toEqual({
      error: `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(text)}: ${reason}`,
    });
  });
});
