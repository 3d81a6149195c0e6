/**
 * Shared by the stub tests: the shipped catalog's model, writing emitted files, a parser of the
 * text exposition format, its comparison with the catalog, and promtool check metrics with the
 * findings the catalog's silences lead us to expect.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EmittedFile } from "../../src/emit/index.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import type { ResolvedCatalog, ResolvedMetric } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";

export async function shippedModel(): Promise<ResolvedCatalog> {
  const loaded = await loadCatalog("catalog/index.ts");
  const model = resolveCatalog(loaded.value!.value).value;
  if (!model) throw new Error("the shipped catalog does not resolve");
  return model;
}

/** Writes the files under `root`, keeping only those whose path starts with `prefix/`, without it. */
export function writeEmitted(root: string, files: readonly EmittedFile[], prefix: string): void {
  for (const f of files.filter((x) => x.path.startsWith(`${prefix}/`))) {
    const p = join(root, f.path.slice(prefix.length + 1));
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.contents);
  }
}

export interface Sample {
  readonly name: string;
  readonly labels: ReadonlyMap<string, string>;
  readonly value: number;
}

export interface Family {
  help: string | null;
  type: string | null;
  readonly samples: Sample[];
}

function unescape(s: string): string {
  return s.replace(/\\(.)/gs, (_, c: string) => (c === "n" ? "\n" : c));
}

function parseValue(s: string): number {
  return s === "+Inf" ? Infinity : s === "-Inf" ? -Infinity : Number(s);
}

/**
 * Parses the text exposition format (0.0.4): HELP and TYPE per family, and every sample with
 * its labels. Samples `x_bucket`, `x_sum`, `x_count` belong to histogram family `x`.
 */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { help: null, type: null, samples: [] }));
    return f;
  };
  for (const line of text.split("\n")) {
    if (line === "") continue;
    // `s`: a HELP text or label value may hold a CR, U+2028 or U+2029 as they are.
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/s.exec(line);
    if (meta) {
      if (meta[1] === "HELP") family(meta[2]!).help = unescape(meta[3]!);
      else family(meta[2]!).type = meta[3]!;
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( \S+)?$/s.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels = new Map<string, string>();
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gsy;
    const body = m[3] ?? "";
    let consumed = 0;
    for (let pair = re.exec(body); pair !== null; pair = re.exec(body)) {
      labels.set(pair[1]!, unescape(pair[2]!));
      consumed = re.lastIndex;
    }
    if (consumed !== body.length) throw new Error(`unparsed labels in: ${line}`);
    const name = m[1]!;
    const base =
      /_(bucket|sum|count)$/.test(name) && families.get(name.replace(/_(bucket|sum|count)$/, ""))?.type === "histogram"
        ? name.replace(/_(bucket|sum|count)$/, "")
        : name;
    family(base).samples.push({ name, labels, value: parseValue(m[4]!) });
  }
  return families;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

/**
 * Differences between an exposition and the catalog's metrics: the set of families, and each
 * one's TYPE, HELP, label names (order-free: the Rust crate sorts them) and bucket edges.
 * Empty when they agree.
 */
export function compareWithCatalog(text: string, metrics: readonly ResolvedMetric[]): string[] {
  const families = parseExposition(text);
  const problems: string[] = [];
  const want = sorted(metrics.map((m) => m.name));
  const got = sorted(families.keys());
  if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`families: expected ${want.join(", ")}; got ${got.join(", ")}`);
  for (const m of metrics) {
    const f = families.get(m.name);
    if (!f) continue;
    if (f.type !== m.type) problems.push(`${m.name}: TYPE ${f.type}, expected ${m.type}`);
    if (f.help !== m.help) problems.push(`${m.name}: HELP ${JSON.stringify(f.help)}, expected ${JSON.stringify(m.help)}`);
    if (f.samples.length === 0) problems.push(`${m.name}: no samples`);
    const labelNames = JSON.stringify(sorted(m.labels.map((l) => l.name)));
    for (const s of f.samples) {
      const names = JSON.stringify(sorted([...s.labels.keys()].filter((k) => !(s.name.endsWith("_bucket") && k === "le"))));
      if (names !== labelNames) problems.push(`${s.name}: labels ${names}, expected ${labelNames}`);
    }
    if (m.type === "histogram") {
      const edges = JSON.stringify([...m.buckets!, Infinity].map(String));
      const series = new Map<string, string[]>();
      for (const s of f.samples.filter((x) => x.name === `${m.name}_bucket`)) {
        const key = JSON.stringify([...s.labels].filter(([k]) => k !== "le"));
        series.set(key, [...(series.get(key) ?? []), String(parseValue(s.labels.get("le")!))]);
      }
      for (const [key, les] of series) if (JSON.stringify(les) !== edges) problems.push(`${m.name}${key}: bucket edges ${les.join(", ")}, expected ${edges}`);
      for (const suffix of ["_sum", "_count"]) if (!f.samples.some((s) => s.name === `${m.name}${suffix}`)) problems.push(`${m.name}: no ${suffix} sample`);
    }
  }
  return problems;
}

