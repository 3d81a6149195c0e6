/**
 * The store of pipeline results in the OS temp folder: a value reads back as written, and a file
 * that does not check out (garbage, truncated, another key's) is a miss that the next write
 * replaces, never an error.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diskResultStore } from "./result-cache.js";

const KEY = "a".repeat(64);
const OTHER = "b".repeat(64);

function store() {
  const dir = mkdtempSync(join(tmpdir(), "obsgen-results-test-"));
  const s = diskResultStore(dir);
  if (!s) throw new Error("a fresh temp folder is private");
  return { dir, s };
}

describe("the result store", () => {
  it("reads a value back as written, with what JSON would lose", () => {
    const { s } = store();
    const value = { files: [{ path: "a.yml", contents: "x: 1\n" }], none: undefined, nan: Number.NaN, inf: -Infinity, zero: -0, set: new Set(["a"]) };
    s.set(KEY, value);
    expect(s.get(KEY)).toEqual(value);
    expect(Object.is((s.get(KEY) as { zero: number }).zero, -0)).toBe(true);
    expect(s.get(OTHER)).toBeUndefined();
  });

  it("treats a garbage file as a miss and replaces it on the next write", () => {
    const { dir, s } = store();
    writeFileSync(join(dir, `${KEY}.bin`), "not a cache entry at all");
    expect(s.get(KEY)).toBeUndefined();
    s.set(KEY, { n: 1 });
    expect(s.get(KEY)).toEqual({ n: 1 });
  });

  it("treats a truncated file or one holding another key's value as a miss", () => {
    const { dir, s } = store();
    s.set(KEY, { text: "x".repeat(1000) });
    const file = join(dir, `${KEY}.bin`);
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 10));
    expect(s.get(KEY)).toBeUndefined();
    s.set(OTHER, { n: 2 });
    writeFileSync(file, readFileSync(join(dir, `${OTHER}.bin`)));
    expect(s.get(KEY)).toBeUndefined();
  });

  it("treats a file whose payload was changed after its header as a miss", () => {
    const { dir, s } = store();
    s.set(KEY, { text: "abc" });
    const file = join(dir, `${KEY}.bin`);
    const data = readFileSync(file);
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    writeFileSync(file, data);
    expect(s.get(KEY)).toBeUndefined();
  });

  it("stores nothing for a value that cannot be serialized, without an error", () => {
    const { dir, s } = store();
    s.set(KEY, { f: () => 1 });
    expect(s.get(KEY)).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });
});
