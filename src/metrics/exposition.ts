/**
 * A parser of the two text exposition formats a `/metrics` endpoint serves: the Prometheus text
 * format 0.0.4 (prometheus/docs, docs/instrumenting/exposition_formats.md) and OpenMetrics 1.0
 * text (prometheus/OpenMetrics v1.0.0, specification/OpenMetrics.md). Pure: text in, families,
 * samples and problems out; it never throws on bad input.
 *
 * Each problem has a 1-based line and column and a severity:
 * - `error`: the exposition is invalid. In the Prometheus text format, only what Prometheus's own
 *   scrape parser refuses (model/textparse/promparse.go and promlex.l, v2.42.0: the whole scrape
 *   fails); in OpenMetrics, everything the specification's ABNF and its MUSTs forbid ("Partial or
 *   invalid expositions MUST be considered erroneous in their entirety"), as the OpenMetrics
 *   parser test suite (tests/testdata/parsers) reads them.
 * - `warning`: the Prometheus text format's documentation forbids it, but Prometheus ingests it
 *   (a TYPE line after its samples, a family's lines not grouped, a histogram without its `+Inf`
 *   bucket): queries or tools that read the metadata misbehave.
 *
 * Parsing goes on past a problem, so one run reports every bad line.
 */

export type ExpositionFormat = "prometheus" | "openmetrics";

/** The family types of both formats: `untyped` is the Prometheus text format's, `unknown` OpenMetrics's. */
export type FamilyType = "counter" | "gauge" | "histogram" | "summary" | "untyped" | "gaugehistogram" | "stateset" | "info" | "unknown";

const PROMETHEUS_TYPES: readonly FamilyType[] = ["counter", "gauge", "histogram", "summary", "untyped"];
const OPENMETRICS_TYPES: readonly FamilyType[] = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

export interface ExpositionLabel {
  readonly name: string;
  /** Unescaped. */
  readonly value: string;
}

export interface Exemplar {
  readonly labels: readonly ExpositionLabel[];
  readonly value: number;
  /** Milliseconds since the epoch, or null. */
  readonly timestamp: number | null;
}

export interface ExpositionSample {
  /** The sample's own name: `http_requests_total`, `latency_seconds_bucket`. */
  readonly name: string;
  /** In written order. */
  readonly labels: readonly ExpositionLabel[];
  readonly value: number;
  /** Milliseconds since the epoch (OpenMetrics writes seconds; they are converted), or null. */
  readonly timestamp: number | null;
  /** OpenMetrics only. */
  readonly exemplar: Exemplar | null;
  /** 1-based line. */
  readonly line: number;
}

export interface ExpositionFamily {
  /**
   * The family's name: as its TYPE, HELP or UNIT line names it, or a sample's name when it has no
   * metadata. In OpenMetrics a counter `foo` has samples `foo_total` and an info `foo` has `foo_info`.
   */
  readonly name: string;
  /** `untyped` (Prometheus text) or `unknown` (OpenMetrics) when no TYPE line gives one. */
  readonly type: FamilyType;
  /** Unescaped; null without a HELP line (and, in OpenMetrics, with an empty one, which counts as none). */
  readonly help: string | null;
  /** OpenMetrics only; null without a UNIT line or with an empty one. */
  readonly unit: string | null;
  /** The first line of the family (metadata or sample). */
  readonly line: number;
  readonly typeLine: number | null;
  readonly helpLine: number | null;
  readonly samples: readonly ExpositionSample[];
}

export interface ExpositionProblem {
  readonly line: number;
  readonly column: number;
  readonly severity: "error" | "warning";
  readonly message: string;
}

export interface Exposition {
  readonly format: ExpositionFormat;
  /** In order of first appearance; a name appears once (lines of a family written twice are merged). */
  readonly families: readonly ExpositionFamily[];
  /** In line order. */
  readonly problems: readonly ExpositionProblem[];
}

export interface ParseOptions {
  /**
   * The HTTP Content-Type it was served with: `application/openmetrics-text` is OpenMetrics, any
   * other is the Prometheus text format, as Prometheus decides (scrape/scrape.go, textparse.New).
   * Without one (a saved file), an exposition whose last line is `# EOF` is OpenMetrics.
   */
  readonly contentType?: string | null;
}

/** The format of an exposition: by Content-Type when there is one, else by its `# EOF` line. */
export function expositionFormat(text: string, contentType?: string | null): ExpositionFormat {
  if (contentType) return /^\s*application\/openmetrics-text\s*(;|$)/i.test(contentType) ? "openmetrics" : "prometheus";
  return /(^|\n)# EOF\n?$/.test(text) ? "openmetrics" : "prometheus";
}

/** Bytes as an exposition's text, and where the first byte that is not UTF-8 is, if one is. */
export interface DecodedExposition {
  /** Invalid bytes are U+FFFD in it; a byte order mark is kept (OpenMetrics forbids one). */
  readonly text: string;
  readonly invalid?: { readonly line: number; readonly column: number; readonly byte: number };
}

/** Both formats are UTF-8 (Prometheus refuses a label value or HELP text that is not). */
export function decodeExposition(bytes: Uint8Array): DecodedExposition {
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return { text };
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(lineStart, at)).length + 1;
  return { text, invalid: { line, column, byte: bytes[at]! } };
}

/** The offset of the first byte that starts no well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const need = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    const second = b[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const next = b[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

export function parseExposition(text: string, options: ParseOptions = {}): Exposition {
  const format = expositionFormat(text, options.contentType);
  return format === "openmetrics" ? parseOpenMetrics(text) : parsePrometheusText(text);
}

/**
 * The name Prometheus stores a family's main series under, which the catalog declares: the family
 * name, except in OpenMetrics, where a counter `foo` writes `foo_total` and an info `foo` writes
 * `foo_info`.
 */
export function seriesName(f: ExpositionFamily, format: ExpositionFormat): string {
  if (format === "openmetrics" && f.type === "counter") return `${f.name}_total`;
  if (format === "openmetrics" && f.type === "info") return `${f.name}_info`;
  return f.name;
}

