/**
 * Shared by the rule-file tests: load YAML text and summarise findings as `code@line:column`. The tests
 * mirror promtool 2.42 (the promtool installed to compare with) unless they name another version.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { loadRuleFile, type LoadedRuleFile, type LoadRuleFileOptions } from "./load-rule-file.js";

export function load(yaml: string, options: LoadRuleFileOptions = {}): LoadedRuleFile {
  return loadRuleFile("rules.yml", yaml, { prometheus: ["2.42"], ...options });
}

/** `code@line:column` of every finding, in order. */
export function where(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code}@${d.line}:${d.column}`);
}

/** The findings of a YAML text as `code@line:column`. */
export function findings(yaml: string, options: LoadRuleFileOptions = {}): string[] {
  return where(load(yaml, options).diagnostics);
}

/** Joins lines, so fixtures read like files. */
export function lines(...ls: string[]): string {
  return `${ls.join("\n")}\n`;
}
