/**
 * Renderers of lint diagnostics: text for people (with the expression and a caret span), JSON,
 * GitHub workflow annotations and SARIF for CI systems. Pure: diagnostics in, a string out.
 */
import type { Diagnostic, Impact, Severity } from "../../diagnostics/diagnostic.js";

export type Format = "text" | "json" | "github" | "sarif";
export const FORMATS: readonly Format[] = ["text", "json", "github", "sarif"];

export interface RenderOptions {
  readonly color: boolean;
  /** Tool version for SARIF. */
  readonly version: string;
  /** Rule descriptions for SARIF's rule table, by id. */
  readonly ruleDescriptions: ReadonlyMap<string, string>;
  /** Absolute URLs of the rules' doc pages for SARIF's rule table (`helpUri`), by id. */
  readonly ruleHelpUris?: ReadonlyMap<string, string>;
  /** Rules' impacts for SARIF's rule table (as a property and a tag), by id. */
  readonly ruleImpacts?: ReadonlyMap<string, Impact>;
}

/** `[promql/nan, risk]`: the rule id, and the finding's impact when it has one. */
function tag(d: Diagnostic): string {
  return d.impact ? `${d.code}, ${d.impact}` : d.code;
}

const COLORS = { error: "\x1b[31m", warning: "\x1b[33m", info: "\x1b[36m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" };

function where(d: Diagnostic): string {
  const file = d.file ?? "";
  const pos = d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : "";
  return [file + pos, d.path].filter(Boolean).join(": ");
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

export function renderText(diagnostics: readonly Diagnostic[], opts: Pick<RenderOptions, "color">): string {
  const c = (k: keyof typeof COLORS, s: string) => (opts.color ? `${COLORS[k]}${s}${COLORS.reset}` : s);
  const blocks = diagnostics.map((d) => {
    const head = `${c("bold", where(d))}: ${c(d.severity, d.severity)} ${d.message} ${c("dim", `[${tag(d)}]`)}`;
    const lines = [head];
    if (d.source !== undefined && d.span) lines.push(...caretLines(d.source, d.span));
    else if (d.source !== undefined) lines.push(`    ${d.source.split("\n").join("\n    ")}`);
    if (d.hint) lines.push(`  ${c("dim", "=")} ${d.hint}`);
    return lines.join("\n");
  });
  return blocks.join("\n\n");
}

/** Findings counted but not shown, by severity. */
export interface Omitted {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

const NONE_OMITTED: Omitted = { error: 0, warning: 0, info: 0 };

export function summaryLine(diagnostics: readonly Diagnostic[], omitted: Omitted = NONE_OMITTED): string {
  const n = (s: Severity) => diagnostics.filter((d) => d.severity === s).length + omitted[s];
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `${plural(n("error"), "error")}, ${plural(n("warning"), "warning")}, ${n("info")} info`;
}

/** The longest expression JSON repeats in each finding's `expr`; a finding in a longer one gives its span only. */
const MAX_JSON_EXPR = 4096;

export function renderJson(diagnostics: readonly Diagnostic[], omitted: Omitted = NONE_OMITTED): string {
  const out = diagnostics.map((d) => ({
    ruleId: d.code,
    ...(d.messageId !== undefined ? { messageId: d.messageId } : {}),
    severity: d.severity,
    ...(d.impact ? { impact: d.impact } : {}),
    message: d.message,
    ...(d.data ? { data: d.data } : {}),
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    ...(d.endLine !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
    ...(d.path ? { path: d.path } : {}),
    ...(d.group !== undefined ? { group: d.group } : {}),
    ...(d.rule !== undefined ? { rule: d.rule } : {}),
    ...(d.span ? { span: d.span } : {}),
    ...(d.source !== undefined && d.source.length <= MAX_JSON_EXPR ? { expr: d.source } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  }));
  const count = (s: Severity) => diagnostics.filter((d) => d.severity === s).length + omitted[s];
  const hidden = omitted.error + omitted.warning + omitted.info;
  const summary = { errors: count("error"), warnings: count("warning"), infos: count("info"), ...(hidden > 0 ? { omitted: hidden } : {}) };
  return `${JSON.stringify({ diagnostics: out, summary }, null, 2)}\n`;
}

/**
 * GitHub workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 * GitHub takes `endColumn` only on a one-line range, so a range over lines gives `endLine` alone.
 */
export function renderGithub(diagnostics: readonly Diagnostic[]): string {
  const esc = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const prop = (s: string) => esc(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const level = { error: "error", warning: "warning", info: "notice" } as const;
  return diagnostics
    .map((d) => {
      const props = [
        d.file ? `file=${prop(d.file)}` : "",
        d.line ? `line=${d.line}` : "",
        d.column ? `col=${d.column}` : "",
        d.line && d.endLine !== undefined ? `endLine=${d.endLine}` : "",
        d.column && d.endLine === d.line && d.endColumn !== undefined ? `endColumn=${d.endColumn}` : "",
        `title=${prop(d.impact ? `${d.code} (${d.impact})` : d.code)}`,
      ]
        .filter(Boolean)
        .join(",");
      const msg = d.path ? `${d.path}: ${d.message}` : d.message;
      return `::${level[d.severity]} ${props}::${esc(d.hint ? `${msg}\n${d.hint}` : msg)}`;
    })
    .join("\n");
}

/** SARIF 2.1.0, as code-scanning services read it. */
export function renderSarif(
  diagnostics: readonly Diagnostic[],
  opts: Pick<RenderOptions, "version" | "ruleDescriptions" | "ruleImpacts" | "ruleHelpUris">,
): string {
  const ids = [...new Set(diagnostics.map((d) => d.code))].sort();
  const level = { error: "error", warning: "warning", info: "note" } as const;
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "obsgen",
            version: opts.version,
            informationUri: "https://www.npmjs.com/package/obsgen",
            rules: ids.map((id) => {
              const impact = opts.ruleImpacts?.get(id);
              const helpUri = opts.ruleHelpUris?.get(id);
              return {
                id,
                shortDescription: { text: opts.ruleDescriptions.get(id) ?? id },
                ...(helpUri ? { helpUri } : {}),
                // Code-scanning services show a rule's tags and let users filter on them.
                ...(impact ? { properties: { impact, tags: [impact] } } : {}),
              };
            }),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          level: level[d.severity],
          ...(d.impact ? { properties: { impact: d.impact } } : {}),
          message: { text: [d.path ? `${d.path}: ${d.message}` : d.message, d.hint].filter(Boolean).join("\n") },
          locations: d.file
            ? [
                {
                  physicalLocation: {
                    artifactLocation: { uri: d.file },
                    ...(d.line ? { region: sarifRegion(d, d.line) } : {}),
                  },
                },
              ]
            : [],
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** SARIF's region: the start, and the end when the finding has a span (`endColumn` exclusive, as SARIF's). */
function sarifRegion(d: Diagnostic, line: number): Record<string, number> {
  return {
    startLine: line,
    ...(d.column ? { startColumn: d.column } : {}),
    ...(d.column && d.endLine !== undefined && d.endColumn !== undefined ? { endLine: d.endLine, endColumn: d.endColumn } : {}),
  };
}
