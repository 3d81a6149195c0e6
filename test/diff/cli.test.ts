/**
 * `obsgen diff` on the command line: the three forms of a reference (a folder, a catalog.json,
 * a git revision), the formats, and the exit codes of each --fail-on (0 nothing at the level,
 * 1 something at it, 2 usage or a side that cannot be built).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { writeCatalog } from "../helpers/catalogs.js";
import { runBinary, runInProcess, tempDir } from "../helpers/cli.js";
import { diffBase } from "./fixture.js";

/** The fixture, and a head that removes a label (breaking) or only adds a value (info). */
function catalogs() {
  const base = writeCatalog(diffBase());
  const breaking = diffBase();
  breaking.services[0].metrics.requests.labels = { status: ["ok", "error"], route: { open: true, maxValues: 20 } };
  const info = diffBase();
  info.services[0].metrics.requests.labels.status = ["ok", "error", "timeout"];
  return { base, breaking: writeCatalog(breaking), info: writeCatalog(info) };
}

describe("obsgen diff, in process", () => {
  let c: ReturnType<typeof catalogs>;
  let baseJson: string;
  beforeAll(async () => {
    c = catalogs();
    const r = await runInProcess(["build", "--catalog", c.base.entry, "--out", join(c.base.dir, "out")]);
    expect(r.code, r.stderr).toBe(0);
    baseJson = join(c.base.dir, "out", "catalog.json");
  });

  it.each([
    ["breaking", "breaking", 1],
    ["breaking", "warning", 1],
    ["breaking", "info", 1],
    ["breaking", "none", 0],
    ["info", "breaking", 0],
    ["info", "warning", 0],
    ["info", "info", 1],
    ["info", "none", 0],
  ] as const)("a %s change with --fail-on %s exits %i", async (head, failOn, code) => {
    const r = await runInProcess(["diff", "--against", join(c.base.dir, "catalog"), "--catalog", c[head].entry, "--fail-on", failOn]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(code);
  });

  it("defaults to --fail-on breaking and text", async () => {
    const r = await runInProcess(["diff", "--against", join(c.base.dir, "catalog"), "--catalog", c.breaking.entry]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^breaking \(1\)$/m);
    expect(r.stdout).toContain("label/removed checkout_requests_total{method}");
    expect(r.stdout).toMatch(/1 breaking, 0 warnings, \d+ info \(fails --fail-on breaking\)$/);
  });

  it("exits 0 on identical catalogs and says so", async () => {
    const r = await runInProcess(["diff", "--against", c.base.entry, "--catalog", c.base.entry]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no changes");
  });

  it("reads a catalog.json from an earlier build as the baseline, and --head in any form", async () => {
    const a = await runInProcess(["diff", "--against", baseJson, "--catalog", c.breaking.entry, "--format", "json"]);
    const b = await runInProcess(["diff", "--against", join(c.base.dir, "catalog"), "--head", join(c.breaking.dir, "catalog"), "--format", "json"]);
    expect(a.code).toBe(1);
    const changes = (s: string) => JSON.parse(s).changes;
    expect(changes(a.stdout)).toEqual(changes(b.stdout));
    expect(changes(a.stdout).map((x: { id: string }) => x.id)).toContain("label/removed");
  });

  it("diffs a catalog with kept rule groups against a catalog.json written before kept groups", async () => {
    const old = JSON.parse(readFileSync(baseJson, "utf8"));
    delete old.ruleGroups;
    delete old.prometheus.versions;
    const oldJson = join(c.base.dir, "old-catalog.json");
    writeFileSync(oldJson, JSON.stringify(old));
    const withKept = diffBase();
    withKept.ruleGroups = [
      { name: "checkout-kept", rules: [{ alert: "CheckoutDown", expr: 'up{job="checkout"} == 0', labels: { severity: "warning" }, annotations: {} }] },
    ];
    const head = writeCatalog(withKept);
    const r = await runInProcess(["diff", "--against", oldJson, "--catalog", head.entry, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changes.map((x: { id: string; subject: { name: string } }) => `${x.id} ${x.subject.name}`)).toEqual([
      "alert/added CheckoutDown",
      "group/added checkout-kept",
    ]);
    const back = await runInProcess(["diff", "--against", head.entry, "--catalog", join(c.base.dir, "catalog")]);
    expect(back.code).toBe(1);
    expect(back.stdout).toContain("alert/removed CheckoutDown");
  });

  it("prints Markdown for a pull-request comment", async () => {
    const r = await runInProcess(["diff", "--against", baseJson, "--catalog", c.breaking.entry, "--format", "markdown"]);
    expect(r.stdout).toMatch(/^### obsgen diff: `.*catalog\.json` → `.*index\.ts`$/m);
    expect(r.stdout).toContain("| `label/removed` | `checkout_requests_total{method}` |");
  });

  it("prints the documented JSON shape", async () => {
    const r = await runInProcess(["diff", "--against", baseJson, "--catalog", c.info.entry, "--format", "json", "--fail-on", "info"]);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["schema", "baseline", "head", "failOn", "failed", "summary", "changes"]);
    expect(json).toMatchObject({ schema: "obsgen.diff/v1", failOn: "info", failed: true, baseline: { catalog: "shop", version: null } });
    expect(Object.keys(json.changes[0])).toEqual(["id", "level", "categories", "subject", "path", "message", "before", "after", "consumers", "hint"]);
    expect(r.code).toBe(1);
  });

  it.each([
    [["--format", "yaml"], /unknown --format "yaml"; use one of text, markdown, json/],
    [["--fail-on", "error"], /unknown --fail-on "error"; use one of breaking, warning, info, none/],
  ])("exits 2 on a bad option %j", async (args, message) => {
    const r = await runInProcess(["diff", "--against", baseJson, "--catalog", c.base.entry, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("exits 2 without --against", async () => {
    const r = await runInProcess(["diff", "--catalog", c.base.entry]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--against <ref>' not specified/);
  });

  it("exits 2 on a reference that names nothing", async () => {
    const r = await runInProcess(["diff", "--against", "no-such-thing-v9", "--catalog", c.base.entry]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"no-such-thing-v9" is neither a file, a folder, nor a git revision/);
    expect(r.stderr).toMatch(/cannot build the baseline no-such-thing-v9; nothing was compared/);
  });

  it("exits 2 when the baseline catalog does not resolve, naming the problem", async () => {
    const bad = diffBase();
    bad.services[0].alerts[0].condition.metric = "checkout_nope_ms";
    const b = writeCatalog(bad);
    const r = await runInProcess(["diff", "--against", b.entry, "--catalog", c.base.entry]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refers to metric "checkout_nope_ms"/);
  });

  it("exits 2 on a JSON file that is not a catalog.json", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "other.json"), '{"schema":"something/else"}');
    writeFileSync(join(dir, "newer.json"), '{"schema":"obsgen.catalog/v2"}');
    const r1 = await runInProcess(["diff", "--against", join(dir, "other.json"), "--catalog", c.base.entry]);
    const r2 = await runInProcess(["diff", "--against", join(dir, "newer.json"), "--catalog", c.base.entry]);
    expect([r1.code, r2.code]).toEqual([2, 2]);
    expect(r1.stderr).toMatch(/is not an obsgen catalog\.json/);
    expect(r2.stderr).toMatch(/has schema obsgen\.catalog\/v2; this obsgen reads obsgen\.catalog\/v1/);
  });
});

describe("obsgen diff with an obsgen.config.ts", () => {
  /** A catalog with a config that names it and overrides its runbook base URL, built once. */
  async function configured() {
    const c = writeCatalog(diffBase());
    const config = join(c.dir, "obsgen.config.ts");
    writeFileSync(config, `export default { catalog: "catalog/index.ts", out: "built", runbooks: { baseUrl: "https://wiki.example.com/shop" } };\n`);
    const built = await runInProcess(["--config", config, "build"]);
    expect(built.code, built.stderr).toBe(0);
    return { ...c, config, json: join(c.dir, "built", "catalog.json") };
  }

  it("compares the catalog build builds: the config's catalog, with the config's overrides applied", async () => {
    const c = await configured();
    expect(readFileSync(c.json, "utf8")).toContain("https://wiki.example.com/shop/");
    const r = await runInProcess(["--config", c.config, "diff", "--against", c.json, "--fail-on", "info", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).changes).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("applies the config's overrides to a catalog named with --catalog, so only the catalog's own changes show", async () => {
    const c = await configured();
    const head = diffBase();
    head.services[0].metrics.requests.labels.status = ["ok", "error", "timeout"];
    writeFileSync(c.entry, `export default ${JSON.stringify(head)};\n`);
    const r = await runInProcess(["--config", c.config, "diff", "--against", c.json, "--catalog", c.entry, "--fail-on", "none", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes.map((x: { id: string }) => x.id)).toEqual(["label/value-added"]);
  });
});

describe("obsgen diff --against a git revision, through the real binary", () => {
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync("git", ["-c", "user.name=obsgen test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], {
      cwd,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };

  /** A repository whose catalog imports a file outside its folder, committed, then changed in both files. */
  function repository(): string {
    const dir = tempDir("obsgen-diff-repo-");
    mkdirSync(join(dir, "catalog"));
    mkdirSync(join(dir, "shared"));
    const catalog = diffBase();
    catalog.services[0].metrics.requests.labels = "__LABELS__";
    const source = (c: any) =>
      `import { requestLabels } from "../shared/labels.js";\nexport default ${JSON.stringify(c, null, 2).replace('"__LABELS__"', "requestLabels")};\n`;
    writeFileSync(join(dir, "catalog", "index.ts"), source(catalog));
    writeFileSync(
      join(dir, "shared", "labels.ts"),
      'export const requestLabels = { status: ["ok", "error"], method: ["GET", "POST"], route: { open: true, maxValues: 20 } };\n',
    );
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-q", "-m", "baseline");
    git(dir, "tag", "v1.2.0");
    // The working tree: a label removed in the imported file, a threshold loosened in the catalog.
    writeFileSync(join(dir, "shared", "labels.ts"), 'export const requestLabels = { status: ["ok", "error"], route: { open: true, maxValues: 20 } };\n');
    catalog.services[0].alerts.find((a: any) => a.name === "CheckoutErrors").condition.threshold = 0.1;
    writeFileSync(join(dir, "catalog", "index.ts"), source(catalog));
    return dir;
  }

  it("builds the baseline at the revision, imports included, without touching the working tree", () => {
    const dir = repository();
    const before = git(dir, "status", "--porcelain");
    const r = runBinary(["diff", "--against", "HEAD"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^obsgen diff: HEAD \(shop\) → catalog\/index\.ts \(shop\)$/m);
    expect(r.stdout).toContain("label/removed checkout_requests_total{method}");
    expect(r.stdout).toContain("alert/threshold-loosened CheckoutErrors");
    expect(git(dir, "status", "--porcelain")).toBe(before);
    expect(readFileSync(join(dir, "shared", "labels.ts"), "utf8")).not.toContain("method");
  });

  it("takes a tag, and a revision as the head too", () => {
    const dir = repository();
    git(dir, "commit", "-q", "-am", "release");
    const tag = runBinary(["diff", "--against", "v1.2.0", "--format", "json", "--fail-on", "none"], dir);
    expect(tag.code).toBe(0);
    const revs = runBinary(["diff", "--against", "v1.2.0", "--head", "HEAD", "--format", "json"], dir);
    expect(revs.code).toBe(1);
    const ids = (s: string) => JSON.parse(s).changes.map((c: { id: string; subject: { name: string } }) => `${c.id} ${c.subject.name}`);
    expect(ids(revs.stdout)).toEqual(ids(tag.stdout));
    expect(JSON.parse(revs.stdout).head.ref).toBe("HEAD");
  });

  it("names the revision's file when the baseline does not resolve", () => {
    const dir = repository();
    const broken = diffBase();
    broken.services[0].alerts[0].condition.metric = "checkout_nope_ms";
    writeFileSync(join(dir, "catalog", "index.ts"), `export default ${JSON.stringify(broken)};\n`);
    git(dir, "commit", "-q", "-am", "broken");
    writeFileSync(join(dir, "catalog", "index.ts"), `export default ${JSON.stringify(diffBase())};\n`);
    const r = runBinary(["diff", "--against", "HEAD"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error HEAD:catalog\/index\.ts: services\.checkout\.alerts\.CheckoutSlow\.condition\.metric: refers to metric "checkout_nope_ms"/m,
    );
    expect(r.stderr).not.toMatch(/obsgen-diff-/);
  });

  it("exits 2 naming a revision that does not exist, or lacks the catalog", () => {
    const dir = repository();
    const missing = runBinary(["diff", "--against", "v9.9.9"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/"v9\.9\.9" is neither a file, a folder, nor a git revision/);
    git(dir, "checkout", "-q", "--orphan", "empty");
    git(dir, "rm", "-rqf", "--cached", ".");
    git(dir, "commit", "-q", "--allow-empty", "-m", "empty");
    const lacking = runBinary(["diff", "--against", "empty"], dir);
    expect(lacking.code).toBe(2);
    expect(lacking.stderr).toMatch(/catalog\/index\.ts does not exist at empty/);
  });
});
