import { describe, expect, it } from "vitest";
import { semverProblem } from "./semver.js";

describe("SemVer 2.0 as Cargo and npm read it", () => {
  it("accepts versions with pre-release and build identifiers, leading zeros in build identifiers included", () => {
    for (const v of [
      "0.0.0",
      "1.2.3",
      "1.2.3-alpha",
      "1.2.3-alpha.1",
      "1.2.3-0.3.7",
      "1.2.3-x.7.z.92",
      "1.0.0+20130313144700",
      "1.0.0-beta+exp.sha.5114f85",
      "1.2.3+001",
    ]) {
      expect(semverProblem(v), v).toBeUndefined();
    }
  });

  it("refuses what cargo refuses, with a suggestion where the intent is clear", () => {
    expect(semverProblem("v1.2.0")?.suggestion).toBe("1.2.0");
    expect(semverProblem("1.2")?.suggestion).toBe("1.2.0");
    expect(semverProblem("1")?.suggestion).toBe("1.0.0");
    expect(semverProblem("1.02.3")?.suggestion).toBe("1.2.3");
    for (const v of ["1.2.3-01", "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3 ", "one", "1.2.3.4"]) {
      expect(semverProblem(v), v).toBeDefined();
    }
  });

  it("refuses numbers npm cannot read and versions longer than npm reads", () => {
    expect(semverProblem(`${Number.MAX_SAFE_INTEGER}.0.0`)).toBeUndefined();
    expect(semverProblem("9007199254740992.0.0")?.message).toMatch(/number above 9007199254740991/);
    expect(semverProblem(`1.0.0-${"a".repeat(251)}`)?.message).toMatch(/257 characters long/);
  });
});
