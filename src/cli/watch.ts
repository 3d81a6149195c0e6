/**
 * `obsgen build --watch`: build once, then rebuild whenever a file the last build read changes:
 * the catalog's entry and every file it imports (esbuild's metafile inputs), and the config with
 * its imports. Each rebuild prints its findings like `obsgen build`; a failing build is reported
 * and watching goes on. SIGINT (or the given abort signal) stops watching; the exit code is then 0.
 *
 * How a save is seen, whatever way it is made. Each *folder* holding a watched file is watched
 * (not recursively), never the file itself: `sed -i`, vim (backupcopy=no), VS Code's and
 * JetBrains' safe writes replace a file by renaming a new one over it, and a watch on the old file
 * (its inode) goes quiet after the first such save. Node 20's recursive `fs.watch` on Linux
 * (lib/internal/fs/recursive_watch.js) watches files that way, which is why the catalog's folder
 * is no longer watched whole. A folder's events name the entry changed: only the names of watched
 * files count, so sed's `sedXXXXXX`, `.index.ts.swp`, `index.ts~` or `index.ts___jb_tmp___` never
 * trigger a build nor get announced. After a quiet period (one save is a burst of events), each
 * named file's content is hashed and compared with the content the last build started from: a
 * `touch`, or a burst that ends where it began, rebuilds nothing.
 */
import { createHash } from "node:crypto";
import { type FSWatcher, readFileSync, realpathSync, watch } from "node:fs";
import { basename, dirname, extname, join, resolve, sep } from "node:path";
import { isScratchPath } from "../io/out-dir.js";
import { displayPath, systemErrorDiagnostic } from "../io/system-error.js";
import type { Io } from "./output.js";
import { renderDiagnostic } from "./render.js";

/** What one build read: the files a change to which calls for the next build. */
export interface WatchedBuild {
  /** The build's exit code. */
  readonly code: number;
  /** Paths of the files the build read: the config and the catalog, each with the files it imports. */
  readonly files: readonly string[];
  /**
   * False when a module could not be loaded (a syntax error, an import that does not resolve), so
   * the files it imports are unknown: the files watched so far stay watched, and a source file
   * appearing beside them (the module an unresolved import names) counts too.
   */
  readonly complete: boolean;
}

export interface WatchOptions {
  /** The files to watch until the first build reports those it read (the catalog's entry, the config). */
  readonly files: readonly string[];
  /** Folders none of whose files count (the output folder, when it sits inside the catalog's). */
  readonly ignore: readonly string[];
  /** One build, and the files it read. */
  readonly build: () => Promise<WatchedBuild>;
  /** Quiet period after the last change before rebuilding. @default 150 */
  readonly debounceMs?: number;
  /** Stops watching when aborted (tests); SIGINT stops it too. */
  readonly signal?: AbortSignal;
  readonly quiet?: boolean;
}

/** The extensions esbuild resolves an import to by default (its `resolveExtensions`, plus the module variants). */
const SOURCE_EXTENSIONS = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"]);

/**
 * Whether a file that no build has read yet may be a module of the catalog: a source file, not
 * inside an ignored folder, nor in the scratch folders and lock a build writes beside its output
 * folder, not an editor's temp or hidden file.
 */
export function relevantChange(file: string, ignore: readonly string[]): boolean {
  const abs = resolve(file);
  if (ignore.some((d) => within(abs, resolve(d)))) return false;
  if (isScratchPath(abs)) return false;
  const name = basename(abs);
  if (name.startsWith(".") || name.startsWith("#") || !SOURCE_EXTENSIONS.has(extname(name))) return false;
  return !abs.split(sep).includes("node_modules");
}

/**
 * The content of a file as the watch compares it: a hash, `null` when it does not exist, or the
 * error that keeps it from being read (a build will report it).
 */
function fingerprint(path: string): string | null {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? null : `unreadable: ${code ?? String(e)}`;
  }
}

/** Whether `path` is `folder` or lies inside it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder + sep);
}

/**
 * A path with its folder's symlinks resolved, as esbuild reports inputs and as a folder's events
 * are joined to it, so one file has one key however it was named.
 */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

/** A watched file as the user knows it: relative to the working directory (its symlinks resolved, as the file's are), else absolute. */
function shown(path: string): string {
  let cwd = process.cwd();
  try {
    cwd = realpathSync(cwd);
  } catch {
    // a working directory that went away: absolute paths
  }
  return displayPath(path, cwd);
}

