/**
 * Text rendering of diagnostics for people, the only place that formats them as prose, in two
 * layouts: one line per diagnostic (`error file:line:col: message [code]`, with its hint below) for
 * build, test, diff and config problems, and lint's findings (`file:line:col: warning message
 * [rule, impact]`, the expression with a caret span under the finding, and the silence to copy).
 * Pure: diagnostics in, a string out; colour only when asked (see src/util/ansi.ts).
 */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import { NONE_OMITTED, type Omitted } from "../lint/format/index.js";
import { paint, SEVERITY_STYLE } from "../util/ansi.js";

export interface TextOptions {
  /** ANSI colours, for a terminal. @default false */
  readonly color?: boolean;
}

/** `file:line:col: path`, each part when known. */
function where(d: Diagnostic): string {
  const file = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : ""}` : "";
  return [file, d.path ?? ""].filter(Boolean).join(": ");
}

function severity(d: Diagnostic, color: boolean): string {
  return paint(SEVERITY_STYLE[d.severity], d.severity, color);
}

/** One diagnostic: `error file:3:5: path: message [code]`, and `  hint: …` below when it has one. */
export function renderDiagnostic(d: Diagnostic, opts: TextOptions = {}): string {
  const w = where(d);
  const head = `${severity(d, Boolean(opts.color))} ${w ? `${w}: ` : ""}${d.message} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** `[promql/nan, risk]`: the rule id, and the finding's impact when it has one. */
function tag(d: Diagnostic): string {
  return d.impact ? `${d.code}, ${d.impact}` : d.code;
}

/** Longest expression line shown whole under a finding; longer ones are shown around the span. */
const MAX_SHOWN_LINE = 200;
/** Characters shown before the span, and at most of the span, on a line cut to fit. */
const CONTEXT_BEFORE = 60;
const MAX_SHOWN_SPAN = 120;

/**
 * The expression line(s) with a caret span under the finding. Multi-line expressions show the span's
 * lines. A line longer than 200 characters is cut to the part around the span, marked with `…`: every
 * finding in a huge generated expression would otherwise print all of it, output quadratic in its size.
 */
export function caretLines(source: string, span: { from: number; to: number }): string[] {
  const out: string[] = [];
  // Line by line without splitting the whole source: only the span's lines are looked at.
  let start = span.from > source.length ? source.length : source.lastIndexOf("\n", Math.max(0, span.from - 1)) + 1;
  if (span.from === 0) start = 0;
  while (start <= source.length) {
    const nl = source.indexOf("\n", start);
    const end = nl < 0 ? source.length : nl;
    if (span.to < start) break;
    if (span.from <= end) {
      const from = Math.max(span.from, start) - start;
      const to = Math.min(Math.max(span.to, span.from + 1), end + 1) - start;
      let shownFrom = 0;
      let shownTo = end - start;
      if (end - start > MAX_SHOWN_LINE) {
        shownFrom = Math.max(0, from - CONTEXT_BEFORE);
        shownTo = Math.min(end - start, Math.max(to, from + 1) + CONTEXT_BEFORE, from + MAX_SHOWN_SPAN + CONTEXT_BEFORE);
      }
      const head = shownFrom > 0 ? "…" : "";
      const tail = shownTo < end - start ? "…" : "";
      const caretFrom = from - shownFrom + head.length;
      const caretTo = Math.min(to, shownTo + 1) - shownFrom + head.length;
      out.push(`    ${head}${source.slice(start + shownFrom, start + shownTo)}${tail}`);
      out.push(`    ${" ".repeat(caretFrom)}${"^".repeat(Math.max(1, caretTo - caretFrom))}`);
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

/** Lint findings, each with its expression and a caret span, separated by blank lines. */
export function renderText(diagnostics: readonly Diagnostic[], opts: TextOptions = {}): string {
  const color = Boolean(opts.color);
  const blocks = diagnostics.map((d) => {
    const head = `${paint("bold", where(d), color)}: ${severity(d, color)} ${d.message} ${paint("dim", `[${tag(d)}]`, color)}`;
    const lines = [head];
    if (d.source !== undefined && d.span) lines.push(...caretLines(d.source, d.span));
    else if (d.source !== undefined) lines.push(`    ${d.source.split("\n").join("\n    ")}`);
    if (d.hint) lines.push(`  ${paint("dim", "=", color)} ${d.hint}`);
    return lines.join("\n");
  });
  return blocks.join("\n\n");
}

/** `2 errors, 1 warning, 0 info`, counting findings not shown too. */
export function summaryLine(diagnostics: readonly Diagnostic[], omitted: Omitted = NONE_OMITTED): string {
  const n = (s: Severity) => diagnostics.filter((d) => d.severity === s).length + omitted[s];
  return `${count(n("error"), "error")}, ${count(n("warning"), "warning")}, ${n("info")} info`;
}

export function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
