/**
 * The fast tier's guard, main-process half (vitest.fast.config.ts): stand-ins for every external
 * tool (test/helpers/tiers.ts), put first on PATH by fast-tier-setup.ts. A stand-in runs nothing:
 * it says the tool is not part of the fast tier, records who ran it, and exits 127, so a test
 * file that runs a tool fails in `npm run test:fast` however the analysis missed it.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ROOT } from "./cli.js";
import { TOOLS } from "./tier-tools.js";

declare module "vitest" {
  export interface ProvidedContext {
    fastTierBin: string;
    fastTierLog: string;
  }
}

export default function setup(project: TestProject): () => void {
  mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, "test", ".tmp", "fast-tier-"));
  const bin = join(dir, "bin");
  const log = join(dir, "tool-runs.log");
  mkdirSync(bin);
  writeFileSync(log, "");
  for (const tool of [...TOOLS, "prometheus-alertmanager"]) {
    const file = join(bin, tool);
    writeFileSync(
      file,
      [
        "#!/bin/sh",
        `echo "${tool} is not run in the fast test tier (npm run test:fast): test/helpers/tiers.ts should have put \${OBSGEN_TIER_FILE:-this test file} in the tools tier; npm test runs it" >&2`,
        `printf '%s\\t%s\\n' "\${OBSGEN_TIER_FILE:-?}" "${tool} $*" >> "${log}"`,
        "exit 127",
        "",
      ].join("\n"),
    );
    chmodSync(file, 0o755);
  }
  project.provide("fastTierBin", bin);
  project.provide("fastTierLog", log);
  return () => rmSync(dir, { recursive: true, force: true });
}
