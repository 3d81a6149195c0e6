/**
 * The output folder's writer (src/io/out-dir.ts) on constructed states: which folders it refuses,
 * how it reads an old output, the lock, recovery from every state a killed build can leave, and
 * system errors injected at each step of the write.
 */
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EmittedFile } from "../../src/emit/index.js";
import { currentOwner } from "../../src/io/out-lock.js";
import { isScratchPath, isStale, OUT_MARKER, OUT_MARKER_TEXT, type OutFs, parkedOutput, staleness, writeOutDir } from "../../src/io/out-dir.js";
import { relevantChange } from "../../src/cli/watch.js";
import { tempDir } from "../helpers/cli.js";

const FILES: EmittedFile[] = [
  { path: "catalog.json", contents: '{"name":"shop"}\n' },
  { path: "prometheus/rules/shop.yml", contents: "groups: []\n" },
  { path: "runbooks/README.md", contents: "# Runbooks\n" },
];
const NEXT: EmittedFile[] = [
  { path: "catalog.json", contents: '{"name":"shop","version":2}\n' },
  { path: "prometheus/rules/shop.yml", contents: "groups:\n  - name: shop\n    rules: []\n" },
  { path: "grafana/shop.json", contents: "{}\n" },
];

/** Every entry below `dir` (files with their text, symlinks with their target, folders as `/`). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = `${rel}${e.name}`;
      if (e.isDirectory()) {
        out[`${p}/`] = "";
        walk(join(d, e.name), `${p}/`);
      } else if (e.isSymbolicLink()) out[p] = `-> ${fs.readlinkSync(join(d, e.name))}`;
      else if (e.isFile()) out[p] = fs.readFileSync(join(d, e.name), "utf8");
      else out[p] = "(special)";
    }
  };
  walk(dir, "");
  return out;
}

/** What an output folder holding `files` looks like, marker included. */
function expected(files: readonly EmittedFile[]): Record<string, string> {
  const out: Record<string, string> = { [OUT_MARKER]: OUT_MARKER_TEXT };
  for (const f of files) {
    out[f.path] = f.contents;
    const parts = f.path.split("/");
    for (let i = 1; i < parts.length; i++) out[`${parts.slice(0, i).join("/")}/`] = "";
  }
  return out;
}

function files(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot(dir)).filter(([k]) => !k.endsWith("/")));
}

/** A workspace: a project folder (the working directory) whose output folder is `out`. */
function workspace(): { cwd: string; out: string } {
  const cwd = tempDir("obsgen-outdir-");
  return { cwd, out: join(cwd, "out") };
}

/** Entries beside the output folder that a build leaves (scratch folders, locks). */
function leftovers(cwd: string): string[] {
  return fs
    .readdirSync(cwd)
    .filter((n) => n.includes(".obsgen-"))
    .sort();
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  return r.pid!;
}

function write(out: string, f: readonly EmittedFile[], cwd: string, extra: Partial<Parameters<typeof writeOutDir>[2]> = {}) {
  return writeOutDir(out, f, { cwd, ...extra });
}

