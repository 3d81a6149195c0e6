/**
 * `obsgen build --watch` through the real binary, on a real file system: it rebuilds after every
 * save however it is made (`sed -i`, a rename over the file, a write in place), exactly once per
 * save, announcing the file saved and never an editor's or sed's temporary file; a save that breaks
 * the catalog is reported and watching goes on; SIGINT stops it with exit code 0.
 *
 * Every wait ends on the process's output (or its exit), never on a clock; the time-out of each
 * is only there to end a hang, generous enough that a busy machine never reaches it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, utimesSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { relevantChange, watchBuild } from "../../src/cli/watch.js";
import { displayPath } from "../../src/io/system-error.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { BIN, runBinaryAsync, tempDir } from "../helpers/cli.js";

/** Ends a wait that would otherwise hang; never reached by a slow but working watch. */
const HANG_MS = 600_000;

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = null;
});

/** A watch process and the lines it printed, with waits that end when a new line (or its exit) satisfies them. */
function startWatch(args: string[], cwd: string) {
  const proc = spawn(process.execPath, [BIN, "build", "--watch", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
  child = proc;
  const stdout: string[] = [];
  const stderr: string[] = [];
  const checks = new Set<() => void>();
  const follow = (stream: NodeJS.ReadableStream, lines: string[]) => {
    let partial = "";
    stream.on("data", (chunk) => {
      const parts = (partial + String(chunk)).split("\n");
      partial = parts.pop()!;
      lines.push(...parts);
      for (const check of [...checks]) check();
    });
  };
  follow(proc.stdout!, stdout);
  follow(proc.stderr!, stderr);
  const exited = new Promise<number | null>((resolve) =>
    proc.on("exit", (code) => {
      resolve(code);
      for (const check of [...checks]) check();
    }),
  );
  const output = () => `stdout:\n${stdout.join("\n")}\nstderr:\n${stderr.join("\n")}`;
  const until = (what: string, cond: () => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        checks.delete(check);
      };
      const check = () => {
        if (cond()) {
          done();
          resolve();
        } else if (proc.exitCode !== null || proc.signalCode !== null) {
          done();
          reject(new Error(`the watch exited while waiting for ${what}; it printed:\n${output()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no sign of ${what} after ${HANG_MS / 1000} s; the watch printed:\n${output()}`));
      }, HANG_MS);
      checks.add(check);
      check();
    });
  /** The rebuild announcements, and how many builds have ended (each ends with "watching for changes"). */
  const rebuilds = () => stderr.filter((l) => /^obsgen build --watch: .* rebuilding$/.test(l));
  const builds = () => stderr.filter((l) => l === "obsgen build --watch: watching for changes (Ctrl-C stops)").length;
  return { proc, stdout, stderr, exited, output, until, rebuilds, builds };
}

/**
 * A catalog of two files: catalog/index.ts, which imports catalog/services/checkout.ts. Each
 * carries a marker `(save N)` that lands in out/catalog.json, so the output tells which save a
 * build saw.
 */
function twoFileCatalog(): { dir: string; entry: string; service: string } {
  const c = baseCatalog();
  c.services[0].alerts[0].summary = "Checkout is slow (save 0)";
  c.services[1].description = "Payments API (save 0)";
  const { dir, entry } = writeCatalog(
    `import checkout from "./services/checkout";\n\nexport default ${JSON.stringify({ ...c, services: ["CHECKOUT", c.services[1]] }, null, 2).replace('"CHECKOUT"', "checkout")};\n`,
  );
  mkdirSync(join(dir, "catalog", "services"));
  const service = join(dir, "catalog", "services", "checkout.ts");
  writeFileSync(service, `export default ${JSON.stringify(c.services[0], null, 2)};\n`);
  return { dir, entry, service };
}

const MARKER = /\(save \d+\)/;

