/**
 * What a file found inside a folder is, decided by parsing it, not by its first lines: a Prometheus
 * rule file (a YAML or JSON document whose top level is a mapping with a `groups` list, or a
 * PrometheusRule resource), a Grafana dashboard (JSON with `panels`), or something lint passes over,
 * with the reason (`--verbose` prints it). Files named on the command line are always linted.
 *
 * Several YAML documents: promtool reads only the first document of a rule file and ignores the rest
 * (rulefmt.Parse with one yaml.v3 Decode, v2.42), silently. A file with `groups` in any document is a
 * rule file here, so the loader can say which documents promtool ignores rather than lint skipping
 * the file.
 */
import { isAlias, isMap, isScalar, isSeq } from "yaml";
import { parseYaml, type YamlDocument, type YamlFile } from "../../rulefile/index.js";

/**
 * Names lint reads inside folders: `.yml`, `.yaml`, `.json` and `.rules` (Prometheus's own examples
 * name rule files `*.rules`), each also with `.example`, `.sample`, `.dist`, `.tmpl`, `.tpl` or
 * `.template` after it (copied into place, or rendered by a template tool, before use).
 */
export const LINT_FILE_NAME = /\.(?:ya?ml|json|rules)(?:\.(?:example|sample|dist|tmpl|tpl|template))?$/i;

/** JSON by name: dashboards, or rule files written as JSON. */
const JSON_NAME = /\.json(?:\.[a-z]+)?$/i;

/** What a file is, for lint. */
export type LintFileKind =
  /** `yaml`: the file parsed, when classifying parsed it (the loader reuses it rather than parse twice). */
  | { readonly kind: "rules"; readonly yaml?: YamlFile }
  | { readonly kind: "dashboard"; readonly json: unknown }
  /** JSON that is neither a dashboard nor a rule file. */
  | { readonly kind: "other-json" }
  | { readonly kind: "invalid-json"; readonly message: string }
  | { readonly kind: "skipped"; readonly reason: string };

/**
 * A template tool's source (Helm's, or another Go-template tool's) rather than a finished file: an
 * action naming Helm's objects or functions, or an action starting a line at column 0. Prometheus's
 * own alert templates (`{{ $labels.job }}`, `{{ humanize $value }}`) sit inside values and match
 * neither, so a rule file with a YAML error and alert templates is still a broken rule file.
 */
const TEMPLATE_SOURCE =
  /\{\{-?\s*[^}]*(?:\.Values\b|\.Release\b|\.Chart\b|\.Capabilities\b|\.Files\b|\binclude\s+"|\btoYaml\b|\btpl\b|\bnindent\b|\bdefine\s+"|\btemplate\s+")|^\{\{/m;

/** A line a rule file starts its groups with, or a PrometheusRule's kind: for files that do not parse. */
const RULE_FILE_LINE = /^\s*["']?groups["']?\s*:|^\s*["']?kind["']?\s*:\s*["']?PrometheusRule\b/m;

/**
 * What `bytes` (the file at `path`) is. `named`: given on the command line, so linted as a rule file
 * unless it is JSON of a dashboard.
 */
export function classifyLintFile(path: string, bytes: Uint8Array, named: boolean): LintFileKind {
  const text = new TextDecoder("utf-8").decode(bytes);
  if (JSON_NAME.test(path)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (!named && TEMPLATE_SOURCE.test(text)) return { kind: "skipped", reason: "a template (`{{ }}`, Helm's or another tool's), not JSON yet" };
      return { kind: "invalid-json", message: (e as Error).message };
    }
    if (isDashboard(value)) return { kind: "dashboard", json: value };
    if (isRuleFileValue(value)) return { kind: "rules" };
    return named ? { kind: "other-json" } : { kind: "skipped", reason: "JSON that is neither a Grafana dashboard (no `panels`) nor a rule file (no `groups`)" };
  }
  if (named) return { kind: "rules" };
  if (text.trim() === "") return { kind: "skipped", reason: "empty" };
  // Parsed as the loader parses bytes: decoding removed a leading byte order mark, if there was one.
  const yaml = parseYaml(text, { byteOrderMarkRemoved: true });
  const broken = yaml.documents.find((d) => d.errors.length > 0);
  const where = (): string => {
    const e = broken!.errors[0]!;
    const at = yaml.positionAt(e.offset);
    return `line ${at.line}, column ${at.column}: ${e.message.split("\n")[0]}`;
  };
  if (broken !== undefined && TEMPLATE_SOURCE.test(text))
    return { kind: "skipped", reason: `a template (\`{{ }}\`, Helm's or another tool's), not YAML yet (${where()})` };
  if (yaml.documents.some(holdsRules)) return { kind: "rules", yaml };
  if (broken !== undefined) {
    // A rule file with a syntax error is still a rule file: its error is worth reporting.
    if (RULE_FILE_LINE.test(text)) return { kind: "rules", yaml };
    return { kind: "skipped", reason: `not YAML (${where()})` };
  }
  return { kind: "skipped", reason: withoutGroups(yaml.documents) };
}

/** A parsed JSON value shaped like a Grafana dashboard (as exported, or as the HTTP API wraps it). */
function isDashboard(value: unknown): boolean {
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const root = obj(value) && obj(value.dashboard) ? value.dashboard : value;
  return obj(root) && Array.isArray(root.panels);
}

/** A JSON rule file: a `groups` list, or a PrometheusRule resource. */
function isRuleFileValue(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.groups) || v.groups === null || v.kind === "PrometheusRule";
}

/** A document whose top level is a mapping with a `groups` list (or empty), or a PrometheusRule. */
function holdsRules(doc: YamlDocument): boolean {
  const root = doc.root;
  if (!isMap(root)) return false;
  const kind = root.get("kind", true);
  if (isScalar(kind) && String(kind.value) === "PrometheusRule") return true;
  if (!root.has("groups")) return false;
  const groups = root.get("groups", true);
  const value = isAlias(groups) ? doc.resolve(groups) : groups;
  return value === undefined || value === null || isSeq(value) || (isScalar(value) && value.value === null);
}

/** Why a file of valid YAML is not a rule file. */
function withoutGroups(documents: readonly YamlDocument[]): string {
  const roots = documents.map((d) => d.root).filter((r) => r !== null);
  if (roots.length === 0) return "YAML without a document (only comments)";
  const first = roots[0]!;
  if (isMap(first)) {
    const kind = first.get("kind", true);
    if (first.has("groups")) return "YAML whose `groups` is not a list";
    if (isScalar(kind) && kind.value !== null) return `YAML without \`groups\` (a ${String(kind.value)}, not a PrometheusRule)`;
    return "YAML without `groups`";
  }
  return `YAML without \`groups\` (its top level is ${isSeq(first) ? "a list" : "a single value"})`;
}
