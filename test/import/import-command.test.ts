/** `obsgen import`: writes a catalog and its report, refuses folders it did not write, and says what is wrong with its usage. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { quote } from "../../src/import/write-catalog.js";
import { BIN, ROOT, runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { typeCheckCatalogs } from "../helpers/typecheck.js";

const RULES = `groups:
  - name: example
    interval: 30s
    rules:
      - alert: ErrorsHigh
        expr: sum by (job) (rate(http_errors_total{code="500"}[5m])) > 1
        for: 5m
        labels:
          severity: page
        annotations:
          summary: "Errors on {{ $labels.job }}"
`;

function input(): string {
  const dir = tempDir();
  writeFileSync(join(dir, "app.yml"), RULES);
  return dir;
}

describe("obsgen import", () => {
  it("writes index.ts, a rules file, a metric group, IMPORT.md and its marker, and prints the summary", async () => {
    const dir = input();
    const out = join(dir, "catalog");
    const r = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out, "--name", "shop"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 alerts \(1 typed, 0 expr\).*1 metrics declared, 0 unknown/);
    expect(readFileSync(join(out, "index.ts"), "utf8")).toContain('name: "shop"');
    expect(readFileSync(join(out, "rules", "app.ts"), "utf8")).toContain("rate(app.httpErrorsTotal, ");
    expect(readFileSync(join(out, "metrics", "app.ts"), "utf8")).toContain('name: "http_errors_total"');
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toMatch(/\| page \| 1 \| P0 \|/);
    expect(existsSync(join(out, ".obsgen-import"))).toBe(true);
  });

  it("refuses a non-empty folder it did not write, and replaces an earlier import only with --force", async () => {
    const dir = input();
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "mine\n");
    const refused = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", mine]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not written by obsgen import: nothing was written/);
    expect(readFileSync(join(mine, "notes.txt"), "utf8")).toBe("mine\n");
    const out = join(dir, "catalog");
    expect((await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out])).code).toBe(0);
    const again = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/earlier import.*--force/);
    expect((await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out, "--force"])).code).toBe(0);
  });

  it("exits 2 naming a --rules path that does not exist, and a malformed --severity table", async () => {
    const dir = input();
    const missing = await runInProcess(["import", "--rules", join(dir, "nope.yml"), "--out", join(dir, "c")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--rules .*nope\.yml: no such file or folder/);
    const bad = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--severity", "page=P9", "--out", join(dir, "c")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--severity: "page=P9"/);
  });
});

describe("obsgen import and the file system", () => {
  it("reports a folder it cannot make (under a regular file) as the user's error, without a stack trace", async () => {
    const dir = input();
    writeFileSync(join(dir, "afile"), "a regular file\n");
    const r = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", join(dir, "afile", "catalog")]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|please report|^\s+at /m);
    expect(r.stderr).toMatch(/^error .*afile.*: .* \[io\/[a-z-]+\]\n {2}hint: .+/m);
  });
});

describe("obsgen import on input with errors", () => {
  it("writes the catalog and its report, prints each error at file:line:col, and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "g.yml"), "groups:\n  - name: g\n    labels:\n      team: a\n    rules:\n      - record: x:y\n        expr: up\n");
    const out = join(dir, "catalog");
    const r = await runInProcess(["import", "--rules", join(dir, "g.yml"), "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error .*g\.yml:2:5: group "g" has labels .* \[import\/group-labels\]$/m);
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toMatch(/\| error \| .*g\.yml:2:5 \| group "g" has labels/);
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toMatch(/\| .*g\.yml \| rules\/g\.ts \| 1 \| 0 \| 0 \| 1 \|/);
  });
});

describe("the writer's string literals", () => {
  it("read back exactly: newlines, backticks, ${, backslashes, quotes and U+2028", () => {
    for (const s of ["a\nb", "`x`", "${y}", "a\\b", 'say "hi"', "it's", "line\u2028sep\u2029", "tab\there\r"]) {
      const q = quote(s);
      expect(q).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(new Function(`return ${q};`)()).toBe(s);
    }
    expect(quote('a "b" c')).toBe("'a \"b\" c'");
  });
});

const FIXTURES = join(ROOT, "test", "fixtures", "import");

/** Runs the real binary without blocking the worker (build and tsc take seconds). */
async function obsgen(args: readonly string[], cwd: string) {
  return run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
}

/** tsc over a written catalog, `obsgen` resolved to the repository's authoring API. */
async function typeCheck(dir: string) {
  const r = await typeCheckCatalogs(dir, [join(dir, "catalog", "**", "*.ts")]);
  return (r.stdout + r.stderr).trim();
}

function scrapeConfigs(text: string): unknown {
  return (yaml.load(text) as { scrape_configs: unknown }).scrape_configs;
}

