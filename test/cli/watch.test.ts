/**
 * `obsgen build --watch` through the real binary: it rebuilds after an edit in the catalog's
 * folder (reporting a broken edit and going on), and stops with exit code 0 on SIGINT. Bounded:
 * each wait gives up after a deadline, failing with what the process printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { relevantChange } from "../../src/cli/watch.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { BIN } from "../helpers/cli.js";

const DEADLINE_MS = 20_000;

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = null;
});

async function waitFor(what: string, cond: () => boolean, output: () => string): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > DEADLINE_MS) throw new Error(`gave up waiting for ${what}; the process printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("obsgen build --watch", () => {
  it("rebuilds after an edit, reports a broken edit and keeps watching, and stops on SIGINT", async () => {
    const { dir, entry } = writeCatalog(baseCatalog());
    const out = join(dir, "out");
    const rules = join(out, "prometheus", "rules", "shop_high_priority.yml");
    let stdout = "";
    let stderr = "";
    child = spawn(process.execPath, [BIN, "build", "--watch", "--catalog", entry, "--out", out], { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    child.stdout!.on("data", (b) => (stdout += String(b)));
    child.stderr!.on("data", (b) => (stderr += String(b)));
    const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
    const exited = new Promise<number | null>((resolve) => child!.on("exit", (code) => resolve(code)));
    const builds = () => stdout.split("obsgen build: wrote").length - 1;

    await waitFor("the first build and the watch", () => builds() === 1 && stderr.includes("watching for changes"), output);
    expect(readFileSync(rules, "utf8")).toContain("summary: Checkout is slow");

    const edited = baseCatalog();
    edited.services[0].alerts[0].summary = "Checkout is slower than its budget";
    writeFileSync(entry, `export default ${JSON.stringify(edited, null, 2)};\n`);
    await waitFor("the rebuild after the edit", () => builds() === 2, output);
    expect(stderr).toMatch(/catalog\/index\.ts changed; rebuilding/);
    expect(readFileSync(rules, "utf8")).toContain("summary: Checkout is slower than its budget");

    const broken = baseCatalog();
    broken.services[0].alerts[0].for = "five minutes";
    writeFileSync(entry, `export default ${JSON.stringify(broken, null, 2)};\n`);
    await waitFor("the report of the broken edit", () => stderr.includes("nothing was written"), output);
    expect(stderr).toMatch(/error .*for.*\[catalog\/schema\]/);

    writeFileSync(entry, `export default ${JSON.stringify(edited, null, 2)};\n`);
    await waitFor("the rebuild after the fix", () => stdout.includes("already up to date"), output);

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stderr).toContain("obsgen build --watch: stopped");
  });

  it("refuses --watch with --check", async () => {
    const { main } = await import("../../src/cli/main.js");
    const err: string[] = [];
    expect(await main(["build", "--watch", "--check"], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join("\n")).toMatch(/--watch and --check do not go together/);
  });

  it("ignores changes in the output folder, hidden files and editor swap files", () => {
    expect(relevantChange("/p/catalog/index.ts", ["/p/out"])).toBe(true);
    expect(relevantChange("/p/out/catalog.json", ["/p/out"])).toBe(false);
    expect(relevantChange("/p/catalog/.index.ts.swp", [])).toBe(false);
    expect(relevantChange("/p/catalog/index.ts~", [])).toBe(false);
    expect(relevantChange("/p/catalog/node_modules/x.ts", [])).toBe(false);
  });
});
