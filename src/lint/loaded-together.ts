/**
 * Which linted rules one Prometheus certainly loads together. A rule file is loaded whole or not
 * at all (`rule_files` names files, or globs of them), so the groups of one file are. Two files,
 * even in one folder, may be alternatives no server loads together: exporters' example files side by
 * side, test fixtures, one file per environment. A catalog's groups are generated for one
 * Prometheus and share the catalog as their file.
 *
 * Cross-file checks (`rule/duplicate`, `rule/dependency`) only say something certain, so they
 * relate rules that are loaded together by this definition.
 */
import type { LintGroupNode } from "./types.js";

export function loadedTogether(a: LintGroupNode, b: LintGroupNode): boolean {
  return a.file === b.file;
}
