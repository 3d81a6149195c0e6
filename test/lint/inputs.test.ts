/**
 * What a folder can hold, linted: named pipes, devices, symbolic link loops and cycles, unreadable
 * entries, files over the size limit. Each is a `lint/input` finding naming the path (exit 1, no stack
 * trace), and lint returns promptly. The binary runs in a child process with a time-out, so a lint
 * that blocks on a pipe fails the test instead of hanging the suite.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_LINT_FILE_BYTES } from "../../src/lint/input/files.js";
import { BIN, ROOT, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { hasTool } from "../helpers/tools.js";

const RULES = "groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * `obsgen lint <args>` in `cwd`, killed after 5 minutes (a lint blocked on a pipe, not a slow one);
 * as an unprivileged user when `unprivileged`. Asynchronous: linting 37,500 rules takes seconds,
 * and a worker blocked that long misses vitest's RPC on a busy machine.
 */
async function lint(cwd: string, args: string[], unprivileged = false): Promise<Run> {
  let argv = [process.execPath, BIN, "lint", ...args];
  if (unprivileged && process.getuid?.() === 0) {
    // root reads everything: drop to nobody to meet a permission error.
    if (!hasTool("setpriv")) throw new Error("running as root: this test needs setpriv (util-linux) to run lint as an unprivileged user");
    argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...argv];
  }
  const r = await run(argv[0]!, argv.slice(1), { cwd, timeout: 300_000, env: { ...process.env, NO_COLOR: "1" } });
  const timedOut = r.error !== undefined && /did not finish within/.test(r.error.message);
  if (r.error && !timedOut) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut };
}

/** A folder holding one good rule file, `good.yml`. */
function folder(): string {
  const dir = tempDir("obsgen-inputs-");
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, "good.yml"), RULES);
  return dir;
}

function expectFinding(r: Run, file: string, message: string): void {
  expect(r.timedOut, "lint blocked").toBe(false);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stdout).toContain(`${file}: error ${message} [lint/input]`);
  expect(r.code).toBe(1);
}

describe("obsgen lint on what a folder can hold", () => {
  it("reports a named pipe and does not open it for reading", async () => {
    const dir = folder();
    expect(spawnSync("mkfifo", [join(dir, "pipe.yml")]).status).toBe(0);
    const r = await lint(dir, ["."]);
    expectFinding(r, "pipe.yml", "not a regular file but a named pipe: not read");
    expect(r.stdout).toContain("1 error, 0 warnings");
  });

  it("reports a named pipe named on the command line", async () => {
    const dir = folder();
    expect(spawnSync("mkfifo", [join(dir, "pipe.yml")]).status).toBe(0);
    expectFinding(await lint(dir, ["pipe.yml", "good.yml"]), "pipe.yml", "not a regular file but a named pipe: not read");
  });

  it("reports a symbolic link to /dev/zero instead of reading forever", async () => {
    const dir = folder();
    symlinkSync("/dev/zero", join(dir, "zero.yml"));
    expectFinding(await lint(dir, ["."]), "zero.yml", "not a regular file but a character device: not read");
  });

  it("reports a symbolic link loop", async () => {
    const dir = folder();
    symlinkSync("b.yml", join(dir, "a.yml"));
    symlinkSync("a.yml", join(dir, "b.yml"));
    const r = await lint(dir, ["."]);
    expectFinding(r, "a.yml", "a symbolic link loop: not read");
    expect(r.stdout).toContain("b.yml: error a symbolic link loop: not read");
  });

  it("walks a folder once when a symbolic link leads back up the tree", async () => {
    const dir = folder();
    mkdirSync(join(dir, "sub"));
    symlinkSync("..", join(dir, "sub", "up"));
    const r = await lint(dir, ["."]);
    expectFinding(r, join("sub", "up"), "a symbolic link back to a folder already being linted (a cycle): not walked again");
    // good.yml is linted once: no duplicate rules across two readings of it.
    expect(r.stdout).not.toContain("rule/duplicate");
  });

  it("follows a symbolic link to a regular file", async () => {
    const dir = folder();
    writeFileSync(join(dir, "target.txt"), RULES.replace("job:up:sum", "job:up:max").replace("sum by", "max by"));
    symlinkSync("target.txt", join(dir, "linked.yml"));
    const r = await lint(dir, ["--format", "json", "."]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  it("reports a broken symbolic link", async () => {
    const dir = folder();
    symlinkSync("missing.yml", join(dir, "dangling.yml"));
    expectFinding(await lint(dir, ["."]), "dangling.yml", "a broken symbolic link, or removed while lint ran: not read");
  });

  it("reports unreadable files and folders", async () => {
    const dir = folder();
    writeFileSync(join(dir, "secret.yml"), RULES);
    chmodSync(join(dir, "secret.yml"), 0o000);
    mkdirSync(join(dir, "closed"));
    chmodSync(join(dir, "closed"), 0o000);
    const r = await lint(dir, ["."], true);
    expectFinding(r, "secret.yml", "permission denied: not read");
    expect(r.stdout).toContain("closed: error folder: permission denied: not read [lint/input]");
  });

  it(`reports a file over ${MAX_LINT_FILE_BYTES / 1024 / 1024} MiB without reading it`, async () => {
    const dir = folder();
    writeFileSync(join(dir, "huge.yml"), "groups:\n");
    truncateSync(join(dir, "huge.yml"), MAX_LINT_FILE_BYTES + 1);
    expectFinding(await lint(dir, ["."]), "huge.yml", `larger than 16 MiB (${MAX_LINT_FILE_BYTES + 1} bytes): not read`);
  });

  it("still says a path that does not exist is a usage error", async () => {
    const r = await lint(ROOT, ["no/such/rules.yml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("obsgen lint: no/such/rules.yml: no such file or folder");
  });
});

describe("obsgen lint on a file drawing more findings than a run reports", () => {
  it("keeps the first 100,000, counts the rest in the summary and the exit code, and does not crash", async () => {
    // 37,500 bare alerts draw four warnings each with every profile's rules: spreading 150,000
    // findings into one push() used to overflow the stack.
    const dir = tempDir("obsgen-findings-");
    const rules = ["groups:", "- name: g", "  rules:"];
    for (let i = 0; i < 37_500; i++) rules.push(`  - alert: A${i}`, "    expr: up");
    writeFileSync(join(dir, "many.yml"), `${rules.join("\n")}\n`);
    const text = await lint(dir, ["many.yml", "--profile", "all", "--max-warnings", "149999"]);
    expect(text.stderr).toContain("150000 warnings exceed --max-warnings 149999");
    expect(text.stdout).toContain("obsgen lint: 50000 more findings not shown (a run reports at most 100000)");
    expect(text.stdout).toContain("obsgen lint: 0 errors, 150000 warnings, 0 info");
    expect(text.code).toBe(1);
    const json = await lint(dir, ["many.yml", "--profile", "all", "--format", "json"]);
    const out = JSON.parse(json.stdout);
    expect(out.diagnostics).toHaveLength(100_000);
    expect(out.summary).toEqual({ errors: 0, warnings: 150_000, infos: 0, omitted: 50_000 });
    expect(json.code).toBe(0);
  });
});
