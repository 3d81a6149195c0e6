/**
 * `obsgen check-metrics <url|file>...`: scrape `/metrics` endpoints (or read saved expositions) and
 * hold them against the catalog (src/metrics/check.ts), reporting like `obsgen lint`: the same
 * formats, profiles, `lint.rules` levels and `--max-warnings`. Exit 0 without errors, 1 with errors
 * (an endpoint that cannot be scraped among them) or too many warnings, 2 on a usage error.
 */
import { statSync } from "node:fs";
import { relative, resolve } from "node:path";
import { parseModelDuration } from "../../compat/go/duration.js";
import type { LoadedConfig } from "../../config/load-config.js";
import { type Diagnostic, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { formatBytes, scrape } from "../../io/scrape.js";
import { type Format, FORMATS, renderGithub, renderJson, renderSarif } from "../../lint/format/index.js";
import { readLintFile } from "../../lint/input/files.js";
import { DEFAULT_CATALOG_PROFILE, isProfile, type LintProfile, PROFILE_IMPACTS, PROFILES } from "../../lint/profile.js";
import { checkMetrics, type ExpositionInput, METRICS_CHECKS } from "../../metrics/check.js";
import { decodeExposition, parseExposition } from "../../metrics/exposition.js";
import { compile } from "../../pipeline/compile.js";
import type { Io } from "../output.js";
import { renderDiagnostic, renderText, summaryLine } from "../render.js";
import { VERSION } from "../version.js";
import { pickCatalog } from "./build.js";

export interface CheckMetricsCliOptions {
  catalog?: string;
  service?: string;
  format: string;
  maxWarnings?: string;
  profile?: string;
  /** A Prometheus duration. */
  timeout: string;
  /** Bytes, or a number with KiB, MiB, GiB (KB, MB, GB mean the same). */
  maxSize: string;
  runtimeMetrics?: boolean;
  config?: LoadedConfig | null;
  quiet?: boolean;
}

const SIZE_UNITS: Record<string, number> = { "": 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 };

/**
 * `--max-size`: bytes, or a whole number with a unit. KB, MB and GB are powers of 1024, as
 * Prometheus reads `body_size_limit` (github.com/alecthomas/units `Base2Bytes`).
 */
export function parseSize(text: string): number | undefined {
  const m = /^([0-9]+)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = SIZE_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const n = Number(m[1]) * unit;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function shown(p: string): string {
  const rel = relative(process.cwd(), resolve(p));
  return rel.startsWith("..") ? p : rel;
}

/** The page of docs/check-metrics.md in the published package, for SARIF's helpUri. */
function checkDocUrl(code: string): string {
  return `https://unpkg.com/obsgen@${VERSION}/docs/check-metrics.md#${code.replace("/", "")}`;
}

export async function runCheckMetricsCommand(inputs: readonly string[], opts: CheckMetricsCliOptions, io: Io, today: string, color: boolean): Promise<number> {
  const usage = (message: string) => {
    io.err(`obsgen check-metrics: ${message}`);
    return 2;
  };
  if (!FORMATS.includes(opts.format as Format)) return usage(`unknown --format "${opts.format}"; use one of ${FORMATS.join(", ")}`);
  let maxWarnings = Infinity;
  if (opts.maxWarnings !== undefined) {
    maxWarnings = Number(opts.maxWarnings);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) return usage(`--max-warnings takes a whole number, got "${opts.maxWarnings}"`);
  }
  if (opts.profile !== undefined && !isProfile(opts.profile)) return usage(`unknown --profile "${opts.profile}"; use one of ${PROFILES.join(", ")}`);
  const timeout = parseModelDuration(opts.timeout);
  if (timeout.error !== undefined || timeout.ms === 0) return usage(`--timeout takes a duration such as 10s or 500ms, got "${opts.timeout}"`);
  const maxBytes = parseSize(opts.maxSize);
  if (maxBytes === undefined) return usage(`--max-size takes a size such as 16MiB, 512KiB or 1048576, got "${opts.maxSize}"`);
  for (const input of inputs) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input) && !isUrl(input)) return usage(`${input}: only http:// and https:// URLs can be scraped`);
    if (isUrl(input) && !URL.canParse(input)) return usage(`${input}: not a valid URL`);
  }
  const missing = inputs.filter((i) => !isUrl(i) && !exists(i));
  if (missing.length > 0) {
    for (const m of missing) io.err(`obsgen check-metrics: ${m}: no such file (a URL starts with http:// or https://)`);
    return 2;
  }

  const entry = pickCatalog(opts.catalog, opts.quiet ? { out: () => {}, err: () => {} } : io);
  const compiled = await compile({ entry, config: opts.config ?? null, until: "model" });
  if (!compiled.model) {
    for (const d of sortDiagnostics(compiled.diagnostics)) io.err(renderDiagnostic(d, { color }));
    io.err("obsgen check-metrics: the catalog does not compile; nothing was checked");
    return 1;
  }
  const catalog = compiled.model;
  if (opts.service !== undefined && !catalog.services.some((s) => s.name === opts.service)) {
    return usage(`--service: no service "${opts.service}" in the catalog; its services: ${catalog.services.map((s) => s.name).join(", ")}`);
  }
  const profile: LintProfile = (opts.profile as LintProfile | undefined) ?? catalog.lint.profile ?? DEFAULT_CATALOG_PROFILE;

  const findings: Diagnostic[] = [];
  // Scrapes run together: a slow endpoint does not hold the others back.
  const read = await Promise.all(inputs.map((input) => readInput(input, maxBytes, timeout.ms)));
  const expositions: ExpositionInput[] = [];
  for (const r of read) {
    if ("finding" in r) findings.push(r.finding);
    else {
      findings.push(...r.findings);
      expositions.push({ source: r.source, exposition: r.exposition });
    }
  }
  findings.push(
    ...checkMetrics(expositions, {
      catalog,
      catalogFile: compiled.file,
      today,
      ...(opts.service !== undefined ? { service: opts.service } : {}),
      ...(opts.runtimeMetrics ? { runtimeMetrics: true } : {}),
    }),
  );
  return finish(leveled(findings, catalog.lint.rules, profile), opts, io, maxWarnings, color);
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

