/**
 * Round trip of the rule corpus through written TypeScript: each import unit (a folder of rule
 * files a team imports together) of the files promtool 2.42 accepts is imported
 * (src/import/import.ts), written as a catalog (src/import/write-catalog.ts) to a temporary folder,
 * loaded by the real catalog loader and built in-process (src/pipeline/compile.ts, lint included),
 * and every emitted rule is compared with the input: same groups, names, intervals, limits,
 * labels and annotations in order, `for`, and expressions `normalisedEqual`. One tsc run
 * type-checks every written catalog; biome leaves every written file as it is.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { emitPrometheusRules } from "../../src/emit/prometheus-rules.js";
import type { EmittedFile } from "../../src/emit/serialize.js";
import { importCatalog } from "../../src/import/import.js";
import { importFigures } from "../../src/import/model.js";
import { writeCatalog } from "../../src/import/write-catalog.js";
import { lintCatalog } from "../../src/lint/catalog-lint.js";
import { compile } from "../../src/pipeline/compile.js";
import { normalisedEqual } from "../../src/promql/print.js";
import { loadRuleFile, type RuleGroup } from "../../src/rulefile/index.js";
import { ROOT } from "../helpers/cli.js";
import { acceptedCorpusFiles, CORPUS, ruleGroupData } from "../helpers/corpus.js";
import { describeWithShared } from "../helpers/shared.js";
import { run } from "../helpers/spawn.js";
import { typeCheckCatalogs } from "../helpers/typecheck.js";

const asData = (g: RuleGroup) => ruleGroupData(g, { expr: false, groupLabels: false });

/**
 * Lint errors the imported catalog may have, each because the input has the bug: the catalog
 * lint reads the declared histogram and finds what the rule file's own lint finds.
 */
const INPUT_BUGS: Record<string, string> = {
  "promql/histogram-quantile-le": "the input's histogram_quantile() sums its buckets without `le` (thanos-bucket-replicate): it returns nothing as written",
};

interface Unit {
  readonly name: string;
  readonly files: readonly string[];
}

/** The accepted files by folder; a folder whose files share a group name is split (a catalog names each group once). */
function units(): { units: Unit[]; split: string[] } {
  const accepted = acceptedCorpusFiles();
  const byFolder = new Map<string, string[]>();
  for (const f of accepted) byFolder.set(dirname(f), [...(byFolder.get(dirname(f)) ?? []), f]);
  const out: Unit[] = [];
  const split: string[] = [];
  for (const [folder, files] of byFolder) {
    const parts: { names: Set<string>; files: string[] }[] = [];
    for (const f of files) {
      const names = loadRuleFile(f, readFileSync(join(CORPUS, f))).value.groups.map((g) => g.name);
      // A file whose own groups share a name (per YAML document, as PrometheusRule objects do) stays whole.
      const part = parts.find((p) => names.every((n) => !p.names.has(n)));
      if (part) {
        part.files.push(f);
        for (const n of names) part.names.add(n);
      } else parts.push({ names: new Set(names), files: [f] });
    }
    if (parts.length > 1) split.push(`${folder} (${parts.length} catalogs)`);
    parts.forEach((p, i) => out.push({ name: parts.length > 1 ? `${folder}#${i + 1}` : folder, files: p.files }));
  }
  return { units: out, split };
}

interface Outcome {
  readonly unit: string;
  readonly project: string;
  readonly dir: string;
  readonly rules: number;
  readonly equal: number;
  readonly differences: string[];
  readonly lintErrors: string[];
  readonly alerts: number;
  readonly alertsTyped: number;
  readonly metricsDeclared: number;
  readonly metricsUnknown: number;
  readonly files: readonly EmittedFile[];
}

async function roundTrip(u: Unit, i: number, root: string): Promise<Outcome> {
  const rules = u.files.map((f) => ({ file: f, text: readFileSync(join(CORPUS, f)) }));
  const imported = importCatalog({ rules }, { name: `unit-${i}` });
  const files = writeCatalog(imported.catalog);
  const dir = join(root, String(i));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.contents);
  }
  // Loaded and resolved as `obsgen build` does, then linted and its rule files emitted: the rest of
  // the build (dashboards, stubs, rule tests) does not touch kept rules. The lint runs apart so a
  // bug of the input it finds (INPUT_BUGS) does not hide the comparison.
  const built = await compile({ entry: join(dir, "index.ts"), until: "model", lint: false });
  const linted = built.model ? lintCatalog(built.model, join(dir, "index.ts"), { today: "2026-01-01" }).diagnostics : [];
  const lintErrors = [...built.diagnostics, ...linted].filter((d) => d.severity === "error").map((d) => `${d.code} ${d.path ?? ""}: ${d.message}`);
  const emitted = new Map((built.model ? emitPrometheusRules(built.model) : []).map((f) => [f.path, f.contents]));
  const differences: string[] = [];
  let total = 0;
  let equal = 0;
  for (const [k, f] of u.files.entries()) {
    const input = loadRuleFile(f, rules[k]!.text).value;
    const stem = imported.catalog.ruleFiles[k]!.stem;
    const multiDoc = new Set(input.groups.map((g) => g.document)).size > 1;
    const back: RuleGroup[] = [];
    for (const doc of [...new Set(input.groups.map((g) => g.document))]) {
      const path = `prometheus/rules/${multiDoc ? `${stem}-${doc}` : stem}.yml`;
      const text = emitted.get(path);
      if (text !== undefined) back.push(...loadRuleFile(path, text).value.groups);
    }
    for (const [gi, g] of input.groups.entries()) {
      const b = back[gi];
      // Each group as data once: taken per rule, a group of thousands of rules (Prometheus's
      // rules_large.yaml) cost minutes of copying and garbage collection.
      const want = asData(g);
      const got = b === undefined ? undefined : asData(b);
      for (const [ri, r] of g.rules.entries()) {
        total++;
        const br = b?.rules[ri];
        const same =
          got !== undefined &&
          br !== undefined &&
          JSON.stringify({ ...got, rules: [got.rules[ri]] }) === JSON.stringify({ ...want, rules: [want.rules[ri]] }) &&
          normalisedEqual(br.expr?.value ?? "", r.expr?.value ?? "");
        if (same) equal++;
        else differences.push(`${f}: group ${g.name} rule ${ri + 1}`);
      }
    }
    if (back.length !== input.groups.length) differences.push(`${f}: ${back.length} groups emitted for ${input.groups.length}`);
  }
  const figures = importFigures(imported.catalog);
  return {
    unit: u.name,
    project: u.name.split("/")[0]!,
    dir,
    rules: total,
    equal,
    differences,
    lintErrors,
    alerts: figures.alerts,
    alertsTyped: figures.alertsTyped,
    metricsDeclared: figures.metricsDeclared,
    metricsUnknown: figures.metricsUnknown,
    files,
  };
}

