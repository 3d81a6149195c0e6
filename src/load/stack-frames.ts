/**
 * The frames of a V8 stack trace, as Node formats them (and Vite's source-map support under
 * vitest): `    at fn (/abs/file.ts:12:3)`, `    at /abs/file.ts:12:3`, or a `file://` URL in place
 * of the path. With source maps enabled the locations are the catalog's own files, not its bundle.
 */
import { fileURLToPath } from "node:url";

export interface Frame {
  /** Absolute path of the file. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

/** `at name (location)` first, so a path holding spaces or parentheses stays whole; then `at location`. */
const NAMED = /^\s*at (?:.*?) \((.+):(\d+):(\d+)\)$/;
const BARE = /^\s*at (.+):(\d+):(\d+)$/;

/** Every frame of `stack` with a file location (native and `eval` frames have none), top first. */
export function stackFrames(stack: string | undefined): Frame[] {
  const out: Frame[] = [];
  for (const text of (stack ?? "").split("\n")) {
    const m = NAMED.exec(text) ?? BARE.exec(text);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith("file://")) {
      try {
        file = fileURLToPath(file);
      } catch {
        continue;
      }
    } else if (!file.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(file)) continue;
    out.push({ file, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}
