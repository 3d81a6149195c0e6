/**
 * The command line: parses arguments with commander and dispatches to one module per command.
 * Exit codes: 0 success, 1 findings (invalid catalog, stale output, lint errors), 2 usage or
 * internal error.
 */
import { Command, CommanderError } from "commander";
import { runBuild, type Io } from "./commands/build.js";

declare const OBSGEN_VERSION: string | undefined;

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("obsgen")
    .description("Compile a typed observability catalog into Prometheus rules and configuration, and more.")
    .version(typeof OBSGEN_VERSION === "string" ? OBSGEN_VERSION : "0.1.0", "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError("(run `obsgen --help` for usage)");

  program
    .command("build")
    .description("compile the catalog into the output folder (atomically: a failed build changes nothing)")
    .option("-c, --catalog <path>", "catalog entry file (default: catalog/index.ts, else the shipped example)")
    .option("-o, --out <dir>", "output folder", "out")
    .option("--check", "write nothing; exit 1 listing the files that are stale")
    .action(async (opts: { catalog?: string; out: string; check?: boolean }) => {
      code = await runBuild(opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    io.err(`obsgen: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    io.err("please report it with the command you ran");
    return 2;
  }
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  return code;
}
