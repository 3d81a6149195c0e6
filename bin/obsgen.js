#!/usr/bin/env node
// Entry point of the obsgen command. The CLI is bundled into dist/ on install (npm's prepare step).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write("obsgen: dist/cli.js is missing; run `npm run build` (npm ci runs it for you).\n");
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
