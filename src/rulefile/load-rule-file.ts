/**
 * Entry point: reads one Prometheus rule file (plain, or Kubernetes PrometheusRule objects) into the typed
 * model and reports everything `promtool check rules` 2.42 would, plus a few warnings of its own.
 */
import { sortDiagnostics, type Diagnostic, type Result } from "../diagnostics/diagnostic.js";
import { checkRuleFile, type CheckSource, type ExprChecker } from "./check.js";
import { decodeRuleFile } from "./decode.js";
import { finding } from "./finding.js";
import type { RuleFile } from "./model.js";
import { parseYaml } from "./parse.js";

export interface LoadRuleFileOptions {
  /**
   * PromQL checker for `expr` (e.g. `src/promql`'s `analyze` adapted to `{ message, from, to }[]`); its
   * spans are mapped into the file. Without it, expressions are only checked for presence.
   */
  readonly checkExpr?: ExprChecker;
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
  const yaml = parseYaml(decoded, { byteOrderMarkRemoved: typeof text !== "string" });
  // The text as parsed: yaml.v3's other line breaks (lone CR, NEL, LS, PS) are line feeds in it.
  const source: CheckSource = { path, text: yaml.text, positionAt: yaml.positionAt };
  if (invalidAt !== undefined) {
    const diagnostic = finding(source, "rulefile/yaml", `invalid UTF-8 at byte ${invalidAt}`, {
      offset: invalidAt === 0 ? 0 : decodeUtf8Prefix(text as Uint8Array, invalidAt).length,
      hint: "Save the file as UTF-8.",
    });
    return { value: { path, format: "plain", groups: [] }, source, diagnostics: [diagnostic] };
  }
  const { file, diagnostics } = decodeRuleFile(path, yaml);
  const checked: Diagnostic[] = [...diagnostics, ...checkRuleFile(file, source, options)];
  return { value: file, source, diagnostics: sortDiagnostics(checked) };
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
