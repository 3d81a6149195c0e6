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

  program
    .command("lint")
    .description("lint the catalog, or Prometheus rule files and folders (with --catalog: checked against it)")
    .argument("[paths...]", "rule files or folders of them (default: lint the catalog)")
    .option("-c, --catalog <path>", "catalog to lint, or to check rule files against")
    .option("-f, --format <format>", "text, json, github or sarif", "text")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this")
    .option("--list-rules", "list the lint rules and exit")
    .action(async (paths: string[], opts: { catalog?: string; format: string; maxWarnings?: string; listRules?: boolean }) => {
      const { runLintCommand } = await import("./commands/lint.js");
      const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && io === stdio;
      code = await runLintCommand(paths, opts, io, new Date().toISOString().slice(0, 10), color);
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