// --- shared pieces -------------------------------------------------------------------------------

const METRIC_NAME_START = /[a-zA-Z_:]/;
const METRIC_NAME_CHAR = /[a-zA-Z0-9_:]/;
const LABEL_NAME_START = /[a-zA-Z_]/;
const LABEL_NAME_CHAR = /[a-zA-Z0-9_]/;

/** A decimal number as both formats write it (OpenMetrics's `realnumber`; Go's ParseFloat without hex). */
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * A sample value. Both formats take decimals, `NaN` unsigned and `Inf`/`Infinity` signed or not,
 * in any case: the Prometheus text format through Go's `strconv.ParseFloat` minus the hex and
 * underscore forms (promparse.go `parseFloat`: "Keep to pre-Go 1.13 float formats"), OpenMetrics
 * by its ABNF `number`. Out of float64's range is an error in both.
 */
export function parseSampleValue(text: string): number | undefined {
  if (DECIMAL.test(text)) {
    const v = Number(text);
    return Number.isFinite(v) ? v : undefined;
  }
  const lower = text.toLowerCase();
  if (lower === "nan") return NaN;
  const m = /^([+-]?)(inf|infinity)$/.exec(lower);
  if (m) return m[1] === "-" ? -Infinity : Infinity;
  return undefined;
}