describe("the output folder obsgen may replace", () => {
  it("refuses the working directory and every folder above it, writing nothing", () => {
    const { cwd } = workspace();
    fs.writeFileSync(join(cwd, "precious.txt"), "keep\n");
    const before = snapshot(cwd);
    for (const out of [cwd, join(cwd, ".."), "/"]) {
      const r = write(out, FILES, cwd);
      expect(r.status).toBe("refused");
      if (r.status !== "refused") continue;
      expect(r.diagnostics.map((d) => d.code)).toEqual(["out/working-directory"]);
      expect(r.diagnostics[0]!.hint).toMatch(/--out out/);
    }
    expect(snapshot(cwd)).toEqual(before);
  });

  it("compares folders after resolving symlinks: a link to the working directory is the working directory", () => {
    const { cwd } = workspace();
    const elsewhere = tempDir("obsgen-outdir-link-");
    fs.symlinkSync(cwd, join(elsewhere, "link"));
    const r = write(join(elsewhere, "link"), FILES, cwd);
    expect(r.status === "refused" && r.diagnostics[0]!.code).toBe("out/working-directory");
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it("refuses a folder holding a guarded file (the catalog, what it imports, the config) or above one", () => {
    const { cwd } = workspace();
    const project = join(cwd, "project");
    fs.mkdirSync(join(project, "catalog", "shared"), { recursive: true });
    fs.writeFileSync(join(project, "catalog", "index.ts"), "export default {};\n");
    fs.writeFileSync(join(project, "catalog", "shared", "labels.ts"), "export {};\n");
    const guarded = [
      { path: join(project, "catalog", "index.ts"), what: "the catalog" },
      { path: join(project, "catalog", "shared", "labels.ts"), what: "a file the catalog imports" },
      { path: join(project, "obsgen.config.ts"), what: "the config" },
    ];
    const before = snapshot(cwd);
    for (const [out, what] of [
      [join(project, "catalog"), "the catalog"],
      [join(project, "catalog", "shared"), "a file the catalog imports"],
      [project, "the catalog"],
    ] as const) {
      const r = writeOutDir(out, FILES, { cwd: tempDir(), guarded });
      expect(r.status).toBe("refused");
      if (r.status === "refused") {
        expect(r.diagnostics[0]!.code).toBe("out/holds-sources");
        expect(r.diagnostics[0]!.message).toContain(`holds ${what}`);
      }
    }
    expect(snapshot(cwd)).toEqual(before);
    // A folder of its own below the catalog's folder is fine.
    expect(writeOutDir(join(project, "catalog", "generated"), FILES, { cwd: tempDir(), guarded }).status).toBe("written");
  });

  it("refuses an existing folder holding files it does not write, naming them, and leaves it as it was", () => {
    const { cwd, out } = workspace();
    fs.mkdirSync(join(out, "prometheus", "rules"), { recursive: true });
    fs.writeFileSync(join(out, "catalog.json"), "old\n");
    fs.writeFileSync(join(out, "notes.md"), "mine\n");
    fs.symlinkSync("/etc/hostname", join(out, "prometheus", "link.yml"));
    const before = snapshot(cwd);
    const r = write(out, FILES, cwd);
    expect(r.status).toBe("refused");
    if (r.status === "refused") {
      expect(r.diagnostics[0]!.code).toBe("out/not-obsgen");
      expect(r.diagnostics[0]!.message).toMatch(/notes\.md, prometheus\/link\.yml\) and no \.obsgen-out marker/);
    }
    expect(snapshot(cwd)).toEqual(before);
  });

  it("refuses a file, or a symlink leading nowhere, in the output folder's place", () => {
    const { cwd, out } = workspace();
    fs.writeFileSync(out, "a file\n");
    const r = write(out, FILES, cwd);
    expect(r.status === "refused" && r.diagnostics[0]!.code).toBe("out/not-a-folder");
    fs.rmSync(out);
    fs.symlinkSync(join(cwd, "missing"), out);
    const r2 = write(out, FILES, cwd);
    expect(r2.status === "refused" && r2.diagnostics[0]!.code).toBe("out/not-a-folder");
    expect(leftovers(cwd)).toEqual([]);
  });

  it("accepts a new folder, an empty one, and one with the marker whatever else it holds", () => {
    const { cwd, out } = workspace();
    expect(write(out, FILES, cwd).status).toBe("written");
    expect(snapshot(out)).toEqual(expected(FILES));
    fs.writeFileSync(join(out, "hand-edit.txt"), "x\n");
    expect(write(out, FILES, cwd).status).toBe("written");
    expect(snapshot(out)).toEqual(expected(FILES));
    const empty = join(cwd, "empty");
    fs.mkdirSync(empty);
    expect(write(empty, FILES, cwd).status).toBe("written");
    expect(leftovers(cwd)).toEqual([]);
  });

  it("accepts an output of an earlier obsgen (no marker, only files the build writes) and marks it", () => {
    const { cwd, out } = workspace();
    fs.mkdirSync(join(out, "prometheus", "rules"), { recursive: true });
    fs.writeFileSync(join(out, "catalog.json"), "from an earlier version\n");
    fs.writeFileSync(join(out, "prometheus", "rules", "shop.yml"), "groups: []\n");
    expect(write(out, FILES, cwd).status).toBe("written");
    expect(snapshot(out)).toEqual(expected(FILES));
  });

  it("follows a symlinked output folder and replaces the folder it leads to, keeping the link", () => {
    const { cwd, out } = workspace();
    const real = join(cwd, "real-out");
    write(real, FILES, cwd);
    fs.symlinkSync(real, out);
    expect(write(out, NEXT, cwd).status).toBe("written");
    expect(fs.lstatSync(out).isSymbolicLink()).toBe(true);
    expect(snapshot(real)).toEqual(expected(NEXT));
    expect(leftovers(cwd)).toEqual([]);
  });
});

describe("reading the previous output", () => {
  it("counts the marker as part of the output: a folder without it is stale", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    expect(isStale(staleness(out, FILES))).toBe(false);
    fs.rmSync(join(out, OUT_MARKER));
    expect(staleness(out, FILES)).toEqual({ modified: [], missing: [OUT_MARKER], extra: [] });
  });

  it("never follows a symlink, even to a file with the right contents", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    fs.writeFileSync(join(cwd, "elsewhere.json"), FILES[0]!.contents);
    fs.rmSync(join(out, "catalog.json"));
    fs.symlinkSync(join(cwd, "elsewhere.json"), join(out, "catalog.json"));
    expect(staleness(out, FILES).modified).toEqual(["catalog.json"]);
    // And a build replaces the link with the file.
    expect(write(out, FILES, cwd).status).toBe("written");
    expect(fs.lstatSync(join(out, "catalog.json")).isFile()).toBe(true);
    expect(fs.readFileSync(join(cwd, "elsewhere.json"), "utf8")).toBe(FILES[0]!.contents);
  });

  it("neither opens nor waits on pipes and devices, and reads no more bytes than the files it expects", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    // A symlink to /dev/zero (an endless read) and a named pipe (a read that never returns).
    fs.rmSync(join(out, "catalog.json"));
    fs.symlinkSync("/dev/zero", join(out, "catalog.json"));
    expect(spawnSync("mkfifo", [join(out, "runbooks", "README.md.fifo")]).status).toBe(0);
    fs.rmSync(join(out, "runbooks", "README.md"));
    fs.renameSync(join(out, "runbooks", "README.md.fifo"), join(out, "runbooks", "README.md"));
    // A big regular file where a small one is expected.
    fs.writeFileSync(join(out, "prometheus", "rules", "shop.yml"), Buffer.alloc(8 * 1024 * 1024, 0x61));
    let bytesRead = 0;
    const opened: string[] = [];
    const counting: OutFs = {
      ...fs,
      openSync: ((p: fs.PathLike, ...rest: never[]) => {
        opened.push(String(p));
        return (fs.openSync as (...a: unknown[]) => number)(p, ...rest);
      }) as typeof fs.openSync,
      readSync: ((...a: Parameters<typeof fs.readSync>) => {
        const n = (fs.readSync as (...x: unknown[]) => number)(...a);
        bytesRead += n;
        return n;
      }) as typeof fs.readSync,
    };
    const s = staleness(out, FILES, counting);
    expect(s.modified).toEqual(["catalog.json", "prometheus/rules/shop.yml", "runbooks/README.md"]);
    expect(opened.some((p) => p.endsWith("catalog.json") || p.endsWith("README.md"))).toBe(false);
    expect(bytesRead).toBeLessThanOrEqual(OUT_MARKER_TEXT.length);
    // The build replaces them all without reading them either.
    expect(write(out, FILES, cwd, { fs: counting }).status).toBe("written");
    expect(snapshot(out)).toEqual(expected(FILES));
  });

  it("reports a folder, or a symlink to a folder, where a file is expected as modified, without entering the link", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    fs.rmSync(join(out, "catalog.json"));
    fs.mkdirSync(join(out, "catalog.json"));
    fs.symlinkSync(cwd, join(out, "loop"));
    const s = staleness(out, FILES);
    expect(s.missing).toEqual(["catalog.json"]);
    expect(s.extra).toEqual(["loop"]);
  });
});

