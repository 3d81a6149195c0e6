import { describe, expect, it } from "vitest";
import { lintWantsOptimizer, OPTIMIZE_FROM_BYTES } from "./heap.js";

describe("the optimising compiler for lint", () => {
  it("stays off for a lint of a few rule files, which is over before optimised code pays", () => {
    expect(lintWantsOptimizer(30 * 1024)).toBe(false);
    expect(lintWantsOptimizer(OPTIMIZE_FROM_BYTES - 1)).toBe(false);
  });

  it("is turned on for rule files of 256 KiB and more", () => {
    expect(lintWantsOptimizer(OPTIMIZE_FROM_BYTES)).toBe(true);
    expect(lintWantsOptimizer(5 * 1024 * 1024)).toBe(true);
  });
});