/** A bucket's `le` or a quantile's `quantile`, read as a number (`+Inf`, `1`, `1.0`, `1e-3`); undefined otherwise. */
export function parseBound(text: string): number | undefined {
  const v = parseSampleValue(text);
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

const isBlank = (c: string | undefined) => c === " " || c === "\t";

/** Unescapes `\\`, `\"` (label values only) and `\n`; any other backslash stays as written, as Prometheus keeps it. */
function unescapeText(raw: string, quotes: boolean): string {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === "\\" && i + 1 < raw.length) {
      const n = raw[i + 1]!;
      if (n === "\\" || n === "n" || (quotes && n === '"')) {
        out += n === "n" ? "\n" : n;
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

class Problems {
  readonly list: ExpositionProblem[] = [];
  error(line: number, column: number, message: string): void {
    this.list.push({ line, column, severity: "error", message });
  }
  warning(line: number, column: number, message: string): void {
    this.list.push({ line, column, severity: "warning", message });
  }
}

interface MutableFamily {
  name: string;
  type: FamilyType;
  help: string | null;
  unit: string | null;
  line: number;
  typeLine: number | null;
  helpLine: number | null;
  unitLine: number | null;
  samples: ExpositionSample[];
}

function newFamily(name: string, type: FamilyType, line: number): MutableFamily {
  return { name, type, help: null, unit: null, line, typeLine: null, helpLine: null, unitLine: null, samples: [] };
}

function freeze(f: MutableFamily): ExpositionFamily {
  return { name: f.name, type: f.type, help: f.help, unit: f.unit, line: f.line, typeLine: f.typeLine, helpLine: f.helpLine, samples: f.samples };
}

/** The lines of `text` with their 1-based numbers; a final line feed ends the last line rather than starting one. */
function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function readName(line: string, i: number, start: RegExp, rest: RegExp): number {
  if (i >= line.length || !start.test(line[i]!)) return i;
  let j = i + 1;
  while (j < line.length && rest.test(line[j]!)) j++;
  return j;
}

const labelKey = (labels: readonly ExpositionLabel[], skip?: string) =>
  labels
    .filter((l) => l.name !== skip)
    .map((l) => `${l.name}\u0000${l.value}`)
    .sort()
    .join("\u0001");

// --- the Prometheus text format ------------------------------------------------------------------

interface TextMeta {
  readonly kind: "HELP" | "TYPE";
  readonly name: string;
  readonly text: string;
  readonly line: number;
}

interface TextSample {
  readonly sample: ExpositionSample;
}

/**
 * One line of the Prometheus text format, tokenised as promlex.l (v2.42.0) does: blanks (space,
 * tab) separate tokens anywhere and lead or trail a line; `#` with a blank after it and `HELP` or
 * `TYPE` with a blank after that is metadata, any other `#` line a comment; a sample is a metric
 * name, optional labels, a value and an optional timestamp of digits.
 */
function lexTextLine(line: string, n: number, problems: Problems): TextMeta | TextSample | null {
  let i = 0;
  while (isBlank(line[i])) i++;
  if (i === line.length) return null;
  const col = (k: number) => k + 1;
  if (line[i] === "#") {
    let j = i + 1;
    if (!isBlank(line[j])) return null;
    while (isBlank(line[j])) j++;
    const kind = line.startsWith("HELP", j) ? "HELP" : line.startsWith("TYPE", j) ? "TYPE" : null;
    if (!kind || !isBlank(line[j + 4])) return null;
    j += 4;
    while (isBlank(line[j])) j++;
    const end = readName(line, j, METRIC_NAME_START, METRIC_NAME_CHAR);
    if (end === j) {
      problems.error(n, col(j), `expected a metric name after ${kind}`);
      return null;
    }
    if (end < line.length && !isBlank(line[end])) {
      problems.error(n, col(end), `${kind} line: ${JSON.stringify(readToken(line, j))} is not a valid metric name`);
      return null;
    }
    // Prometheus takes the rest of the line after the one blank that ends the name.
    const text = end < line.length ? line.slice(end + 1) : "";
    if (kind === "TYPE" && !PROMETHEUS_TYPES.includes(text as FamilyType)) {
      const hint = OPENMETRICS_TYPES.includes(text as FamilyType) ? " (an OpenMetrics type; serve it as application/openmetrics-text)" : "";
      problems.error(
        n,
        col(Math.min(end + 1, line.length)),
        `invalid metric type ${JSON.stringify(text)}: use counter, gauge, histogram, summary or untyped${hint}`,
      );
      return null;
    }
    return { kind, name: line.slice(j, end), text: kind === "HELP" ? unescapeText(text, false) : text, line: n };
  }
  const nameEnd = readName(line, i, METRIC_NAME_START, METRIC_NAME_CHAR);
  if (nameEnd === i) {
    const what = line[i] === "{" ? " (a quoted metric name inside the braces is not part of this format)" : "";
    problems.error(n, col(i), `expected a metric name or #, found ${JSON.stringify(line[i])}${what}`);
    return null;
  }
  const name = line.slice(i, nameEnd);
  let j = nameEnd;
  while (isBlank(line[j])) j++;
  const labels: ExpositionLabel[] = [];
  if (line[j] === "{") {
    j = lexTextLabels(line, j + 1, n, labels, problems);
    if (j < 0) return null;
    while (isBlank(line[j])) j++;
  } else if (j === nameEnd && j < line.length) {
    problems.error(n, col(j), `${JSON.stringify(readToken(line, i))} is not a valid metric name`);
    return null;
  }
  if (j >= line.length) {
    problems.error(n, col(j), `expected a value after ${name}`);
    return null;
  }
  let valueEnd = j;
  while (valueEnd < line.length && !isBlank(line[valueEnd]) && line[valueEnd] !== "{") valueEnd++;
  const valueText = line.slice(j, valueEnd);
  if (valueEnd === j) {
    problems.error(n, col(j), `expected a value, found ${JSON.stringify(line[j])}`);
    return null;
  }
  const value = parseSampleValue(valueText);
  if (value === undefined) {
    problems.error(n, col(j), invalidValue(valueText));
    return null;
  }
  let k = valueEnd;
  while (isBlank(line[k])) k++;
  let timestamp: number | null = null;
  if (k < line.length) {
    let tsEnd = k;
    while (tsEnd < line.length && /[0-9]/.test(line[tsEnd]!)) tsEnd++;
    if (tsEnd === k || (tsEnd < line.length && !isBlank(line[tsEnd]))) {
      const token = readToken(line, k);
      const what = token.startsWith("#") ? "exemplars are OpenMetrics only" : "a timestamp is whole milliseconds, digits only";
      problems.error(n, col(k), `unexpected ${JSON.stringify(token)} after the value: ${what}`);
      return null;
    }
    const ts = Number(line.slice(k, tsEnd));
    if (!Number.isSafeInteger(ts) && BigInt(line.slice(k, tsEnd)) > (1n << 63n) - 1n) {
      problems.error(n, col(k), `timestamp ${line.slice(k, tsEnd)} is out of range (int64 milliseconds)`);
      return null;
    }
    timestamp = ts;
    let rest = tsEnd;
    while (isBlank(line[rest])) rest++;
    if (rest < line.length) {
      problems.error(n, col(rest), `unexpected ${JSON.stringify(readToken(line, rest))} after the timestamp`);
      return null;
    }
  }
  return { sample: { name, labels, value, timestamp, exemplar: null, line: n } };
}

/** The labels after `{` at `i`, into `out`; the index after `}`, or -1 after reporting an error. */
function lexTextLabels(line: string, i: number, n: number, out: ExpositionLabel[], problems: Problems): number {
  const col = (k: number) => k + 1;
  let j = i;
  let first = true;
  let separated = true;
  for (;;) {
    while (isBlank(line[j])) j++;
    if (line[j] === "}") return j + 1;
    if (j >= line.length) {
      problems.error(n, col(j), "unterminated label set: expected }");
      return -1;
    }
    const nameEnd = readName(line, j, LABEL_NAME_START, LABEL_NAME_CHAR);
    if (nameEnd === j) {
      problems.error(n, col(j), `expected a label name, found ${JSON.stringify(line[j])}`);
      return -1;
    }
    if (!first && !separated) problems.warning(n, col(j), "labels are separated by commas (Prometheus accepts the missing one)");
    const name = line.slice(j, nameEnd);
    j = nameEnd;
    while (isBlank(line[j])) j++;
    if (line[j] !== "=") {
      problems.error(n, col(j), `expected = after the label name ${name}`);
      return -1;
    }
    j++;
    while (isBlank(line[j])) j++;
    if (line[j] !== '"') {
      problems.error(n, col(j), `expected a quoted value for the label ${name}`);
      return -1;
    }
    const valueStart = j + 1;
    let k = valueStart;
    while (k < line.length && line[k] !== '"') k += line[k] === "\\" ? 2 : 1;
    if (k >= line.length) {
      problems.error(n, col(j), `unterminated value of the label ${name}: expected a closing "`);
      return -1;
    }
    if (out.some((l) => l.name === name)) problems.error(n, col(nameEnd - name.length), `label ${name} appears twice`);
    out.push({ name, value: unescapeText(line.slice(valueStart, k), true) });
    j = k + 1;
    first = false;
    while (isBlank(line[j])) j++;
    separated = line[j] === ",";
    if (separated) j++;
  }
}

function readToken(line: string, i: number): string {
  let j = i;
  while (j < line.length && !isBlank(line[j])) j++;
  const token = line.slice(i, j);
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}

function invalidValue(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (text.endsWith("\r")) return `invalid value ${JSON.stringify(shown)}: lines end with a line feed alone, not a carriage return`;
  if (DECIMAL.test(text)) return `value ${shown} is out of range for a 64-bit float`;
  return `invalid value ${JSON.stringify(shown)}: expected a number, NaN, +Inf or -Inf`;
}

/** Suffixes of samples that belong to a family of `type` named without them (the Prometheus text format). */
function textSuffixOwner(name: string, types: ReadonlyMap<string, FamilyType>): string | null {
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (!m) return null;
  const type = types.get(m[1]!);
  if (type === "histogram") return m[1]!;
  if (type === "summary" && m[2] !== "bucket") return m[1]!;
  return null;
}

function parsePrometheusText(text: string): Exposition {
  const problems = new Problems();
  const lines = splitLines(text);
  const entries: Array<TextMeta | TextSample> = [];
  for (let i = 0; i < lines.length; i++) {
    const e = lexTextLine(lines[i]!, i + 1, problems);
    if (e) entries.push(e);
  }
  if (text.length > 0 && !text.endsWith("\n")) {
    problems.warning(lines.length, lines[lines.length - 1]!.length + 1, "the last line must end with a line feed");
  }

  // A sample's family is decided by name, whatever the order of the lines, as Prometheus finds a
  // series' metadata by name: `x_bucket` belongs to `x` when `x` is a histogram.
  const types = new Map<string, FamilyType>();
  for (const e of entries) if ("kind" in e && e.kind === "TYPE" && !types.has(e.name)) types.set(e.name, e.text as FamilyType);

  const families = new Map<string, MutableFamily>();
  /** Families whose lines ended, another family's lines having started since. */
  const closed = new Set<string>();
  const ungrouped = new Set<string>();
  let current: string | null = null;
  const enter = (name: string, line: number) => {
    if (current !== null && current !== name) closed.add(current);
    if (closed.has(name) && !ungrouped.has(name)) {
      ungrouped.add(name);
      problems.warning(
        line,
        1,
        `lines of ${name} are not grouped together (it started at line ${families.get(name)!.line}): all lines of a metric must be one group`,
      );
    }
    current = name;
  };
  const family = (name: string, line: number) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = newFamily(name, "untyped", line)));
    return f;
  };

  for (const e of entries) {
    if ("kind" in e) {
      const f = family(e.name, e.line);
      enter(e.name, e.line);
      if (f.samples.length > 0) problems.warning(e.line, 1, `${e.kind} line of ${e.name} after its samples (line ${f.samples[0]!.line}): metadata comes first`);
      if (e.kind === "TYPE") {
        if (f.typeLine !== null) problems.warning(e.line, 1, `second TYPE line of ${e.name} (the first is at line ${f.typeLine}): only one may exist`);
        else {
          f.type = e.text as FamilyType;
          f.typeLine = e.line;
        }
      } else if (f.helpLine !== null) {
        problems.warning(e.line, 1, `second HELP line of ${e.name} (the first is at line ${f.helpLine}): only one may exist`);
      } else {
        f.help = e.text;
        f.helpLine = e.line;
      }
      continue;
    }
    const s = e.sample;
    const name = types.has(s.name) ? s.name : (textSuffixOwner(s.name, types) ?? s.name);
    const f = family(name, s.line);
    enter(name, s.line);
    f.samples.push(s);
  }
  for (const f of families.values()) checkTextFamily(f, problems);
  problems.list.sort((a, b) => a.line - b.line || a.column - b.column);
  return { format: "prometheus", families: [...families.values()].map(freeze), problems: problems.list };
}

