/**
 * What the npm package carries, as `npm pack` lists it: the licence its `license` field names, and
 * every page the README links to (the docs and the lint rule pages), so that the README read from
 * the registry has no dead links.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

describe("the npm package", () => {
  let files: string[] = [];
  beforeAll(() => {
    // --ignore-scripts: listing the files needs no build (the `prepare` script would run one).
    const r = spawnSync("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  });

  it("ships the Apache-2.0 licence its package.json names", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).license).toBe("Apache-2.0");
    expect(files).toContain("LICENSE");
    const text = readFileSync(join(ROOT, "LICENSE"), "utf8");
    expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(text).toMatch(/END OF TERMS AND CONDITIONS/);
  });

  it("ships every file the README links to", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const linked = [...new Set([...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l)))];
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.filter((l) => !files.includes(l))).toEqual([]);
  });

  it("ships every lint rule's page", () => {
    expect(files.filter((f) => /^src\/lint\/rules\/[^/]+\/[^/]+\.md$/.test(f)).length).toBeGreaterThan(20);
  });
});
