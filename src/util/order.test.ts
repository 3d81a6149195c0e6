import { describe, expect, it } from "vitest";
import { compareCodePoints } from "./order.js";

describe("compareCodePoints", () => {
  it("orders by code point, not by any locale's collation", () => {
    // Estonian collation puts "z" between "s" and "t"; Swedish puts "ä" after "z"; code points do neither.
    expect(["z", "t", "s", "ä", "B", "a", "_"].sort(compareCodePoints)).toEqual(["B", "_", "a", "s", "t", "z", "ä"]);
  });

  it("puts characters above U+FFFF after U+E000–U+FFFF, unlike UTF-16 code unit order", () => {
    const astral = "\u{1F600}";
    const privateUse = "\uE000";
    expect(astral < privateUse).toBe(true); // code units: surrogate 0xD83D < 0xE000
    expect(compareCodePoints(astral, privateUse)).toBe(1);
    expect(compareCodePoints(privateUse, astral)).toBe(-1);
  });

  it("orders a prefix first and is 0 only for equal strings", () => {
    expect(compareCodePoints("ab", "abc")).toBe(-1);
    expect(compareCodePoints("abc", "ab")).toBe(1);
    expect(compareCodePoints("abc", "abc")).toBe(0);
  });

  it("agrees with comparing arrays of code points on random well-formed strings", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pool = ["a", "Z", "_", "é", "\uE000", "\uFFFF", "\u{10000}", "\u{1F600}", "0"];
    const word = () => Array.from({ length: next() % 4 }, () => pool[next() % pool.length]).join("");
    const byArrays = (a: string, b: string) => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return Math.sign(x.length - y.length);
    };
    for (let i = 0; i < 2000; i++) {
      const a = word();
      const b = word();
      expect(compareCodePoints(a, b)).toBe(byArrays(a, b));
    }
  });
});
