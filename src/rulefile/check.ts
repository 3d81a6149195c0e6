/**
 * The semantic checks `promtool check rules` runs on a decoded rule file (`RuleGroups.Validate`,
 * `Rule.Validate`, `testTemplateParsing`) and its duplicate-rules lint (`checkDuplicates`), on the typed
 * model. PromQL is checked by an injected function, so this module does not depend on a PromQL parser.
 * Name validation, group labels and template functions follow the {@link RuleFileDialect} checked.
 *
 * Upstream: https://github.com/prometheus/prometheus/blob/v2.42.0/model/rulefmt/rulefmt.go,
 * https://github.com/prometheus/prometheus/blob/v3.14.0/model/rulefmt/rulefmt.go and
 * https://github.com/prometheus/prometheus/blob/v2.42.0/cmd/promtool/main.go (checkDuplicates).
 */
import { DEFAULT_LINT_TARGET, defaultRuleFileDialect, type PrometheusVersion } from "../compat/prometheus.js";
import type { RuleFileDialect } from "../compat/rule-files.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { checkAlertTemplate, templateVerdictIgnoresName } from "./alert-template.js";
import type { RulefileCode } from "./codes.js";
import { finding, type FindingDetails, type FindingFile } from "./finding.js";
import { goQuote } from "../compat/go/quote.js";
import type { LabelEntry, Rule, RuleFile, RuleGroup } from "./model.js";
import { isValidLabelName, isValidMetricName, isValidUtf8, isValidUtf8Name } from "./names.js";
import { scalarOffset } from "./scalar-offsets.js";

/** An error the injected PromQL checker found, with a 0-based half-open span in the expression. */
export interface ExprError {
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

/** Checks one PromQL expression for a Prometheus version; returns its errors (none when it is valid). */
export type ExprChecker = (expr: string, version: PrometheusVersion) => readonly ExprError[];

export interface CheckOptions {
  /** PromQL checker; without it expressions are only checked for presence. */
  readonly checkExpr?: ExprChecker;
  /** The release checked, and the version given to `checkExpr`. @default the lint default's (see compat/prometheus.ts) */
  readonly dialect?: RuleFileDialect;
  readonly version?: PrometheusVersion;
}

/** The source a model came from: for positions and for mapping offsets inside scalars. */
export interface CheckSource extends FindingFile {
  readonly text: string;
}

/**
 * Runs promtool's semantic checks and its duplicate-rules lint on a decoded rule file.
 * Decoding problems (YAML, unknown fields, types, durations) are reported by `decodeRuleFile`, not here.
 */
export function checkRuleFile(file: RuleFile, source: CheckSource, options: CheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const validTemplates = new Set<string>();
  const dialect = options.dialect ?? defaultRuleFileDialect();
  for (const groups of byDocument(file.groups)) {
    checkGroupNames(groups, source, out);
    for (const group of groups) {
      // 3.x: group labels are validated like rule labels (`RuleGroups.Validate`, v3.14.0 lines 122–134).
      for (const d of checkLabels(group.labels, dialect, (code, message, details) => finding(source, code, message, { ...details, group: group.name })))
        out.push(d);
      if (group.limit !== undefined && group.limit.value < 0) {
        out.push(
          finding(source, "rulefile/group-limit", `limit ${group.limit.value} is negative: Prometheus treats it as no limit`, {
            offset: group.limit.offset,
            group: group.name,
            hint: "Use 0 for no limit, or a positive number of alerts or series.",
          }),
        );
      }
      for (const rule of group.rules) for (const d of checkRule(group, rule, source, options, dialect, validTemplates)) out.push(d);
    }
    // One by one: a file can hold hundreds of thousands of duplicates, too many to spread into push().
    for (const d of checkDuplicates(groups, source)) out.push(d);
  }
  return out;
}

/** Groups per YAML document: each document is a rule file of its own (one PrometheusRule object each). */
function byDocument(groups: readonly RuleGroup[]): RuleGroup[][] {
  const docs = new Map<number, RuleGroup[]>();
  for (const g of groups) {
    const list = docs.get(g.document) ?? [];
    list.push(g);
    docs.set(g.document, list);
  }
  return [...docs.values()];
}

function checkGroupNames(groups: readonly RuleGroup[], source: CheckSource, out: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const group of groups) {
    const details = { offset: group.offset, group: group.name };
    if (group.name === "") {
      out.push(finding(source, "rulefile/group-name", "Groupname must not be empty", { ...details, hint: "Give the group a `name`." }));
    }
    if (seen.has(group.name)) {
      out.push(
        finding(source, "rulefile/group-name", `groupname: "${group.name}" is repeated in the same file`, {
          ...details,
          hint: "Group names must be unique within a file: rename or merge the groups.",
        }),
      );
    }
    seen.add(group.name);
  }
}

