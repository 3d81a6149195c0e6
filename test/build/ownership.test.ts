/**
 * `obsgen build` replaces only a folder it owns. Through the real binary, from a project with a
 * git repository, a config and a catalog that imports a shared file: every folder that would lose
 * the user's files is refused with exit 1, saying why and what to do, and nothing is written.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OUT_MARKER } from "../../src/io/out-dir.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { ROOT, runBinaryAsync, tempDir, treeHash } from "../helpers/cli.js";

/** A hash of every file and folder below `dir` (names and contents), `.git` included. */

/**
 * root/project: a git repository with obsgen.config.ts (`out: "<out>"`) and catalog/index.ts, which
 * imports ../shared/limits.ts; root/elsewhere: an empty folder to run from.
 */
function project(out = "out"): { root: string; dir: string } {
  const root = tempDir("obsgen-owner-");
  const dir = join(root, "project");
  mkdirSync(join(dir, "catalog"), { recursive: true });
  mkdirSync(join(dir, "shared"));
  mkdirSync(join(root, "elsewhere"));
  writeFileSync(join(dir, "shared", "limits.ts"), "export const PORT = 8080;\n");
  const catalog = baseCatalog();
  writeFileSync(
    join(dir, "catalog", "index.ts"),
    `import { PORT } from "../shared/limits";\nconst c = ${JSON.stringify(catalog, null, 2)};\nc.services[0].metricsPort = PORT;\nexport default c;\n`,
  );
  writeFileSync(join(dir, "obsgen.config.ts"), `export default { catalog: "catalog/index.ts", out: ${JSON.stringify(out)} };\n`);
  writeFileSync(join(dir, "README.md"), "the user's own file\n");
  spawnSync("git", ["init", "-q"], { cwd: dir });
  spawnSync("git", ["add", "-A"], { cwd: dir });
  spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"], { cwd: dir });
  return { root, dir };
}

function expectRefused(r: { code: number; stderr: string }, code: string, message: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error .*: ${message.source}.* \\[out/${code}\\]\\n  hint: .+`, "m"));
  expect(r.stderr).toMatch(/nothing was written/);
  expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
}

describe("obsgen build refuses a folder it does not own", () => {
  it.each([
    [".", "working-directory", /is the working directory; obsgen build replaces its output folder whole, which would delete everything in it/],
    ["..", "working-directory", /holds the working directory/],
    ["catalog", "holds-sources", /holds the catalog \(catalog\/index\.ts\)/],
    ["shared", "holds-sources", /holds a file the catalog imports \(shared\/limits\.ts\)/],
  ])("--out %s", async (out, code, message) => {
    const { root, dir } = project();
    const before = treeHash(root);
    expectRefused(await runBinaryAsync(["build", "--out", out], dir), code, message);
    expect(treeHash(root)).toBe(before);
  });

  it('out: "." in obsgen.config.ts, run from the project or from elsewhere', async () => {
    const { root, dir } = project(".");
    const before = treeHash(root);
    expectRefused(await runBinaryAsync(["build"], dir), "working-directory", /is the working directory/);
    const config = join(dir, "obsgen.config.ts");
    expectRefused(
      await runBinaryAsync(["--config", config, "build", "--catalog", join(dir, "catalog", "index.ts")], join(root, "elsewhere")),
      "holds-sources",
      /holds the catalog/,
    );
    expect(treeHash(root)).toBe(before);
  });

  it("the config's folder, when the catalog lives elsewhere", async () => {
    const { root, dir } = project(".");
    const catalog = join(root, "elsewhere", "catalog");
    mkdirSync(catalog);
    writeFileSync(join(catalog, "index.ts"), `export default ${JSON.stringify(baseCatalog())};\n`);
    const before = treeHash(root);
    const r = await runBinaryAsync(["--config", join(dir, "obsgen.config.ts"), "build", "--catalog", join(catalog, "index.ts")], join(root, "elsewhere"));
    expectRefused(r, "holds-sources", /holds the config \(.*project\/obsgen\.config\.ts\)/);
    expect(treeHash(root)).toBe(before);
  });

  it("an existing folder of the user's (no marker, files the build does not write)", async () => {
    const { root, dir } = project("docs");
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "guide.md"), "mine\n");
    const before = treeHash(root);
    const r = await runBinaryAsync(["build"], dir);
    expectRefused(r, "not-obsgen", /holds files obsgen does not write \(guide\.md\) and no \.obsgen-out marker/);
    expect(r.stderr).toMatch(/hint: build into a new or empty folder with --out/);
    expect(treeHash(root)).toBe(before);
  });
});

describe("obsgen build in a folder it owns", () => {
  it("writes the marker into a new folder, and rebuilds it, replacing files the user left in it", async () => {
    const { dir } = project();
    expect((await runBinaryAsync(["build"], dir)).code).toBe(0);
    expect(readFileSync(join(dir, "out", OUT_MARKER), "utf8")).toMatch(/generated by obsgen and replaced whole by every `obsgen build`/);
    writeFileSync(join(dir, "out", "stray.txt"), "x\n");
    const r = await runBinaryAsync(["build"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, "out"))).not.toContain("stray.txt");
    expect(readdirSync(dir).filter((n) => n.includes(".obsgen-"))).toEqual([]);
  });

  it("builds the repository's committed out/, which carries the marker", async () => {
    expect(readFileSync(join(ROOT, "out", OUT_MARKER), "utf8")).toMatch(/generated by obsgen/);
    const r = await runBinaryAsync(["build", "--check"], ROOT);
    expect(r.code, r.stderr).toBe(0);
  });

  it("--check reports a missing marker as a stale file", async () => {
    const { dir } = project();
    expect((await runBinaryAsync(["build"], dir)).code).toBe(0);
    rmSync(join(dir, "out", OUT_MARKER));
    const r = await runBinaryAsync(["build", "--check"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^stale: out\/\.obsgen-out is missing$/m);
  });
});