/** Three ways a file gets saved, each replacing the file's marker (or, with `text`, its whole content). */
const saves = {
  /** `sed -i`: GNU sed writes a temporary file (sedXXXXXX) beside the file and renames it over the file. */
  sed(file: string, n: number, script = `s/\\(save [0-9]+\\)/(save ${n})/`): void {
    const r = spawnSync("sed", ["-E", "-i", script, file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  },
  /** An editor's atomic save (vim with backupcopy=no, VS Code, JetBrains): a new file renamed over the old one. */
  rename(file: string, n: number, text = readFileSync(file, "utf8").replace(MARKER, `(save ${n})`)): void {
    const tmp = `${file}.${process.pid}.${n}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  },
  /** A write in place: `writeFileSync` (open with O_TRUNC, write) on even saves, ftruncate then write on odd ones. */
  inPlace(file: string, n: number, text = readFileSync(file, "utf8").replace(MARKER, `(save ${n})`)): void {
    if (n % 2 === 0) {
      writeFileSync(file, text);
      return;
    }
    const fd = openSync(file, "r+");
    try {
      ftruncateSync(fd, 0);
      writeSync(fd, text, 0);
    } finally {
      closeSync(fd);
    }
  },
};

describe("obsgen build --watch", () => {
  it("rebuilds exactly once after every save by sed -i, by a rename over the file and by a write in place, and the output is up to date", async () => {
    const { dir, entry, service } = twoFileCatalog();
    const out = join(dir, "out");
    const w = startWatch(["--catalog", entry, "--out", out], dir);
    await w.until("the first build and the watch", () => w.builds() === 1);
    const catalogJson = () => readFileSync(join(out, "catalog.json"), "utf8");
    expect(catalogJson()).toContain("(save 0)");

    // Each save: one more rebuild, announcing the saved file, whose output holds the saved marker.
    // A write in place is two system calls (truncate, write): on a machine so busy that the writer
    // is descheduled between them for longer than the watch's quiet period, the watch sees the
    // emptied file, which is a real state of it. That build fails (reported), and the completed
    // write rebuilds once more: allowed for writes in place only, and only after a failed build.
    let n = 0;
    let extra = 0;
    const expectOneRebuild = async (file: string, how: string) => {
      const shown = file === entry ? "catalog/index.ts" : "catalog/services/checkout.ts";
      const failedBefore = w.stderr.filter((l) => /nothing was written/.test(l)).length;
      await w.until(`the rebuild after save ${n} (${how} on ${shown})`, () => w.builds() >= n + extra + 1 && catalogJson().includes(`(save ${n})`));
      const seenHalfWritten = how.startsWith("write in place") && w.stderr.filter((l) => /nothing was written/.test(l)).length > failedBefore;
      if (seenHalfWritten && w.rebuilds().length === n + extra + 1) extra++;
      expect(w.rebuilds(), w.output()).toHaveLength(n + extra);
      expect(w.rebuilds().at(-1)).toBe(`obsgen build --watch: ${shown} changed; rebuilding`);
      expect(catalogJson(), `save ${n} (${how} on ${shown})`).toContain(`(save ${n})`);
    };
    for (let round = 0; round < 10; round++) {
      saves.sed(service, ++n);
      await expectOneRebuild(service, "sed -i");
      saves.rename(entry, ++n);
      await expectOneRebuild(entry, "rename over");
      saves.inPlace(service, ++n);
      await expectOneRebuild(service, "write in place");
      saves.inPlace(entry, ++n);
      await expectOneRebuild(entry, "write in place");
    }

    // A save that breaks the catalog is reported; the output stays; fixing it rebuilds.
    const good = readFileSync(service, "utf8");
    saves.sed(service, ++n, "s/^export default \\{$/export default {{/");
    await w.until("the report of the syntax error", () => w.builds() === n + extra + 1);
    expect(w.stderr.join("\n")).toMatch(/error catalog\/services\/checkout\.ts:1:\d+: the catalog does not compile/);
    expect(w.stderr.join("\n")).toMatch(/nothing was written/);
    saves.rename(service, ++n, good.replace(MARKER, `(save ${n})`));
    await expectOneRebuild(service, "rename over (the fix)");

    const fine = readFileSync(entry, "utf8");
    saves.inPlace(entry, ++n, fine.replace('"metricsPort": 8081', '"metricsPort": "eighty"'));
    await w.until("the report of the schema error", () => w.builds() === n + extra + 1);
    expect(w.stderr.join("\n")).toMatch(/error catalog\/index\.ts: services\.payments\.metricsPort.*\[catalog\/schema\]/);
    saves.sed(entry, ++n, `s/"eighty"/8081/; s/\\(save [0-9]+\\)/(save ${n})/`);
    await expectOneRebuild(entry, "sed -i (the fix)");

    w.proc.kill("SIGINT");
    expect(await w.exited).toBe(0);
    expect(w.stderr).toContain("obsgen build --watch: stopped");
    // One rebuild per save (plus any half-written state seen, above), each announcing a file of
    // the catalog: never sed's or the editors' temporary files.
    expect(w.rebuilds(), w.output()).toHaveLength(n + extra);
    for (const line of w.rebuilds()) expect(line).toMatch(/^obsgen build --watch: catalog\/(index|services\/checkout)\.ts changed; rebuilding$/);
    expect(w.output()).not.toMatch(/sed[A-Za-z0-9]{6}|\.tmp\b/);

    const check = await runBinaryAsync(["build", "--check", "--catalog", entry, "--out", out], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/out\/ is up to date/);
  });

  it("rebuilds when the config is written, broken or fixed, when a module an import names appears or changes, and when a folder is replaced", async () => {
    const { dir, entry, service } = twoFileCatalog();
    const out = join(dir, "out");
    const w = startWatch(["--catalog", entry, "--out", out], dir);
    await w.until("the first build and the watch", () => w.builds() === 1);
    const rules = () => readFileSync(join(out, "prometheus", "rules", "shop_high_priority.yml"), "utf8");

    // A config written while watching is read by the next build: its runbooks.baseUrl lands in the rules.
    const config = join(dir, "obsgen.config.ts");
    writeFileSync(config, `export default { runbooks: { baseUrl: "https://runbooks.example/shop" } };\n`);
    await w.until("the rebuild after the config was written", () => w.builds() === 2);
    expect(w.rebuilds().at(-1)).toBe("obsgen build --watch: obsgen.config.ts changed; rebuilding");
    expect(rules()).toContain("https://runbooks.example/shop/checkout-slow");

    // A broken config is reported and watching goes on; fixing it rebuilds.
    saves.rename(config, 1, `export default { runbooks: { baseUrl: 42 } };\n`);
    await w.until("the report of the broken config", () => w.builds() === 3);
    expect(w.stderr.join("\n")).toMatch(/error obsgen\.config\.ts: runbooks\.baseUrl: .*\[config\/schema\]/);
    saves.sed(config, 2, 's/42/"https:\\/\\/runbooks.example\\/fixed"/');
    await w.until("the rebuild after the config was fixed", () => w.builds() === 4);
    expect(w.rebuilds().at(-1)).toBe("obsgen build --watch: obsgen.config.ts changed; rebuilding");
    expect(rules()).toContain("https://runbooks.example/fixed/checkout-slow");

    // An import of a module not written yet fails the build; writing the module rebuilds, and so
    // does every save of it from then on.
    const text = readFileSync(service, "utf8");
    saves.rename(service, 3, `import { action } from "../owners";\n${text.replace('"action": "Check the database"', '"action": action')}`);
    await w.until("the report of the unresolved import", () => w.builds() === 5);
    expect(w.stderr.join("\n")).toMatch(/error catalog\/services\/checkout\.ts:1:\d+: the catalog does not compile: Could not resolve "\.\.\/owners"/);
    const owners = join(dir, "catalog", "owners.ts");
    writeFileSync(owners, `export const action = "Page the database team (save 4)";\n`);
    await w.until("the rebuild after the imported module was written", () => w.builds() === 6);
    expect(w.rebuilds().at(-1)).toBe("obsgen build --watch: catalog/owners.ts changed; rebuilding");
    expect(readFileSync(join(out, "catalog.json"), "utf8")).toContain("Page the database team (save 4)");
    saves.sed(owners, 5);
    await w.until("the rebuild after the imported module changed", () => w.builds() === 7);
    expect(w.rebuilds().at(-1)).toBe("obsgen build --watch: catalog/owners.ts changed; rebuilding");
    expect(readFileSync(join(out, "catalog.json"), "utf8")).toContain("Page the database team (save 5)");

    // The folder of a watched file replaced whole, as a checkout of another branch does: the file
    // in the new folder is watched from then on.
    const services = join(dir, "catalog", "services");
    const next = join(dir, "catalog", "services-next");
    mkdirSync(next);
    writeFileSync(join(next, "checkout.ts"), readFileSync(service, "utf8").replace(MARKER, "(save 6)"));
    rmSync(services, { recursive: true });
    renameSync(next, services);
    await w.until("the rebuild after the folder was replaced", () => w.builds() === 8);
    expect(w.rebuilds().at(-1)).toBe("obsgen build --watch: catalog/services/checkout.ts changed; rebuilding");
    expect(readFileSync(join(out, "catalog.json"), "utf8")).toContain("Checkout is slow (save 6)");
    saves.sed(service, 7);
    await w.until("the rebuild after a save in the new folder", () => w.builds() === 9);
    expect(readFileSync(join(out, "catalog.json"), "utf8")).toContain("Checkout is slow (save 7)");

    w.proc.kill("SIGINT");
    expect(await w.exited).toBe(0);
    expect(w.rebuilds(), w.output()).toHaveLength(8);
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

/**
 * `watchBuild` in this process, on a real folder, with a build that records the content it read:
 * two files, a.ts and b.ts, stand for the catalog.
 */
function watchInProcess(during?: (build: number) => void) {
  const dir = tempDir("obsgen-watch-");
  const a = join(dir, "a.ts");
  const b = join(dir, "b.ts");
  writeFileSync(a, "export const a = 0;\n");
  writeFileSync(b, "export const b = 0;\n");
  const lines: string[] = [];
  const seen: string[] = [];
  const waiters = new Set<() => void>();
  const abort = new AbortController();
  const watching = watchBuild(
    {
      files: [a, b],
      ignore: [],
      signal: abort.signal,
      build: async () => {
        seen.push(readFileSync(a, "utf8") + readFileSync(b, "utf8"));
        during?.(seen.length);
        for (const w of [...waiters]) w();
        return { code: 0, files: [a, b], complete: true };
      },
    },
    { out: (l) => lines.push(l), err: (l) => lines.push(l) },
  );
  /** Resolves once `n` builds have run; the time-out only ends a hang. */
  const builds = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no build ${n} after ${HANG_MS / 1000} s:\n${lines.join("\n")}`)), HANG_MS);
      const check = () => {
        if (seen.length < n) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const rebuilds = () => lines.filter((l) => l.endsWith("rebuilding"));
  const stop = async () => {
    abort.abort();
    return watching;
  };
  return { dir, a, b, seen, builds, rebuilds, stop };
}

describe("watchBuild", () => {
  it("builds once more after saves made while a build runs, from the last of them", async () => {
    // Build 2 runs while a.ts is saved four more times (renamed over and written in place).
    const w = watchInProcess((n) => {
      if (n !== 2) return;
      for (let i = 2; i <= 5; i++) saves[i % 2 === 0 ? "rename" : "inPlace"](w.a, i, `export const a = ${i};\n`);
    });
    await w.builds(1);
    saves.inPlace(w.a, 0, "export const a = 1;\n");
    await w.builds(3);
    expect(w.seen[2]).toBe("export const a = 5;\nexport const b = 0;\n");
    // The next build is b.ts's save: no second build followed for the saves of a.ts.
    saves.rename(w.b, 6, "export const b = 6;\n");
    await w.builds(4);
    expect(await w.stop()).toBe(0);
    expect(w.seen).toHaveLength(4);
    expect(w.rebuilds()).toEqual([
      `obsgen build --watch: ${displayed(w.a)} changed; rebuilding`,
      `obsgen build --watch: ${displayed(w.a)} changed; rebuilding`,
      `obsgen build --watch: ${displayed(w.b)} changed; rebuilding`,
    ]);
  });

  it("does not rebuild for a touch, nor for temporary files beside the watched ones", async () => {
    const w = watchInProcess();
    await w.builds(1);
    utimesSync(w.a, new Date(), new Date(Date.now() + 5_000));
    writeFileSync(join(w.dir, "a.ts.tmp"), "export const a = 9;\n");
    writeFileSync(join(w.dir, "sedAbC123"), "export const a = 9;\n");
    writeFileSync(join(w.dir, "c.ts"), "export const c = 9;\n");
    saves.inPlace(w.b, 2, "export const b = 2;\n");
    await w.builds(2);
    expect(await w.stop()).toBe(0);
    // Only b.ts's save rebuilt: the touched a.ts has the content the first build read, and the
    // other files are no file the build read.
    expect(w.rebuilds()).toEqual([`obsgen build --watch: ${displayed(w.b)} changed; rebuilding`]);
    expect(w.seen).toHaveLength(2);
  });
});

/** A path as the watch shows it: relative to the working directory's real path when inside it, else absolute. */
function displayed(path: string): string {
  return displayPath(join(realpathSync(dirname(path)), basename(path)), realpathSync(process.cwd()));
}
