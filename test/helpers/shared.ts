/**
 * Tests backed by the data in `../shared` beside the checkout (the rule corpus, Prometheus's
 * conformance tables, the specification). A user's clone has no `../shared`: there a test that
 * needs it skips visibly, saying what is missing and where it was looked for; with
 * OBSGEN_REQUIRE_TOOLS=1 (CI, which lays shared/ beside the clone) it fails instead.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { ROOT } from "./cli.js";
import { toolsRequired } from "./tools.js";

/** The folder beside the checkout that holds the shared test data. */
export const SHARED = join(ROOT, "..", "shared");

/** `describe` that runs only when `../shared/<path>` exists (`what` names it for the skip line). */
export function describeWithShared(path: string, what: string, name: string, fn: () => void): void {
  const full = join(SHARED, path);
  if (existsSync(full)) {
    describe(name, fn);
    return;
  }
  const message = `${what} not found at ${full} (lay shared/ beside the checkout to run it)`;
  if (toolsRequired) {
    describe(name, () => {
      it(`needs ${what}`, () => {
        throw new Error(`${message} (OBSGEN_REQUIRE_TOOLS=1 turns this skip into a failure)`);
      });
    });
  } else {
    console.warn(`[skipped] ${name}: ${message}`);
    // Not `describe.skip(name, fn)`: vitest still runs a skipped suite's body to collect its
    // tests, and a body that reads the missing data at collection would fail the file.
    describe.skip(`${name} (skipped: ${what} not found)`, () => {
      it(`needs ${what}`, () => {});
    });
  }
}