type Read = { finding: Diagnostic } | { source: string; exposition: ReturnType<typeof parseExposition>; findings: Diagnostic[] };

async function readInput(input: string, maxBytes: number, timeoutMs: number): Promise<Read> {
  if (isUrl(input)) {
    const r = await scrape(input, { timeoutMs, maxBytes, userAgent: `obsgen/${VERSION}` });
    if (!r.ok)
      return { finding: { code: "metrics/scrape", severity: "error", impact: "bug", messageId: "scrape", message: r.message, file: input, hint: r.hint } };
    return parsed(input, r.body, r.contentType);
  }
  const file = shown(input);
  const size = statSync(input).size;
  if (size > maxBytes) {
    return {
      finding: {
        code: "metrics/input",
        severity: "error",
        impact: "bug",
        messageId: "input",
        message: `larger than ${formatBytes(maxBytes)} (${formatBytes(size)}): not read`,
        file,
        hint: "raise --max-size if the exposition really is that large",
      },
    };
  }
  const bytes = readLintFile(input, maxBytes);
  if ("problem" in bytes)
    return {
      finding: { code: "metrics/input", severity: "error", impact: "bug", messageId: "input", message: bytes.problem.message, file, hint: "check the file" },
    };
  return parsed(file, bytes.bytes, null);
}

function parsed(source: string, bytes: Uint8Array, contentType: string | null): Read {
  const decoded = decodeExposition(bytes);
  const findings: Diagnostic[] = [];
  if (decoded.invalid) {
    findings.push({
      code: "metrics/syntax",
      severity: "error",
      impact: "bug",
      messageId: "utf8",
      message: `not valid UTF-8 (byte 0x${decoded.invalid.byte.toString(16).padStart(2, "0")}): an exposition is UTF-8 text`,
      file: source,
      line: decoded.invalid.line,
      column: decoded.invalid.column,
      hint: "fix the exporter's encoding of its label values and help texts",
    });
  }
  return { source, exposition: parseExposition(decoded.text, { contentType }), findings };
}

/**
 * The catalog's `lint.rules` levels (the config's merged over them) apply to check-metrics' codes
 * as to lint rules: `"off"` drops a code, a level replaces its severity and shows it whatever the
 * profile; otherwise the profile decides by impact.
 */
function leveled(findings: readonly Diagnostic[], levels: Readonly<Record<string, string>>, profile: LintProfile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of findings) {
    const level = levels[d.code];
    if (level === "off") continue;
    if (level === "error" || level === "warning" || level === "info") out.push({ ...d, severity: level });
    else if (!d.impact || PROFILE_IMPACTS[profile].has(d.impact)) out.push(d);
  }
  return out;
}

function finish(findings: readonly Diagnostic[], opts: CheckMetricsCliOptions, io: Io, maxWarnings: number, color: boolean): number {
  const all = sortDiagnostics(findings);
  const diagnostics = opts.quiet ? all.filter((d) => d.severity === "error") : all;
  switch (opts.format as Format) {
    case "json":
      io.out(renderJson(diagnostics).trimEnd());
      break;
    case "sarif": {
      const descriptions = new Map(METRICS_CHECKS.map((c) => [c.code, c.description]));
      const helpUris = new Map(METRICS_CHECKS.map((c) => [c.code, checkDocUrl(c.code)]));
      io.out(renderSarif(diagnostics, { version: VERSION, ruleDescriptions: descriptions, ruleHelpUris: helpUris }).trimEnd());
      break;
    }
    case "github":
      if (diagnostics.length) io.out(renderGithub(diagnostics));
      break;
    default:
      if (diagnostics.length) io.out(`${renderText(diagnostics, { color })}\n`);
      if (!opts.quiet || diagnostics.length) io.out(`obsgen check-metrics: ${summaryLine(diagnostics)}`);
  }
  const errors = all.filter((d) => d.severity === "error").length;
  const warnings = all.filter((d) => d.severity === "warning").length;
  if (errors > 0) return 1;
  if (warnings > maxWarnings) {
    io.err(`obsgen check-metrics: ${warnings} warnings exceed --max-warnings ${maxWarnings}`);
    return 1;
  }
  return 0;
}
