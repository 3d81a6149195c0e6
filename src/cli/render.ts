/**
 * Text rendering of diagnostics for a terminal. The only place that formats them as prose.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";

export function renderDiagnostic(d: Diagnostic): string {
  const where = [d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}` : "", d.path ?? ""]
    .filter(Boolean)
    .join(": ");
  const head = `${d.severity} ${where ? `${where}: ` : ""}${d.message} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

export function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