describe("the lock", () => {
  it("refuses to write while another running obsgen holds the lock, naming its pid, and leaves its lock alone", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    // The test runner's parent process is alive and is not this process.
    const lock = join(cwd, ".out.obsgen-lock");
    fs.writeFileSync(lock, `${process.ppid}\n-\n`);
    const before = snapshot(cwd);
    const r = write(out, NEXT, cwd);
    expect(r.status).toBe("refused");
    if (r.status === "refused") {
      expect(r.diagnostics[0]!.code).toBe("out/locked");
      expect(r.diagnostics[0]!.message).toBe(`another obsgen build (pid ${process.ppid}) is writing out/`);
      expect(r.diagnostics[0]!.hint).toContain(".out.obsgen-lock");
    }
    expect(snapshot(cwd)).toEqual(before);
  });

  it("takes over a lock whose process is gone, one naming this very process, and one whose pid was reused", () => {
    const { cwd, out } = workspace();
    const lock = join(cwd, ".out.obsgen-lock");
    const ppidStart = fs.readFileSync(`/proc/${process.ppid}/stat`, "utf8").split(") ")[1]!.split(" ")[19]!;
    for (const text of [`${deadPid()}\n-\n`, `${process.pid}\n-\n`, `${process.ppid}\n${Number(ppidStart) + 1}\n`]) {
      fs.writeFileSync(lock, text);
      expect(write(out, FILES, cwd).status).not.toBe("refused");
      expect(leftovers(cwd)).toEqual([]);
      fs.rmSync(out, { recursive: true });
    }
  });

  it("holds the lock while writing: it names this process and its start time, and is gone afterwards", () => {
    const { cwd, out } = workspace();
    let seen = "";
    const spying: OutFs = {
      ...fs,
      renameSync: (a, b) => {
        if (String(b) === out) seen = fs.readFileSync(join(cwd, ".out.obsgen-lock"), "utf8");
        fs.renameSync(a, b);
      },
    };
    expect(write(out, FILES, cwd, { fs: spying }).status).toBe("written");
    const me = currentOwner();
    expect(seen).toBe(`${me.pid}\n${me.start}\n`);
    expect(leftovers(cwd)).toEqual([]);
  });
});

