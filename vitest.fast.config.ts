/**
 * The fast test tier (`npm run test:fast`): every test file that needs no external tool, for a
 * contributor's quick loop. Which files those are is derived from the code (test/helpers/tiers.ts);
 * the tools' stand-ins on PATH (test/helpers/fast-tier-*.ts) fail a file the derivation missed.
 * `npm test` (vitest.config.ts) runs everything, and is what CI runs.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig } from "vitest/config";
import { toolTierFiles } from "./test/helpers/tiers.js";
import base from "./vitest.config.js";

const root = dirname(fileURLToPath(import.meta.url));

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: toolTierFiles(root),
      globalSetup: ["test/helpers/fast-tier-global.ts"],
      setupFiles: ["test/helpers/fast-tier-setup.ts"],
    },
  }),
);
