/**
 * Import of the shipped out/ through the real command: the committed rule files and dashboards,
 * with the exposition the shipped catalog's TypeScript stubs serve (every service pre-zeroed and
 * every metric used once, so each family and each histogram's buckets appear) saved as the
 * `--metadata` input. The written catalog type-checks with tsc and `obsgen build` gives back the
 * same rule files; every catalog metric comes back declared as the catalog declares it.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { planStubs } from "../../src/emit/stubs/plan.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { normalisedEqual } from "../../src/promql/print.js";
import { loadRuleFile, type RuleGroup } from "../../src/rulefile/index.js";
import { BIN, ROOT } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { shippedModel, useEveryMetric, writeEmitted } from "../stubs/exposition.js";
import { typeCheckCatalogs } from "../helpers/typecheck.js";

const OUT = join(ROOT, "out");
const RULES = join(OUT, "prometheus", "rules");
const DASHBOARDS = join(OUT, "grafana", "dashboards");

/** A group as data: everything the round trip keeps but the expressions, compared apart (normalisedEqual). */
function asData(g: RuleGroup) {
  return {
    name: g.name,
    interval: g.interval?.text ?? null,
    limit: g.limit?.value ?? null,
    rules: g.rules.map((r) => ({
      kind: r.kind,
      name: r.name,
      for: r.for?.text ?? null,
      keepFiringFor: r.keepFiringFor?.text ?? null,
      labels: r.labels.map((l) => [l.name.value, l.value.value]),
      annotations: r.annotations.map((l) => [l.name.value, l.value.value]),
    })),
  };
}

function groupsOf(dir: string, file: string): readonly RuleGroup[] {
  const path = join(dir, file);
  return loadRuleFile(path, readFileSync(path)).value.groups;
}

function obsgen(args: readonly string[], cwd: string) {
  return run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } });
}

/** Every JSON file under a folder, parsed. */
function jsonFiles(dir: string): any[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
}

