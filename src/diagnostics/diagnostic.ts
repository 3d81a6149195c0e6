/**
 * Diagnostics are data. Stages return them; only renderers (src/cli) turn them into text.
 */
import { compareCodePoints } from "../util/order.js";

export type Severity = "error" | "warning" | "info";

/**
 * What a lint finding means for the thing it is about, independent of its severity:
 * - `bug`: it does not work as written (invalid, never fires, fires on everything, renders empty, reads nothing);
 * - `risk`: it works, but misbehaves in some conditions (flaps, NaN, gaps, fragile under restarts);
 * - `cost`: it works, but makes Prometheus do needless work that a plainer spelling avoids (a regex
 *   matcher holding a plain value, a recording rule keeping a series per user);
 * - `convention`: it works, but breaks a convention or house policy (annotations, naming, style).
 */
export type Impact = "bug" | "risk" | "cost" | "convention";
export const IMPACTS: readonly Impact[] = ["bug", "risk", "cost", "convention"];

export interface Diagnostic {
  /** Stable id of the check, e.g. `catalog/unknown-parameter` or `promql/rate-on-counter`. */
  readonly code: string;
  readonly severity: Severity;
  /** For lint findings: what kind of problem it is (see {@link Impact}). */
  readonly impact?: Impact;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /**
   * For lint findings: the key of the rule's message template (`meta.messages`) the message was
   * made from, and the values of its placeholders. Stable across wording changes, so tools can
   * match on them instead of the prose.
   */
  readonly messageId?: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Where in the catalog, as a dotted path: `services.execution-engine.metrics.order_submission_latency.buckets`. */
  readonly path?: string;
  /** Source file (relative to the working directory where possible). */
  readonly file?: string;
  /** 1-based line and column in `file`. */
  readonly line?: number;
  readonly column?: number;
  /**
   * 1-based line and column in `file` just past the end of `span`, when the finding has one
   * (exclusive, as SARIF's `endColumn`): with `line` and `column`, the whole range in the file.
   */
  readonly endLine?: number;
  readonly endColumn?: number;
  /** What to do about it. */
  readonly hint?: string;
  /** The PromQL expression (or other source text) the finding is in, for caret rendering. */
  readonly source?: string;
  /** 0-based half-open span inside `source`, straight from the parser's node offsets. */
  readonly span?: { readonly from: number; readonly to: number };
  /** For rule files: the group name and the 1-based index of the rule in it (as promtool counts). */
  readonly group?: string;
  readonly rule?: number;
}

/** A stage's value plus everything it found; `value` is undefined when errors made it unusable. */
export interface Result<T> {
  readonly value: T | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Orders diagnostics for stable output: by file, line, column, path, then code. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      compareCodePoints(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareCodePoints(a.path ?? "", b.path ?? "") ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareCodePoints(a.code, b.code),
  );
}
