/**
 * Garbage collection tuned for linting large rule files, where V8's defaults (made for servers)
 * cost a CLI its memory: `obsgen lint` on 10,000 rules peaked near 210 MiB with a live heap under
 * 50 MiB. Two reasons, two settings, both for this process only and only for large inputs:
 *
 * - The young generation grows to 3 x 16 MiB under a high allocation rate, though what the lint
 *   allocates (tokens, syntax trees) dies young anyway: `--semi-space-growth-factor=1` keeps it at
 *   its starting size, for about 4% more time.
 * - The parse's YAML nodes are promoted to the old generation while the file is decoded, and are
 *   all garbage afterwards; V8 sets its next full-collection threshold far above them, so the heap
 *   grows past them instead of reusing them. One full collection once the files are loaded frees
 *   them (tens of milliseconds). The lint's own garbage (tokens, syntax trees) that survived the
 *   young generation piles up the same way: a second one once the lint is done, before the
 *   findings are formatted, took the 10,000-rule run's peak RSS from 174 to 167 MiB.
 *
 * `v8.setFlagsFromString` is Node's documented way to change V8 flags at run time; both flags
 * exist in every V8 Node 20+ ships. `gc` is reached the documented way too (`--expose-gc`), through
 * a new context, since this one was created before the flag was set.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Rule files from this size on are linted with the settings above. */
export const LARGE_INPUT_BYTES = 1024 * 1024;

/**
 * Input from which `obsgen lint` wants V8's optimising compiler (TurboFan). The CLI's loader starts
 * the lint without it (scripts/build.mjs): a short run is over before optimised code pays back
 * compiling it, which happens on another thread but takes CPU all the same. Measured on generated
 * rule files, CPU per run without TurboFan: 50 rules 0.70x, 1,000 rules (450 KiB) 0.88x, 2,200
 * rules (1 MiB) 1.15x, 10,000 rules over 2x; catalogs are linted with it (a 2,000-metric catalog
 * took 3x as long without).
 */
export const OPTIMIZE_FROM_BYTES = 256 * 1024;

/** Whether a lint of `bytes` of rule files and dashboards should run with TurboFan (a catalog's always does). */
export function lintWantsOptimizer(bytes: number): boolean {
  return bytes >= OPTIMIZE_FROM_BYTES;
}

/**
 * Turns V8's optimising compiler back on for the rest of the process (a no-op when it is on, as in
 * tests). The flag is read at each tiering decision, so functions already hot are optimised next.
 */
export function useOptimizer(): void {
  try {
    setFlagsFromString("--turbofan");
  } catch {
    // Without it the lint is slower on large inputs, never wrong.
  }
}

let collect: (() => void) | undefined;

/** Keeps the young generation small for the rest of the process, and readies {@link collectGarbage}. */
export function tuneHeapForLargeInput(): void {
  try {
    setFlagsFromString("--semi-space-growth-factor=1");
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    if (typeof gc === "function") collect = gc as () => void;
  } catch {
    collect = undefined;
  }
}

/** A full collection, when {@link tuneHeapForLargeInput} made one available. */
export function collectGarbage(): void {
  collect?.();
}
