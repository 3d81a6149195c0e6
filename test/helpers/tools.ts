/**
 * Tests backed by real tools (promtool, amtool, tsc, cargo). On a developer's machine a missing
 * tool skips its tests visibly, saying how to install it; with OBSGEN_REQUIRE_TOOLS=1 (CI) a
 * missing tool is a failing test instead.
 */
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";

const cache = new Map<string, boolean>();

export function hasTool(cmd: string): boolean {
  let ok = cache.get(cmd);
  if (ok === undefined) {
    ok = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).status === 0;
    cache.set(cmd, ok);
  }
  return ok;
}

export const INSTALL_HINTS: Record<string, string> = {
  promtool: "install it with `apt-get install prometheus`",
  amtool: "install it with `apt-get install prometheus-alertmanager`",
  prometheus: "install it with `apt-get install prometheus`",
  "prometheus-alertmanager": "install it with `apt-get install prometheus-alertmanager`",
  cargo: "install Rust's cargo and `apt-get install librust-prometheus-dev librust-lazy-static-dev`",
};

export const toolsRequired = process.env.OBSGEN_REQUIRE_TOOLS === "1";

/** `describe` that runs only when `cmd` is installed (and fails in CI when it is not). */
export function describeWithTool(cmd: string, name: string, fn: () => void): void {
  if (hasTool(cmd)) {
    describe(name, fn);
    return;
  }
  const message = `${cmd} not found: ${INSTALL_HINTS[cmd] ?? `install ${cmd}`}`;
  if (toolsRequired) {
    describe(name, () => {
      it(`needs ${cmd}`, () => {
        throw new Error(`${message} (OBSGEN_REQUIRE_TOOLS=1 turns this skip into a failure)`);
      });
    });
  } else {
    console.warn(`[skipped] ${name}: ${message}`);
    describe.skip(`${name} (skipped: ${message})`, fn);
  }
}
