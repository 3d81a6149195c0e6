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
// Output that cannot be written otherwise (`> file` on a full disk) is the user's situation, not
// a bug: one line saying so, exit 1 (silently when standard error itself is what fails).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      try {
        process.stderr.write(
          `obsgen: cannot write to standard output: ${e.message}\n  hint: check where the output goes (a full disk, a file that cannot be written)\n`,
        );
      } catch {
        // nothing more to say it with
      }
    }
    process.exit(1);
  });
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