/**
 * The Prometheus text format's rules for a family's samples that Prometheus itself does not
 * enforce (warnings): one sample per name and label set, and a histogram's buckets increasing in
 * `le`, cumulative, ending at `+Inf` equal to `_count`; a summary's quantiles increasing.
 */
function checkTextFamily(f: MutableFamily, problems: Problems): void {
  const seen = new Map<string, number>();
  for (const s of f.samples) {
    const key = `${s.name}\u0002${labelKey(s.labels)}`;
    const first = seen.get(key);
    if (first !== undefined && s.timestamp === null) {
      problems.warning(s.line, 1, `${s.name} with the same labels again (first at line ${first}): each line must have a unique name and label set`);
    } else if (first === undefined) seen.set(key, s.line);
  }
  if (f.type === "histogram") checkBuckets(f, "_count", problems, "warning");
  if (f.type === "summary") {
    const series = groupBy(
      f.samples.filter((s) => s.name === f.name),
      (s) => labelKey(s.labels, "quantile"),
    );
    for (const samples of series.values()) {
      let previous = -Infinity;
      for (const s of samples) {
        const q = s.labels.find((l) => l.name === "quantile");
        const v = q ? parseBound(q.value) : undefined;
        if (v === undefined) {
          problems.warning(s.line, 1, q ? `quantile="${q.value}" is not a number` : `${s.name} has no quantile label`);
          continue;
        }
        if (v < previous) problems.warning(s.line, 1, `quantile ${q!.value} after a higher one: quantiles must increase`);
        previous = v;
      }
    }
  }
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/**
 * A histogram's or gauge histogram's buckets, per label set and timestamp: `le` numbers, unique,
 * increasing, cumulative, ending with `+Inf`, whose value the count sample (when present) repeats.
 */
function checkBuckets(f: MutableFamily, countSuffix: string, problems: Problems, severity: "error" | "warning"): void {
  const report = (line: number, message: string) => (severity === "error" ? problems.error(line, 1, message) : problems.warning(line, 1, message));
  const point = (s: ExpositionSample) => `${labelKey(s.labels, "le")}\u0002${s.timestamp ?? ""}`;
  const buckets = groupBy(
    f.samples.filter((s) => s.name === `${f.name}_bucket`),
    point,
  );
  const counts = new Map(f.samples.filter((s) => s.name === `${f.name}${countSuffix}`).map((s) => [point(s), s]));
  /** The first sample of each point that has samples besides buckets. */
  const others = new Map<string, ExpositionSample>();
  for (const s of f.samples) if (s.name !== `${f.name}_bucket` && s.name !== `${f.name}_created` && !others.has(point(s))) others.set(point(s), s);
  for (const [key, samples] of buckets) {
    let previousLe = -Infinity;
    let previousValue = -Infinity;
    let inf: ExpositionSample | undefined;
    for (const s of samples) {
      const le = s.labels.find((l) => l.name === "le");
      if (!le) {
        report(s.line, `${s.name} has no le label`);
        continue;
      }
      const bound = parseBound(le.value);
      if (bound === undefined) {
        report(s.line, `le="${le.value}" is not a number`);
        continue;
      }
      if (bound <= previousLe)
        report(s.line, `le="${le.value}" after ${previousLe === bound ? "the same bound" : "a higher one"}: buckets must increase in le`);
      else if (s.value < previousValue)
        report(s.line, `bucket le="${le.value}" counts ${s.value}, fewer than the bucket before (${previousValue}): buckets are cumulative`);
      previousLe = Math.max(previousLe, bound);
      previousValue = Math.max(previousValue, s.value);
      if (bound === Infinity) inf = s;
    }
    if (!inf) {
      report(
        samples[samples.length - 1]!.line,
        `${f.name} has no le="+Inf" bucket${key.startsWith("\u0002") ? "" : " for this label set"}: a histogram must have one`,
      );
      continue;
    }
    const count = counts.get(key);
    if (count && count.value !== inf.value && !(Number.isNaN(count.value) && Number.isNaN(inf.value))) {
      report(count.line, `${count.name} is ${count.value} but the le="+Inf" bucket is ${inf.value}: they must be equal`);
    }
  }
  for (const [key, s] of others) {
    if (!buckets.has(key)) report(s.line, `${s.name} without buckets: a histogram must have a le="+Inf" bucket`);
  }
}

// --- OpenMetrics 1.0 -----------------------------------------------------------------------------

/** Suffixes of a family's sample names, by type (OpenMetrics 1.0, "Suffixes"). */
const OM_SUFFIXES: Record<FamilyType, readonly string[]> = {
  counter: ["_total", "_created"],
  gauge: [""],
  stateset: [""],
  unknown: [""],
  untyped: [""],
  info: ["_info"],
  summary: ["", "_count", "_sum", "_created"],
  histogram: ["_bucket", "_count", "_sum", "_created"],
  gaugehistogram: ["_bucket", "_gcount", "_gsum"],
};

/** An OpenMetrics timestamp: a `realnumber` of seconds. */
function parseOmTimestamp(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v * 1000 : undefined;
}

/** Label names and values in an exemplar may not exceed 128 UTF-8 characters together (code points). */
const EXEMPLAR_MAX_CHARS = 128;

interface OmState {
  readonly problems: Problems;
  readonly families: Map<string, MutableFamily>;
  /** Every sample name a family seen so far can produce, with the family's name. */
  readonly sampleNames: Map<string, string>;
  current: MutableFamily | null;
  /** Per family: metric keys whose samples ended (another metric of the family started since). */
  closedMetrics: Set<string>;
  currentMetric: string | null;
  /** Per metric key: the timestamp of its current MetricPoint (null: none written), and whether one was. */
  readonly points: Map<string, { ts: number | null; line: number }>;
  /** Samples written without a timestamp, by name and labels, with their line. */
  readonly untimed: Map<string, number>;
}

function parseOpenMetrics(text: string): Exposition {
  const problems = new Problems();
  const state: OmState = {
    problems,
    families: new Map(),
    sampleNames: new Map(),
    current: null,
    closedMetrics: new Set(),
    currentMetric: null,
    points: new Map(),
    untimed: new Map(),
  };
  if (text.startsWith("\uFEFF")) problems.error(1, 1, "a byte order mark: OpenMetrics forbids one");
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = body.split("\n");
  // `# EOF`, then at most one line feed: the split ends with "" after it, or with `# EOF` itself.
  let eof = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "# EOF") {
      eof = i;
      break;
    }
  }
  if (eof < 0) {
    const last = lines.length - (lines[lines.length - 1] === "" ? 1 : 0);
    problems.error(Math.max(1, last), 1, "no `# EOF` line: an OpenMetrics exposition ends with one");
  } else {
    const after = lines.slice(eof + 1);
    if (!(after.length === 0 || (after.length === 1 && after[0] === ""))) {
      problems.error(eof + 2, 1, "text after `# EOF`: it must end the exposition");
    }
  }
  const end = eof < 0 ? lines.length - (lines[lines.length - 1] === "" ? 1 : 0) : eof;
  for (let i = 0; i < end; i++) omLine(lines[i]!, i + 1, state);
  for (const f of state.families.values()) checkOmFamily(f, problems);
  problems.list.sort((a, b) => a.line - b.line || a.column - b.column);
  return { format: "openmetrics", families: [...state.families.values()].map(freeze), problems: problems.list };
}

