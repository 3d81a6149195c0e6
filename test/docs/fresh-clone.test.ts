/**
 * The README's test command on a user's clone, which has no `../shared` beside it: the tests that
 * need the shared data (rule corpus, conformance tables, specification) must not fail there, and
 * each one that skips must say on the output what is missing; with OBSGEN_REQUIRE_TOOLS=1 (CI)
 * the same files must fail instead. Cheap on purpose: only the test files that read `../shared`
 * run in the copy, not the whole suite.
 *
 * The copy holds exactly the files a clone would (git's tracked files), plus files not yet
 * committed and not ignored, so that it tests the code in this checkout.
 */
import { execFile, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ROOT, tempDir } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";

/** How a test file reaches the shared data: the helper, or a path that climbs out to `shared`. */
const READS_SHARED = [/helpers\/shared\.js/, /\.\.\/\.\.\/\.\.\/shared\//, /"\.\.", "shared"/];
const SELF = "test/docs/fresh-clone.test.ts";

function testFiles(dir: string, root: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (name === "node_modules" || name === "testdata") return [];
      return statSync(p).isDirectory() ? testFiles(p, root) : name.endsWith(".test.ts") ? [relative(root, p)] : [];
    });
}

interface Run {
  /** Status of each test, by file. */
  readonly byFile: Map<string, string[]>;
  /** The lines each file printed to stderr, by file. */
  readonly stderrByFile: Map<string, string[]>;
  readonly output: string;
}

/**
 * Runs vitest in the copy on `files`; OBSGEN_REQUIRE_TOOLS is set only when `require` is. `extra`:
 * more vitest options.
 */
async function vitest(repo: string, files: string[], require: boolean, report: string, extra: readonly string[] = []): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  delete env.OBSGEN_REQUIRE_TOOLS;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  if (require) env.OBSGEN_REQUIRE_TOOLS = "1";
  // Asynchronous: a worker blocked for the minute this takes misses vitest's own heartbeats.
  const r = await new Promise<{ stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [join(repo, "node_modules", "vitest", "vitest.mjs"), "run", ...files, ...extra, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
      { cwd: repo, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      (_error, stdout, stderr) => done({ stdout, stderr }), // a failing run exits 1: judged from the report below
    );
  });
  const output = `${r.stdout}\n${r.stderr}`;
  const json = JSON.parse(readFileSync(report, "utf8")) as { testResults: { name: string; status: string; assertionResults: { status: string }[] }[] };
  // A file that fails while its tests are collected (reading missing data at the top of a suite)
  // has no test results, only the file's own status: count it as a failed test.
  const byFile = new Map(
    json.testResults.map((t) => [relative(repo, t.name), [...t.assertionResults.map((a) => a.status), ...(t.status === "failed" ? ["failed"] : [])]]),
  );
  // vitest prints each file's console output under a `stderr | <file>` header, up to a blank line.
  const stderrByFile = new Map<string, string[]>();
  for (const m of output.matchAll(/^stderr \| (\S+)[^\n]*\n([\s\S]*?)(?:\n\n|$)/gm)) {
    const lines = stderrByFile.get(m[1]!) ?? [];
    lines.push(...m[2]!.split("\n"));
    stderrByFile.set(m[1]!, lines);
  }
  return { byFile, stderrByFile, output };
}

describeWithTool("git", "the test command on a fresh clone without ../shared", () => {
  let repo = "";
  let files: string[] = [];

  beforeAll(() => {
    const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
    expect(listed.status, listed.stderr).toBe(0);
    repo = join(tempDir("obsgen-fresh-"), "repo");
    for (const f of listed.stdout.split("\0").filter(Boolean)) {
      const from = join(ROOT, f);
      if (!existsSync(from) || f === "node_modules") continue; // deleted in the work tree, or the shared install
      mkdirSync(dirname(join(repo, f)), { recursive: true });
      copyFileSync(from, join(repo, f));
    }
    symlinkSync(realpathSync(join(ROOT, "node_modules")), join(repo, "node_modules"));
    files = testFiles(repo, repo).filter((f) => f !== SELF && READS_SHARED.some((re) => re.test(readFileSync(join(repo, f), "utf8"))));
  });

  it("has no shared/ beside the copy and finds the test files that read it", () => {
    expect(existsSync(join(repo, "..", "shared"))).toBe(false);
    expect(files).toEqual(
      expect.arrayContaining([
        "src/promql/conformance.test.ts",
        "src/rulefile/corpus.test.ts",
        "src/rulefile/yaml-fast-path.test.ts",
        "test/lint/corpus.test.ts",
        "test/runbooks/shipped.test.ts",
      ]),
    );
  });

  it("fails no test, and every file that skips prints a line naming what is missing", async () => {
    const run = await vitest(repo, files, false, join(repo, "..", "report.json"));
    const failed = [...run.byFile].filter(([, s]) => s.includes("failed")).map(([f]) => f);
    expect(failed, run.output).toEqual([]);
    expect([...run.byFile.keys()].sort()).toEqual([...files].sort());
    const skipping = [...run.byFile].filter(([, s]) => s.some((x) => x === "skipped" || x === "pending")).map(([f]) => f);
    expect(skipping.length).toBeGreaterThan(0);
    const silent = skipping.filter((f) => !(run.stderrByFile.get(f) ?? []).some((l) => /^\[skipped\] (?=.*not found)(?=.*\/shared\/)/.test(l)));
    expect(silent, run.output).toEqual([]);
  });

  it("fails every one of those files under OBSGEN_REQUIRE_TOOLS=1, in the test that names what is missing", async () => {
    // What this run judges is only that each file fails, which the test named "needs <what is
    // missing>" (test/helpers/shared.ts, tools.ts) does: the others, run with the same copy by the
    // test before, are left out (a file failing while collected still counts). dist/, which the
    // global setup builds, was built from the same files by the run before: not built again.
    const built = existsSync(join(repo, "dist", "cli.js"));
    if (built) {
      writeFileSync(
        join(repo, "..", "vitest.no-build.config.ts"),
        `import base from ${JSON.stringify(join(repo, "vitest.config.ts"))};\n` +
          `export default { ...base, root: ${JSON.stringify(repo)}, test: { ...base.test, globalSetup: [] } };\n`,
      );
    }
    const run = await vitest(repo, files, true, join(repo, "..", "report-required.json"), [
      "--testNamePattern=(^| )needs ",
      ...(built ? [`--config=${join(repo, "..", "vitest.no-build.config.ts")}`] : []),
    ]);
    const passing = files.filter((f) => !(run.byFile.get(f) ?? []).includes("failed"));
    expect(passing, run.output).toEqual([]);
    expect([...run.byFile.keys()].sort()).toEqual([...files].sort());
  });
});
