import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/.tmp/**", "out/**", "dist/**"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Tool-backed tests spawn promtool, tsc and cargo; two cores, so keep parallelism modest.
    poolOptions: { forks: { singleFork: false, maxForks: 2 } },
    pool: "forks",
  },
});