describe("obsgen import of the shipped out/, with the served stubs' exposition as metadata", () => {
  let model: ResolvedCatalog;
  let root: string;
  let exposition: string;
  let imported: { status: number | null; stdout: string; stderr: string };
  let built: { status: number | null; stdout: string; stderr: string };
  const catalog = () => join(root, "catalog");

  beforeAll(async () => {
    model = await shippedModel();
    // Under the repository, so prom-client resolves from obsgen's node_modules and tsc finds obsgen's sources.
    mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
    root = mkdtempSync(join(ROOT, "test", ".tmp", "import-shipped-"));
    const pkg = join(root, "stubs");
    writeEmitted(pkg, emitAll(model), "typescript");
    vi.resetModules();
    const index = await import(join(pkg, "src", "index.ts"));
    for (const m of planStubs(model).modules.filter((x) => x.kind === "service")) index[m.tsNamespace].preZero();
    useEveryMetric(index, model.metrics);
    const server = await index.executionEngine.serveMetrics({ port: 0, host: "127.0.0.1", preZero: false });
    try {
      exposition = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    } finally {
      await server.close();
    }
    writeFileSync(join(root, "metrics.txt"), exposition);
    imported = await obsgen(["import", "--rules", RULES, "--dashboards", DASHBOARDS, "--metadata", join(root, "metrics.txt"), "--out", catalog()], root);
    built = await obsgen(["build", "--catalog", join(catalog(), "index.ts"), "--out", join(root, "out")], root);
  }, 600_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("imports without an error and builds the written catalog with exit 0", () => {
    console.log(`shipped out/ import: ${imported.stdout.split("\n")[0]}`);
    expect(imported.stderr).not.toMatch(/^error /m);
    expect(imported.status, imported.stderr).toBe(0);
    expect(built.stderr).not.toMatch(/^error /m);
    expect(built.status, built.stderr).toBe(0);
  });

  it("writes TypeScript that tsc type-checks against obsgen's authoring API", async () => {
    const r = await typeCheckCatalogs(root, [join(catalog(), "**", "*.ts")]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 600_000);

  it("builds the same rule files as the shipped out/: groups, names, intervals, labels and annotations in order, for, expressions", () => {
    const files = readdirSync(RULES).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(readdirSync(join(root, "out", "prometheus", "rules")).sort()).toEqual(files);
    let rules = 0;
    const differences: string[] = [];
    for (const f of files) {
      const input = groupsOf(RULES, f);
      const back = groupsOf(join(root, "out", "prometheus", "rules"), f);
      expect(back.map(asData), f).toEqual(input.map(asData));
      for (const [gi, g] of input.entries())
        for (const [ri, r] of g.rules.entries()) {
          rules++;
          const b = back[gi]!.rules[ri]!;
          if (!normalisedEqual(b.expr?.value ?? "", r.expr?.value ?? "")) differences.push(`${f} ${g.name} ${r.name}: ${b.expr?.value} for ${r.expr?.value}`);
        }
    }
    console.log(`shipped out/ import: ${files.length} rule files, ${rules} rules, ${rules - differences.length} expressions equal`);
    expect(differences).toEqual([]);
    expect(rules).toBe(model.alerts.length + model.recordingRules.length);
  });

  it("declares every catalog metric with the catalog's type, help text, label names and histogram buckets, from the exposition", () => {
    // `service` is left out on both sides: obsgen's scrape relabelling adds it to every target, so the
    // rules match it on metrics whose exposition lacks it, and without the scrape configs the importer
    // declares it on each metric a rule matches it on (the shipped catalog declares it on a few itself).
    const targetLabels = new Set(["service"]);
    const builtCatalog = JSON.parse(readFileSync(join(root, "out", "catalog.json"), "utf8"));
    const back = new Map<string, any>(builtCatalog.metrics.map((m: any) => [m.name, m]));
    const want = (m: ResolvedCatalog["metrics"][number]) => ({
      name: m.name,
      type: m.type,
      help: m.help,
      labels: m.labels
        .map((l) => l.name)
        .filter((l) => !targetLabels.has(l))
        .sort(),
      buckets: m.type === "histogram" ? m.buckets : null,
    });
    const got = model.metrics.map((m) => {
      const b = back.get(m.name);
      return b
        ? {
            name: b.name,
            type: b.type,
            help: b.help,
            labels: b.labels
              .map((l: any) => l.name)
              .filter((l: string) => !targetLabels.has(l))
              .sort(),
            buckets: b.buckets ?? null,
          }
        : { name: m.name, missing: true };
    });
    expect(got).toEqual(model.metrics.map(want));
    expect(readFileSync(join(catalog(), "IMPORT.md"), "utf8")).toMatch(/\| metrics not declared \(type unknown\) \| 0 \|/);
    console.log(
      `shipped out/ import: ${model.metrics.length} catalog metrics declared as the catalog declares them ` +
        `(${model.metrics.filter((m) => m.type === "histogram").length} histograms with their buckets)`,
    );
  });

  it("brings back every shipped dashboard, as a catalog or a raw dashboard, and the build writes each", () => {
    const shipped = jsonFiles(DASHBOARDS);
    const summary = /dashboards (\d+) catalog \/ (\d+) raw/.exec(imported.stdout);
    expect(summary, imported.stdout).not.toBeNull();
    expect(Number(summary![1]) + Number(summary![2])).toBe(shipped.length);
    const writtenUids = new Set(jsonFiles(join(root, "out", "grafana", "dashboards")).map((d) => d.uid));
    expect(shipped.map((d) => d.uid).filter((uid) => !writtenUids.has(uid))).toEqual([]);
    console.log(`shipped out/ import: ${shipped.length} dashboards, ${summary![1]} as catalog dashboards, ${summary![2]} raw`);
  });
});
