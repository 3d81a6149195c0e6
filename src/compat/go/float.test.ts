import { describe, expect, it } from "vitest";
import { exactDecimal, formatGoFloat, plainDecimal, roundDecimal } from "./float.js";

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

describe("plainDecimal (Rust's `{}` of an f64, Go's FormatFloat 'f' -1)", () => {
  it.each([
    [5000, "5000"],
    [0.5, "0.5"],
    [1, "1"],
    [1e6, "1000000"],
    [1e21, "1000000000000000000000"],
    [1e-7, "0.0000001"],
    [1.5e-7, "0.00000015"],
    [0.1 + 0.2, "0.30000000000000004"],
    [-250, "-250"],
    [0, "0"],
    [-0, "-0"],
    [Infinity, "+Inf"],
  ])("spells %d as %s", (n, spelled) => {
    expect(plainDecimal(n)).toBe(spelled);
  });
});
