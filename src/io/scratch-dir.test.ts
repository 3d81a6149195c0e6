import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withScratchDir } from "./scratch-dir.js";

describe("withScratchDir", () => {
  it("writes emitted files under their relative paths, folders made, and removes the folder afterwards", async () => {
    let seen = "";
    const read = await withScratchDir("obsgen-scratch-test-", async (dir) => {
      seen = dir.path;
      dir.writeAll([
        { path: "prometheus/rules/a.yml", contents: "groups: []\n" },
        { path: "prometheus/tests/a.test.yml", contents: "tests: []\n" },
      ]);
      return readFileSync(join(dir.path, "prometheus", "tests", "a.test.yml"), "utf8");
    });
    expect(read).toBe("tests: []\n");
    expect(seen).not.toBe("");
    expect(existsSync(seen)).toBe(false);
  });

  it("removes the folder when the work fails, and passes the failure on", async () => {
    let seen = "";
    const failing = withScratchDir("obsgen-scratch-test-", async (dir) => {
      seen = dir.path;
      dir.write("x.txt", "x");
      throw new Error("the work failed");
    });
    await expect(failing).rejects.toThrow("the work failed");
    expect(existsSync(seen)).toBe(false);
  });
});
