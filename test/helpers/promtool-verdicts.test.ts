/** promtoolVerdicts (promtool-verdicts.ts): one promtool run gives each file the verdict it gets alone. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { promtoolVerdicts } from "./promtool-verdicts.js";
import { run } from "./spawn.js";
import { describeWithTool } from "./tools.js";

describeWithTool("promtool", "promtool's verdicts on many rule files from one run", () => {
  it("reads the verdict on each file from one run over many, as each file alone gets it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "obsgen-promtool-verdicts-"));
    const rule = (name: string, expr: string) => `  - record: ${name}\n    expr: ${expr}\n`;
    const cases: Record<string, string | Uint8Array> = {
      good: `groups:\n- name: a\n  rules:\n${rule("a:x", "up")}`,
      // Only promtool's lint finds this: alone, promtool prints FAILED but exits 0.
      duplicate: `groups:\n- name: a\n  rules:\n${rule("a:x", "up")}${rule("a:x", "up")}`,
      "bad-promql": `groups:\n- name: a\n  rules:\n${rule("a:x", "sum(up")}`,
      "bad-yaml": "groups:\n- name: a\n  rules: [\n",
      "bad-field": "groups:\n- name: a\n  rules:\n  - record: a:x\n    expr: up\n    for: 5m\n",
      empty: "",
      "invalid-utf8": new Uint8Array([...new TextEncoder().encode(`groups:\n- name: a\n  rules:\n${rule("a:x", "up")}`), 0x23, 0xff, 0x0a]),
      "good-again": `groups:\n- name: b\n  rules:\n${rule("b:x", "rate(x[5m])")}`,
    };
    const files = Object.entries(cases).map(([name, text]) => {
      const file = join(dir, `${name} file.yml`);
      writeFileSync(file, text);
      return file;
    });
    const alone = new Map<string, boolean>();
    for (const f of files) alone.set(f, (await run("promtool", ["check", "rules", f])).status === 0);
    expect([...alone.values()]).toContain(true);
    expect([...alone.values()]).toContain(false);
    expect(alone.get(join(dir, "duplicate file.yml"))).toBe(true);
    const together = await promtoolVerdicts(files);
    expect(Object.fromEntries(together)).toEqual(Object.fromEntries(alone));
  });
});