function omLine(line: string, n: number, st: OmState): void {
  const { problems } = st;
  if (line === "") {
    problems.error(n, 1, "a blank line: OpenMetrics allows none");
    return;
  }
  const cr = line.indexOf("\r");
  if (cr >= 0) {
    problems.error(n, cr + 1, "a carriage return: lines end with a line feed alone");
    return;
  }
  if (line[0] === "#") {
    omMetadata(line, n, st);
    return;
  }
  if (isBlank(line[0])) {
    problems.error(n, 1, "a line starting with a blank: OpenMetrics separates tokens with single spaces and allows none at the start");
    return;
  }
  const parsed = omSample(line, n, problems);
  if (!parsed) return;
  const f = omFamilyOf(parsed.name, n, st);
  if (!f) return;
  omPlaceSample(f, parsed, st);
  f.samples.push(parsed);
}

/** `# TYPE name type`, `# HELP name text`, `# UNIT name unit`: single spaces, nothing else. */
function omMetadata(line: string, n: number, st: OmState): void {
  const { problems } = st;
  const m = /^# (TYPE|HELP|UNIT)(?: |$)/.exec(line);
  if (!m) {
    problems.error(n, 1, "a comment: OpenMetrics allows no # lines besides TYPE, HELP, UNIT and the final EOF");
    return;
  }
  const kind = m[1] as "TYPE" | "HELP" | "UNIT";
  const nameStart = 7;
  const nameEnd = readName(line, nameStart, METRIC_NAME_START, METRIC_NAME_CHAR);
  if (nameEnd === nameStart) {
    problems.error(n, nameStart + 1, `expected a metric name after ${kind}`);
    return;
  }
  if (line[nameEnd] !== " ") {
    problems.error(
      n,
      nameEnd + 1,
      nameEnd >= line.length
        ? `expected a space and the ${kind === "TYPE" ? "type" : kind === "HELP" ? "help text" : "unit"} after the name`
        : `expected a space after the metric name`,
    );
    return;
  }
  const name = line.slice(nameStart, nameEnd);
  const value = line.slice(nameEnd + 1);
  const col = nameEnd + 2;
  if (kind === "TYPE" && !OPENMETRICS_TYPES.includes(value as FamilyType)) {
    const hint = value === "untyped" ? " (OpenMetrics calls it unknown)" : "";
    problems.error(
      n,
      col,
      `invalid metric type ${JSON.stringify(value)}: use counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown${hint}`,
    );
    return;
  }
  if (kind === "UNIT" && !/^[a-zA-Z0-9_:]*$/.test(value)) {
    problems.error(n, col, `invalid unit ${JSON.stringify(value)}: letters, digits, _ and : only`);
    return;
  }
  let f = st.current;
  if (!f || f.name !== name) {
    f = omStartFamily(name, "unknown", n, st);
    if (!f) return;
  } else if (f.samples.length > 0) {
    problems.error(n, 1, `${kind} line of ${name} after its samples: metadata comes first`);
    return;
  }
  if (kind === "TYPE") {
    if (f.typeLine !== null) problems.error(n, 1, `second TYPE line of ${name}: only one of each metadata line is allowed`);
    else {
      f.type = value as FamilyType;
      f.typeLine = n;
      // The type gives the family more sample names, which may clash with a family before it.
      omReserveSampleNames(f, n, st);
    }
  } else if (kind === "HELP") {
    if (f.helpLine !== null) problems.error(n, 1, `second HELP line of ${name}: only one of each metadata line is allowed`);
    else {
      f.helpLine = n;
      const help = unescapeText(value, true);
      f.help = help === "" ? null : help;
    }
  } else if (f.unitLine !== null) problems.error(n, 1, `second UNIT line of ${name}: only one of each metadata line is allowed`);
  else {
    f.unitLine = n;
    f.unit = value === "" ? null : value;
  }
  if (f.unit !== null && f.typeLine !== null && (f.type === "info" || f.type === "stateset")) {
    problems.error(f.unitLine ?? n, 1, `${name} is ${f.type === "info" ? "an info" : "a stateset"}, which has no unit`);
  }
  if (kind === "UNIT" && f.unit !== null && !name.endsWith(`_${f.unit}`)) {
    problems.error(n, col, `unit ${f.unit} is not the suffix of the name ${name}: name it ${name}_${f.unit}, or drop the UNIT line`);
  }
}

