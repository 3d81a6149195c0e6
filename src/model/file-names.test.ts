import { describe, expect, it } from "vitest";
import { fileNameProblem, isWindowsDeviceName, pathCollisionKey } from "./file-names.js";

describe("file names every system accepts", () => {
  it("accepts ordinary names, inner dots and names that only start like a device", () => {
    for (const name of ["trading-slo.json", "high-latency.md", "a.b.c", "console.json", "com10.json", "lpt.md", "_x", "CONx"]) {
      expect(fileNameProblem(name), name).toBeUndefined();
    }
  });

  it("refuses Windows device names in any case, with any extension", () => {
    for (const name of ["CON", "con.json", "Nul.tar.gz", "aux", "PRN.md", "com1.rs", "LPT9", "com0", "COM¹.txt"]) {
      expect(isWindowsDeviceName(name), name).toBe(true);
      expect(fileNameProblem(name), name).toMatch(/device name .* Windows reserves/);
    }
  });

  it("refuses `.`, `..`, hidden names, separators, Windows' forbidden characters and trailing dots or spaces", () => {
    expect(fileNameProblem("..")).toBe("is `..`, which a path reads as the parent folder");
    expect(fileNameProblem(".")).toBe("is `.`, which a path reads as the current folder");
    expect(fileNameProblem(".env")).toMatch(/starts with `\.`/);
    expect(fileNameProblem("a/b")).toMatch(/path separator/);
    expect(fileNameProblem("a\\b")).toMatch(/path separator/);
    expect(fileNameProblem("a:b")).toBe("holds `:`, which Windows does not allow in file names");
    expect(fileNameProblem("a\tb")).toBe("holds U+0009, which Windows does not allow in file names");
    expect(fileNameProblem("a.")).toMatch(/ends with `\.` or a space/);
    expect(fileNameProblem("a ")).toMatch(/ends with `\.` or a space/);
    expect(fileNameProblem("")).toBe("is empty");
  });

  it("counts the length in UTF-8 bytes, as Linux and macOS do", () => {
    expect(fileNameProblem("a".repeat(255))).toBeUndefined();
    expect(fileNameProblem("a".repeat(256))).toBe("is 256 bytes long; file systems allow 255");
    expect(fileNameProblem("é".repeat(128))).toBe("is 256 bytes long; file systems allow 255");
  });

  it("gives paths that are one file on macOS or Windows the same collision key", () => {
    expect(pathCollisionKey("grafana/Trading.json")).toBe(pathCollisionKey("grafana/trading.json"));
    // APFS ignores Unicode normalization: é precomposed and e + combining acute are one name.
    expect(pathCollisionKey("runbooks/caf\u00e9.md")).toBe(pathCollisionKey("runbooks/cafe\u0301.md"));
    expect(pathCollisionKey("runbooks/a-b.md")).not.toBe(pathCollisionKey("runbooks/a_b.md"));
  });
});
