/** Builds the checker's diagnostics: code, severity from `codes.ts`, file:line:col from an offset. */
import type { Diagnostic, Impact } from "../diagnostics/diagnostic.js";
import { RULEFILE_CODES, type RulefileCode } from "./codes.js";
import type { SourcePosition } from "./parse.js";

/** Where a finding is and what goes with it. */
export interface FindingDetails {
  /** 0-based offset in the file. */
  readonly offset: number;
  readonly group?: string;
  readonly rule?: number;
  readonly hint?: string;
  readonly source?: string;
  readonly span?: { readonly from: number; readonly to: number };
}

/** The file a finding is in. */
export interface FindingFile {
  readonly path: string;
  positionAt(offset: number): SourcePosition;
}

export function finding(file: FindingFile, code: RulefileCode, message: string, details: FindingDetails): Diagnostic {
  const { line, column } = file.positionAt(details.offset);
  return {
    code,
    severity: RULEFILE_CODES[code].severity,
    impact: (RULEFILE_CODES[code] as { impact?: Impact }).impact ?? "bug",
    message,
    file: file.path,
    line,
    column,
    ...(details.group !== undefined && { group: details.group }),
    ...(details.rule !== undefined && { rule: details.rule }),
    ...(details.hint !== undefined && { hint: details.hint }),
    ...(details.source !== undefined && { source: details.source }),
    ...(details.span !== undefined && { span: details.span }),
  };
}
