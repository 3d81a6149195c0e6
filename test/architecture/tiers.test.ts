/**
 * The fast test tier (`npm run test:fast`) holds exactly the test files that need no external tool:
 * test/helpers/tiers.ts derives the split from the code; these tests hold the derivation to small
 * made-up test files, to the real suite (every place that plainly runs a tool is seen by it, and every
 * file it keeps out runs a tool), and to the configuration and scripts that use it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import fastConfig from "../../vitest.fast.config.js";
import setupFastTier from "../helpers/fast-tier-global.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { classifyTestFiles, TierAnalysis, TOOLS, testFiles, toolOfProgram } from "../helpers/tiers.js";

function project(files: Record<string, string>): string {
  const root = tempDir("obsgen-tiers-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const HELPER = `import { spawnSync } from "node:child_process";
import { run } from "./spawn.js";
export function pure(x: number) { return x + 1; }
export function checkRules(file: string) {
  return spawnSync("promtool", ["check", "rules", file]);
}
function buildCrate(dir: string) { return run("cargo", ["build"], { cwd: dir }); }
export async function crateBuilds(dir: string) { return (await buildCrate(dir)).status === 0; }
`;

describe("the tier of a test file, derived from its code", () => {
  const root = project({
    "test/helpers/spawn.ts": "export function run(c: string, a: string[], o?: object) { return Promise.resolve({ status: 0, c, a, o }); }\n",
    "test/helpers/tool-helper.ts": HELPER,
    "test/helpers/reexport.ts": 'export { checkRules } from "./tool-helper.js";\n',
    "test/pure-import.test.ts": 'import { pure } from "./helpers/tool-helper.js";\nit("adds", () => expect(pure(1)).toBe(2));\n',
    "test/tool-import.test.ts": 'import { checkRules } from "./helpers/tool-helper.js";\nit("checks", () => checkRules("x.yml"));\n',
    "test/reexported.test.ts": 'import { checkRules } from "./helpers/reexport.js";\nit("checks", () => checkRules("x.yml"));\n',
    "test/through-local.test.ts": 'import { crateBuilds } from "./helpers/tool-helper.js";\nit("builds", async () => crateBuilds("."));\n',
    "test/mentions.test.ts": 'it("names promtool in a message", () => expect("promtool check rules failed").toContain("promtool"));\n',
    "test/asks.test.ts": 'describeWithTool("amtool", "routes", () => {});\n',
    "test/tsc.test.ts": 'it("type-checks", () => run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."]));\n',
    "test/obsgen-test.test.ts": 'it("tests", async () => { await runInProcess(["test", "--catalog", entry]); });\n',
    "test/obsgen-build.test.ts": 'it("builds", () => { spawnSync(process.execPath, [BIN, "build"]); spawnSync("mkfifo", ["p"]); });\n',
    "test/git.test.ts": 'const GIT = "git";\nit("commits", () => { spawnSync(GIT, ["init", "-q"]); });\n',
    "test/shell.test.ts": 'it("runs npm", () => { execSync("npm pack --dry-run"); });\n',
    "src/parse/parse.test.ts": 'it("parses", () => expect(parse("1")).toBe(1));\n',
  });
  const uses = classifyTestFiles(root);
  const tools = (f: string) => [...new Set((uses.get(f) ?? []).map((u) => u.tool))];

  it("finds every test file under src/ and test/", () => {
    expect([...uses.keys()]).toHaveLength(12);
    expect(uses.get("src/parse/parse.test.ts")).toEqual([]);
  });

  it("keeps a file that imports only the pure parts of a tool helper in the fast tier", () => {
    expect(tools("test/pure-import.test.ts")).toEqual([]);
  });

  it("puts a file that imports a helper function running promtool in the tools tier, naming the call", () => {
    expect(uses.get("test/tool-import.test.ts")).toEqual([
      { tool: "promtool", at: "test/helpers/tool-helper.ts:5", what: 'spawnSync("promtool", ["check", "rules", file])' },
    ]);
  });

  it("follows a helper re-exported by another, and a helper's own functions", () => {
    expect(tools("test/reexported.test.ts")).toEqual(["promtool"]);
    expect(tools("test/through-local.test.ts")).toEqual(["cargo"]);
  });

  it("does not count a tool's name in a string that is not run", () => {
    expect(tools("test/mentions.test.ts")).toEqual([]);
  });

  it("counts asking for a tool, tsc run by node, obsgen test, a tool named by a constant and a shell command", () => {
    expect(tools("test/asks.test.ts")).toEqual(["amtool"]);
    expect(tools("test/tsc.test.ts")).toEqual(["tsc"]);
    expect(tools("test/obsgen-test.test.ts")).toEqual(["promtool"]);
    expect(tools("test/git.test.ts")).toEqual(["git"]);
    expect(tools("test/shell.test.ts")).toEqual(["npm"]);
  });

  it("keeps obsgen's own binary and the system's small utilities in the fast tier", () => {
    expect(tools("test/obsgen-build.test.ts")).toEqual([]);
  });

  it("knows a tool by its path or package script", () => {
    expect(toolOfProgram("/usr/bin/promtool")).toBe("promtool");
    expect(toolOfProgram("prometheus-alertmanager")).toBe("alertmanager");
    expect(toolOfProgram("/repo/node_modules/typescript/bin/tsc")).toBe("tsc");
    expect(toolOfProgram("/usr/lib/node_modules/npm/bin/npx-cli.js")).toBe("npx");
    expect(toolOfProgram("/repo/bin/obsgen.js")).toBeNull();
    expect(toolOfProgram("mkfifo")).toBeNull();
  });
});

/** Lines that plainly run or ask for a tool, found by text alone: a cross-check on the syntax-tree analysis. */
const TOOL_NAMES = TOOLS.join("|");
const SPAWN = "\\b(?:spawn|spawnSync|execFile|execFileSync|run)\\(";
const PLAIN_TOOL_CALL = new RegExp(
  `\\b(?:spawn|spawnSync|execFile|execFileSync|run|describeWithTool|hasTool)\\(\\s*"(?:${TOOL_NAMES}|prometheus-alertmanager)"|${SPAWN}.*"typescript", "bin", "tsc"`,
);

