/**
 * docs/adopting.md, run as written: its rule files (docs/examples/adopting/rules) are copied into a
 * new git repository, then the page's shell blocks run in order through the real binary, with its
 * TypeScript edits applied where the page shows them, and each outcome the page states is checked.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, tempDir } from "../helpers/cli.js";
import { typeCheckCatalogs } from "../helpers/typecheck.js";

const PAGE = readFileSync(join(ROOT, "docs", "adopting.md"), "utf8");

type Block = { readonly lang: "sh" | "ts"; readonly text: string };
const blocks: Block[] = [...PAGE.matchAll(/```(sh|ts)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1] as "sh" | "ts", text: m[2]! }));

/** The commands of a shell block, without comments. */
const commandsOf = (b: Block) =>
  b.text
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "");

interface Ran {
  readonly command: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command of the page in the repository: `npx obsgen` is this checkout's binary. */
function runCommand(repo: string, command: string): Ran {
  const line = command.replace(/^npx obsgen /, `"${process.execPath}" "${BIN}" `).replace(/&& npx obsgen /g, `&& "${process.execPath}" "${BIN}" `);
  const r = spawnSync("sh", ["-c", line], {
    cwd: repo,
    encoding: "utf8",
    env: {
      ...process.env,
      NO_COLOR: "1",
      GIT_AUTHOR_NAME: "Team",
      GIT_AUTHOR_EMAIL: "team@example.com",
      GIT_COMMITTER_NAME: "Team",
      GIT_COMMITTER_EMAIL: "team@example.com",
    },
  });
  return { command, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The block of ApiErrorsHigh in the written rules/api.ts. */
const API_ERRORS_HIGH = / {6}alertRule\(\{\n {8}alert: "ApiErrorsHigh",[\s\S]*?\n {6}\}\),\n/;

/** Applies a TypeScript block of the page: `// <file>: replace` … `// with` …, or `// <file>: the whole file`. */
function applyEdit(repo: string, b: Block): void {
  const [first, ...rest] = b.text.replace(/\n$/, "").split("\n");
  const whole = /^\/\/ (\S+): the whole file$/.exec(first!);
  if (whole) {
    expect(existsSync(join(repo, whole[1]!)), `${whole[1]} is a file the import wrote`).toBe(true);
    writeFileSync(join(repo, whole[1]!), `${rest.join("\n")}\n`);
    if (whole[1] === "catalog/services/api.ts") {
      // The page's prose: the alert given to the service is deleted from its kept group.
      const path = join(repo, "catalog", "rules", "api.ts");
      const text = readFileSync(path, "utf8");
      expect(text).toMatch(API_ERRORS_HIGH);
      writeFileSync(path, text.replace(API_ERRORS_HIGH, ""));
    }
    return;
  }
  const replace = /^\/\/ (\S+): replace$/.exec(first!);
  expect(replace, first).not.toBeNull();
  const at = rest.indexOf("// with");
  expect(at).toBeGreaterThan(0);
  const before = rest.slice(0, at).join("\n");
  const after = rest.slice(at + 1).join("\n");
  const path = join(repo, replace![1]!);
  const text = readFileSync(path, "utf8");
  // Every edit the page shows is one to make: the text it replaces is there, once.
  expect(text.split(before).length - 1, `${replace![1]} holds, once:\n${before}`).toBe(1);
  writeFileSync(path, text.replace(before, after));
}

/** The ids of the changes `obsgen diff` lists (`  metric/added jobs_processed [STUBS]`). */
const changeIds = (stdout: string) => [...stdout.matchAll(/^ {2}([a-z-]+\/[a-z-]+) /gm)].map((m) => m[1]).sort();

/** Runs git in the repository, failing on an error. */
function git(repo: string, ...args: string[]): string {
  const r = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  expect(r.status, `git ${args.join(" ")}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe("docs/adopting.md, run step by step in a new git repository", () => {
  it("has the shell blocks and edits the walk-through names, in the page's order", () => {
    expect(blocks.map((b) => (b.lang === "sh" ? commandsOf(b).join(" ; ") : b.text.split("\n")[0]))).toEqual([
      "npx obsgen import --rules rules/ --out catalog/",
      'npx obsgen build ; git add rules catalog out && git commit -m "Catalog imported from rules/" ; npx obsgen build --check',
      "// catalog/metrics/api-recording.ts: replace",
      'npx obsgen diff --against HEAD ; npx obsgen build ; git commit -am "jobs_processed declared, a counter"',
      "// catalog/rules/api.ts: replace",
      'npx obsgen diff --against HEAD ; npx obsgen build ; npx obsgen build --check ; git commit -am "ApiJobsStalled as a typed condition"',
      "// catalog/index.ts: replace",
      "// catalog/services/api.ts: the whole file",
      "npx obsgen diff --against HEAD",
    ]);
  });

  it("imports with one alert typed, declares a metric and types its alert with no rule changed, then moves an alert to the catalog as one alert/kept-to-typed change, in TypeScript that type-checks", async () => {
    const repo = tempDir("obsgen-adopting-");
    cpSync(join(ROOT, "docs", "examples", "adopting", "rules"), join(repo, "rules"), { recursive: true });
    expect(spawnSync("git", ["init", "-q", "-b", "main", repo]).status).toBe(0);
    /** The results of each shell block's commands, block by block. */
    const steps: Ran[][] = [];
    for (const b of blocks) {
      if (b.lang === "ts") {
        applyEdit(repo, b);
        continue;
      }
      const ran: Ran[] = [];
      for (const c of commandsOf(b)) {
        const r = runCommand(repo, c);
        expect(r.code, `${c}\n${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stderr, c).not.toMatch(/^error /m);
        ran.push(r);
      }
      steps.push(ran);
    }
    const [[imported], [built, , checked], [declaredDiff], [typedDiff, , typedCheck], [movedDiff]] = steps as [
      [Ran],
      [Ran, Ran, Ran],
      [Ran, Ran, Ran],
      [Ran, Ran, Ran, Ran],
      [Ran],
    ];

    // 1. The import types ApiErrorsHigh itself, and keeps ApiJobsStalled as PromQL only for its metric's unknown type.
    expect(imported.stdout).toMatch(/4 alerts \(1 typed, 3 expr\), 1 recording rules, 1 metrics declared, 1 unknown/);
    const report = git(repo, "show", "HEAD~2:catalog/IMPORT.md");
    expect(report).toMatch(/## Alerts as typed conditions\n[\s\S]*?\n\| ApiErrorsHigh \| api \| rules\/api\.yml \|\n\n/);
    expect(report).toMatch(/^\| metric type unknown \| 2 \| (ApiTrafficStopped, ApiJobsStalled|ApiJobsStalled, ApiTrafficStopped) \|$/m);
    expect(report).toMatch(/^\| `and`\/`or`\/`unless` of expressions \| 1 \| ApiDown \|$/m);
    expect(report).toMatch(/^\| jobs_processed \| no metadata describes it, and its name follows no type convention \| rules\/api\.yml:\d+:\d+ \|$/m);
    const importedRules = git(repo, "show", "HEAD~2:catalog/rules/api.ts");
    expect(importedRules).toContain('expr: rate(apiRecording.httpRequestsTotal, { window: "5m", where: { code: "500" } }).above(5),');

    // 2. The same rules as rules/, file for file: the import keeps each rule file's name.
    expect(built.stdout).toMatch(/^obsgen build: wrote \d+ files to out\//m);
    for (const f of ["api.yml", "api-recording.yml"]) expect(readFileSync(join(repo, "out", "prometheus", "rules", f), "utf8")).toContain("groups:");
    expect(checked.stdout).toMatch(/out\/ is up to date/);

    // 3a. Declaring the metric adds it (and its panel on the service's dashboard), and changes no rule.
    expect(declaredDiff.stdout).toMatch(/0 breaking, 0 warnings, 2 info/);
    expect(changeIds(declaredDiff.stdout)).toEqual(["metric/added", "panel/added"]);
    expect(declaredDiff.stdout).toMatch(/^ {2}metric\/added jobs_processed /m);
    expect(declaredDiff.stdout).toMatch(/^ {2}panel\/added imported-svc-api\//m);
    expect(git(repo, "diff", "--name-only", "HEAD~2", "HEAD~1", "--", "out/prometheus")).toBe("");

    // 3b. Typing the alert changes nothing Prometheus loads.
    expect(typedDiff.stdout).toMatch(/^no changes$/m);
    expect(typedDiff.stdout).toMatch(/0 breaking, 0 warnings, 0 info/);
    expect(typedCheck.stdout).toMatch(/out\/ is up to date/);
    expect(git(repo, "diff", "--name-only", "HEAD~1", "HEAD")).toBe("catalog/rules/api.ts\nout/catalog.json\n");

    // 4. The move is one change naming the labels and annotations the alert gains.
    expect(movedDiff.stdout).toMatch(/0 breaking, 1 warning, 0 info/);
    expect(changeIds(movedDiff.stdout)).toEqual(["alert/kept-to-typed"]);
    expect(movedDiff.stdout).toMatch(/^ {2}alert\/kept-to-typed ApiErrorsHigh /m);
    expect(movedDiff.stdout).toMatch(
      /ApiErrorsHigh moves from kept group api \(api\.yml\) to obsgen's group imported_high_priority \(imported_high_priority\.yml\), as a catalog alert: the same query after normalising; gains labels priority="P1", service="api"; gains annotations action, description/,
    );

    // The page's TypeScript, applied to what the import wrote, type-checks against obsgen's authoring API.
    const tsc = await typeCheckCatalogs(repo, [join(repo, "catalog", "**", "*.ts")]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 300_000);
});
