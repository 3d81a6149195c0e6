/**
 * `obsgen init` scaffolds a catalog and an obsgen.config.ts that build, lint (and test, where
 * `obsgen test` exists) clean, and never overwrites a file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogNameFor, scaffoldFiles } from "../../src/init/scaffold.js";
import { ROOT, runBinary, runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

/** Runs a command in `dir` (the in-process CLI resolves ./obsgen.config.ts against the working directory). */
async function inDir(dir: string, args: string[]) {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await runInProcess(args);
  } finally {
    process.chdir(cwd);
  }
}

describe("obsgen init", () => {
  it("scaffolds a catalog and an obsgen.config.ts in an empty folder", async () => {
    const dir = tempDir();
    const r = await runInProcess(["init", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created .*catalog\/index\.ts/);
    expect(r.stdout).toMatch(/created .*obsgen\.config\.ts/);
    expect(existsSync(join(dir, "catalog", "index.ts"))).toBe(true);
    expect(readFileSync(join(dir, "obsgen.config.ts"), "utf8")).toContain("defineConfig");
  });

  it("gives a catalog that builds and lints clean: no error, no warning", async () => {
    const dir = tempDir();
    expect((await runInProcess(["init", dir])).code).toBe(0);
    const build = await inDir(dir, ["build"]);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toBe("");
    expect(existsSync(join(dir, "out", "prometheus", "rules"))).toBe(true);
    expect(existsSync(join(dir, "out", "grafana"))).toBe(true);
    const lint = await inDir(dir, ["lint"]);
    expect(lint.code, lint.stdout).toBe(0);
    expect(lint.stdout).toBe("obsgen lint: 0 errors, 0 warnings, 0 info");
    const check = await inDir(dir, ["build", "--check"]);
    expect(check.code, check.stderr).toBe(0);
  });

  it("gives TypeScript that type-checks against obsgen's authoring API", async () => {
    const dir = tempDir();
    expect((await runInProcess(["init", dir])).code).toBe(0);
    // As in the author's editor with obsgen installed: "obsgen" resolves to its typed entry point,
    // in an ES module package.
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: join(ROOT, "tsconfig.json"),
        compilerOptions: { noEmit: true, rootDir: "/", types: [], paths: { obsgen: [join(ROOT, "src", "index.ts")] } },
        include: [join(dir, "**", "*.ts")],
        exclude: [],
      }),
    );
    const r = await run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(dir, "tsconfig.json")]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("declares one service, one metric of each type, one alert and one dashboard", () => {
    const catalog = scaffoldFiles("shop").find((f) => f.path === "catalog/index.ts")!.contents;
    for (const helper of ["counter({", "gauge({", "histogram({", "alert({", "dashboard({", "defineService({"]) {
      expect(catalog.split(helper).length - 1, helper).toBe(1);
    }
    expect(catalog).toContain('name: "shop"');
  });

  it("refuses to overwrite: with one of its files present it writes nothing and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "obsgen.config.ts"), "// mine\n");
    const r = await runInProcess(["init", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/obsgen\.config\.ts: already exists; obsgen init never overwrites a file \[init\/exists\]/);
    expect(readFileSync(join(dir, "obsgen.config.ts"), "utf8")).toBe("// mine\n");
    expect(existsSync(join(dir, "catalog"))).toBe(false);
    const again = tempDir();
    expect((await runInProcess(["init", again])).code).toBe(0);
    expect((await runInProcess(["init", again])).code).toBe(1);
  });

  it("creates the folder when it does not exist, and names the catalog after it", async () => {
    const dir = join(tempDir(), "My Shop");
    expect((await runInProcess(["init", dir])).code).toBe(0);
    expect(readFileSync(join(dir, "catalog", "index.ts"), "utf8")).toContain('name: "my-shop"');
    expect(catalogNameFor("123")).toBe("example");
    expect(catalogNameFor("2fast_API")).toBe("fast-api");
  });

  it("scaffolds into the working directory without an argument", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "docs"));
    const r = await inDir(dir, ["init"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, "catalog", "index.ts"))).toBe(true);
  });
});

describeWithTool("promtool", "obsgen init, then obsgen test", () => {
  it("gives a catalog whose rule tests pass, through the real binary", () => {
    const dir = tempDir();
    expect(runBinary(["init"], dir).code).toBe(0);
    const r = runBinary(["test"], dir);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/1\/1 alerts covered/);
  });
});