function omStartFamily(name: string, type: FamilyType, line: number, st: OmState): MutableFamily | null {
  const { problems } = st;
  if (st.families.has(name)) {
    problems.error(
      line,
      1,
      `${name} again (the family started at line ${st.families.get(name)!.line}): a family's lines must be one group, and its name unique`,
    );
    return null;
  }
  const f = newFamily(name, type, line);
  st.families.set(name, f);
  st.current = f;
  st.closedMetrics = new Set();
  st.currentMetric = null;
  omReserveSampleNames(f, line, st);
  return f;
}

/** Records the sample names `f` can produce; one another family could produce too is a clash. */
function omReserveSampleNames(f: MutableFamily, line: number, st: OmState): void {
  for (const suffix of OM_SUFFIXES[f.type]) {
    const sample = f.name + suffix;
    const other = st.sampleNames.get(sample);
    if (other !== undefined && other !== f.name) {
      st.problems.error(line, 1, `${f.name} (${f.type}) can write samples named ${sample}, as the family ${other} can: sample names must not clash`);
    } else st.sampleNames.set(sample, f.name);
  }
}

/** The family a sample of `name` belongs to: the current one when its name fits it, else a new one without metadata. */
function omFamilyOf(name: string, line: number, st: OmState): MutableFamily | null {
  const f = st.current;
  if (f && OM_SUFFIXES[f.type].some((s) => f.name + s === name)) return f;
  if (f && f.type === "counter" && name === f.name) {
    st.problems.error(line, 1, `counter ${f.name} writes its value as ${f.name}_total: OpenMetrics names a counter's samples with the suffix`);
    return null;
  }
  const owner = st.sampleNames.get(name);
  if (owner !== undefined && owner !== name) {
    // `a_sum` after other families' lines, where `a` is a summary written earlier.
    st.problems.error(
      line,
      1,
      `${name} is a sample of ${owner} (line ${st.families.get(owner)!.line}), whose lines ended before: a family's lines must be one group`,
    );
    return null;
  }
  return omStartFamily(name, "unknown", line, st);
}

/** A sample line: `name[{labels}] value[ timestamp][ # {labels} value[ timestamp]]`, single spaces. */
function omSample(line: string, n: number, problems: Problems): ExpositionSample | null {
  const nameEnd = readName(line, 0, METRIC_NAME_START, METRIC_NAME_CHAR);
  if (nameEnd === 0) {
    problems.error(n, 1, `expected a metric name, found ${JSON.stringify(line[0])}`);
    return null;
  }
  const name = line.slice(0, nameEnd);
  let i = nameEnd;
  let labels: ExpositionLabel[] = [];
  if (line[i] === "{") {
    const r = omLabels(line, i, n, problems);
    if (!r) return null;
    labels = r.labels;
    i = r.end;
  }
  if (line[i] !== " ") {
    const message =
      i >= line.length
        ? `expected a space and a value after ${name}`
        : i > nameEnd
          ? "expected a single space after the labels"
          : `${JSON.stringify(readToken(line, 0))} is not a valid metric name`;
    problems.error(n, i + 1, message);
    return null;
  }
  i++;
  const valueEnd = line.indexOf(" ", i) < 0 ? line.length : line.indexOf(" ", i);
  const valueText = line.slice(i, valueEnd);
  const value = parseSampleValue(valueText);
  if (value === undefined) {
    problems.error(n, i + 1, valueText === "" ? "expected a value after a single space" : invalidValue(valueText));
    return null;
  }
  i = valueEnd;
  let timestamp: number | null = null;
  let exemplar: Exemplar | null = null;
  if (i < line.length) {
    i++; // the space
    if (line[i] !== "#") {
      const tsEnd = line.indexOf(" ", i) < 0 ? line.length : line.indexOf(" ", i);
      const tsText = line.slice(i, tsEnd);
      const ts = parseOmTimestamp(tsText);
      if (ts === undefined) {
        problems.error(n, i + 1, tsText === "" ? "a trailing or double space" : `invalid timestamp ${JSON.stringify(tsText)}: seconds as a decimal number`);
        return null;
      }
      timestamp = ts;
      i = tsEnd;
      if (i < line.length) i++;
      else return { name, labels, value, timestamp, exemplar, line: n };
    }
    if (!line.startsWith("# ", i) || line[i + 2] !== "{") {
      problems.error(n, i + 1, line[i] === "#" ? "an exemplar is ` # {labels} value [timestamp]`" : `unexpected ${JSON.stringify(readToken(line, i))}`);
      return null;
    }
    exemplar = omExemplar(line, i + 2, n, problems);
    if (!exemplar) return null;
  }
  return { name, labels, value, timestamp, exemplar, line: n };
}

