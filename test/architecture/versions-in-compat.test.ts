/**
 * src/compat/prometheus.ts is the one module that names a Prometheus version (docs/architecture.md):
 * everything version-dependent reads SEMANTICS and its tables, so adding or moving a modelled
 * version is a change in one place. This test reads the string literals (quotes and template
 * text) of every non-test module under src/ outside src/compat and refuses one that spells a
 * version such as "2.42", "3.14" or "v2.42.0". Comments are not read: citing the upstream file and
 * tag a module mirrors is how this code base documents behaviour.
 *
 * Tests (`*.test.ts`) are left out, since they exercise the versions by name. So is a bare major
 * ("3"), which is a `PrometheusVersion` value and checked by the type.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

const SRC = join(ROOT, "src");

/** A dotted version whose major is a Prometheus major: `2.42`, `3.0`, `v2.42.0`. */
const VERSION = /(?<![\w.])v?[23]\.\d+(?:\.\d+)?(?!\.?\d)/g;

/**
 * The version-shaped text that is not a Prometheus version, as `file: text`, each with its reason.
 * An entry that no longer occurs fails the test too, so the list stays exact.
 */
const NOT_PROMETHEUS = [
  // Mimir versions: the default `version` of a mimir target, and the releases that added
  // `query_offset` (2.13) and group `labels` (3.0) to its ruler.
  "src/config/schema.ts: 2.13",
  "src/emit/targets/engines.ts: 2.13",
  "src/emit/targets/engines.ts: 3.0",
  // The syntax of a target's `version` (Prometheus or Mimir), shown in its error message.
  "src/config/schema.ts: 2.53",
  "src/config/schema.ts: 3.0",
  // A histogram bucket boundary in the scaffolded catalog.
  "src/init/scaffold.ts: 2.5",
  // The SARIF schema version and its URL.
  "src/lint/format/index.ts: 2.1.0",
  "src/lint/format/index.ts: 2.1.0",
  // SemVer 2.0, the version syntax Cargo and npm accept.
  "src/model/semver.ts: 2.0",
  // A helper of the rule-file tests, imported only by `*.test.ts`: they compare with the promtool
  // installed, which is 2.42.
  "src/rulefile/test-helpers.ts: 2.42",
];

/** The modules to read: every `.ts` under src/ outside src/compat, tests left out. */
function modules(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.startsWith("compat/"))
    .map((f) => `src/${f.split("\\").join("/")}`);
}

/** Each version-shaped text in a string literal or template text of `source`, as `file: text`. */
function versionsSpelled(file: string, source: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const m of node.text.matchAll(VERSION)) found.push(`${file}: ${m[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true));
  return found;
}

describe("Prometheus versions", () => {
  it("are spelled in code only in src/compat", () => {
    const files = modules();
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => versionsSpelled(f, readFileSync(join(ROOT, f), "utf8")));
    expect(found.sort()).toEqual([...NOT_PROMETHEUS].sort());
  });

  it("are found in quotes and template text, and not in comments", () => {
    const source = [
      "// Mirrors promql/engine.go, v2.42.0.",
      "/** Prometheus 3.14 keeps it. */",
      'const a = SEMANTICS["2.42"];',
      "const b = `needs ${x} 3.0 or later`;",
      "const c = `since 2.53`;",
      'const d = "v3.14.0";',
      'const e = ["0.25", "12.5", "3", "1.2.3"];',
    ].join("\n");
    expect(versionsSpelled("x.ts", source)).toEqual(["x.ts: 2.42", "x.ts: 3.0", "x.ts: 2.53", "x.ts: v3.14.0"]);
  });
});
