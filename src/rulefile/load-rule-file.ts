/**
 * Entry point: reads one Prometheus rule file (plain, or Kubernetes PrometheusRule objects) into the typed
 * model and reports everything `promtool check rules` of the targeted Prometheus versions would, plus a
 * few warnings of its own.
 */
import { DEFAULT_LINT_TARGET, PROMETHEUS_VERSIONS, type PrometheusVersion, SEMANTICS } from "../compat/prometheus.js";
import { sortDiagnostics, type Diagnostic, type Result } from "../diagnostics/diagnostic.js";
import { checkRuleFile, type CheckSource, type ExprChecker } from "./check.js";
import { decodeRuleFile } from "./decode.js";
import { finding } from "./finding.js";
import type { RuleFile } from "./model.js";
import { parseYaml, type YamlFile } from "./parse.js";

export interface LoadRuleFileOptions {
  /**
   * PromQL checker for `expr` (e.g. `src/promql`'s `analyze` adapted to `{ message, from, to }[]`); its
   * spans are mapped into the file. Without it, expressions are only checked for presence.
   */
  readonly checkExpr?: ExprChecker;
  /**
   * The Prometheus versions the file must load in; each one's findings are reported, those of only
   * some versions naming them ("Prometheus 2.42: …").
   * @default DEFAULT_LINT_TARGET's versions (3; see compat/prometheus.ts)
   */
  readonly prometheus?: readonly PrometheusVersion[];
  /**
   * The file already parsed, by `parseYaml` of the bytes' UTF-8 text with `byteOrderMarkRemoved`
   * (as here), by a caller that looked inside it first: it is not parsed again. Used only when the
   * bytes are valid UTF-8.
   */
  readonly parsed?: YamlFile;
}

/** The model (always present; possibly partial when there are errors), its source, and the findings. */
export interface LoadedRuleFile extends Result<RuleFile> {
  readonly value: RuleFile;
  /** The file text and a position lookup, for lint rules that map offsets inside values. */
  readonly source: CheckSource;
}

/**
 * Loads and checks a rule file. `text` may be raw bytes: invalid UTF-8 is then reported as promtool's
 * YAML parser reports it, instead of being replaced silently.
 *
 * Diagnostics are sorted by position; the file passes `promtool check rules` when none is an error.
 */
export function loadRuleFile(path: string, text: string | Uint8Array, options: LoadRuleFileOptions = {}): LoadedRuleFile {
  const { decoded, invalidAt } = typeof text === "string" ? { decoded: text, invalidAt: undefined } : decodeUtf8(text);
  // TextDecoder removes a leading byte order mark, as yaml.v3's reader does; a second one is left.
  const yaml = options.parsed ?? parseYaml(decoded, { byteOrderMarkRemoved: typeof text !== "string" });
  // The text as parsed: yaml.v3's other line breaks (lone CR, NEL, LS, PS) are line feeds in it.
  const source: CheckSource = { path, text: yaml.text, positionAt: yaml.positionAt };
  if (invalidAt !== undefined) {
    const diagnostic = finding(source, "rulefile/yaml", `invalid UTF-8 at byte ${invalidAt}`, {
      offset: invalidAt === 0 ? 0 : decodeUtf8Prefix(text as Uint8Array, invalidAt).length,
      hint: "Save the file as UTF-8.",
    });
    return { value: { path, format: "plain", groups: [] }, source, diagnostics: [diagnostic] };
  }
  const versions = options.prometheus ?? DEFAULT_LINT_TARGET.versions;
  const runs = versions.map((version) => {
    const dialect = SEMANTICS[version].ruleFiles;
    const { file, diagnostics } = decodeRuleFile(path, yaml, undefined, dialect);
    return { version, file, diagnostics: [...diagnostics, ...checkRuleFile(file, source, { ...options, dialect, version })] };
  });
  // The model of the newest version targeted: it has every field the others have.
  const newest = [...runs].sort((a, b) => PROMETHEUS_VERSIONS.indexOf(b.version) - PROMETHEUS_VERSIONS.indexOf(a.version))[0]!;
  return { value: newest.file, source, diagnostics: sortDiagnostics(runs.length === 1 ? runs[0]!.diagnostics : mergeFindings(runs)) };
}

/**
 * The findings of several versions, each once: one that only some versions report names them
 * (`Prometheus 2.42: invalid label name: a.b`).
 */
function mergeFindings(runs: ReadonlyArray<{ version: PrometheusVersion; diagnostics: readonly Diagnostic[] }>): Diagnostic[] {
  const key = (d: Diagnostic): string => JSON.stringify([d.code, d.line, d.column, d.group, d.rule, d.message]);
  const byVersion = runs.map((r) => new Set(r.diagnostics.map(key)));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  runs.forEach((r) => {
    for (const d of r.diagnostics) {
      const k = key(d);
      if (seen.has(k)) continue;
      seen.add(k);
      const everywhere = byVersion.every((s) => s.has(k));
      out.push(everywhere || /Prometheus \d/.test(d.message) ? d : { ...d, message: `${SEMANTICS[r.version].release}: ${d.message}` });
    }
  });
  return out;
}

/** Decodes UTF-8 strictly; `invalidAt` is the byte offset of the first invalid sequence. */
function decodeUtf8(bytes: Uint8Array): { decoded: string; invalidAt: number | undefined } {
  try {
    return { decoded: new TextDecoder("utf-8", { fatal: true }).decode(bytes), invalidAt: undefined };
  } catch {
    let lo = 0;
    let hi = bytes.length;
    // The longest valid prefix, give or take a partial sequence: binary search on strict decoding.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (isValidUtf8Prefix(bytes, mid)) lo = mid;
      else hi = mid - 1;
    }
    return { decoded: new TextDecoder("utf-8").decode(bytes), invalidAt: lo };
  }
}

function isValidUtf8Prefix(bytes: Uint8Array, length: number): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
    return true;
  } catch {
    return false;
  }
}

function decodeUtf8Prefix(bytes: Uint8Array, length: number): string {
  return new TextDecoder("utf-8").decode(bytes.subarray(0, length));
}
