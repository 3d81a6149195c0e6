import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/.tmp/**", "out/**", "dist/**"],
    globalSetup: ["test/helpers/global-setup.ts"],
    // Time-outs only catch a hang: a test must never fail because the machine is busy (two cores
    // shared with cargo, tsc and promtool can run a test ten times slower than when idle). No test
    // sets a shorter one of its own.
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    // Tool-backed tests spawn promtool, tsc and cargo; two cores, so keep parallelism modest.
    // A worker runs its test files in one module graph (isolate: false): importing obsgen's sources
    // again for each of 225 files was a third of the suite's CPU. Tests restore what they change
    // (spies with mockRestore in afterEach or finally, process.chdir in finally).
    poolOptions: { forks: { singleFork: false, maxForks: 2, isolate: false } },
    pool: "forks",
  },
});
