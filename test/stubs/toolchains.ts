/**
 * Shared by the tests that build generated stubs with the real toolchains: cargo with Debian's
 * crates (offline) and one target folder for every cargo call of a run, and the next run too.
 *
 * A crate is written with a TEST-ONLY `.cargo/config.toml` that replaces crates.io by Debian's
 * directory registry (librust-prometheus-dev, librust-lazy-static-dev); the generated crate
 * itself names no source.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { EmittedFile } from "../../src/emit/index.js";
import { ROOT } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { writeEmitted } from "./exposition.js";

// rustup installs cargo in ~/.cargo/bin, which a non-login shell may not have on PATH.
const cargoBin = join(homedir(), ".cargo", "bin");
if (existsSync(join(cargoBin, "cargo")) && !(process.env.PATH ?? "").split(":").includes(cargoBin)) {
  process.env.PATH = `${cargoBin}:${process.env.PATH ?? ""}`;
}

export const DEBIAN_REGISTRY = "/usr/share/cargo/registry";
/** Where the Rust tests write their crates. */
export const RUST_WORK = join(ROOT, "test", ".tmp", "stubs-rust");
/** The one cargo target folder: the dependencies are built once. */
export const CARGO_TARGET = join(RUST_WORK, "target");
/** Cold builds of prometheus and the crate take a while on two cores. */
export const CARGO_TIMEOUT = 900_000;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs cargo in `cwd` with warnings as errors (dependencies' lints are capped by cargo anyway).
 * `env` adds to the environment: `CARGO_TERM_COLOR: "always"` keeps cargo from filtering its
 * stdout as a terminal would (without colour it drops DEL, for one, from `cargo metadata`).
 */
export async function cargo(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  // Asynchronous (test/helpers/spawn.ts): a cold build can outlast vitest's worker heartbeat.
  const r = await run("cargo", args, {
    cwd,
    timeout: CARGO_TIMEOUT,
    env: { ...process.env, CARGO_TARGET_DIR: CARGO_TARGET, CARGO_TERM_COLOR: "never", RUSTFLAGS: "-D warnings", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: `${r.stderr}${r.error ? String(r.error) : ""}` };
}

/** Writes the Rust crate of `files` to `dir` (emptied first), with the test-only source replacement. */
export function writeCrate(dir: string, files: readonly EmittedFile[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, ".cargo"), { recursive: true });
  writeEmitted(dir, files, "rust");
  writeFileSync(join(dir, ".cargo", "config.toml"), `[source.crates-io]\nreplace-with = "debian"\n\n[source.debian]\ndirectory = "${DEBIAN_REGISTRY}"\n`);
}
