/**
 * Anchors and aliases: resolved in linear work.
 */
import { Alias } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseYaml, type WorkCounter } from "./parse.js";
import { lines, load } from "./test-helpers.js";

/** `n` alerting rules sharing their labels through one anchor, as big generated files do. */
function sharedLabels(n: number): string {
  const out = ["groups:", "- name: g", "  rules:", "  - alert: A0", "    expr: up == 0", "    labels: &common", "      severity: page", "      team: db"];
  for (let i = 1; i < n; i++) out.push(`  - alert: A${i}`, "    expr: up == 0", "    labels: *common");
  return lines(...out);
}

/** The work of parsing a text: nodes visited resolving anchors. */
function work(text: string): { parse: WorkCounter } {
  const parse: WorkCounter = { nodes: 0 };
  parseYaml(text, { work: parse });
  return { parse };
}

describe("alias resolution", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("resolves every alias without walking the document again", () => {
    // The `yaml` package's Alias.resolve walks the whole document per alias: 10,000 aliases made
    // lint quadratic (65 s for a 90 KB file).
    const resolve = vi.spyOn(Alias.prototype, "resolve");
    const r = load(sharedLabels(500));
    expect(r.value.groups[0]?.rules).toHaveLength(500);
    expect(r.value.groups[0]?.rules[499]?.labels.map((l) => l.value.value)).toEqual(["page", "db"]);
    expect(resolve).not.toHaveBeenCalled();
  });

  it("does work linear in the number of aliases", () => {
    const small = work(sharedLabels(1000));
    const large = work(sharedLabels(4000));
    expect(small.parse.nodes).toBeGreaterThan(1000);
    expect(large.parse.nodes / small.parse.nodes).toBeLessThan(4.2);
  });

  it("names the last anchor of that name before the alias", () => {
    const r = load(lines("groups:", "- name: g", "  rules:", "  - record: a", "    expr: up", "    labels: &l {x: '1'}", "  - record: b", "    expr: up", "    labels: &l {x: '2'}", "  - record: c", "    expr: up", "    labels: *l"));
    expect(r.value.groups[0]?.rules[2]?.labels.map((l) => l.value.value)).toEqual(["2"]);
  });
});
