/**
 * The command line: parses arguments with commander and dispatches to one module per command.
 * Exit codes: 0 success, 1 findings (invalid catalog, stale output, lint errors) or a file
 * system failure (reported as the user's to fix, without a stack trace; 2 for `obsgen diff`, as
 * diff(1)), 2 usage or internal error.
 */
import { Command, CommanderError, Option } from "commander";
import { DEFAULT_LINT_TARGET, VERSION_CHOICES } from "../compat/prometheus.js";
import type { CheckMetricsCliOptions } from "./commands/check-metrics.js";
import { systemErrorDiagnostic } from "../io/system-error.js";
import { colorEnabled, type GlobalFlags, type Io } from "./output.js";
import { renderDiagnostic } from "./render.js";
import { VERSION } from "./version.js";

const stdio: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function main(argv: readonly string[], io: Io = stdio): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("obsgen")
    .description("Compile a typed observability catalog into Prometheus rules and configuration, and more.")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError("(run `obsgen --help` for usage)")
    .option("--config <path>", "obsgen.config.ts to use (default: ./obsgen.config.ts when present); flags override it")
    .addOption(new Option("-q, --quiet", "print errors only").conflicts("verbose"))
    .option("--verbose", "print how long each stage takes");
  // Colour only on a terminal, never with NO_COLOR, and never into a caller's Io (tests).
  const colorOn = (stream: NodeJS.WriteStream) => io === stdio && colorEnabled(stream.isTTY, process.env);
  const globals = (cmd: Command) => cmd.optsWithGlobals<GlobalFlags>();
  /**
   * The options of a command reading the catalog (`--catalog`, `--out`) after the config: the
   * config's catalog when the flag is absent, its quietness; or the exit code of a config error.
   */
  const catalogCommandOptions = async (cmd: Command, opts: { catalog?: string; out?: string }, stream: NodeJS.WriteStream) => {
    const { catalogOption, commandContext } = await import("./config-cli.js");
    const ctx = await commandContext(globals(cmd), io, colorOn(stream));
    if (typeof ctx === "number") return ctx;
    const catalog = catalogOption(opts.catalog, ctx.config);
    return {
      ...(catalog !== undefined ? { catalog } : {}),
      ...(opts.out !== undefined ? { out: opts.out } : {}),
      config: ctx.config,
      quiet: ctx.quiet,
      ...(ctx.cache ? { cache: ctx.cache } : {}),
    };
  };
  let command = "";
  program.hook("preAction", (_program, action) => {
    command = action.name();
  });

  program
    .command("build")
    .description("compile the catalog into the output folder (atomically: a failed build changes nothing)")
    .option("-c, --catalog <path>", "catalog entry file (default: the config's, else catalog/index.ts, else the shipped example)")
    .option("-o, --out <dir>", "output folder (default: the config's, else out)")
    .option("--check", "write nothing; exit 1 listing the files that are stale")
    .option("-w, --watch", "rebuild whenever a file of the catalog or the config changes (Ctrl-C stops)")
    .option("--env <name>", "the catalog environment to build (default: the config's `environment`, else the catalog's first)")
    .action(async (opts: { catalog?: string; out?: string; check?: boolean; watch?: boolean; env?: string }, cmd: Command) => {
      const { runBuildCommand } = await import("./build-command.js");
      code = await runBuildCommand(opts, globals(cmd), io, colorOn(process.stderr));
    });

  program
    .command("init")
    .description("scaffold a catalog and an obsgen.config.ts in a folder (never overwrites a file)")
    .argument("[dir]", "folder to scaffold (default: the working directory)")
    .action(async (dir: string | undefined, _opts: unknown, cmd: Command) => {
      const { runInit } = await import("./commands/init.js");
      code = runInit(dir, { quiet: Boolean(globals(cmd).quiet) }, io);
    });

  const many = (value: string, previous: string[]) => [...previous, value];
  program
    .command("import")
    .description("write a TypeScript catalog from existing rule files, dashboards, SLO documents and metadata")
    .option("--rules <paths...>", "rule files or folders of them", many, [] as string[])
    .option("--dashboards <paths...>", "Grafana dashboard JSON files or folders", many, [] as string[])
    .option("--slos <files...>", "Sloth prometheus/v1 or OpenSLO v1 files", many, [] as string[])
    .option("--metadata <paths...>", "a saved /api/v1/metadata response, a /metrics exposition or a catalog.json (files or folders)", many, [] as string[])
    .option("--prometheus-config <file>", "prometheus.yml, for the services")
    .option("--name <name>", "the catalog's name", "imported")
    .option("--severity <table>", "severity words to priorities, e.g. critical=P0,warning=P1,info=P2")
    .option("-o, --out <dir>", "folder to write the catalog to", "catalog")
    .option("--force", "replace an earlier import's folder")
    .action(async (opts: import("./commands/import.js").ImportCommandOptions) => {
      const { runImport } = await import("./commands/import.js");
      code = runImport(opts, io);
    });

  program
    .command("lint")
    .description("lint the catalog, or Prometheus rule files and folders (with --catalog: checked against it)")
    .argument("[paths...]", "rule files or folders of them (default: lint the catalog)")
    .option("-c, --catalog <path>", "catalog to lint, or to check rule files against")
    .option("-f, --format <format>", "text, json, github or sarif", "text")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this")
    .option("--list-rules", "list the lint rules and exit")
    .option(
      "--catalog-scope <glob>",
      "rule files and dashboards the catalog governs (repeatable; default: all with --catalog, the output folder with the config's catalog); the others are linted without it",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--metadata <path>",
      "metric metadata to check rule files and dashboards against, without a catalog or beside it (repeatable; a file or a folder of them): a saved Prometheus /api/v1/metadata or /api/v1/targets/metadata response, a catalog.json, or a saved /metrics exposition (default: the config's lint.metadata)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--infer-types",
      "type metrics no catalog or metadata knows by their name's convention (`_total` is a counter), for the checks that type is enough for (default: the config's lint.inferTypes, else off)",
    )
    .option(
      "--profile <name>",
      "which findings to print, by impact: bugs, recommended (bugs and risks) or all (conventions too) (default: the config's, else all for a catalog, recommended for files)",
    )
    .option(
      "--prometheus <versions>",
      `Prometheus version(s) to judge by: ${VERSION_CHOICES} (default: the catalog's, else ${DEFAULT_LINT_TARGET.versions.join(",")})`,
    )
    .option(
      "--enable-feature <names>",
      "PromQL feature flags the servers run with, as Prometheus takes them (comma-separated, repeatable): promql-experimental-functions, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-duration-expr",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(
      async (
        paths: string[],
        opts: {
          catalog?: string;
          format: string;
          maxWarnings?: string;
          listRules?: boolean;
          prometheus?: string;
          enableFeature: string[];
          profile?: string;
          catalogScope: string[];
          metadata: string[];
          inferTypes?: boolean;
        },
        cmd: Command,
      ) => {
        const { runLintCommand } = await import("./commands/lint.js");
        const { catalogOption, commandContext } = await import("./config-cli.js");
        const color = colorOn(process.stdout);
        const ctx = await commandContext(globals(cmd), io, color);
        if (typeof ctx === "number") {
          code = ctx;
          return;
        }
        const catalog = catalogOption(opts.catalog, ctx.config);
        const catalogFromConfig = opts.catalog === undefined && catalog !== undefined;
        const lintOpts = {
          ...opts,
          ...(catalog !== undefined ? { catalog } : {}),
          catalogFromConfig,
          config: ctx.config,
          quiet: ctx.quiet,
          verbose: ctx.verbose,
          timings: ctx.timings,
          ...(ctx.cache ? { cache: ctx.cache } : {}),
        };
        code = await runLintCommand(paths, lintOpts, io, new Date().toISOString().slice(0, 10), color);
      },
    );

  program
    .command("check-metrics")
    .description("check /metrics endpoints or saved expositions against the catalog, and as promtool check metrics does")
    .argument("<inputs...>", "http:// or https:// URLs to scrape, or files holding an exposition")
    .option("-c, --catalog <path>", "catalog to check against (default: the config's, else catalog/index.ts, else the shipped example)")
    .option("-s, --service <name>", "hold each input to this service's metrics: the catalog's others are undeclared for it")
    .option("-f, --format <format>", "text, json, github or sarif", "text")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this")
    .option("--profile <name>", "which findings to print, by impact: bugs, recommended or all (default: the catalog's, else all)")
    .option("--timeout <duration>", "time limit of each scrape, as Prometheus's scrape_timeout", "10s")
    .option("--max-size <size>", "largest exposition read, decompressed: bytes, or with KiB, MiB, GiB (KB, MB, GB: the same)", "16MiB")
    .option("--runtime-metrics", "report client libraries' process_*, nodejs_*, go_* metrics as undeclared too")
    .action(async (inputs: string[], opts: Omit<CheckMetricsCliOptions, "config" | "quiet">, cmd: Command) => {
      const { runCheckMetricsCommand } = await import("./commands/check-metrics.js");
      const { catalogOption, commandContext } = await import("./config-cli.js");
      const color = colorOn(process.stdout);
      const ctx = await commandContext(globals(cmd), io, color);
      if (typeof ctx === "number") {
        code = ctx;
        return;
      }
      const catalog = catalogOption(opts.catalog, ctx.config);
      const checkOpts = { ...opts, ...(catalog !== undefined ? { catalog } : {}), config: ctx.config, quiet: ctx.quiet };
      code = await runCheckMetricsCommand(inputs, checkOpts, io, new Date().toISOString().slice(0, 10), color);
    });

  program
    .command("diff")
    .description("what a release changes against a baseline, classified, with everything each change affects")
    .requiredOption("--against <ref>", "baseline: a git revision, a folder holding a catalog, or a catalog.json")
    .option("--head <ref>", "head, in the same forms (default: the working catalog)")
    .option("-c, --catalog <path>", "catalog entry file: the working head, and the path read at git revisions (default: the config's, else catalog/index.ts)")
    .option("-f, --format <format>", "text, markdown or json", "text")
    .option("--fail-on <level>", "exit 1 when a change is at this level or worse: breaking, warning, info or none", "breaking")
    .action(async (opts: { against: string; head?: string; catalog?: string; format: string; failOn: string }, cmd: Command) => {
      const { runDiffCommand } = await import("./commands/diff.js");
      const { catalogOption, commandContext } = await import("./config-cli.js");
      const color = colorOn(process.stdout);
      const ctx = await commandContext(globals(cmd), io, color);
      if (typeof ctx === "number") {
        code = ctx;
        return;
      }
      const catalog = catalogOption(opts.catalog, ctx.config);
      code = await runDiffCommand({ ...opts, ...(catalog !== undefined ? { catalog } : {}), config: ctx.config }, io, color);
    });

  program
    .command("test")
    .description("run promtool test rules on the alerts' generated and hand-written rule tests (exit 2 without promtool)")
    .argument("[files...]", "more promtool test files to run with them")
    .option("-c, --catalog <path>", "catalog entry file (default: the config's, else catalog/index.ts, else the shipped example)")
    .option("-o, --out <dir>", "test the files already built into this folder instead of building the catalog in memory")
    .action(async (files: string[], opts: { catalog?: string; out?: string }, cmd: Command) => {
      const { runTestCommand } = await import("./commands/test.js");
      const testOpts = await catalogCommandOptions(cmd, opts, process.stdout);
      code = typeof testOpts === "number" ? testOpts : await runTestCommand(files, testOpts, io);
    });

  const alertmanager = program.command("alertmanager").description("Alertmanager configuration: merge the catalog's routes into a shared Alertmanager's");
  alertmanager
    .command("merge")
    .description("merge the catalog's routes (first under the root route), receivers and inhibit rules into an existing alertmanager.yml")
    .argument("<base>", "the Alertmanager configuration to merge into (left unchanged)")
    .option("-o, --out <file>", "write the merged configuration here, atomically (default: standard output)")
    .option("-c, --catalog <path>", "catalog entry file (default: the config's, else catalog/index.ts, else the shipped example)")
    .action(async (base: string, opts: { out?: string; catalog?: string }, cmd: Command) => {
      const { runAlertmanagerMerge } = await import("./commands/alertmanager.js");
      const mergeOpts = await catalogCommandOptions(cmd, opts, process.stderr);
      code = typeof mergeOpts === "number" ? mergeOpts : await runAlertmanagerMerge(base, mergeOpts, io);
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    // A file system failure is the user's situation (a full disk, a missing or unreadable file):
    // said plainly with its path and what to do, exit 1. Anything else is a bug in obsgen.
    const d = systemErrorDiagnostic(e);
    if (d) {
      io.err(renderDiagnostic(d));
      io.err(`obsgen${command ? ` ${command}` : ""}: stopped by the error above`);
      // `obsgen diff` keeps diff(1)'s codes, where 1 means "differences found" (a release gate's
      // verdict) and 2 means trouble: a side that cannot be built, here for want of a file.
      return command === "diff" ? 2 : 1;
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
