/**
 * The template check promtool 2.42 runs on every label value and annotation of an alerting rule
 * (`rulefmt.testTemplateParsing`): parse, don't execute, with Prometheus's template functions and the
 * `$labels`, `$externalLabels`, `$externalURL` and `$value` variables declared in front of the text.
 *
 * Upstream: https://github.com/prometheus/prometheus/blob/v2.42.0/model/rulefmt/rulefmt.go (testTemplateParsing)
 * and https://github.com/prometheus/prometheus/blob/v2.42.0/template/template.go (NewTemplateExpander).
 */
import { RULE_FILES_2_42 } from "../compat/rule-files.js";
import { parseGoTemplate } from "./go-template-parser.js";

/** Functions Prometheus 2.42 gives alert templates (`template.NewTemplateExpander`'s FuncMap); later ones in compat/rule-files.ts. */
export const PROMETHEUS_TEMPLATE_FUNCTIONS: ReadonlySet<string> = RULE_FILES_2_42.templateFunctions;

/** Declarations promtool puts in front of each template; they add no line break. */
const DEFS = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

/**
 * Whether the verdict on `text` is the same for every alert name: the name is only printed in
 * messages, unless the text defines templates (`{{define "__alert_X"}}` clashes with alert X's own).
 */
export function templateVerdictIgnoresName(text: string): boolean {
  return !text.includes("define") && !text.includes("block");
}

/** A template error in a label value or annotation. */
export interface AlertTemplateError {
  /** promtool's text, e.g. `template: __alert_HighLoad:1: undefined variable "$label"`. */
  readonly message: string;
  /** 0-based offset in the label value or annotation where the error is. */
  readonly offset: number;
}

/**
 * Checks one label value or annotation of the alerting rule `alertName` as promtool does, with the
 * template functions of the release checked (2.42's unless given).
 *
 * @example checkAlertTemplate("X", "{{ $label.instance }}")?.message
 *   // → 'template: __alert_X:1: undefined variable "$label"'
 */
export function checkAlertTemplate(
  alertName: string,
  text: string,
  functions: ReadonlySet<string> = PROMETHEUS_TEMPLATE_FUNCTIONS,
): AlertTemplateError | undefined {
  // Without a left delimiter the text is one text node (Go's lexText), which always parses.
  if (!text.includes("{{")) return undefined;
  const error = parseGoTemplate(DEFS + text, {
    name: `__alert_${alertName}`,
    functions,
  });
  if (error === undefined) return undefined;
  return { message: error.message, offset: Math.max(0, error.offset - DEFS.length) };
}
