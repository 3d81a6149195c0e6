/**
 * promtool accepts the rules of every deploy target: the plain rule files and Thanos rule files as
 * they are, the `spec` of each PrometheusRule and the groups of each Mimir namespace file extracted
 * to a plain rule file. With the default engine versions every output passes unchanged but for
 * the engine-only fields promtool never knows (`partial_response_strategy`, `source_tenants`); the
 * all-targets example (Prometheus 3, Mimir 3) also sets fields newer than the installed promtool,
 * which are removed first when that promtool predates them.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { compareVersions } from "../../src/emit/targets/engines.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import { ALL_TARGETS_CONFIG } from "./helpers.js";

function promtoolVersion(): string {
  const r = spawnSync("promtool", ["--version"], { encoding: "utf8" });
  return /version (\d+\.\d+(\.\d+)?)/.exec(r.stdout + r.stderr)?.[1] ?? "0.0";
}

/** Group fields this promtool does not know, removed before checking (see the file comment). */
function forPromtool(groups: any[], version: string): any[] {
  return groups.map((g) => {
    const { partial_response_strategy: _p, source_tenants: _s, ...rest } = g;
    if (compareVersions(version, "2.53") < 0) delete rest.query_offset;
    if (compareVersions(version, "3.0") < 0) delete rest.labels;
    return rest;
  });
}

async function check(file: string): Promise<{ status: number | null; output: string }> {
  const r = await run("promtool", ["check", "rules", file]);
  return { status: r.status, output: r.stdout + r.stderr };
}

function filesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Rule groups of each output of each target, by output file. */
function groupsByFile(out: string): { file: string; groups: any[] }[] {
  const load = (f: string) => yaml.load(readFileSync(f, "utf8")) as any;
  return [
    ...filesIn(join(out, "prometheus", "rules")).map((f) => ({ file: f, groups: load(f).groups })),
    ...filesIn(join(out, "thanos", "rules")).map((f) => ({ file: f, groups: load(f).groups })),
    ...filesIn(join(out, "kubernetes", "prometheus-rules")).map((f) => ({ file: f, groups: load(f).spec.groups })),
    ...filesIn(join(out, "mimir", "rules")).map((f) => ({ file: f, groups: load(f).groups })),
  ];
}

async function build(configSource: string | null): Promise<string> {
  const dir = tempDir();
  let config = ALL_TARGETS_CONFIG;
  if (configSource !== null) {
    config = join(dir, "obsgen.config.ts");
    writeFileSync(config, configSource);
  }
  const out = join(dir, "out");
  const r = await runInProcess(["build", "--config", config, "--catalog", "catalog/index.ts", "--out", out]);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

const DEFAULTS = `import { defineConfig } from "obsgen";
export default defineConfig({
  targets: [{ kind: "prometheus" }, { kind: "prometheus-operator" }, { kind: "mimir" }, { kind: "thanos", partialResponseStrategy: "warn" }],
  rules: { sourceTenants: ["trading"] },
});
`;

describeWithTool("promtool", "promtool accepts every deploy target's rules", () => {
  const version = promtoolVersion();

  describe("with the default engine versions", () => {
    let out: string;
    beforeAll(async () => {
      out = await build(DEFAULTS);
    });

    it("accepts the plain rule files unchanged", async () => {
      for (const f of filesIn(join(out, "prometheus", "rules"))) {
        const r = await check(f);
        expect(r.status, `${f}:\n${r.output}`).toBe(0);
      }
    });

    it("accepts each PrometheusRule's spec, each Mimir namespace's groups and each Thanos rule file, without their engine-only fields", async () => {
      const outputs = groupsByFile(out).filter((o) => !o.file.includes(`${join("prometheus", "rules")}`));
      expect(outputs.length).toBeGreaterThanOrEqual(4 + 5 + 5);
      const dir = tempDir();
      for (const [i, o] of outputs.entries()) {
        // Only engine-only fields differ from a plain file: nothing else is removed.
        const stripped = o.groups.map(({ partial_response_strategy: _p, source_tenants: _s, ...g }: any) => g);
        const file = join(dir, `${i}.yml`);
        writeFileSync(file, yaml.dump({ groups: stripped }));
        const r = await check(file);
        expect(r.status, `${o.file}:\n${r.output}`).toBe(0);
        expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
      }
    });

    it("lints the PrometheusRule folder clean with obsgen lint against the catalog", async () => {
      const r = await runInProcess(["lint", "--catalog", "catalog/index.ts", join(out, "kubernetes", "prometheus-rules")]);
      expect(r.code, r.stdout).toBe(0);
    });
  });

  describe(`with the all-targets example (fields newer than promtool ${version} removed)`, () => {
    let out: string;
    beforeAll(async () => {
      out = await build(null);
    });

    it("accepts every output of every target", async () => {
      const outputs = groupsByFile(out);
      expect(outputs.length).toBe(4 + 4 + 5 + 5);
      const dir = tempDir();
      for (const [i, o] of outputs.entries()) {
        const file = join(dir, `${i}.yml`);
        writeFileSync(file, yaml.dump({ groups: forPromtool(o.groups, version) }));
        const r = await check(file);
        expect(r.status, `${o.file}:\n${r.output}`).toBe(0);
      }
    });
  });

  it("rejects a group with a field it does not know (the check can fail)", async () => {
    const f = join(tempDir(), "x.yml");
    writeFileSync(f, "groups:\n  - name: g\n    source_tenants: [a]\n    rules:\n      - record: a:b\n        expr: up\n");
    expect((await check(f)).status).toBe(1);
  });
});
