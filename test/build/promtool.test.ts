/**
 * The real tool checks the real output: promtool accepts every generated rule file and the
 * generated prometheus.yml (which also resolves its rule_files).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

describeWithTool("promtool", "promtool accepts the generated Prometheus files", () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir();
    const r = await runInProcess(["build", "--catalog", "catalog/index.ts", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("promtool check rules passes on every generated rules file", async () => {
    const dir = join(out, "prometheus", "rules");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const r = await run("promtool", ["check", "rules", join(dir, f)]);
      expect(r.status, `${f}:\n${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/SUCCESS: \d+ rules found/);
    }
  });

  it("promtool check config passes on prometheus.yml and finds every rule file", async () => {
    const r = await run("promtool", ["check", "config", join(out, "prometheus", "prometheus.yml")]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: 4 rule files found/);
  });

  it("promtool rejects a rules file with a broken expression (the check can fail)", async () => {
    const { writeFileSync } = await import("node:fs");
    const f = join(out, "broken.yml");
    writeFileSync(f, "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x[5m]\n");
    const r = await run("promtool", ["check", "rules", f]);
    expect(r.status).toBe(1);
  });
});
