import { describe, expect, it } from "vitest";
import { exactDecimal, formatGoFloat, roundDecimal } from "./float.js";

// The shortest and fixed-precision outputs against Go's own are in fmt.test.ts (every verb reaches
// formatGoFloat); these are the decimal steps of strconv/ftoa.go on their own.
describe("Go's strconv float formatting", () => {
  it("keeps every digit of a double in its exact decimal expansion", () => {
    expect(exactDecimal(0.1)).toEqual({ d: "1000000000000000055511151231257827021181583404541015625", dp: 0 });
    expect(exactDecimal(1536)).toEqual({ d: "1536", dp: 4 });
  });

  it("rounds exact ties to even and everything else to nearest", () => {
    expect(roundDecimal({ d: "125", dp: 0 }, 2)).toEqual({ d: "12", dp: 0 });
    expect(roundDecimal({ d: "135", dp: 0 }, 2)).toEqual({ d: "14", dp: 0 });
    expect(roundDecimal({ d: "1251", dp: 0 }, 2)).toEqual({ d: "13", dp: 0 });
    expect(roundDecimal({ d: "999", dp: 1 }, 2)).toEqual({ d: "1", dp: 2 });
    expect(formatGoFloat(2.5, "f", 0)).toBe("2");
    expect(formatGoFloat(3.5, "f", 0)).toBe("4");
  });
});