/**
 * What promtool check metrics (2.42) says for a metric on which obsgen's naming rule `rule`
 * is silenced, or null where promtool does not check it. naming/base-unit: promtool only sees
 * unit words with an SI prefix in the name (`_milliseconds`); the catalog's base-unit silences
 * are for declared units (`_us` metrics in microseconds, `_percent`), which it cannot see.
 */
const PROMTOOL_FINDING: Record<string, (m: ResolvedMetric) => string | null> = {
  "naming/abbreviated-unit": () => "metric names should not contain abbreviated units",
  "naming/counter-total": (m) => (m.type === "counter" ? 'counter metrics should have "_total" suffix' : 'non-counter metrics should not have "_total" suffix'),
  "naming/reserved-suffix": (m) => {
    const suffix = ["_count", "_sum", "_bucket"].find((s) => m.name.endsWith(s));
    return suffix ? `non-histogram and non-summary metrics should not have "${suffix}" suffix` : null;
  },
  "naming/base-unit": (m) => {
    const word = /(?:^|_)((?:nano|micro|milli|kilo|mega|giga)(seconds|bytes))(?:_|$)/.exec(m.name);
    return word ? `use base unit "${word[2]}" instead of "${word[1]}"` : null;
  },
};

/** promtool's findings that the catalog's silences explain, as `metric message` lines, sorted. */
export function expectedPromtoolFindings(metrics: readonly ResolvedMetric[]): string[] {
  const out = new Set<string>();
  for (const m of metrics)
    for (const s of m.silence) {
      const text = PROMTOOL_FINDING[s.rule]?.(m);
      if (text) out.add(`${m.name} ${text}`);
    }
  return [...out].sort();
}

/** Runs `promtool check metrics` with the exposition on stdin: exit status and findings, sorted. */
export function promtoolCheckMetrics(text: string): { status: number | null; findings: string[]; output: string } {
  const r = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  const output = `${r.stdout}${r.stderr}`;
  return {
    status: r.status,
    output,
    findings: output
      .split("\n")
      .filter((l) => l.trim() !== "")
      .sort(),
  };
}

/** A label set with the first value of every closed label and an example of every open one. */
export function sampleLabels(m: ResolvedMetric): Record<string, string> {
  return Object.fromEntries(m.labels.map((l) => [l.name, l.kind === "closed" ? l.values[0]! : (l.examples[0] ?? "example")]));
}

/** Every label combination of a metric whose labels are all closed. */
export function combinations(m: ResolvedMetric): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const l of m.labels) out = out.flatMap((c) => l.values.map((v) => ({ ...c, [l.name]: v })));
  return out;
}

type Handle = { name: string; inc?: (...a: unknown[]) => void; set?: (...a: unknown[]) => void; observe?: (...a: unknown[]) => void };

/** The metric handles a generated TypeScript stub module exports, directly or in its namespaces, by metric name. */
export function metricHandles(mod: Record<string, unknown>): Map<string, Handle> {
  const out = new Map<string, Handle>();
  const visit = (v: unknown, depth: number) => {
    if (!v || typeof v !== "object") return;
    const h = v as Handle;
    if (typeof h.name === "string" && ("inc" in h || "set" in h || "observe" in h)) out.set(h.name, h);
    else if (depth > 0 && !("getMetricsAsArray" in h)) for (const x of Object.values(v)) visit(x, depth - 1);
  };
  for (const v of Object.values(mod)) visit(v, 1);
  return out;
}

/** Uses every metric of a stub module once: its first closed values and an example of each open label. */
export function useEveryMetric(mod: Record<string, unknown>, metrics: readonly ResolvedMetric[]): void {
  const byName = metricHandles(mod);
  for (const m of metrics) {
    const h = byName.get(m.name);
    if (!h) throw new Error(`no handle for ${m.name}`);
    const args = (v: number) => (m.labels.length > 0 ? [sampleLabels(m), v] : [v]);
    if (m.type === "histogram") h.observe!(...args(m.buckets![0]!));
    else if (m.type === "gauge") h.set!(...args(1.5));
    else h.inc!(...args(2));
  }
}