function omExemplar(line: string, i: number, n: number, problems: Problems): Exemplar | null {
  const r = omLabels(line, i, n, problems);
  if (!r) return null;
  const chars = r.labels.reduce((sum, l) => sum + [...l.name].length + [...l.value].length, 0);
  if (chars > EXEMPLAR_MAX_CHARS) {
    problems.error(n, i + 1, `exemplar labels of ${chars} characters: names and values may hold ${EXEMPLAR_MAX_CHARS} at most`);
    return null;
  }
  let j = r.end;
  if (line[j] !== " ") {
    problems.error(n, j + 1, "expected a space and the exemplar's value");
    return null;
  }
  j++;
  const parts = line.slice(j).split(" ");
  if (parts.length > 2 || parts.some((p) => p === "")) {
    problems.error(n, j + 1, "an exemplar is ` # {labels} value [timestamp]` with single spaces and nothing after");
    return null;
  }
  const value = parseSampleValue(parts[0]!);
  if (value === undefined) {
    problems.error(n, j + 1, `invalid exemplar value ${JSON.stringify(parts[0])}`);
    return null;
  }
  let timestamp: number | null = null;
  if (parts.length === 2) {
    const ts = parseOmTimestamp(parts[1]!);
    if (ts === undefined) {
      problems.error(n, j + parts[0]!.length + 2, `invalid exemplar timestamp ${JSON.stringify(parts[1])}`);
      return null;
    }
    timestamp = ts;
  }
  return { labels: r.labels, value, timestamp };
}

/** `{` [label *("," label)] `}` at `i`, no spaces, no trailing comma. */
function omLabels(line: string, i: number, n: number, problems: Problems): { labels: ExpositionLabel[]; end: number } | null {
  const labels: ExpositionLabel[] = [];
  let j = i + 1;
  if (line[j] === "}") return { labels, end: j + 1 };
  for (;;) {
    const nameEnd = readName(line, j, LABEL_NAME_START, LABEL_NAME_CHAR);
    if (nameEnd === j) {
      problems.error(n, j + 1, j >= line.length ? "unterminated label set: expected }" : `expected a label name, found ${JSON.stringify(line[j])}`);
      return null;
    }
    const name = line.slice(j, nameEnd);
    if (line[nameEnd] !== "=" || line[nameEnd + 1] !== '"') {
      problems.error(n, nameEnd + 1, `expected ="…" after the label name ${name}`);
      return null;
    }
    let k = nameEnd + 2;
    while (k < line.length && line[k] !== '"') k += line[k] === "\\" ? 2 : 1;
    if (k >= line.length) {
      problems.error(n, nameEnd + 2, `unterminated value of the label ${name}: expected a closing "`);
      return null;
    }
    if (labels.some((l) => l.name === name)) {
      problems.error(n, j + 1, `label ${name} appears twice`);
      return null;
    }
    labels.push({ name, value: unescapeText(line.slice(nameEnd + 2, k), true) });
    j = k + 1;
    if (line[j] === "}") return { labels, end: j + 1 };
    if (line[j] !== ",") {
      problems.error(n, j + 1, j >= line.length ? "unterminated label set: expected }" : `expected , or } after the value of ${name}`);
      return null;
    }
    j++;
    if (line[j] === "}") {
      problems.error(n, j, "a comma before }: OpenMetrics allows no trailing comma");
      return null;
    }
  }
}

/** The labels that identify a sample's Metric (its MetricPoint's own labels left out). */
function omMetricKey(f: MutableFamily, s: ExpositionSample): string {
  const skip = f.type === "histogram" || f.type === "gaugehistogram" ? "le" : f.type === "summary" ? "quantile" : f.type === "stateset" ? f.name : undefined;
  return labelKey(s.labels, skip);
}

/**
 * The order of a family's samples: a Metric's samples form one group (Metrics are not
 * interleaved), and its MetricPoints follow one another with increasing timestamps (equal ones
 * allowed), all written with a timestamp or all without.
 */
function omPlaceSample(f: MutableFamily, s: ExpositionSample, st: OmState): void {
  const { problems } = st;
  const key = omMetricKey(f, s);
  if (st.currentMetric !== key) {
    if (st.currentMetric !== null) st.closedMetrics.add(st.currentMetric);
    if (st.closedMetrics.has(key)) problems.error(s.line, 1, `${s.name} of a label set written earlier in ${f.name}: a Metric's samples must be one group`);
    st.currentMetric = key;
  }
  const pointKey = `${f.name}\u0003${key}`;
  const point = st.points.get(pointKey);
  if (s.timestamp === null) {
    // Without timestamps a Metric has one MetricPoint: the same sample twice is two values for one point.
    const sampleKey = `${s.name}\u0003${labelKey(s.labels)}`;
    const first = st.untimed.get(sampleKey);
    if (first !== undefined)
      problems.error(s.line, 1, `${s.name} with the same labels again (first at line ${first}), without timestamps to tell the points apart`);
    else st.untimed.set(sampleKey, s.line);
  }
  if (!point) {
    st.points.set(pointKey, { ts: s.timestamp, line: s.line });
    return;
  }
  if ((point.ts === null) !== (s.timestamp === null)) {
    problems.error(
      s.line,
      1,
      `${s.name} ${s.timestamp === null ? "without" : "with"} a timestamp, though the same series at line ${point.line} ${point.ts === null ? "had none" : "had one"}`,
    );
  } else if (point.ts !== null && s.timestamp !== null && s.timestamp < point.ts) {
    problems.error(s.line, 1, `${s.name}'s timestamp goes back in time (from line ${point.line}): MetricPoints must have increasing timestamps`);
  }
  st.points.set(pointKey, { ts: s.timestamp, line: s.line });
}

