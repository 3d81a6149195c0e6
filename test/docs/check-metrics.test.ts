/**
 * docs/check-metrics.md: every code check-metrics reports has its row and its section (SARIF's
 * helpUri links there), and the CI workflow parses, has GitHub's shape, and each of its `obsgen
 * check-metrics` commands exits 0 through the real binary, against the generated stubs of the
 * service it names, served on loopback in place of the URL.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { METRICS_CHECKS } from "../../src/metrics/check.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { BIN, ROOT } from "../helpers/cli.js";
import { shippedModel, useEveryMetric, writeEmitted } from "../stubs/exposition.js";

const markdown = readFileSync(join(ROOT, "docs", "check-metrics.md"), "utf8");

describe("docs/check-metrics.md", () => {
  it("has a table row and a section for every code check-metrics reports, and no other", () => {
    const codes = METRICS_CHECKS.map((c) => c.code);
    expect([...markdown.matchAll(/^### (metrics\/[a-z-]+)$/gm)].map((m) => m[1])).toEqual(codes);
    expect([...markdown.matchAll(/^\| `(metrics\/[a-z-]+)` \|/gm)].map((m) => m[1])).toEqual(codes);
  });

  describe("its CI workflow", () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(markdown)![1]!;
    const workflow = yaml.load(block) as any;
    const runs: string[] = Object.values(workflow.jobs as Record<string, any>).flatMap((j) => j.steps.filter((s: any) => s.run).map((s: any) => s.run));
    const checks = runs.filter((r) => r.startsWith("npx obsgen check-metrics "));

    it("is a GitHub workflow naming its file, with a job on pull requests and one after a deploy", () => {
      expect(/^# (\S+)/.exec(block)![1]).toBe(".github/workflows/metrics-contract.yml");
      expect(Object.keys(workflow.on).sort()).toEqual(["deployment_status", "pull_request"]);
      for (const job of Object.values(workflow.jobs as Record<string, any>)) {
        expect(job["runs-on"]).toBe("ubuntu-latest");
        for (const step of job.steps) expect(Number("uses" in step) + Number("run" in step), JSON.stringify(step)).toBe(1);
      }
      expect(checks.length).toBe(2);
    });

    describe("run through bin/obsgen.js against the stubs served on loopback", () => {
      let model: ResolvedCatalog;
      let pkg: string;
      beforeAll(async () => {
        model = await shippedModel();
        mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
        pkg = join(mkdtempSync(join(ROOT, "test", ".tmp", "check-metrics-doc-")), "typescript");
        writeEmitted(pkg, emitAll(model), "typescript");
      });
      afterAll(() => {
        if (pkg) rmSync(join(pkg, ".."), { recursive: true, force: true });
      });

      for (const command of checks) {
        it(`\`${command}\` exits 0`, async () => {
          const args = command.replace(/^npx obsgen /, "").split(/\s+/);
          const service = args[args.indexOf("--service") + 1]!;
          vi.resetModules();
          const mod = await import(join(pkg, "src", "services", `${service}.ts`));
          useEveryMetric(
            mod,
            model.metrics.filter((m) => m.exposedBy.includes(service)),
          );
          const server = await mod.serveMetrics({ port: 0, host: "127.0.0.1", preZero: false });
          try {
            const local = args.map((a) => (/^https?:\/\//.test(a) ? `http://127.0.0.1:${server.port}/metrics` : a));
            const r = await run(local);
            expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
            expect(r.stdout).toBe("");
          } finally {
            await server.close();
          }
        });
      }
    });
  });
});

/** The real binary, run without blocking this process (which serves the endpoint it scrapes). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
