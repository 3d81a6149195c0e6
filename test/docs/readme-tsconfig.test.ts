/**
 * The README's tsconfig.json for a user's project: with it, `tsc` type-checks the README's catalog
 * example against obsgen's published types (package `exports`), and refuses a label value that the
 * metric does not declare.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** A project laid out as a user's: obsgen in node_modules, the README's tsconfig, a catalog. */
function project(catalog: string): string {
  const dir = tempDir("obsgen-user-tsc-");
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(ROOT, join(dir, "node_modules", "obsgen"), "dir");
  const tsconfig = /```json\n(\{\n {2}"compilerOptions"[\s\S]*?)```/.exec(README)?.[1];
  expect(tsconfig, "the README's tsconfig.json").toBeDefined();
  writeFileSync(join(dir, "tsconfig.json"), tsconfig!);
  writeFileSync(join(dir, "package.json"), '{ "type": "module", "private": true }\n');
  mkdirSync(join(dir, "catalog"));
  writeFileSync(join(dir, "catalog", "index.ts"), catalog);
  return dir;
}

const tsc = (dir: string) => run(process.execPath, [TSC, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], { cwd: dir });
const example = /```ts\n(\/\/ catalog\/index\.ts\n[\s\S]*?)```/.exec(README)?.[1] ?? "";

it("type-checks the README's catalog example with the README's tsconfig.json", async () => {
  expect(example).toContain("defineCatalog");
  const r = await tsc(project(example));
  expect(r.status, r.stdout + r.stderr).toBe(0);
});

it("refuses, with that tsconfig.json, a label value the metric does not declare", async () => {
  const broken = example.replace('where: { method: "POST" }', 'where: { method: "PUT" }');
  expect(broken).not.toBe(example);
  const r = await tsc(project(broken));
  expect(r.status).not.toBe(0);
  expect(r.stdout).toMatch(/catalog\/index\.ts\(\d+,\d+\): error TS\d+: .*"PUT"/);
});
