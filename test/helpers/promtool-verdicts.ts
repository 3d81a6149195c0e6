/**
 * promtool's verdicts on many rule files from one process: the tests that compare obsgen's
 * verdict with promtool's on hundreds of files (test/lint/fuzz.test.ts, src/rulefile's YAML tests)
 * paid mostly for starting promtool once per file.
 */
import { run } from "./spawn.js";

/**
 * promtool 2.42's verdict on each file (accepted or not), as `promtool check rules <file>` alone
 * gives it (exit code 0 or not), from one promtool run over all of them. promtool checks the files one by one and prints `Checking <file>` on
 * stdout, then `  SUCCESS: <n> rules found` when the file has no error, then a blank line
 * (cmd/promtool/main.go, CheckRules, v2.42.0). Alone, a file whose only error is a lint finding
 * (duplicate rules) exits 0: `--lint=none` leaves the lint out, so that SUCCESS is printed exactly
 * when the file alone exits 0. A file the run gives no complete verdict for (had promtool crashed),
 * or every file when the exit code contradicts the verdicts, is checked alone.
 */
export async function promtoolVerdicts(files: readonly string[]): Promise<Map<string, boolean>> {
  const verdicts = new Map<string, boolean>();
  const batch = await run("promtool", ["check", "rules", "--lint=none", ...files]);
  if (batch.error) throw batch.error;
  for (const m of batch.stdout.matchAll(/^Checking (.+)\n(  SUCCESS: \d+ rules found\n)?\n/gm)) verdicts.set(m[1]!, m[2] !== undefined);
  const refused = [...verdicts.values()].some((accepted) => !accepted);
  const consistent = (batch.status === 0 && !refused) || (batch.status === 1 && refused);
  for (const file of files) {
    if (consistent && verdicts.has(file)) continue;
    const alone = await run("promtool", ["check", "rules", file]);
    if (alone.error) throw alone.error;
    verdicts.set(file, alone.status === 0);
  }
  return verdicts;
}
