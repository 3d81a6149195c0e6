/**
 * printPromql against Prometheus itself: the rules API (`/api/v1/rules`) reports each rule's `query`
 * as `Expr.String()` of the parsed expression, so loading Prometheus 2.42's test expressions as
 * recording rules into Debian's `prometheus` 2.42 gives Go's printing of every one of them.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import yaml from "js-yaml";
import { afterAll, expect, it } from "vitest";
import { describeWithTool } from "../../test/helpers/tools.js";
import { promqlDialect } from "../compat/prometheus.js";
import { parsePromql } from "./parse.js";
import { printPromql } from "./print.js";
import { freePort } from "../../test/helpers/ports.js";

const CASES = fileURLToPath(new URL("../../../shared/conformance/promql-2.42/cases.tsv", import.meta.url));

/**
 * Expressions whose printing differs, and why. Both hold `\xFF` / `\377`: Go prints the byte back
 * as `\xff`, while a JavaScript string cannot hold a byte that is not UTF-8 (quoting.ts decodes it
 * as U+FFFD), so obsgen prints the replacement character.
 */
const KNOWN_DIFFERENCES: ReadonlySet<string> = new Set([
  String.raw`"\a\b\f\n\r\t\v\\\" - \xFF\377\u1234\U00010111\U0001011111☺"`,
  String.raw`'\a\b\f\n\r\t\v\\\' - \xFF\377\u1234\U00010111\U0001011111☺'`,
]);

interface ApiRule {
  readonly name: string;
  readonly query: string;
}

const present = existsSync(CASES);
if (!present && process.env.OBSGEN_REQUIRE_TOOLS === "1") {
  it("needs the PromQL conformance table", () => {
    throw new Error(`PromQL conformance table not found: ${CASES}`);
  });
} else if (!present) console.warn(`[skipped] printPromql against Prometheus: ${CASES} not found`);

describeWithTool("prometheus", "printPromql against Prometheus 2.42's own printing", () => {
  const work = mkdtempSync(join(tmpdir(), "obsgen-print-"));
  let prometheus: ChildProcess | undefined;
  afterAll(() => {
    prometheus?.kill();
    rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(!present)("prints every expression of 2.42's tests that promtool accepts as Prometheus's rules API reports it", async () => {
    const lines = readFileSync(CASES, "utf8").trimEnd().split("\n");
    const head = lines[0]!.split("\t");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split("\t").map((v, i) => [head[i], v])) as Record<string, string>);
    const exprs = rows.filter((r) => r.promtool_valid === "1").map((r) => JSON.parse(r.expression!) as string);
    const group = { name: "printer", interval: "1h", rules: exprs.map((expr, i) => ({ record: `r${i}`, expr })) };
    writeFileSync(join(work, "rules.yml"), yaml.dump({ groups: [group] }, { lineWidth: -1 }));
    writeFileSync(join(work, "prometheus.yml"), yaml.dump({ rule_files: [join(work, "rules.yml")] }));
    const port = await freePort();
    prometheus = spawn(
      "prometheus",
      [`--config.file=${join(work, "prometheus.yml")}`, `--storage.tsdb.path=${join(work, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: "ignore" },
    );
    let rules: ApiRule[] = [];
    // Poll until the rules are loaded, however long a busy machine takes; a Prometheus that
    // exits (bad config, port taken) ends the wait with its exit code.
    while (rules.length === 0) {
      if (prometheus.exitCode !== null) throw new Error(`prometheus exited with code ${prometheus.exitCode} before loading the rules`);
      await new Promise((r) => setTimeout(r, 250));
      try {
        const body = (await (await fetch(`http://127.0.0.1:${port}/api/v1/rules`)).json()) as { data: { groups: { rules: ApiRule[] }[] } };
        rules = body.data.groups[0]?.rules ?? [];
      } catch {
        // not listening yet
      }
    }
    expect(rules).toHaveLength(exprs.length);
    const differences: string[] = [];
    for (const rule of rules) {
      const text = exprs[Number(rule.name.slice(1))]!;
      const ours = printPromql(parsePromql(text, promqlDialect("2.42")).ast!, { source: text });
      if (KNOWN_DIFFERENCES.has(text) && ours === rule.query) differences.push(`${text}: listed in KNOWN_DIFFERENCES but prints the same now`);
      if (ours !== rule.query && !KNOWN_DIFFERENCES.has(text)) differences.push(`${text}\n  Prometheus: ${rule.query}\n  obsgen:     ${ours}`);
    }
    console.log(
      `printPromql: ${rules.length - differences.length - KNOWN_DIFFERENCES.size}/${rules.length} print as Prometheus 2.42 does, ${KNOWN_DIFFERENCES.size} known differences`,
    );
    expect(differences).toEqual([]);
  });
});