/**
 * OpenMetrics 1.0's rules for values by type (section "Metric Types"): counters' totals and
 * histograms' buckets and counts are neither negative nor NaN, counts and buckets are integers, an
 * info is 1 and a stateset 0 or 1; buckets as the Prometheus format's, plus: a sum if and only if a
 * count, and no sum with a negative bucket; quantiles between 0 and 1; exemplars only on a
 * counter's total and on buckets, within their bucket.
 */
function checkOmFamily(f: MutableFamily, problems: Problems): void {
  const err = (s: ExpositionSample, message: string) => problems.error(s.line, 1, message);
  const counterLike = (s: ExpositionSample, what: string, integer = false) => {
    if (Number.isNaN(s.value)) err(s, `${s.name} is NaN: a ${what} is never NaN`);
    else if (s.value < 0) err(s, `${s.name} is negative: a ${what} never is`);
    else if (integer && !Number.isInteger(s.value) && s.value !== Infinity) err(s, `${s.name} is ${s.value}: a ${what} is a whole number`);
  };
  for (const s of f.samples) {
    const suffix = s.name.slice(f.name.length);
    if (s.exemplar) {
      const allowed = (f.type === "counter" && suffix === "_total") || ((f.type === "histogram" || f.type === "gaugehistogram") && suffix === "_bucket");
      if (!allowed) err(s, `an exemplar on ${s.name}: only a counter's _total and a histogram's buckets take one`);
      else if (suffix === "_bucket") {
        const le = parseBound(s.labels.find((l) => l.name === "le")?.value ?? "");
        if (le !== undefined && s.exemplar.value > le) err(s, `exemplar value ${s.exemplar.value} is above its bucket's le ${le}`);
      }
    }
    switch (f.type) {
      case "counter":
        if (suffix === "_total") counterLike(s, "counter's total");
        break;
      case "histogram":
        if (suffix === "_bucket") counterLike(s, "bucket", true);
        else if (suffix === "_count") counterLike(s, "count", true);
        else if (suffix === "_sum") counterLike(s, "histogram's sum");
        break;
      case "gaugehistogram":
        if (suffix === "_bucket") counterLike(s, "bucket", true);
        else if (suffix === "_gcount") counterLike(s, "count", true);
        else if (suffix === "_gsum" && Number.isNaN(s.value)) err(s, `${s.name} is NaN: a gauge histogram's sum is never NaN`);
        break;
      case "summary":
        if (suffix === "_count") counterLike(s, "count", true);
        else if (suffix === "_sum") counterLike(s, "summary's sum");
        else if (suffix === "") {
          const q = s.labels.find((l) => l.name === "quantile");
          const v = q ? parseBound(q.value) : undefined;
          if (!q) err(s, `${s.name} has no quantile label: a summary's quantile samples need one`);
          else if (v === undefined || v < 0 || v > 1) err(s, `quantile="${q.value}": a quantile is a number from 0 to 1`);
          if (s.value < 0) err(s, `${s.name} is negative: a quantile's value never is`);
        }
        break;
      case "info":
        if (s.value !== 1) err(s, `${s.name} is ${s.value}: an info's value is always 1`);
        break;
      case "stateset":
        if (!s.labels.some((l) => l.name === f.name)) err(s, `${s.name} has no ${f.name} label naming its state`);
        if (s.value !== 0 && s.value !== 1) err(s, `${s.name} is ${s.value}: a state is 1 (true) or 0 (false)`);
        break;
      default:
    }
  }
  if (f.type === "histogram" || f.type === "gaugehistogram") {
    const gauge = f.type === "gaugehistogram";
    for (const s of f.samples) {
      const le = s.labels.find((l) => l.name === "le");
      if (s.name === `${f.name}_bucket` && le && le.value !== "+Inf" && !DECIMAL.test(le.value)) {
        err(s, `le="${le.value}": a bucket's bound is a decimal number or +Inf`);
      }
    }
    checkBuckets(f, gauge ? "_gcount" : "_count", problems, "error");
    checkSumCount(f, gauge ? "_gsum" : "_sum", gauge ? "_gcount" : "_count", gauge, problems);
  }
}

/** A sum if and only if a count; no sum (histogram) or no negative sum (gauge histogram) unless a bucket is negative. */
function checkSumCount(f: MutableFamily, sumSuffix: string, countSuffix: string, gauge: boolean, problems: Problems): void {
  const point = (s: ExpositionSample) => `${labelKey(s.labels, "le")}\u0002${s.timestamp ?? ""}`;
  const points = groupBy(f.samples, point);
  for (const samples of points.values()) {
    const sum = samples.find((s) => s.name === f.name + sumSuffix);
    const count = samples.find((s) => s.name === f.name + countSuffix);
    const negative = samples.some((s) => s.name === `${f.name}_bucket` && (parseBound(s.labels.find((l) => l.name === "le")?.value ?? "") ?? 0) < 0);
    if (sum && !count) problems.error(sum.line, 1, `${sum.name} without ${f.name}${countSuffix}: a sum comes with a count`);
    if (count && !sum) problems.error(count.line, 1, `${count.name} without ${f.name}${sumSuffix}: a count comes with a sum`);
    if (sum && negative && !gauge) problems.error(sum.line, 1, `${sum.name} with a negative bucket: a histogram with negative buckets has no sum`);
    if (sum && gauge && !negative && sum.value < 0) problems.error(sum.line, 1, `${sum.name} is negative without a negative bucket`);
  }
}