/** A name a label or annotation may have in the release: legacy `[a-zA-Z_][a-zA-Z0-9_]*`, or 3.x's any non-empty UTF-8. */
function validLabelName(name: string, dialect: RuleFileDialect): boolean {
  return dialect.names === "utf8" ? isValidUtf8Name(name) : isValidLabelName(name);
}

const LABEL_NAME_HINT: Readonly<Record<RuleFileDialect["names"], string>> = {
  legacy: "Label names match [a-zA-Z_][a-zA-Z0-9_]* and cannot be __name__ (set the name with `record`).",
  utf8: "Label names are non-empty UTF-8 text and cannot be __name__ (set the name with `record`).",
};

/** Label names and values of a rule or group (`Rule.Validate` / `RuleGroups.Validate`). */
function checkLabels(
  labels: readonly LabelEntry[],
  dialect: RuleFileDialect,
  make: (code: RulefileCode, message: string, details: Omit<FindingDetails, "group" | "rule">) => Diagnostic,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { name, value } of labels) {
    if (!validLabelName(name.value, dialect) || name.value === "__name__") {
      out.push(make("rulefile/label-name", `invalid label name: ${name.value}`, { offset: name.range[0], hint: LABEL_NAME_HINT[dialect.names] }));
    }
    if (!isValidUtf8(value.value)) out.push(make("rulefile/label-value", `invalid label value: ${value.value}`, { offset: value.range[0] }));
  }
  return out;
}

/** Rule.Validate and testTemplateParsing for one rule. */
function checkRule(
  group: RuleGroup,
  rule: Rule,
  source: CheckSource,
  options: CheckOptions,
  dialect: RuleFileDialect,
  validTemplates: Set<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (code: RulefileCode, message: string, details: Omit<FindingDetails, "group" | "rule">): void => {
    out.push(finding(source, code, message, { ...details, group: group.name, rule: rule.index }));
  };
  const record = rule.record?.value ?? "";
  const alert = rule.alert?.value ?? "";

  if (record !== "" && alert !== "") {
    report("rulefile/record-xor-alert", "only one of 'record' and 'alert' must be set", {
      offset: rule.record!.range[0],
      hint: `Keep \`record\` for a recording rule or \`alert\` (line ${rule.alert!.position.line}) for an alerting rule.`,
    });
  }
  if (record === "" && alert === "") {
    report("rulefile/record-xor-alert", "one of 'record' or 'alert' must be set", {
      offset: rule.offset,
      hint: "Add `record: <metric name>` or `alert: <alert name>`.",
    });
  }

  const expr = rule.expr;
  if (expr === undefined || expr.value === "") {
    report("rulefile/missing-expr", "field 'expr' must be set in rule", {
      offset: expr?.range[0] ?? rule.offset,
      hint: "Add the PromQL expression the rule evaluates as `expr`.",
    });
  } else if (options.checkExpr !== undefined) {
    for (const e of options.checkExpr(expr.value, options.version ?? DEFAULT_LINT_TARGET.versions[0]!)) {
      report("rulefile/expr", `could not parse expression: ${e.message}`, {
        offset: scalarOffset(source.text, expr, inContent(expr.value, e.from)),
        source: expr.value,
        span: { from: e.from, to: e.to },
      });
    }
  }

  if (record !== "") {
    // promtool points these at the record name; the offending field is a better place.
    if (rule.annotations.length > 0) {
      report("rulefile/recording-field", "invalid field 'annotations' in recording rule", {
        offset: rule.annotations[0]!.name.range[0],
        hint: "Recording rules have no annotations: remove them, or make this an alerting rule.",
      });
    }
    if (rule.for !== undefined && rule.for.milliseconds !== 0) {
      report("rulefile/recording-field", "invalid field 'for' in recording rule", {
        offset: rule.for.offset,
        hint: "`for` only applies to alerting rules: remove it.",
      });
    }
    if (rule.keepFiringFor !== undefined && rule.keepFiringFor.milliseconds !== 0) {
      report("rulefile/recording-field", "invalid field 'keep_firing_for' in recording rule", {
        offset: rule.keepFiringFor.offset,
        hint: "`keep_firing_for` only applies to alerting rules: remove it.",
      });
    }
    const validName = dialect.names === "utf8" ? isValidUtf8Name(record) : isValidMetricName(record);
    if (!validName) {
      report("rulefile/record-name", `invalid recording rule name: ${record}`, {
        offset: rule.record!.range[0],
        hint:
          dialect.names === "utf8"
            ? "A recording rule name is a metric name: non-empty UTF-8 text, conventionally level:metric:operations."
            : "A recording rule name is a metric name: [a-zA-Z_:][a-zA-Z0-9_:]*, conventionally level:metric:operations.",
      });
    }
    // 3.2 and later (v3.14.0 `Rule.Validate` lines 255–260): a selector pasted into the name.
    if (dialect.recordNameBraces && (record.includes("{") || record.includes("}"))) {
      report("rulefile/record-name", `braces present in the recording rule name; should it be in expr?: ${record}`, {
        offset: rule.record!.range[0],
        hint: "Move the label matchers into `expr`; the name is the metric the rule writes.",
      });
    }
  }

  for (const d of checkLabels(rule.labels, dialect, (code, message, details) =>
    finding(source, code, message, { ...details, group: group.name, rule: rule.index }),
  )) {
    out.push(d);
  }
  for (const { name } of rule.annotations) {
    if (!validLabelName(name.value, dialect)) {
      report("rulefile/annotation-name", `invalid annotation name: ${name.value}`, {
        offset: name.range[0],
        hint: dialect.names === "utf8" ? "Annotation names are non-empty UTF-8 text." : "Annotation names match [a-zA-Z_][a-zA-Z0-9_]*.",
      });
    }
  }

  // Only alerting rules are templated.
  if (alert !== "") {
    const templates: Array<[string, LabelEntry]> = [
      ...rule.labels.map((l): [string, LabelEntry] => ["label", l]),
      ...rule.annotations.map((a): [string, LabelEntry] => ["annotation", a]),
    ];
    for (const [what, { name, value }] of templates) {
      // Rules repeat their annotation texts (`{{ $labels.job }} reports {{ $value }}`): each distinct
      // text is parsed once per file, unless its verdict can depend on the alert name.
      if (validTemplates.has(value.value)) continue;
      const error = checkAlertTemplate(alert, value.value, dialect.templateFunctions);
      if (error === undefined) {
        if (templateVerdictIgnoresName(value.value)) validTemplates.add(value.value);
        continue;
      }
      report("rulefile/template", `${what} ${goQuote(name.value)}: ${error.message}`, {
        offset: scalarOffset(source.text, value, inContent(value.value, error.offset)),
        source: value.value,
        span: { from: error.offset, to: Math.min(error.offset + 1, value.value.length) },
        hint: "Alert templates are Go text/template; the variables are $labels, $value, $externalLabels and $externalURL.",
      });
    }
  }
  return out;
}

