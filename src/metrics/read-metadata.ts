/**
 * One metadata file (`obsgen lint --metadata`), told apart by its content, never its name: JSON
 * with `status` and `data` is a saved Prometheus API response (`/api/v1/metadata` when `data` is
 * an object, `/api/v1/targets/metadata` when a list), JSON with an `obsgen.catalog/…` `schema` is a
 * catalog.json, anything else a saved `/metrics` exposition (Prometheus text 0.0.4, or OpenMetrics
 * 1.0 when it ends with `# EOF`). What cannot be read is an error
 * finding naming the file, line and column and what to do; the lint goes on without the file.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { jsonSyntaxError, lineColumn } from "../util/json-error.js";
import { CatalogDocError, catalogJsonSource } from "./catalog-json-source.js";
import { expositionSource } from "./exposition-source.js";
import { jsonKeyLines } from "./json-lines.js";
import type { ResolvedCatalog } from "../model/resolved.js";
import { buildKnowledge, catalogKnowledge, conflictDiagnostic, type MetadataSource, type MetricKnowledge, mergeKnowledge } from "./knowledge.js";
import { metadataApiData, metadataApiSource, targetsMetadataData, targetsMetadataSource } from "./metadata-api.js";

export const UNREADABLE = "metadata/unreadable";

/** What a metadata file gave: its facts, or why not. */
export type MetadataRead = { readonly source: MetadataSource } | { readonly problem: Diagnostic };

function problem(file: string, message: string, hint: string, at?: { line: number; column: number }, path?: string): { problem: Diagnostic } {
  return {
    problem: {
      code: UNREADABLE,
      severity: "error",
      message,
      file,
      ...(at ? { line: at.line, column: at.column } : {}),
      ...(path ? { path } : {}),
      hint,
    },
  };
}

const WHAT = "a saved Prometheus /api/v1/metadata or /api/v1/targets/metadata response, a catalog.json, or a saved /metrics exposition";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads one metadata file's text (`file` as it should be shown). */
export function readMetadataText(file: string, text: string): MetadataRead {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = body.search(/\S/);
  if (start < 0) return problem(file, "empty: no metric metadata in it", `pass ${WHAT}`);
  if (body[start] === "{" || body[start] === "[") return readJson(file, body);
  const exposition = expositionSource(file, body);
  if ("source" in exposition) return exposition;
  const { line, column, message } = exposition.error;
  return problem(
    file,
    `neither JSON nor a /metrics exposition Prometheus would read: ${message}`,
    `pass ${WHAT}; save an exposition whole, as the exporter serves it (curl -o file http://host:port/metrics)`,
    { line, column },
  );
}

function readJson(file: string, text: string): MetadataRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const e = jsonSyntaxError(text);
    const at = lineColumn(text, e?.offset ?? 0);
    return problem(file, `not valid JSON: ${e?.message ?? "cannot be parsed"}`, "save the API response whole (curl -o file), or fix the file", at);
  }
  if (isObject(value) && "status" in value) return readApiResponse(file, text, value);
  if (isObject(value) && typeof value.schema === "string" && value.schema.startsWith("obsgen.catalog/")) {
    try {
      return { source: catalogJsonSource(file, text, value) };
    } catch (e) {
      if (e instanceof CatalogDocError) return problem(file, `a catalog.json that ${e.message}`, "pass a catalog.json written by `obsgen build`");
      throw e;
    }
  }
  return problem(file, "JSON, but neither a Prometheus API response (no `status` and `data`) nor an obsgen catalog.json (no `schema`)", `pass ${WHAT}`, {
    line: 1,
    column: 1,
  });
}

function readApiResponse(file: string, text: string, value: Record<string, unknown>): MetadataRead {
  const at = { line: 1, column: 1 };
  if (value.status !== "success") {
    const why = [value.errorType, value.error].filter((x) => typeof x === "string").join(": ");
    return problem(
      file,
      `the response of a failed API call (status ${JSON.stringify(value.status)}${why ? `, ${why}` : ""})`,
      "fetch /api/v1/metadata again and save the successful response",
      at,
    );
  }
  if (Array.isArray(value.data)) {
    const parsed = targetsMetadataData.safeParse(value.data);
    if (!parsed.success) return shapeProblem(file, text, "a /api/v1/targets/metadata response", parsed.error.issues[0]!);
    return { source: targetsMetadataSource(file, text, parsed.data) };
  }
  if (isObject(value.data)) {
    const parsed = metadataApiData.safeParse(value.data);
    if (!parsed.success) return shapeProblem(file, text, "a /api/v1/metadata response", parsed.error.issues[0]!);
    return { source: metadataApiSource(file, text, parsed.data) };
  }
  return problem(
    file,
    "a Prometheus API response whose `data` is neither /api/v1/metadata's (an object of metric names) nor /api/v1/targets/metadata's (a list)",
    "save the response of /api/v1/metadata or /api/v1/targets/metadata",
    at,
  );
}

/** A response of the wrong shape, at the line of the metric name its path starts with (when it names one). */
function shapeProblem(file: string, text: string, what: string, issue: { path: PropertyKey[]; message: string }): { problem: Diagnostic } {
  // `data["job:x:rate5m"][0].type`: a metric name may hold any character, a field name does not.
  const path = ["data", ...issue.path]
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : i === 1 ? `[${JSON.stringify(String(p))}]` : `.${String(p)}`))
    .join("");
  // /api/v1/metadata's data is keyed by metric name; a list index names no line.
  const name = issue.path[0];
  const at = typeof name === "string" ? jsonKeyLines(text).keyAt(name) : undefined;
  return problem(file, `not ${what}: ${path}: ${issue.message}`, "save the API response as the server sent it", at, path);
}

/**
 * The knowledge of metadata files (each `{ file, text }`, `file` as shown), with every file that
 * cannot be read and every disagreement (between the files, and with the catalog's declarations
 * when `catalog` is given) as findings.
 */
export function readMetadata(
  files: readonly { readonly file: string; readonly text: string }[],
  catalog?: { readonly model: ResolvedCatalog; readonly file: string | null },
): { knowledge: MetricKnowledge; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sources: MetadataSource[] = [];
  for (const f of files) {
    const r = readMetadataText(f.file, f.text);
    if ("problem" in r) diagnostics.push(r.problem);
    else sources.push(r.source);
  }
  const built = buildKnowledge(sources);
  const conflicts = [...built.conflicts];
  if (catalog) conflicts.push(...mergeKnowledge(catalogKnowledge(catalog.model, catalog.file), built.knowledge).conflicts);
  for (const c of conflicts) diagnostics.push(conflictDiagnostic(c));
  return { knowledge: built.knowledge, diagnostics };
}