describe("obsgen import with every reader", () => {
  it("imports a prometheus.yml of static, file_sd and kubernetes_sd jobs to services that build to the same scrape jobs", async () => {
    const dir = tempDir();
    const config = join(FIXTURES, "prometheus", "prometheus.yml");
    const r = await obsgen(["import", "--rules", join(FIXTURES, "prometheus", "rules.yml"), "--prometheus-config", config, "--out", "catalog"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, "catalog", "services", "imported-targets.ts"))).toBe(false);
    // The metrics each alert pins to one job are that job's service's; the port file_sd and
    // kubernetes_sd do not give is a TODO.
    const engine = readFileSync(join(dir, "catalog", "services", "execution-engine.ts"), "utf8");
    expect(engine).toContain('name: "orders_failed_total"');
    expect(engine).toMatch(/TODO: metricsPort 8080 is a placeholder/);
    expect(readFileSync(join(dir, "catalog", "services", "market-data.ts"), "utf8")).not.toMatch(/TODO: metricsPort/);
    expect(readFileSync(join(dir, "catalog", "rules", "rules.ts"), "utf8")).toContain("rate(executionEngine.ordersFailedTotal");
    expect(await typeCheck(dir)).toBe("");
    const b = await obsgen(["build", "--catalog", join("catalog", "index.ts"), "--out", "out"], dir);
    expect(b.status, b.stdout + b.stderr).toBe(0);
    expect(scrapeConfigs(readFileSync(join(dir, "out", "prometheus", "prometheus.yml"), "utf8"))).toEqual(scrapeConfigs(readFileSync(config, "utf8")));
  }, 120_000);

  it("imports Sloth-generated rules to a catalog SLO, keeps none of the groups Sloth generated, and builds", async () => {
    const dir = tempDir();
    const r = await obsgen(["import", "--rules", join(FIXTURES, "generated-slos", "sloth-events.yml"), "--out", "catalog"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/, 1 SLOs$/m);
    const slos = readFileSync(join(dir, "catalog", "slos.ts"), "utf8");
    expect(slos).toMatch(/slo\(\{\n\s+kind: "ratio",\n\s+name: "requests-success",/);
    expect(existsSync(join(dir, "catalog", "rules", "sloth-events.ts"))).toBe(false);
    expect(readFileSync(join(dir, "catalog", "IMPORT.md"), "utf8")).toMatch(
      /## SLOs from generated rules[\s\S]*\| sloth-slo-sli-recordings-checkout-requests-success \| \S*sloth-events\.yml \| SLO requests-success \|/,
    );
    expect(await typeCheck(dir)).toBe("");
    const b = await obsgen(["build", "--catalog", join("catalog", "index.ts"), "--out", "out"], dir);
    expect(b.status, b.stdout + b.stderr).toBe(0);
    const rules = readdirSync(join(dir, "out", "prometheus", "rules"));
    expect(rules.some((f) => f.startsWith("sloth"))).toBe(false);
    expect(rules.some((f) => /_slo\.yml$/.test(f))).toBe(true);
  }, 120_000);

  it("imports a dashboard whose panels map as a catalog dashboard of row and panel builders, naming the declared metrics, that builds the same panels", async () => {
    const dir = tempDir();
    const source = join(ROOT, "test", "import", "fixtures", "dashboards", "maps.json");
    const r = await obsgen(["import", "--dashboards", source, "--out", "catalog"], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dashboards 1 catalog \/ 0 raw/);
    const written = readdirSync(join(dir, "catalog", "dashboards"));
    expect(written).toHaveLength(1);
    const text = readFileSync(join(dir, "catalog", "dashboards", written[0]!), "utf8");
    expect(text).toMatch(/^import \{ dashboard, expr, panel, row \} from "obsgen";$/m);
    expect(text).toMatch(/row\("[^"]+", \[/);
    expect(text).toMatch(/panel\.(timeseries|stat|gauge|table|heatmap)\(\{/);
    expect(text).toMatch(/query: expr\("[^"]+", \{ metrics: \[\w+\.\w+\] \}\)/);
    expect(await typeCheck(dir)).toBe("");
    const b = await obsgen(["build", "--catalog", join("catalog", "index.ts"), "--out", "out"], dir);
    expect(b.status, b.stdout + b.stderr).toBe(0);
    const input = JSON.parse(readFileSync(source, "utf8")) as { uid: string; panels: { type: string; title: string; targets?: { expr: string }[] }[] };
    const built = readdirSync(join(dir, "out", "grafana", "dashboards"), { recursive: true }).find((f) => String(f).endsWith(`${input.uid}.json`));
    expect(built).toBeDefined();
    const panels = (JSON.parse(readFileSync(join(dir, "out", "grafana", "dashboards", String(built)), "utf8")) as typeof input).panels;
    expect(panels.map((p) => [p.type, p.title, (p.targets ?? []).length])).toEqual(input.panels.map((p) => [p.type, p.title, (p.targets ?? []).length]));
  }, 120_000);
});
