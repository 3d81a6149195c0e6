#!/usr/bin/env node
// Entry point of the obsgen command. The CLI is bundled into dist/ on install (npm's prepare step).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write("obsgen: dist/cli.js is missing; run `npm run build` (npm ci runs it for you).\n");
  process.exit(2);
}
// A reader that closes the pipe early (`obsgen lint | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
