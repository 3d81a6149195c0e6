/**
 * The fast tier's guard, in each test file's process (vitest.fast.config.ts): the tools' stand-ins
 * (fast-tier-global.ts) go first on PATH, for this process and every program it starts (obsgen's
 * binary runs promtool by name); a tool started by its path (`node …/typescript/bin/tsc`,
 * `/usr/bin/promtool`) is refused here. After the file, any tool run recorded for it fails it.
 */
import { readFileSync } from "node:fs";
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import { afterAll, beforeAll, inject } from "vitest";
import { toolOfProgram } from "./tier-tools.js";

const bin = inject("fastTierBin");
const log = inject("fastTierLog");
if (!(process.env.PATH ?? "").startsWith(`${bin}:`)) process.env.PATH = `${bin}:${process.env.PATH ?? ""}`;

/** The tool a spawn runs by path (a bare name goes through PATH to a stand-in), if any. */
function toolRunByPath(command: unknown, args: unknown): string | null {
  if (typeof command !== "string") return null;
  if (command.includes("/")) {
    const tool = toolOfProgram(command);
    if (tool) return tool;
  }
  if ((command === process.execPath || command === "node") && Array.isArray(args) && typeof args[0] === "string") return toolOfProgram(args[0]);
  return null;
}

const guarded = childProcess as unknown as Record<string, unknown> & { __fastTierGuard?: true };
if (!guarded.__fastTierGuard) {
  guarded.__fastTierGuard = true;
  for (const name of ["spawn", "spawnSync", "execFile", "execFileSync"] as const) {
    const original = childProcess[name] as (...a: unknown[]) => unknown;
    guarded[name] = function guardedSpawn(this: unknown, ...a: unknown[]) {
      const tool = toolRunByPath(a[0], a[1]);
      if (tool)
        throw new Error(
          `${tool} is not run in the fast test tier (npm run test:fast): test/helpers/tiers.ts should have put ${process.env.OBSGEN_TIER_FILE} in the tools tier; npm test runs it`,
        );
      return original.apply(this, a);
    };
  }
  syncBuiltinESMExports();
}

beforeAll((file) => {
  process.env.OBSGEN_TIER_FILE = "filepath" in file && typeof file.filepath === "string" ? file.filepath : file.name;
});

afterAll(() => {
  const file = process.env.OBSGEN_TIER_FILE;
  const runs = readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l.split("\t")[0] === file)
    .map((l) => l.split("\t")[1]);
  if (runs.length > 0) throw new Error(`${file} ran external tools, which the fast tier does without: ${runs.join("; ")}`);
});
