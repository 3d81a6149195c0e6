/**
 * The CI recipes of docs/ci.md: every YAML block parses and has its tool's shape, and every
 * `obsgen` command in it exits 0 through the real binary on a copy of the shipped catalog. The
 * `obsgen diff --against origin/main` steps need the repository's remote; they run against a
 * local clone whose `origin` is a copy of the same repository (no network).
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, tempDir } from "../helpers/cli.js";
import { type Ran, run } from "../helpers/spawn.js";
import { hasTool, INSTALL_HINTS, toolsRequired } from "../helpers/tools.js";

interface Recipe {
  readonly file: string;
  readonly doc: any;
}

const markdown = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
const recipes: Recipe[] = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ({
  file: /^# (\S+)/.exec(m[1]!)?.[1] ?? "(unnamed)",
  doc: yaml.load(m[1]!),
}));
const providedHooks = yaml.load(readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as any[];

const github = recipes.find((r) => r.file === ".github/workflows/obsgen.yml")!;
const gitlab = recipes.find((r) => r.file === ".gitlab-ci.yml")!;
const precommit = recipes.filter((r) => r.file === ".pre-commit-config.yaml");

/** Shell commands of a recipe, as its tool would run them. */
function commandsOf(r: Recipe): string[] {
  if (r === github) return Object.values(r.doc.jobs as Record<string, any>).flatMap((j) => j.steps.filter((s: any) => s.run).map((s: any) => s.run as string));
  if (r === gitlab) return Object.values(r.doc as Record<string, any>).flatMap((j) => [...(j.before_script ?? []), ...(j.script ?? [])]);
  return r.doc.repos.flatMap((repo: any) =>
    repo.hooks.map((h: any) => (repo.repo === "local" ? h.entry : providedHooks.find((p) => p.id === h.id)!.entry) as string),
  );
}

/** The obsgen arguments of a command line (`npx obsgen lint --format github >> x` -> `lint --format github`), or null. */
function obsgenArgs(command: string): string[] | null {
  const m = /^(?:npx )?obsgen (.*)$/.exec(command.trim());
  if (!m) return null;
  return m[1]!
    .replace(/\s*(>>?|\|).*$/, "")
    .trim()
    .split(/\s+/);
}

describe("the CI recipes of docs/ci.md", () => {
  it("are one GitHub Actions workflow, two pre-commit configs and one GitLab CI job, each naming its file", () => {
    expect(recipes.map((r) => r.file).sort()).toEqual(
      [".github/workflows/obsgen.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml", ".pre-commit-config.yaml"].sort(),
    );
  });

  it("give the workflow GitHub's shape, with the build check, GitHub-annotated lint and the markdown diff", () => {
    const w = github.doc;
    expect(w.on).toHaveProperty("pull_request");
    const job = w.jobs.obsgen;
    expect(job["runs-on"]).toBe("ubuntu-latest");
    for (const step of job.steps) expect(Number("uses" in step) + Number("run" in step), JSON.stringify(step)).toBe(1);
    expect(job.steps[0].uses).toMatch(/^actions\/checkout@/);
    expect(job.steps[0].with["fetch-depth"]).toBe(0);
    const runs = commandsOf(github);
    expect(runs).toEqual(
      expect.arrayContaining([
        "npx obsgen build --check",
        "npx obsgen lint --format github",
        expect.stringMatching(/^npx obsgen diff --against origin\/main --format markdown/),
      ]),
    );
  });

  it("name only hooks that obsgen's .pre-commit-hooks.yaml provides, and give local hooks what pre-commit requires", () => {
    for (const hook of providedHooks) expect(Object.keys(hook)).toEqual(expect.arrayContaining(["id", "name", "entry", "language"]));
    for (const r of precommit) {
      for (const repo of r.doc.repos) {
        expect(repo.hooks.length).toBeGreaterThan(0);
        if (repo.repo === "local") {
          for (const h of repo.hooks) expect(Object.keys(h)).toEqual(expect.arrayContaining(["id", "name", "entry", "language"]));
        } else {
          expect(repo.rev).toMatch(/^v\d/);
          for (const h of repo.hooks) expect(providedHooks.map((p) => p.id)).toContain(h.id);
        }
      }
    }
  });

  it("give the GitLab job an image and a script with the build check, lint and diff", () => {
    const job = gitlab.doc.obsgen;
    expect(job.image).toMatch(/^node:20/);
    expect(job.script).toEqual(
      expect.arrayContaining(["npx obsgen build --check", "npx obsgen lint", expect.stringMatching(/^npx obsgen diff --against origin\/main/)]),
    );
  });

  describe("run through bin/obsgen.js on the shipped catalog", () => {
    let repo: string;
    const git = (args: string[], cwd: string) => {
      const r = spawnSync("git", args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@t", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@t" },
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    /** The real binary, without blocking the worker (`obsgen test` runs promtool for seconds). */
    const obsgen = (args: readonly string[], cwd: string): Promise<Ran> =>
      run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
    /**
     * One run per distinct command line: the recipes repeat `build --check` and `lint` (GitHub,
     * GitLab and both pre-commit configs), and those commands only read the clone (the last test
     * checks that they left it as it was), so a repeat would give the same result.
     */
    const ran = new Map<string, Promise<Ran>>();
    const once = (args: readonly string[]): Promise<Ran> => {
      const key = JSON.stringify(args);
      if (!ran.has(key)) ran.set(key, obsgen(args, repo));
      return ran.get(key)!;
    };
    beforeAll(async () => {
      // A repository holding the shipped catalog and its built out/, with an `origin` (a copy of
      // itself) so `origin/main` exists without a network.
      const upstream = tempDir("obsgen-ci-upstream-");
      cpSync(join(ROOT, "catalog"), join(upstream, "catalog"), { recursive: true });
      const built = await obsgen(["build"], upstream);
      expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
      git(["init", "-q", "-b", "main"], upstream);
      git(["add", "."], upstream);
      git(["commit", "-q", "-m", "catalog"], upstream);
      repo = join(tempDir("obsgen-ci-clone-"), "repo");
      git(["clone", "-q", upstream, repo], join(repo, ".."));
    });

    const all = [github, ...precommit, gitlab].flatMap((r) => commandsOf(r).map((c) => ({ recipe: r.file, command: c, args: obsgenArgs(c) })));
    it("finds the obsgen commands of every recipe", () => {
      expect(all.filter((c) => c.args).length).toBeGreaterThanOrEqual(10);
    });
    for (const { recipe, command, args } of all) {
      if (!args) continue;
      const needsPromtool = args[0] === "test";
      const skip = needsPromtool && !hasTool("promtool") && !toolsRequired;
      if (skip) console.warn(`[skipped] ${recipe}: \`${command}\`: promtool not found: ${INSTALL_HINTS.promtool}`);
      it.skipIf(skip)(`${recipe}: \`${command}\` exits 0`, async () => {
        const r = await once(args);
        expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
        if (args.includes("github")) expect(r.stdout).not.toMatch(/^::error/m);
        if (args[0] === "diff") expect(r.stdout).toMatch(/^#/m);
      });
    }

    it("leaves the clone as it was, so a command line run once stands for its repeats", () => {
      expect(ran.size).toBeGreaterThan(0);
      expect(git(["status", "--porcelain", "--untracked-files=all", "--ignored"], repo)).toBe("");
    });
  });
});