describe("recovery from what killed builds leave", () => {
  it("restores the previous output parked by a build killed between its two renames, and removes its new one", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    const pid = deadPid();
    // The killed build had written its new output (marker and all) and parked the old one.
    fs.renameSync(out, join(cwd, `.out.obsgen-old-${pid}`));
    write(join(cwd, "scratch"), NEXT, cwd);
    fs.renameSync(join(cwd, "scratch"), join(cwd, `.out.obsgen-tmp-${pid}`));
    fs.writeFileSync(join(cwd, ".out.obsgen-lock"), `${pid}\n-\n`);
    expect(parkedOutput(out)).toBe(join(cwd, `.out.obsgen-old-${pid}`));

    // A build of the same catalog finds the restored output up to date: it was restored, not rewritten.
    const r = write(out, FILES, cwd);
    expect(r.status).toBe("unchanged");
    if (r.status === "unchanged") expect(r.notes.map((d) => d.code)).toEqual(["out/recovered"]);
    expect(snapshot(out)).toEqual(expected(FILES));
    expect(leftovers(cwd)).toEqual([]);
    expect(parkedOutput(out)).toBeNull();
  });

  it("removes the parked old output of a build killed after its second rename, keeping the new output", () => {
    const { cwd, out } = workspace();
    write(out, NEXT, cwd);
    write(join(cwd, "scratch"), FILES, cwd);
    fs.renameSync(join(cwd, "scratch"), join(cwd, `.out.obsgen-old-${deadPid()}`));
    expect(write(out, NEXT, cwd).status).toBe("unchanged");
    expect(snapshot(out)).toEqual(expected(NEXT));
    expect(leftovers(cwd)).toEqual([]);
  });

  it("removes half-written scratch folders of killed builds, including a half-removed old output", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    for (let i = 0; i < 5; i++) {
      const tmp = join(cwd, `.out.obsgen-tmp-${deadPid()}`);
      fs.mkdirSync(join(tmp, "prometheus"), { recursive: true });
      fs.writeFileSync(join(tmp, "prometheus", "half.yml"), "gro");
    }
    fs.mkdirSync(join(cwd, `.out.obsgen-old-${deadPid()}`, "grafana"), { recursive: true });
    fs.writeFileSync(join(cwd, `.out.obsgen-lock-${deadPid()}`), "1\n-\n");
    // Scratch folders of another output folder are not this build's business.
    fs.mkdirSync(join(cwd, `.other.obsgen-tmp-${deadPid()}`));
    expect(write(out, FILES, cwd).status).toBe("unchanged");
    expect(leftovers(cwd)).toEqual([expect.stringMatching(/^\.other\.obsgen-tmp-\d+$/)]);
    expect(snapshot(out)).toEqual(expected(FILES));
  });

  it("starts afresh when the first build of a folder was killed before its output was in place", () => {
    const { cwd, out } = workspace();
    const tmp = join(cwd, `.out.obsgen-tmp-${deadPid()}`);
    fs.mkdirSync(tmp);
    fs.writeFileSync(join(tmp, "catalog.json"), "half");
    expect(parkedOutput(out)).toBeNull();
    expect(write(out, FILES, cwd).status).toBe("written");
    expect(snapshot(out)).toEqual(expected(FILES));
    expect(leftovers(cwd)).toEqual([]);
  });
});

