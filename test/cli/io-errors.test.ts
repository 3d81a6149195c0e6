/**
 * File system failures are the user's situation, not obsgen's bugs: every command reports them
 * with the path, what went wrong and what to do, exit code 1 and no stack trace. Real failing
 * conditions where the machine allows (the tests run as root, where permissions do not stop a
 * write: a path through a file, a 300-byte name, a NUL byte, a symlink loop, a full or read-only
 * tmpfs), and the mapping itself on errors as Node raises them.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { watchBuild } from "../../src/cli/watch.js";
import { isSystemError, systemErrorDiagnostic } from "../../src/io/system-error.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { BIN, type CliResult, runBinary, tempDir } from "../helpers/cli.js";

/** The shape every such failure must have: exit 1 (2 for diff), an `io/` diagnostic, no internal error or stack. */
function expectUserError(r: CliResult, code: string, path: RegExp, exit = 1): void {
  expect(r.code, r.stderr).toBe(exit);
  expect(r.stderr).not.toMatch(/internal error|please report|^\s+at /m);
  expect(r.stderr).toMatch(new RegExp(`^error ${path.source}: .* \\[${code}\\]\\n  hint: .+`, "m"));
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A project with a catalog, and a regular file `afile` to put in the way of paths. */
function project(): { dir: string; entry: string } {
  const p = writeCatalog(baseCatalog());
  writeFileSync(join(p.dir, "afile"), "a regular file\n");
  return p;
}

const LONG = "x".repeat(300);

describe("obsgen build", () => {
  it("an output folder under a regular file (ENOTDIR)", () => {
    const p = project();
    const r = run(["build", "--catalog", p.entry, "--out", "afile/out"], p.dir);
    expectUserError(r, "io/not-a-folder", /afile\/out/);
    expect(r.stderr).toMatch(/nothing was written \(afile\/out\/ is unchanged\)/);
  });

  it("an output folder with a name of 300 bytes (ENAMETOOLONG)", () => {
    const p = project();
    expectUserError(run(["build", "--catalog", p.entry, "--out", LONG], p.dir), "io/name-too-long", /.*x{300}.*/);
    expect(readdirSync(p.dir).sort()).toEqual(["afile", "catalog"]);
  });

  it("an output folder whose path in obsgen.config.ts holds a NUL byte", () => {
    const p = project();
    writeFileSync(join(p.dir, "obsgen.config.ts"), `export default { catalog: "catalog/index.ts", out: "gen\\u0000x" };\n`);
    const r = run(["build"], p.dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error gen\\0x: cannot prepare the output folder gen\\0x\/: a path holds a NUL byte .*\[io\/nul-byte\]$/m);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  it("standard output that cannot be written (/dev/full)", () => {
    const p = project();
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" build --catalog "${p.entry}" --out out >/dev/full`], { cwd: p.dir, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^obsgen: cannot write to standard output: ENOSPC/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("obsgen lint", () => {
  it("a symlink loop inside a linted folder (ELOOP)", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules", "ok.yml"), "groups: []\n");
    symlinkSync("loop-b", join(dir, "rules", "loop-a"));
    symlinkSync("loop-a", join(dir, "rules", "loop-b"));
    const r = run(["lint", "rules"], dir);
    // Each link of the loop is a finding of its own, with its path; the rest of the folder is linted.
    expect(r.code, r.stderr).toBe(1);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/internal error|please report|^\s+at /m);
    expect(r.stdout).toMatch(/^rules\/loop-a: error a symbolic link loop: not read \[lint\/input\]$/m);
    expect(r.stdout).toMatch(/^rules\/loop-b: error a symbolic link loop: not read \[lint\/input\]$/m);
  });
});

describe("obsgen init", () => {
  it("a folder under a regular file (ENOTDIR), and a folder name of 300 bytes (ENAMETOOLONG)", () => {
    const p = project();
    expectUserError(run(["init", "afile/new"], p.dir), "io/not-a-folder", /afile\/new\/catalog/);
    expectUserError(run(["init", LONG], p.dir), "io/name-too-long", /x{300}.*/);
  });
});

describe("obsgen test and obsgen diff", () => {
  it("a temporary folder that cannot be made (TMPDIR under a regular file): exit 1, and 2 for diff as diff(1)", () => {
    const p = project();
    spawnSync("git", ["init", "-q"], { cwd: p.dir });
    spawnSync("git", ["add", "-A"], { cwd: p.dir });
    spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], { cwd: p.dir });
    const env = { TMPDIR: join(p.dir, "afile") };
    for (const args of [
      ["test", "--catalog", p.entry],
      ["diff", "--against", "HEAD", "--catalog", p.entry],
    ]) {
      const r = run(args, p.dir, env);
      expectUserError(r, "io/not-a-folder", /afile\/obsgen-[a-z-]+XXXXXX/, args[0] === "diff" ? 2 : 1);
      expect(r.stderr).toMatch(/TMPDIR/);
    }
  });
});

describe("obsgen build --watch", () => {
  it("reports a rebuild's file system failure like a failed build, and keeps watching", async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const abort = new AbortController();
    let builds = 0;
    const failure = Object.assign(new Error("ENOSPC: no space left on device, write"), {
      code: "ENOSPC",
      errno: -28,
      syscall: "write",
      path: join(dir, "out", "x.yml"),
    });
    const watching = watchBuild(
      {
        files: [join(dir, "catalog.ts")],
        ignore: [],
        debounceMs: 10,
        signal: abort.signal,
        build: async () => {
          builds++;
          if (builds === 2) throw failure;
          return { code: 0, files: [join(dir, "catalog.ts")], complete: true };
        },
      },
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    // Edits until the third build (after the failing second) has run; bounded by a deadline.
    const deadline = Date.now() + 20_000;
    while (builds < 3 && Date.now() < deadline) {
      writeFileSync(join(dir, "catalog.ts"), `// edit ${Date.now()}\n`);
      await new Promise((r) => setTimeout(r, 100));
    }
    abort.abort();
    expect(await watching).toBe(0);
    expect(builds, lines.join("\n")).toBeGreaterThanOrEqual(3);
    const text = lines.join("\n");
    expect(text).toMatch(/^error .*out\/x\.yml: cannot write: no space left on the device \(ENOSPC\) \[io\/no-space\]$/m);
    expect(text).not.toMatch(/internal error|^\s+at /m);
  });
});

describe("the mapping of Node's system errors", () => {
  const err = (code: string, syscall: string, path: string, dest?: string) =>
    Object.assign(new Error(`${code}: some text, ${syscall} '${path}'`), { code, errno: -1, syscall, path, ...(dest ? { dest } : {}) });

  it.each([
    ["EACCES", "open", "io/permission", /permissions/],
    ["EPERM", "unlink", "io/permission", /permissions/],
    ["EROFS", "mkdir", "io/read-only", /writable/],
    ["ENOSPC", "write", "io/no-space", /free some space/],
    ["EDQUOT", "write", "io/quota", /quota/],
    ["ENOENT", "open", "io/not-found", /check the path/],
    ["EMFILE", "open", "io/too-many-open-files", /ulimit -n/],
    ["EIO", "read", "io/device", /disk/],
  ])("%s from %s is a user error with a hint", (code, syscall, id, hint) => {
    const d = systemErrorDiagnostic(err(code, syscall, "/nowhere/file.yml"), { cwd: "/nowhere" });
    expect(d).toEqual({ code: id, severity: "error", file: "file.yml", message: expect.stringContaining(`(${code})`), hint: expect.stringMatching(hint) });
  });

  it("names both paths of a failed move, and keeps libuv's words for a code it does not know", () => {
    expect(systemErrorDiagnostic(err("EXDEV", "rename", "/a/x", "/b/y"), { cwd: "/a" })!.message).toBe(
      "cannot move to /b/y: it cannot be moved across file systems (EXDEV)",
    );
    expect(systemErrorDiagnostic(err("EWHATEVER", "open", "/a/x"), { cwd: "/a" })).toEqual(
      expect.objectContaining({ code: "io/system", message: "cannot open: some text (EWHATEVER)" }),
    );
  });

  it("leaves everything that is not a system error to be reported as a bug", () => {
    expect(isSystemError(new TypeError("x is undefined"))).toBe(false);
    expect(isSystemError(Object.assign(new Error("commander"), { code: "commander.unknownOption" }))).toBe(false);
    expect(isSystemError(Object.assign(new Error("no syscall"), { code: "ENOENT" }))).toBe(false);
    expect(systemErrorDiagnostic(new Error("bug"))).toBeNull();
  });
});

/**
 * Real full and read-only file systems: a small tmpfs, mounted when this machine lets the tests
 * mount (as root with CAP_SYS_ADMIN). Elsewhere they are skipped with a visible line, in CI too:
 * the right to mount is the machine's, not a tool `.ci/run` can install, and the same failures
 * are proven by errors injected at each write step in test/build/out-dir.test.ts.
 */
const mounted: string[] = [];
function mountTmpfs(options: string): string | null {
  const dir = tempDir("obsgen-tmpfs-");
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) return null;
  mounted.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of mounted) spawnSync("umount", [dir]);
});
const probe = mountTmpfs("size=16k");
const canMount = probe !== null;
if (!canMount)
  console.warn(
    "[skipped] full and read-only file systems: `mount -t tmpfs` is not permitted here (needs root with CAP_SYS_ADMIN; the same failures are injected in test/build/out-dir.test.ts)",
  );