/** An index in `value`, moved back from trailing white space ("unexpected EOF" after a block's last line). */
function inContent(value: string, index: number): number {
  return Math.min(index, value.trimEnd().length);
}

/**
 * promtool's duplicate-rules lint: rules of one file with the same name (alert or record, sharing one
 * namespace) and the same labels. The expression does not matter. Reported once per set, at its second
 * rule.
 */
function checkDuplicates(groups: readonly RuleGroup[], source: CheckSource): Diagnostic[] {
  const first = new Map<string, { group: RuleGroup; rule: Rule }>();
  const reported = new Set<string>();
  const out: Diagnostic[] = [];
  for (const group of groups) {
    for (const rule of group.rules) {
      // A rule without a name already fails, and promtool only lints files that pass.
      if (rule.name === "") continue;
      const labels = labelSet(rule.labels);
      const key = JSON.stringify([rule.name, labels]);
      const earlier = first.get(key);
      if (earlier === undefined) {
        first.set(key, { group, rule });
        continue;
      }
      if (reported.has(key)) continue;
      reported.add(key);
      const shown = `{${labels.map(([k, v]) => `${k}=${goQuote(v)}`).join(", ")}}`;
      const { group: g, rule: r } = earlier;
      out.push(
        finding(
          source,
          "rulefile/duplicate-rule",
          `duplicate rule: ${goQuote(rule.name)} with labels ${shown} is also rule ${r.index} of group ${goQuote(g.name)} (line ${r.position.line})`,
          {
            offset: rule.offset,
            group: group.name,
            rule: rule.index,
            hint:
              "Rules with the same name and labels write the same series or alert: remove one or tell them apart " +
              "with a label. promtool only warns (fails with --lint-fatal).",
          },
        ),
      );
    }
  }
  return out;
}

/** Labels as promtool compares them: by name, the last of repeated names winning, sorted. */
function labelSet(labels: readonly LabelEntry[]): Array<[string, string]> {
  const map = new Map<string, string>();
  for (const { name, value } of labels) map.set(name.value, value.value);
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
