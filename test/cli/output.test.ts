/**
 * Global flags: `--version`, `--quiet` (errors only), `--verbose` (timings per stage), and colour
 * only on a terminal and never with NO_COLOR.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { colorEnabled, Timings } from "../../src/cli/output.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { BIN, ROOT, runBinary, runInProcess, tempDir } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

describe("obsgen --version", () => {
  it("prints the package's version and exits 0", () => {
    for (const flag of ["--version", "-V"]) {
      const r = runBinary([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
    }
  });
});

describe("--quiet", () => {
  it("prints nothing when a build succeeds, before or after the command", async () => {
    const { entry } = writeCatalog(baseCatalog());
    for (const args of [
      ["--quiet", "build"],
      ["build", "-q"],
    ]) {
      const r = await runInProcess([...args, "--catalog", entry, "--out", join(tempDir(), "out")]);
      expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
    }
  });

  it("still prints errors, and lint reports only its errors", async () => {
    const broken = baseCatalog();
    broken.services[0].alerts[0].for = "soon";
    const { entry } = writeCatalog(broken);
    const r = await runInProcess(["--quiet", "build", "--catalog", entry, "--out", join(tempDir(), "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error .*\[catalog\/schema\]/m);
    const { entry: ok } = writeCatalog(baseCatalog());
    const loud = await runInProcess(["lint", "--catalog", ok]);
    expect(loud.stdout).toMatch(/ warning .*\[naming\/base-unit, convention\]/);
    const quiet = await runInProcess(["lint", "--quiet", "--catalog", ok]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe("");
  });

  it("conflicts with --verbose", async () => {
    expect((await runInProcess(["--quiet", "--verbose", "build"])).code).toBe(2);
  });
});

describe("--verbose", () => {
  it("prints the time of each stage of build and lint on stderr", async () => {
    const { entry } = writeCatalog(baseCatalog());
    const build = await runInProcess(["--verbose", "build", "--catalog", entry, "--out", join(tempDir(), "out")]);
    expect(build.code).toBe(0);
    for (const stage of ["load", "resolve", "emit", "write"]) expect(build.stderr).toMatch(new RegExp(`^obsgen: ${stage} took \\d+ ms$`, "m"));
    const lint = await runInProcess(["lint", "--verbose", "--catalog", entry]);
    for (const stage of ["load", "lint"]) expect(lint.stderr).toMatch(new RegExp(`^obsgen: ${stage} took \\d+ ms$`, "m"));
  });

  it("measures with the injected clock", async () => {
    const lines: string[] = [];
    let now = 0;
    const t = new Timings({ out: () => {}, err: (l) => lines.push(l) }, true, () => (now += 5));
    expect(await t.time("load", async () => 42)).toBe(42);
    expect(t.timeSync("emit", () => "x")).toBe("x");
    expect(lines).toEqual(["obsgen: load took 5 ms", "obsgen: emit took 5 ms"]);
  });
});

describe("colour", () => {
  it("is on only for a terminal without NO_COLOR (set and not empty)", () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(true, { NO_COLOR: "" })).toBe(true);
    expect(colorEnabled(true, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(undefined, {})).toBe(false);
  });

  it("is off when output is piped", () => {
    const r = spawnSync(process.execPath, [BIN, "build", "--catalog", "missing.ts"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "" } });
    expect(r.stderr).toMatch(/^error /);
    expect(r.stderr).not.toContain("\u001b[");
  });
});

describeWithTool("script", "colour on a terminal", () => {
  // util-linux's `script` runs the command on a pseudo-terminal.
  const onTty = (env: Record<string, string>) =>
    spawnSync("script", ["-qec", `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} build --catalog missing.ts`, "/dev/null"], {
      encoding: "utf8",
      cwd: tempDir(),
      env: { ...process.env, NO_COLOR: "", ...env },
    }).stdout;

  it("colours the severity on a terminal", () => {
    expect(onTty({})).toContain("\u001b[31merror\u001b[0m");
  });

  it("never colours with NO_COLOR", () => {
    const out = onTty({ NO_COLOR: "1" });
    expect(out).toMatch(/error .*missing\.ts/);
    expect(out).not.toContain("\u001b[");
  });
});