function plainToolLines(file: string): number[] {
  // This file's made-up test files are strings that run nothing.
  if (file === "test/architecture/tiers.test.ts") return [];
  return readFileSync(join(ROOT, file), "utf8")
    .split("\n")
    .flatMap((line, i) => (PLAIN_TOOL_CALL.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [i + 1] : []));
}

/** The TypeScript files under test/ that are not test files: the helpers. */
function helperFiles(dir = "test"): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === ".tmp" || e.name === "fixtures" || e.name === "golden" ? [] : helperFiles(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("the split of this repository's tests", () => {
  const files = testFiles(ROOT);
  const uses = classifyTestFiles(ROOT, files);

  it("puts every test file that plainly runs or asks for a tool in the tools tier", () => {
    const missed = files.filter((f) => plainToolLines(f).length > 0 && (uses.get(f) ?? []).length === 0);
    expect(missed).toEqual([]);
  });

  it("sees every place a test helper plainly runs a tool", () => {
    const analysis = new TierAnalysis(ROOT);
    const unseen: string[] = [];
    for (const helper of helperFiles()) {
      const seen = new Set(analysis.exportedNames(helper).flatMap((name) => analysis.toolUsesOfExport(helper, name).map((u) => u.at)));
      for (const line of plainToolLines(helper)) if (!seen.has(`${helper}:${line}`)) unseen.push(`${helper}:${line}`);
    }
    expect(unseen).toEqual([]);
  });

  it("keeps a file out of the fast tier only for a place in its code, or its helpers', that runs a tool", () => {
    for (const [file, found] of uses) {
      for (const u of found) {
        const [path, line] = u.at.split(":");
        const text = readFileSync(join(ROOT, path!), "utf8").split("\n")[Number(line) - 1]!;
        expect(text, `${file}: ${u.at}`).toContain(u.what.slice(0, 40));
      }
    }
    const excluded = [...uses].filter(([, u]) => u.length > 0).length;
    expect(excluded).toBeGreaterThan(0);
    expect(excluded).toBeLessThan(files.length);
  });

  it("is what vitest.fast.config.ts leaves out, and npm run test:fast runs that configuration", () => {
    const excluded = [...uses].filter(([, u]) => u.length > 0).map(([f]) => f);
    const exclude = (fastConfig as { test: { exclude: string[] } }).test.exclude;
    expect(exclude.filter((g) => !g.includes("*"))).toEqual(excluded);
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.scripts["test:fast"]).toBe("vitest run --config vitest.fast.config.ts");
    expect(pkg.scripts.test).toBe("vitest run");
  });
});

describe("the fast tier's stand-ins for the tools", () => {
  it("refuse to run, name the test file in their record, and exit 127", () => {
    const provided = new Map<string, string>();
    const teardown = setupFastTier({ provide: (k: string, v: string) => provided.set(k, v) } as never);
    try {
      const bin = provided.get("fastTierBin")!;
      // Through sh, which is what runs a stand-in: the test itself runs no tool.
      const env = { ...process.env, OBSGEN_TIER_FILE: "test/x.test.ts" };
      const r = spawnSync("sh", [join(bin, "promtool"), "check", "rules", "x.yml"], { encoding: "utf8", env });
      expect(r.status).toBe(127);
      expect(r.stderr).toContain("promtool is not run in the fast test tier (npm run test:fast)");
      expect(readFileSync(provided.get("fastTierLog")!, "utf8")).toBe("test/x.test.ts\tpromtool check rules x.yml\n");
      for (const tool of TOOLS) expect(spawnSync("sh", [join(bin, tool)], { encoding: "utf8" }).status).toBe(127);
    } finally {
      teardown();
    }
  });
});
