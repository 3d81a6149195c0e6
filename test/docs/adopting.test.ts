/**
 * docs/adopting.md, run as written: its rule files (docs/examples/adopting/rules) are copied into a
 * new git repository, then the page's shell blocks run in order through the real binary, with its
 * TypeScript edits applied where the page shows them, and each outcome the page states is checked.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ROOT, tempDir } from "../helpers/cli.js";

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
    writeFileSync(join(repo, whole[1]!), `${rest.join("\n")}\n`);
    if (whole[1] === "catalog/services/imported-targets.ts") {
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
  if (text.includes(before)) {
    writeFileSync(path, text.replace(before, after));
    expect(readFileSync(path, "utf8")).toContain(after);
  } else {
    // The page says so: where the import proved the shape, the alert is written typed already.
    expect(replace![1]).toBe("catalog/rules/api.ts");
    expect(API_ERRORS_HIGH.exec(text)?.[0]).not.toMatch(/expr: expr\(/);
  }
}

describe("docs/adopting.md, run step by step in a new git repository", () => {
  it("has the shell blocks and edits the walk-through names, in the page's order", () => {
    expect(blocks.map((b) => (b.lang === "sh" ? commandsOf(b).join(" ; ") : b.text.split("\n")[0]))).toEqual([
      "npx obsgen import --rules rules/ --out catalog/",
      'npx obsgen build ; git add rules catalog out && git commit -m "Catalog imported from rules/" ; npx obsgen build --check',
      "// catalog/rules/api.ts: replace",
      'npx obsgen diff --against HEAD ; npx obsgen build --check ; git commit -am "ApiErrorsHigh as a typed condition"',
      "// catalog/index.ts: replace",
      "// catalog/services/imported-targets.ts: the whole file",
      "npx obsgen diff --against HEAD",
    ]);
  });

  it("imports, builds, commits and checks; types an alert with no change; moves it to the catalog as one alert/kept-to-typed change", () => {
    const repo = tempDir("obsgen-adopting-");
    cpSync(join(ROOT, "docs", "examples", "adopting", "rules"), join(repo, "rules"), { recursive: true });
    expect(spawnSync("git", ["init", "-q", "-b", "main", repo]).status).toBe(0);
    const ran: Ran[] = [];
    for (const b of blocks) {
      if (b.lang === "ts") {
        applyEdit(repo, b);
        continue;
      }
      for (const c of commandsOf(b)) {
        const r = runCommand(repo, c);
        expect(r.code, `${c}\n${r.stdout}\n${r.stderr}`).toBe(0);
        expect(r.stderr, c).not.toMatch(/^error /m);
        ran.push(r);
      }
    }
    const [imported, built, , checked, typedDiff, typedCheck, , movedDiff] = ran;
    expect(imported!.stdout).toMatch(/3 alerts \(\d typed, \d expr\), 1 recording rules, 1 metrics declared, 0 unknown/);
    // The same rules as rules/, file for file: the import keeps each rule file's name.
    expect(built!.stdout).toMatch(/^obsgen build: wrote \d+ files to out\//m);
    for (const f of ["api.yml", "api-recording.yml"]) expect(readFileSync(join(repo, "out", "prometheus", "rules", f), "utf8")).toContain("groups:");
    expect(checked!.stdout).toMatch(/out\/ is up to date/);
    expect(typedDiff!.stdout).toMatch(/^no changes$/m);
    expect(typedDiff!.stdout).toMatch(/0 breaking, 0 warnings, 0 info/);
    expect(typedCheck!.stdout).toMatch(/out\/ is up to date/);
    expect(movedDiff!.stdout).toMatch(/0 breaking, 1 warning, 0 info/);
    expect(movedDiff!.stdout).toMatch(/^ {2}alert\/kept-to-typed ApiErrorsHigh /m);
    expect(movedDiff!.stdout).toMatch(
      /ApiErrorsHigh moves from kept group api \(api\.yml\) to obsgen's group imported_high_priority \(imported_high_priority\.yml\), as a catalog alert: the same query after normalising; gains labels priority="P1", service="imported_targets"; gains annotations action, description/,
    );
  }, 300_000);
});
