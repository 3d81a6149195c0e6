/** Prometheus rule files: load, check as `promtool check rules` (2.42 or 3.14) does, and the typed model. */
export { loadRuleFile, type LoadedRuleFile, type LoadRuleFileOptions } from "./load-rule-file.js";
export { checkRuleFile, type CheckOptions, type CheckSource, type ExprChecker, type ExprError } from "./check.js";
export { decodeRuleFile, type DecodeResult } from "./decode.js";
export { parseYaml, type SourcePosition, type YamlDocument, type YamlFile, type YamlNode, type YamlSyntaxError } from "./parse.js";
export { RULEFILE_CODES, type RulefileCode } from "./codes.js";
export { scalarOffset } from "./scalar-offsets.js";
export { checkAlertTemplate, PROMETHEUS_TEMPLATE_FUNCTIONS, type AlertTemplateError } from "./alert-template.js";
export { parseGoTemplate, GO_TEMPLATE_BUILTINS, type TemplateParseOptions, type TemplateSyntaxError } from "./go-template-parser.js";
export type {
  DurationValue,
  IntegerValue,
  LabelEntry,
  Rule,
  RuleFile,
  RuleFileFormat,
  RuleGroup,
  RuleKind,
  ScalarStyle,
  TextValue,
} from "./model.js";