const describeMount = canMount ? describe : describe.skip;

describeMount("obsgen build on a full or read-only file system", () => {
  it("a full disk (ENOSPC): exit 1, the previous output untouched, nothing left behind", () => {
    const small = project();
    const big = writeCatalog(baseCatalog());
    // A second catalog whose output does not fit: many alerts with long descriptions.
    const c = baseCatalog();
    c.services[0].alerts = Array.from({ length: 60 }, (_, i) => ({ ...c.services[0].alerts[0], name: `CheckoutSlow${i}`, description: "d".repeat(2000) }));
    writeFileSync(big.entry, `export default ${JSON.stringify(c)};\n`);
    const disk = mountTmpfs("size=256k")!;
    const out = join(disk, "out");
    expect(run(["build", "--catalog", small.entry, "--out", out], small.dir).code).toBe(0);
    const before = spawnSync("sh", ["-c", `cd "${out}" && find . -type f | sort | xargs cat | sha256sum`], { encoding: "utf8" }).stdout;
    const r = run(["build", "--catalog", big.entry, "--out", out], big.dir);
    expectUserError(r, "io/no-space", /.*\.out\.obsgen-tmp-\d+\/.*/);
    expect(spawnSync("sh", ["-c", `cd "${out}" && find . -type f | sort | xargs cat | sha256sum`], { encoding: "utf8" }).stdout).toBe(before);
    expect(readdirSync(disk)).toEqual(["out"]);
  });

  it("a read-only file system (EROFS): exit 1 before anything is written", () => {
    const p = project();
    const disk = mountTmpfs("size=256k")!;
    const out = join(disk, "out");
    expect(run(["build", "--catalog", p.entry, "--out", out], p.dir).code).toBe(0);
    expect(spawnSync("mount", ["-o", "remount,ro", disk]).status).toBe(0);
    const edited = baseCatalog();
    edited.services[0].alerts[0].summary = "changed";
    writeFileSync(p.entry, `export default ${JSON.stringify(edited)};\n`);
    const r = run(["build", "--catalog", p.entry, "--out", out], p.dir);
    expectUserError(r, "io/read-only", /.*\.out\.obsgen-lock-\d+/);
    expect(r.stderr).toMatch(/cannot lock the output folder/);
    expect(readdirSync(disk)).toEqual(["out"]);
  });
});
