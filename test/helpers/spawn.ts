/**
 * Runs a program without blocking the test worker. vitest's worker answers its main process over
 * an RPC whose calls time out after 60 s; a worker stuck in `spawnSync` for longer (tsc on the whole
 * project, or a cold cargo build, on a loaded two-core machine) cannot read the answer in time, and
 * vitest then fails the run though every test passed. Long tool runs therefore go through here.
 */
import { spawn } from "node:child_process";

export interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the program could not be started or was killed by `timeout`. */
  readonly error?: Error;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Milliseconds before the program is killed (a hang, not slowness): none by default. */
  readonly timeout?: number;
}

export function run(command: string, args: readonly string[], opts: RunOptions = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let error: Error | undefined;
    const timer = opts.timeout
      ? setTimeout(() => {
          error = new Error(`${command} did not finish within ${opts.timeout} ms`);
          child.kill("SIGKILL");
        }, opts.timeout)
      : undefined;
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      error = e;
    });
    child.on("close", (status) => {
      if (timer) clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), ...(error ? { error } : {}) });
    });
  });
}
