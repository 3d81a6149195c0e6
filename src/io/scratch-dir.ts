/**
 * A scratch folder under the OS temp folder, for files another program reads (promtool's rule
 * tests, a catalog read from a git revision): made, handed to the work, and removed afterwards
 * whatever the work did. Its path has symlinks resolved (macOS's /var is /private/var), so paths
 * under it compare equal to the ones a bundler or child process reports.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { EmittedFile } from "../emit/serialize.js";

export interface ScratchDir {
  /** Absolute path of the folder. */
  readonly path: string;
  /** Writes a file at a path relative to the folder, making its folders. */
  write(rel: string, contents: string | Uint8Array): void;
  /** Writes emitted files (relative path and contents) into the folder. */
  writeAll(files: readonly EmittedFile[]): void;
  /** Links a folder in (`node_modules`), so modules under the scratch folder resolve packages. */
  linkDir(rel: string, target: string): void;
}

/** Runs `work` with a new scratch folder named `<prefix>XXXXXX`, then removes the folder. */
export async function withScratchDir<T>(prefix: string, work: (dir: ScratchDir) => Promise<T>): Promise<T> {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const write = (rel: string, contents: string | Uint8Array) => {
    const target = join(path, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, contents);
  };
  const dir: ScratchDir = {
    path,
    write,
    writeAll: (files) => {
      for (const f of files) write(f.path, f.contents);
    },
    linkDir: (rel, target) => symlinkSync(target, join(path, rel), "dir"),
  };
  try {
    return await work(dir);
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}
