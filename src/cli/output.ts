/**
 * The global output flags: `--quiet` (errors only), `--verbose` (timings per stage, on stderr)
 * and colour (only on a terminal, never with NO_COLOR). Commands receive them as data.
 */

/** Where a command prints: standard output and standard error, a line at a time. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface GlobalFlags {
  readonly config?: string;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

/**
 * Colour only when writing to a terminal and NO_COLOR is unset or empty (https://no-color.org:
 * "when present and not an empty string, prevents the addition of ANSI color").
 */
export function colorEnabled(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(isTTY) && !(env.NO_COLOR !== undefined && env.NO_COLOR !== "");
}

/** An Io that drops everything (for notices under `--quiet`). */
export const SILENT_IO: Io = { out: () => {}, err: () => {} };

/**
 * Stage timings for `--verbose`: `obsgen: <stage> took <n> ms` on stderr after each stage.
 * The clock is injected so tests can run it without real time.
 */
export class Timings {
  constructor(
    private readonly io: Io,
    private readonly enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {}

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.report(stage, start);
    }
  }

  timeSync<T>(stage: string, fn: () => T): T {
    const start = this.now();
    try {
      return fn();
    } finally {
      this.report(stage, start);
    }
  }

  private report(stage: string, start: number): void {
    if (this.enabled) this.io.err(`obsgen: ${stage} took ${Math.round(this.now() - start)} ms`);
  }
}

/** Timings that print nothing. */
export const NO_TIMINGS = new Timings(SILENT_IO, false);
