/**
 * The registry's contract, for every rule: its id is `<group>/<name>` and equals its path under
 * rules/; a test and a doc sit beside it; the doc has the required sections; its "Incorrect"
 * examples trigger the rule and its "Correct" examples do not.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_LINT_TARGET, parsePrometheusVersions, parsePromqlFeatures } from "../compat/prometheus.js";
import { type DocExample, docExamples, docSections, REQUIRED_SECTIONS } from "./doc-examples.js";
import type { LintInput } from "./types.js";
import { runLint } from "./engine.js";
import { LINT_FIXTURE_CATALOG } from "./fixture-catalog.js";
import { catalogLintInput } from "./input/catalog.js";
import { ruleFileGroups } from "./input/rulefile.js";
import { ALL_RULES } from "./registry.js";
import { IMPACTS } from "../diagnostics/diagnostic.js";
import { resolveCatalog } from "../model/resolve.js";
import { loadRuleFile } from "../rulefile/index.js";
import { lintCase } from "../../test/helpers/rule-tester.js";

const RULES_DIR = join(dirname(fileURLToPath(import.meta.url)), "rules");

function fixture(extra: Record<string, unknown> = {}) {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
  Object.assign(raw.services[0].metrics, extra);
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.value;
}

/** The example's `prometheus=` / `features=`, as the lint input's target (none: lint's default). */
function exampleTarget(ex: DocExample): Pick<LintInput, "prometheus"> {
  if (!ex.prometheus && !ex.features) return {};
  const versions = parsePrometheusVersions(ex.prometheus ?? [...DEFAULT_LINT_TARGET.versions]);
  if ("error" in versions) throw new Error(versions.error);
  const features = parsePromqlFeatures(ex.features ?? [], versions.versions);
  if ("error" in features) throw new Error(features.error);
  return { prometheus: { versions: versions.versions, features: features.features } };
}

function findings(id: string, ex: DocExample): string[] {
  const { kind, text } = ex;
  const target = exampleTarget(ex);
  if (kind === "slo") {
    const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
    raw.slos = [JSON.parse(text)];
    const r = resolveCatalog(raw);
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics, null, 2));
    return runLint({ ...catalogLintInput(r.value, "catalog/index.ts", "2026-01-01"), ...target }, { only: [id] })
      .filter((d) => d.code === id)
      .map((d) => d.message);
  }
  if (kind === "dashboard") {
    // A JSON array is several dashboards linted together.
    const value = JSON.parse(text) as unknown;
    const [first, ...more] = Array.isArray(value) ? value : [value];
    return lintCase(
      { dashboard: first, more, ...(target.prometheus ? { prometheus: target.prometheus.versions, features: target.prometheus.features } : {}) },
      [id],
    )
      .filter((d) => d.code === id)
      .map((d) => d.message);
  }
  if (kind === "metric") {
    const model = fixture({ example: JSON.parse(text) });
    return runLint({ ...catalogLintInput(model, "catalog/index.ts", "2026-01-01"), ...target }, { only: [id] })
      .filter((d) => d.code === id && d.path?.includes(".example"))
      .map((d) => d.message);
  }
  const loaded = loadRuleFile("example.yml", text, target.prometheus ? { prometheus: target.prometheus.versions } : {});
  const model = fixture();
  const input: LintInput = {
    groups: ruleFileGroups(loaded, "example.yml"),
    catalog: model,
    catalogFile: null,
    scrapeIntervalMs: 30_000,
    evaluationIntervalMs: 30_000,
    today: "2026-01-01",
    ...target,
  };
  const fromFile = loaded.diagnostics.filter((d) => d.severity === "error" && !d.code.startsWith("rulefile/expr"));
  if (fromFile.length) throw new Error(`example is not a valid rule file: ${fromFile.map((d) => d.message).join("; ")}`);
  return runLint(input, { only: [id] })
    .filter((d) => d.code === id)
    .map((d) => d.message);
}

describe("lint rule registry", () => {
  it("has unique ids", () => {
    expect(new Set(ALL_RULES.map((r) => r.meta.id)).size).toBe(ALL_RULES.length);
  });

  for (const rule of ALL_RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      it("has an id of the form <group>/<kebab-name> matching its file, a test and a doc beside it", () => {
        expect(id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
        for (const ext of [".ts", ".test.ts", ".md"]) expect(existsSync(join(RULES_DIR, `${id}${ext}`)), `${id}${ext}`).toBe(true);
        expect(rule.meta.description.length).toBeGreaterThan(10);
        expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
      });

      const md = existsSync(join(RULES_DIR, `${id}.md`)) ? readFileSync(join(RULES_DIR, `${id}.md`), "utf8") : "";
      it("has a doc with the required sections, titled with its id", () => {
        expect(md.split("\n")[0]).toBe(`# ${id}`);
        expect(docSections(md)).toEqual([...REQUIRED_SECTIONS]);
        expect(md).toContain(`Severity: ${rule.meta.severity}.`);
      });

      it("states its impact, in its meta and in its doc", () => {
        expect(IMPACTS).toContain(rule.meta.impact);
        for (const [messageId, impact] of Object.entries(rule.meta.messageImpacts ?? {})) {
          expect(Object.keys(rule.meta.messages), `messageImpacts names a message of the rule`).toContain(messageId);
          expect(IMPACTS).toContain(impact);
        }
        expect(md).toMatch(new RegExp(`^Impact: ${rule.meta.impact} \\(`, "m"));
      });

      const examples = docExamples(md);
      it("has at least one incorrect and one correct example", () => {
        expect(examples.some((e) => e.expect === "incorrect")).toBe(true);
        expect(examples.some((e) => e.expect === "correct")).toBe(true);
      });
      examples.forEach((ex, i) => {
        it(`doc example ${i + 1} (${ex.expect}) ${ex.expect === "incorrect" ? "triggers" : "does not trigger"} the rule`, () => {
          const found = findings(id, ex);
          if (ex.expect === "incorrect") expect(found.length).toBeGreaterThan(0);
          else expect(found).toEqual([]);
        });
      });
    });
  }
});
