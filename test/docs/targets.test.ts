/**
 * docs/targets.md cannot drift: its config examples load and validate, each target snippet is a
 * valid target, the all-targets example is the test fixture verbatim, the warning it shows is what
 * obsgen prints, and every diagnostic code the target checks can report is documented.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../src/cli/render.js";
import { loadConfig } from "../../src/config/load-config.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { compile } from "../targets/helpers.js";

const doc = readFileSync(join(ROOT, "docs", "targets.md"), "utf8");
const tsBlocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

async function loads(source: string): Promise<unknown> {
  const file = join(tempDir(), "obsgen.config.ts");
  writeFileSync(file, source);
  const r = await loadConfig(file);
  expect(r.diagnostics).toEqual([]);
  return r.value!.config;
}

describe("docs/targets.md", () => {
  it("shows config files that load and validate", async () => {
    const configs = tsBlocks.filter((b) => b.startsWith("// "));
    expect(configs.length).toBe(2);
    for (const c of configs) await loads(c);
  });

  it("shows target snippets that are valid targets", async () => {
    const snippets = tsBlocks.filter((b) => b.startsWith("{"));
    expect(snippets.length).toBe(4);
    for (const s of snippets) await loads(`export default { targets: [${s}] };\n`);
  });

  it("shows the all-targets example exactly as the test fixture has it", () => {
    const shown = tsBlocks.find((b) => b.startsWith("// test/targets/fixtures/all-targets.config.ts\n"))!;
    const fixture = readFileSync(join(ROOT, "test", "targets", "fixtures", "all-targets.config.ts"), "utf8");
    expect(shown.replace(/^\/\/ .*\n/, "")).toBe(fixture);
  });

  it("quotes the warning obsgen prints", () => {
    const quoted = /```text\n([\s\S]*?)```/.exec(doc)![1]!.trimEnd();
    const c = compile({
      targets: [{ kind: "prometheus" }, { kind: "prometheus-operator" }, { kind: "mimir" }, { kind: "thanos" }],
      rules: { queryOffset: "1m" },
    });
    const printed = c.diagnostics.map((d) => renderDiagnostic(d));
    expect(printed).toContain(quoted);
  });

  it("documents every code the target checks report", () => {
    // The shared checks (check.ts, engines.ts) and each target's own (`DeployTarget.check`).
    const folder = join(ROOT, "src", "emit", "targets");
    const source = readdirSync(folder)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => readFileSync(join(folder, f), "utf8"))
      .join("\n");
    const codes = new Set([...source.matchAll(/"(target\/[a-z-]+)"/g)].map((m) => m[1]!));
    expect(codes.size).toBe(10);
    for (const code of codes) expect(doc).toContain(`\`${code}\``);
  });
});
