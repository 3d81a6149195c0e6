import { describe, expect, it } from "vitest";
import { formatNumber, mulExact, subExact } from "./numbers.js";

describe("exact decimals", () => {
  it("never prints binary floating-point noise", () => {
    expect(formatNumber(1 - 0.999)).toBe("0.001");
    expect(formatNumber(100 - 99.95)).toBe("0.05");
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(subExact(100, 99.95)).toBe(0.05);
    expect(mulExact(0.95, 100000)).toBe(95000);
  });
  it("prints small and large values without exponents", () => {
    expect(formatNumber(1e-7)).toBe("0.0000001");
    expect(formatNumber(2.5e-7)).toBe("0.00000025");
    expect(formatNumber(1e21)).toBe("1000000000000000000000");
    expect(formatNumber(-5000)).toBe("-5000");
    expect(formatNumber(-0)).toBe("0");
  });
  it("spells infinities as PromQL does", () => {
    expect(formatNumber(Infinity)).toBe("+Inf");
    expect(formatNumber(-Infinity)).toBe("-Inf");
  });
});
