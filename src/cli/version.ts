/**
 * obsgen's version, as package.json gives it: `--version` prints it and SARIF names it as the tool's.
 * scripts/build.mjs reads package.json when it bundles the CLI and defines `OBSGEN_VERSION`; run from
 * source (tests), there is no bundle, so package.json is read here instead.
 */
import { readFileSync } from "node:fs";

declare const OBSGEN_VERSION: string | undefined;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export const VERSION: string = typeof OBSGEN_VERSION === "string" ? OBSGEN_VERSION : packageVersion();
