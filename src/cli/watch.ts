/**
 * `obsgen build --watch`: build once, then rebuild whenever a file in the catalog's folder (or the
 * config file) changes, debounced so an editor's save burst is one rebuild. Each rebuild prints
 * its findings like `obsgen build`; a failing build is reported and watching goes on. SIGINT (or
 * the given abort signal) stops watching; the exit code is then 0.
 */
import { type FSWatcher, statSync, watch } from "node:fs";
import { basename, dirname, relative, resolve, sep } from "node:path";
import { isScratchPath } from "../io/out-dir.js";
import { systemErrorDiagnostic } from "../io/system-error.js";
import type { Io } from "./output.js";
import { renderDiagnostic } from "./render.js";

export interface WatchOptions {
  /** Folders watched recursively and single files watched (absolute or relative to the working directory). */
  readonly paths: readonly string[];
  /** Folders whose changes are ignored (the output folder, when it sits inside the catalog's). */
  readonly ignore: readonly string[];
  /** One build; returns its exit code. */
  readonly build: () => Promise<number>;
  /** Quiet period after the last change before rebuilding. @default 150 */
  readonly debounceMs?: number;
  /** Stops watching when aborted (tests); SIGINT stops it too. */
  readonly signal?: AbortSignal;
  readonly quiet?: boolean;
}

/**
 * Whether a changed file is worth a rebuild: not inside an ignored folder, nor in the scratch
 * folders and lock a build writes beside its output folder, not an editor's temp or hidden file.
 */
export function relevantChange(file: string, ignore: readonly string[]): boolean {
  const abs = resolve(file);
  if (ignore.some((d) => abs === resolve(d) || abs.startsWith(resolve(d) + sep))) return false;
  if (isScratchPath(abs)) return false;
  const name = basename(abs);
  if (name.startsWith(".") || name.endsWith("~") || /\.(swp|swx|tmp)$/.test(name) || /^\d+$/.test(name)) return false;
  return !abs.split(sep).includes("node_modules");
}

export async function watchBuild(opts: WatchOptions, io: Io): Promise<number> {
  const debounceMs = opts.debounceMs ?? 150;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let changed = new Set<string>();

  const rebuild = async (): Promise<void> => {
    if (running) {
      // A change during a build: build once more when it is done.
      again = true;
      return;
    }
    const files = [...changed].sort();
    changed = new Set();
    if (!opts.quiet) io.err(`obsgen build --watch: ${files.length ? `${files.join(", ")} changed; ` : ""}rebuilding`);
    running = opts.build().then(
      () => undefined,
      (e: unknown) => {
        // A file system failure is reported like any failed build, and watching goes on.
        const d = systemErrorDiagnostic(e);
        if (d) io.err(renderDiagnostic(d));
        else io.err(`obsgen build --watch: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      },
    );
    await running;
    running = null;
    if (!opts.quiet) io.err("obsgen build --watch: watching for changes (Ctrl-C stops)");
    if (again) {
      again = false;
      await rebuild();
    }
  };

  const onChange = (root: string, isDir: boolean) => (_event: string, name: string | Buffer | null) => {
    const file = isDir ? resolve(root, name ? String(name) : ".") : resolve(root);
    if (!relevantChange(file, opts.ignore)) return;
    changed.add(relative(process.cwd(), file) || file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void rebuild();
    }, debounceMs);
  };

  await opts.build();
  const watchers: FSWatcher[] = [];
  for (const p of opts.paths) {
    const isDir = statSync(p).isDirectory();
    // A single file is watched through its folder: editors replace files on save, which ends a
    // watch on the file itself.
    const w = isDir
      ? watch(p, { recursive: true }, onChange(p, true))
      : watch(dirname(p), {}, (e, name) => {
          if (name !== null && String(name) === basename(p)) onChange(p, false)(e, name);
        });
    watchers.push(w);
  }
  if (!opts.quiet) io.err("obsgen build --watch: watching for changes (Ctrl-C stops)");

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
  if (timer) clearTimeout(timer);
  for (const w of watchers) w.close();
  if (running) await running;
  if (!opts.quiet) io.err("obsgen build --watch: stopped");
  return 0;
}
