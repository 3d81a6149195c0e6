/**
 * What `promtool check rules` accepts in a rule file, per modelled version: the group fields it
 * decodes, how it decodes a rule, how it validates names, and the functions alert templates may
 * call. `prometheus.ts` points here.
 *
 * Sources: `model/rulefmt/rulefmt.go` at v2.42.0 (225c611: `RuleGroup` lines 137–142,
 * `RuleNode.Validate` 167–256) and v3.14.0 (d7598b7: `RuleGroup` 159–166, `Validate` 101–157,
 * `Rule.Validate` 202–293); prometheus/common `model/metric.go` (v0.39 legacy names, v0.70.1 UTF-8).
 */
import type { Release } from "./promql-syntax.js";

/** Rule-group fields added after 2.42, and the release that added each. */
export const GROUP_FIELD_ADDITIONS = {
  /** Evaluate the group's queries this far in the past (PR #14061). */
  query_offset: { since: "2.53" },
  /** Labels added to every rule of the group; a rule's own label wins (commit f253d36361, PR #11474). */
  labels: { since: "3.0" },
} as const satisfies Record<string, { since: Release }>;
export type GroupFieldAddition = keyof typeof GROUP_FIELD_ADDITIONS;

/**
 * How names are validated: `legacy` is prometheus/common's default before 3.0 (metric names
 * `[a-zA-Z_:][a-zA-Z0-9_:]*`, label and annotation names `[a-zA-Z_][a-zA-Z0-9_]*`); `utf8` is what
 * 3.x's promtool and server use (any non-empty valid UTF-8 string; `cmd/promtool/main.go` line 395
 * passes `model.UTF8Validation` to `rulefmt.ParseFile`).
 */
export type NameValidation = "legacy" | "utf8";

export interface RuleFileDialect {
  /** For messages: "Prometheus 2.42". */
  readonly name: string;
  readonly release: Release;
  /** Fields of a rule group the strict decoder knows, in the order the Go struct lists them. */
  readonly groupFields: readonly string[];
  /** How `record`, label and annotation names (rule and group labels) are validated. */
  readonly names: NameValidation;
  /**
   * A recording rule name must not contain `{` or `}` ("braces present in the recording rule name;
   * should it be in expr?"), since 3.2 (PR #15851; v3.14.0 `Rule.Validate` lines 255–260).
   */
  readonly recordNameBraces: boolean;
  /**
   * How a rule is decoded. 2.42 decodes into `RuleNode`, whose `record`, `alert` and `expr` are raw
   * `yaml.Node`s (an alias reads as its anchor's name, a mapping as ""); 3.x decodes into `Rule`
   * (v3.14.0 `Parse` line 358: `decoder.Decode(&groups)`), whose fields are strings: aliases resolve,
   * and a mapping or sequence there is a type error.
   */
  readonly ruleType: "rulefmt.RuleNode" | "rulefmt.Rule";
  /** The functions alert templates may call (`template.NewTemplateExpander`'s FuncMap). */
  readonly templateFunctions: ReadonlySet<string>;
}

/** v2.42.0 `template/template.go`, `NewTemplateExpander`. */
const TEMPLATE_FUNCTIONS_2_42 = [
  "query",
  "first",
  "label",
  "value",
  "strvalue",
  "args",
  "reReplaceAll",
  "safeHtml",
  "match",
  "title",
  "toUpper",
  "toLower",
  "graphLink",
  "tableLink",
  "sortByLabel",
  "humanize",
  "humanize1024",
  "humanizeDuration",
  "humanizePercentage",
  "humanizeTimestamp",
  "toTime",
  "pathPrefix",
  "externalURL",
  "parseDuration",
  "stripPort",
  "stripDomain",
];

export const RULE_FILES_2_42: RuleFileDialect = {
  name: "Prometheus 2.42",
  release: "2.42",
  groupFields: ["name", "interval", "limit", "rules"],
  names: "legacy",
  recordNameBraces: false,
  ruleType: "rulefmt.RuleNode",
  templateFunctions: new Set(TEMPLATE_FUNCTIONS_2_42),
};

export const RULE_FILES_3_14: RuleFileDialect = {
  name: "Prometheus 3.14",
  release: "3.14",
  groupFields: ["name", "interval", "query_offset", "limit", "rules", "labels"],
  names: "utf8",
  recordNameBraces: true,
  ruleType: "rulefmt.Rule",
  // `now` and `toDuration` since 3.6, `urlQueryEscape` since 3.8.
  templateFunctions: new Set([...TEMPLATE_FUNCTIONS_2_42, "now", "toDuration", "urlQueryEscape"]),
};