/** An error as Node's fs functions throw them. */
function systemError(code: string, syscall: string, path: string): Error {
  return Object.assign(new Error(`${code}: injected, ${syscall} '${path}'`), { code, errno: -1, syscall, path });
}

/** A copy of node:fs whose `op` throws a system error like Node's on the `nth` call matching `when`. */
function failing(
  op: "writeFileSync" | "renameSync" | "rmSync" | "unlinkSync",
  code: string,
  when: (...args: unknown[]) => boolean = () => true,
  nth = 1,
): OutFs {
  let calls = 0;
  const real = fs[op] as (...a: unknown[]) => unknown;
  return {
    ...fs,
    [op]: (...args: unknown[]) => {
      if (when(...args) && ++calls === nth) {
        throw systemError(code, op.replace(/Sync$/, ""), String(args[0]));
      }
      return real(...args);
    },
  } as OutFs;
}

describe("system errors while writing", () => {
  it("a full disk while writing the new output: a user error naming the path, the old output untouched, nothing left behind", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    const r = write(out, NEXT, cwd, { fs: failing("writeFileSync", "ENOSPC", (p) => String(p).includes(".obsgen-tmp-"), 2) });
    expect(r.status).toBe("failed");
    if (r.status === "failed") {
      expect(r.diagnostics).toEqual([
        expect.objectContaining({
          code: "io/no-space",
          file: expect.stringMatching(/^\.out\.obsgen-tmp-\d+\/prometheus\/rules\/shop\.yml$/),
          message: "cannot write the new output for out/: no space left on the device (ENOSPC)",
          hint: expect.stringMatching(/free some space/),
        }),
      ]);
    }
    expect(snapshot(out)).toEqual(expected(FILES));
    expect(leftovers(cwd)).toEqual([]);
  });

  it("a failed move of the new output into place puts the old output back", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    const r = write(out, NEXT, cwd, { fs: failing("renameSync", "EACCES", (_a, b) => String(b) === out) });
    expect(r.status === "failed" && r.diagnostics.map((d) => d.code)).toEqual(["io/permission"]);
    expect(snapshot(out)).toEqual(expected(FILES));
    expect(leftovers(cwd)).toEqual([]);
  });

  it("when the old output cannot be put back either, it stays parked, the error says where, and the next build restores it", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    // Every rename into `out` fails: the new output's, then the old one's on the way back.
    const stuck: OutFs = {
      ...fs,
      renameSync: (a, b) => {
        if (String(b) === out) throw systemError("EIO", "rename", String(a));
        fs.renameSync(a, b);
      },
    };
    const r = write(out, NEXT, cwd, { fs: stuck });
    expect(r.status).toBe("failed");
    if (r.status === "failed") {
      expect(r.diagnostics.map((d) => d.code)).toEqual(["io/device", "io/device"]);
      expect(r.diagnostics[1]!.hint).toMatch(/^it is kept at \.out\.obsgen-old-\d+; the next obsgen build restores it$/);
    }
    expect(fs.existsSync(out)).toBe(false);
    expect(parkedOutput(out)).not.toBeNull();
    expect(write(out, FILES, cwd).status).toBe("unchanged");
    expect(snapshot(out)).toEqual(expected(FILES));
    expect(leftovers(cwd)).toEqual([]);
  });

  it("a failure after the new output is in place does not fail the build: a warning, and the next build cleans up", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    const r = write(out, NEXT, cwd, { fs: failing("rmSync", "EBUSY", (p) => String(p).includes(".obsgen-old-")) });
    expect(r.status).toBe("written");
    if (r.status === "written") expect(r.notes).toEqual([expect.objectContaining({ code: "out/leftover", severity: "warning" })]);
    expect(snapshot(out)).toEqual(expected(NEXT));
    expect(leftovers(cwd)).toEqual([expect.stringMatching(/^\.out\.obsgen-old-\d+$/)]);
    expect(write(out, NEXT, cwd).status).toBe("unchanged");
    expect(leftovers(cwd)).toEqual([]);

    const r2 = write(out, FILES, cwd, { fs: failing("unlinkSync", "EROFS", (p) => String(p).endsWith(".obsgen-lock")) });
    expect(r2.status).toBe("written");
    if (r2.status === "written") expect(r2.notes).toEqual([expect.objectContaining({ code: "io/read-only", severity: "warning" })]);
    expect(snapshot(out)).toEqual(expected(FILES));
  });

  it("a read-only parent folder refuses the lock: a user error before anything is written", () => {
    const { cwd, out } = workspace();
    write(out, FILES, cwd);
    const r = write(out, NEXT, cwd, { fs: failing("writeFileSync", "EROFS", (p) => String(p).includes(".obsgen-lock")) });
    expect(r.status === "failed" && r.diagnostics[0]).toEqual(
      expect.objectContaining({
        code: "io/read-only",
        message: expect.stringMatching(/^cannot lock the output folder out\/: the file system is read-only \(EROFS\)$/),
      }),
    );
    expect(snapshot(out)).toEqual(expected(FILES));
  });
});

describe("obsgen build --watch and the scratch folders", () => {
  it("ignores changes in a build's scratch folders and lock beside the output folder", () => {
    for (const p of ["/p/catalog/.out.obsgen-tmp-12/prometheus/rules/a.yml", "/p/catalog/.out.obsgen-old-7/catalog.json", "/p/catalog/.out.obsgen-lock"]) {
      expect(isScratchPath(p)).toBe(true);
      expect(relevantChange(p, ["/p/catalog/out"])).toBe(false);
    }
    expect(relevantChange("/p/catalog/services/api.ts", ["/p/catalog/out"])).toBe(true);
    expect(relevantChange(`/p/catalog/out/${OUT_MARKER}`, ["/p/catalog/out"])).toBe(false);
  });
});