describeWithShared("corpus/rules/promtool-verdicts.tsv", "the rule corpus", "the rule corpus imported as TypeScript, built and compared", () => {
  // Under the repository, so biome applies its configuration to the written files.
  mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
  const root = mkdtempSync(join(ROOT, "test", ".tmp", "import-corpus-"));
  const { units: all, split } = units();
  const outcomes: Outcome[] = [];
  let millis = 0;

  beforeAll(async () => {
    const start = performance.now();
    for (const [i, u] of all.entries()) outcomes.push(await roundTrip(u, i, root));
    millis = performance.now() - start;
  }, 600_000);
  // A thousand files a run, inside the repository (for biome): not left behind.
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("emits every rule of every unit equal to its input: groups, names, labels, annotations, for, intervals, expressions", () => {
    const rules = outcomes.reduce((n, o) => n + o.rules, 0);
    const equal = outcomes.reduce((n, o) => n + o.equal, 0);
    const byProject = new Map<string, Outcome[]>();
    for (const o of outcomes) byProject.set(o.project, [...(byProject.get(o.project) ?? []), o]);
    const sum = (os: Outcome[], k: "alerts" | "alertsTyped" | "metricsDeclared" | "metricsUnknown") => os.reduce((n, o) => n + o[k], 0);
    // The figures the import is judged by, printed for the record.
    console.log(
      `import round trip: ${outcomes.length} units (split: ${split.join(", ") || "none"}), ${equal}/${rules} rules equal, ` +
        `${outcomes.reduce((n, o) => n + o.files.length, 0)} files written, ${Math.round(millis / 1000)} s\n` +
        [...byProject]
          .map(
            ([p, os]) =>
              `  ${p}: ${os.length} units, alerts ${sum(os, "alertsTyped")} typed / ${sum(os, "alerts") - sum(os, "alertsTyped")} expr ` +
              `(${((100 * sum(os, "alertsTyped")) / Math.max(1, sum(os, "alerts"))).toFixed(1)}% typed), ` +
              `metrics ${sum(os, "metricsDeclared")} declared / ${sum(os, "metricsUnknown")} unknown`,
          )
          .join("\n"),
    );
    expect(outcomes.length).toBeGreaterThan(100);
    expect(rules).toBeGreaterThan(10_000);
    expect(outcomes.flatMap((o) => o.differences).slice(0, 20)).toEqual([]);
    expect(equal).toBe(rules);
  });

  it("gives catalogs the catalog lint finds no error in, but for bugs the input has", () => {
    const unexpected = outcomes.flatMap((o) => o.lintErrors.filter((e) => !(e.split(" ")[0]! in INPUT_BUGS)).map((e) => `${o.unit}: ${e}`));
    expect(unexpected.slice(0, 20)).toEqual([]);
  });

  it("writes TypeScript that tsc type-checks against obsgen's authoring API, in one run over every catalog", async () => {
    const r = await typeCheckCatalogs(root, [join(root, "**", "*.ts")]);
    expect((r.stdout + r.stderr).split("\n").slice(0, 20).join("\n")).toBe("");
    expect(r.status).toBe(0);
  }, 600_000);

  it("writes files biome format leaves unchanged, with the repository's biome.jsonc", async () => {
    const r = await run(process.execPath, [
      join(ROOT, "node_modules", "@biomejs", "biome", "bin", "biome"),
      "format",
      `--config-path=${join(ROOT, "biome.jsonc")}`,
      "--vcs-enabled=false",
      "--files-ignore-unknown=true",
      // The corpus holds a 1.6 MiB rule file (Prometheus's rules_large.yaml); biome skips files over 1 MiB by default.
      "--files-max-size=4194304",
      root,
    ]);
    expect(r.stdout.split("\n").slice(0, 60).join("\n") + r.stderr.slice(0, 2000)).not.toMatch(/Formatter would have printed|would have/);
    expect(r.status, r.stdout.slice(0, 3000) + r.stderr.slice(0, 2000)).toBe(0);
  }, 600_000);
});
