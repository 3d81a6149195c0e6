/**
 * Every finding the rule-file checker reports: a stable code, its severity and what it means. Errors are
 * what makes `promtool check rules` (of the targeted version) fail; warnings are what it only prints, or what it does not
 * see at all but Prometheus gets wrong. Each is a bug (Prometheus refuses or misreads the file)
 * unless its entry says otherwise.
 */
import { RULE_GROUP_FIELD_SINCE, SEMANTICS } from "../compat/prometheus.js";
import type { Impact, Severity } from "../diagnostics/diagnostic.js";

/** The releases whose rules are `rulefmt.RuleNode`s, where an alias reads as its anchor's name. */
const RAW_NODE_RELEASES = Object.values(SEMANTICS)
  .filter((s) => s.ruleFiles.ruleType === "rulefmt.RuleNode")
  .map((s) => s.release)
  .join(" and ");

export const RULEFILE_CODES = {
  "rulefile/yaml": {
    severity: "error",
    description: "The file is not valid YAML (syntax, duplicate key, unknown anchor).",
  },
  "rulefile/unknown-field": {
    severity: "error",
    description: `A key the targeted promtool does not know (strict decoding; \`query_offset\` and group \`labels\` only since ${RULE_GROUP_FIELD_SINCE.query_offset} and ${RULE_GROUP_FIELD_SINCE.labels}).`,
  },
  "rulefile/type": {
    severity: "error",
    description: "A value of the wrong YAML type (a list where a string goes, a string for `limit`).",
  },
  "rulefile/duration": {
    severity: "error",
    description: "`interval`, `for` or `keep_firing_for` is not a Prometheus duration.",
  },
  "rulefile/group-name": { severity: "error", description: "A group name is empty or repeated in the same file." },
  "rulefile/record-xor-alert": {
    severity: "error",
    description: "A rule sets neither or both of `record` and `alert`.",
  },
  "rulefile/missing-expr": { severity: "error", description: "A rule has no `expr`." },
  "rulefile/expr": {
    severity: "error",
    description: "The PromQL expression does not parse (reported by the injected checker).",
  },
  "rulefile/recording-field": {
    severity: "error",
    description: "`for`, `keep_firing_for` or `annotations` in a recording rule.",
  },
  "rulefile/record-name": { severity: "error", description: "A recording rule name is not a valid metric name." },
  "rulefile/label-name": { severity: "error", description: "A rule label name is invalid or `__name__`." },
  "rulefile/label-value": { severity: "error", description: "A rule label value is not valid UTF-8." },
  "rulefile/annotation-name": { severity: "error", description: "An annotation name is not a valid label name." },
  "rulefile/template": {
    severity: "error",
    description: "A label value or annotation of an alerting rule is not a valid Go template.",
  },
  "rulefile/duplicate-rule": {
    severity: "warning",
    // Alerts that share a name on purpose (one alert, several conditions) and recording rules
    // partitioned by label values are what this lint flags most: promtool's convention, opt-in.
    // Copies (same expression too) are `rule/duplicate`'s, printed by default.
    impact: "convention",
    description: "Two rules with the same name and labels (promtool's duplicate-rules lint).",
  },
  "rulefile/ignored-document": {
    severity: "warning",
    description: "A YAML document after the first in a plain rule file: Prometheus never reads it.",
  },
  "rulefile/alias-value": {
    severity: "warning",
    description: `An alias in \`record\`, \`alert\` or \`expr\`: ${RAW_NODE_RELEASES} reads the anchor's name, not its value (3.x resolves it).`,
  },
  "rulefile/group-limit": {
    severity: "warning",
    description: "A negative group `limit`: accepted, and means no limit, like 0.",
  },
} as const satisfies Record<string, { severity: Severity; impact?: Impact; description: string }>;

/** A code of the rule-file checker. */
export type RulefileCode = keyof typeof RULEFILE_CODES;