export async function watchBuild(opts: WatchOptions, io: Io): Promise<number> {
  const debounceMs = opts.debounceMs ?? 150;
  /**
   * The watched files, each with the content the last build started from (`fingerprint`);
   * `undefined` when unknown, which counts as changed.
   */
  const known = new Map<string, string | null | undefined>();
  /** Whether the last build knew every file it read (see `WatchedBuild.complete`). */
  let complete = true;
  /** Files named by events since the last look, to compare with what the last build started from. */
  const pending = new Set<string>();
  /** Paths named by events while a build runs: a file the build turns out to read is compared with nothing. */
  const namedDuringBuild = new Set<string>();
  const folders = new Map<string, FSWatcher>();
  let running: Promise<void> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
  };

  const onEvent = (folder: string) => (_event: string, name: string | Buffer | null) => {
    if (name === null) {
      // Linux names the entry in every event; without a name, look at every watched file here.
      for (const path of known.keys()) if (dirname(path) === folder) pending.add(path);
      schedule();
      return;
    }
    const path = join(folder, String(name));
    if (running) namedDuringBuild.add(path);
    if (known.has(path) || (!complete && relevantChange(path, opts.ignore))) {
      pending.add(path);
      schedule();
    } else if ([...wantedFolders()].some((f) => within(f, path))) {
      // A folder holding watched files was removed, replaced or restored (a checkout of another
      // branch): the watches inside it watch nothing any more. Watch the folders there anew, and
      // look at every watched file below it.
      for (const [f, w] of folders) {
        if (!within(f, path)) continue;
        w.close();
        folders.delete(f);
      }
      watchFolders();
      for (const p of known.keys()) if (within(p, path)) pending.add(p);
      schedule();
    }
  };

  const wantedFolders = () => new Set([...known.keys()].map(dirname));

  /** Watches the folder of every watched file, and no other. */
  const watchFolders = () => {
    const wanted = wantedFolders();
    for (const [folder, w] of folders) {
      if (!wanted.has(folder)) {
        w.close();
        folders.delete(folder);
      }
    }
    for (const folder of wanted) {
      if (folders.has(folder) || stopped) continue;
      try {
        const w = watch(folder, { persistent: true }, onEvent(folder));
        // The folder went away (its watch ends): the next build that reads files there watches it again.
        w.on("error", () => {
          w.close();
          if (folders.get(folder) === w) folders.delete(folder);
        });
        folders.set(folder, w);
      } catch {
        // A folder that does not exist (yet), such as a config's that is not there: nothing in it to
        // watch, and its files count again once a build reads them.
      }
    }
  };

  /** After a build: watch the files it read (with the content they have now) and stop watching the others. */
  const track = (built: WatchedBuild) => {
    const next = new Set(built.files.map(canonical));
    if (!built.complete) for (const path of known.keys()) next.add(path);
    complete = built.complete;
    for (const path of [...known.keys()]) if (!next.has(path)) known.delete(path);
    for (const path of next) {
      if (known.has(path)) continue;
      // A file first read by this build and saved while it ran may hold content the build did not
      // see: leave it unknown so it is built again.
      if (namedDuringBuild.has(path)) {
        known.set(path, undefined);
        pending.add(path);
      } else {
        known.set(path, fingerprint(path));
      }
    }
    watchFolders();
  };

  const build = async (changed: readonly string[] | null): Promise<void> => {
    if (changed && !opts.quiet) io.err(`obsgen build --watch: ${changed.map(shown).join(", ")} changed; rebuilding`);
    namedDuringBuild.clear();
    let built: WatchedBuild | undefined;
    try {
      built = await opts.build();
    } catch (e) {
      // A file system failure is reported like any failed build, and watching goes on.
      const d = systemErrorDiagnostic(e);
      if (d) io.err(renderDiagnostic(d));
      else io.err(`obsgen build --watch: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    // A build that threw read what the last one did, as far as the watch can tell.
    track(built ?? { code: 1, files: [], complete: false });
    if (!opts.quiet && !stopped) io.err("obsgen build --watch: watching for changes (Ctrl-C stops)");
  };

  /** The end of a quiet period: rebuild when a named file's content differs from what the last build started from. */
  function settle(): void {
    timer = null;
    // A change during a build is looked at when that build ends: at most one more build follows.
    if (running || stopped) return;
    const changed: string[] = [];
    for (const path of [...pending].sort()) {
      const now = fingerprint(path);
      const before = known.has(path) ? known.get(path) : null;
      if (now === before) continue;
      known.set(path, now);
      changed.push(path);
    }
    pending.clear();
    if (changed.length === 0) return;
    running = build(changed).finally(() => {
      running = null;
      if (pending.size > 0 && !stopped) schedule();
    });
  }

  // The first build, with the given files watched from before it starts so a save during it counts.
  for (const path of opts.files) known.set(canonical(path), fingerprint(canonical(path)));
  watchFolders();
  running = build(null).finally(() => {
    running = null;
    if (pending.size > 0 && !stopped) schedule();
  });
  await running;

  await new Promise<void>((done) => {
    const stop = () => {
      process.off("SIGINT", stop);
      opts.signal?.removeEventListener("abort", stop);
      done();
    };
    process.on("SIGINT", stop);
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener("abort", stop);
  });
  stopped = true;
  if (timer) clearTimeout(timer);
  for (const w of folders.values()) w.close();
  folders.clear();
  if (running) await running;
  if (!opts.quiet) io.err("obsgen build --watch: stopped");
  return 0;
}
