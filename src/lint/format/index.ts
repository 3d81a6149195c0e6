/**
 * Machine-readable renderers of lint diagnostics: JSON, GitHub workflow annotations and SARIF for
 * CI systems. Pure: diagnostics in, a string out. Text for people is src/cli/render.ts's.
 */
import type { Diagnostic, Impact, Severity } from "../../diagnostics/diagnostic.js";

export type Format = "text" | "json" | "github" | "sarif";
export const FORMATS: readonly Format[] = ["text", "json", "github", "sarif"];

export interface RenderOptions {
  /** Tool version for SARIF. */
  readonly version: string;
  /** Rule descriptions for SARIF's rule table, by id. */
  readonly ruleDescriptions: ReadonlyMap<string, string>;
  /** Absolute URLs of the rules' doc pages for SARIF's rule table (`helpUri`), by id. */
  readonly ruleHelpUris?: ReadonlyMap<string, string>;
  /** Rules' impacts for SARIF's rule table (as a property and a tag), by id. */
  readonly ruleImpacts?: ReadonlyMap<string, Impact>;
}

/** Findings counted but not shown, by severity. */
export interface Omitted {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
}

export const NONE_OMITTED: Omitted = { error: 0, warning: 0, info: 0 };

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
