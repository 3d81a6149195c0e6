/**
 * Mutation fuzzing of `obsgen lint`: seeded mutations of real rule files, byte-level and aware of
 * YAML, PromQL and Go templates, and the whole lint pipeline of `obsgen lint <file>` in process
 * (reading the bytes, rule-file checks, lint rules, text and JSON rendering). Used by the
 * reliability test (test/lint/fuzz.test.ts) and by the larger run in bench/fuzz.mjs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { lintFindings } from "../../src/lint/engine.js";
import { renderText } from "../../src/cli/render.js";
import { renderJson } from "../../src/lint/format/index.js";
import { ruleFileGroups } from "../../src/lint/input/rulefile.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { loadRuleFile } from "../../src/rulefile/index.js";

/** Seeded PRNG (mulberry32): every run makes the same mutants. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The YAML rule files under a folder, sorted, at most `maxBytes` each. */
export function corpusFiles(dir: string, maxBytes: number): Array<{ path: string; bytes: Uint8Array }> {
  if (!existsSync(dir)) return [];
  const out: Array<{ path: string; bytes: Uint8Array }> = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name) && statSync(p).size <= maxBytes) out.push({ path: p, bytes: readFileSync(p) });
    }
  };
  walk(dir);
  return out;
}

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const int = (rnd: Rnd, n: number): number => Math.floor(rnd() * n);

const CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\u2028", "\u2029", "\ufeff", "\ufffe", "\r", "\t"];
const SNIPPETS = [
  "'",
  '"',
  "''",
  "\\",
  "#",
  " # c",
  ": ",
  "- ",
  "? ",
  "|",
  ">-",
  "&a ",
  "*a",
  "!!str ",
  "<<: *a",
  "{",
  "}",
  "[",
  "]",
  ",",
  "{{",
  "}}",
  "{{ $labels.job }}",
  "{{ if . }}",
  "{{ end }}",
  "{{ (",
  ")",
  "(",
  "[5m]",
  "[5m:]",
  "offset 1m",
  "@ 0",
  " or ",
  " and on(job) ",
  " / ignoring(a) group_left ",
  "~",
  "null",
  "0x1F",
  "1e309",
  "-",
  "😀",
  "é",
  "\n",
  "\n\n",
  "  ",
  "\t",
];

/** Lines of text with one mutation applied: which one is chosen by `rnd`. */
const MUTATIONS: ReadonlyArray<(ls: string[], rnd: Rnd) => void> = [
  // Lines: delete, duplicate, swap, re-indent.
  (ls, rnd) => void ls.splice(int(rnd, ls.length), 1),
  (ls, rnd) => {
    const i = int(rnd, ls.length);
    ls.splice(i, 0, ls[i]!);
  },
  (ls, rnd) => {
    const i = int(rnd, ls.length);
    const j = int(rnd, ls.length);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
  },
  (ls, rnd) => {
    const i = int(rnd, ls.length);
    const d = int(rnd, 9) - 4;
    const line = ls[i]!;
    ls[i] = d > 0 ? " ".repeat(d) + line : line.slice(Math.min(-d, line.length - line.trimStart().length));
  },
  // Characters: tabs, control characters, line breaks, byte order marks, anywhere.
  (ls, rnd) => {
    const i = int(rnd, ls.length);
    const line = ls[i]!;
    const at = rnd() < 0.5 ? 0 : int(rnd, line.length + 1);
    ls[i] = line.slice(0, at) + pick(rnd, CONTROL) + line.slice(at);
  },
  (ls, rnd) => void ls.splice(int(rnd, ls.length + 1), 0, pick(rnd, ["\t", "  \t", "\t# c", " \t ", "\ufeff", "\x00"])),
  // Snippets: quotes, indicators, anchors, merges, brackets, template and PromQL syntax.
  (ls, rnd) => {
    const i = int(rnd, ls.length);
    const line = ls[i]!;
    const at = int(rnd, line.length + 1);
    ls[i] = line.slice(0, at) + pick(rnd, SNIPPETS) + line.slice(at);
  },
  // Unbalanced or deep brackets in an expression, deep template nesting in an annotation.
  (ls, rnd) => {
    const i = ls.findIndex((l, k) => k >= int(rnd, ls.length) && /\bexpr:/.test(l));
    if (i < 0) return;
    const n = pick(rnd, [1, 2, 5, 50, 600, 3000]);
    ls[i] = ls[i]!.replace(
      /expr:\s*(.*)$/,
      (_m, e: string) => `expr: ${pick(rnd, ["(", "sum(", "abs(", "-"]).repeat(n)}${e}${rnd() < 0.5 ? ")".repeat(n) : ""}`,
    );
  },
  (ls, rnd) => {
    const i = ls.findIndex((l, k) => k >= int(rnd, ls.length) && /(summary|description):/.test(l));
    if (i < 0) return;
    const n = pick(rnd, [1, 3, 300, 2000]);
    ls[i] = ls[i]!.replace(/: .*$/, `: '${"{{ if . }}".repeat(n)}x${"{{ end }}".repeat(rnd() < 0.5 ? n : n - 1)}'`);
  },
  // Deep YAML nesting: a staircase of block or flow collections.
  (ls, rnd) => {
    const n = pick(rnd, [10, 300, 3000]);
    const at = int(rnd, ls.length + 1);
    if (rnd() < 0.5) ls.splice(at, 0, `x: ${"[".repeat(n)}${"]".repeat(rnd() < 0.5 ? n : 0)}`);
    else ls.splice(at, 0, ...Array.from({ length: n }, (_, k) => `${" ".repeat(k)}${k % 2 ? "-" : "a:"}`));
  },
  // Aliases: anchors shared by many aliases, and aliases of aliases.
  (ls, rnd) => {
    const i = ls.findIndex((l, k) => k >= int(rnd, ls.length) && /^\s*(- )?(labels|annotations):\s*$/.test(l));
    if (i < 0) return;
    ls[i] = `${ls[i]} &x${i}`;
    for (let k = 0; k < int(rnd, 40); k++) {
      const j = ls.findIndex((l, m) => m > i + int(rnd, ls.length) && /^\s*(labels|annotations):\s*$/.test(l));
      if (j >= 0) ls[j] = `${ls[j]} *x${i}`;
    }
  },
  (ls) => {
    const levels = ["laughs:", "  l0: &l0 {a: b, c: d, e: f, g: h, i: j, k: l, m: n, o: p, q: r}"];
    for (let k = 1; k <= 9; k++) levels.push(`  l${k}: &l${k} {<<: [${Array.from({ length: 9 }, () => `*l${k - 1}`).join(", ")}]}`);
    ls.unshift(...levels);
  },
  // Truncation, and the whole rule list repeated.
  (ls, rnd) => void ls.splice(int(rnd, ls.length)),
  (ls) => void ls.push(...ls.slice(ls.findIndex((l) => /^\s*rules:/.test(l)) + 1)),
];

/** A mutant of `bytes`: one to three mutations, and sometimes a flipped byte (invalid UTF-8). */
export function mutate(bytes: Uint8Array, rnd: Rnd): Uint8Array {
  const lines = new TextDecoder().decode(bytes).split("\n");
  for (let k = 1 + int(rnd, 3); k > 0; k--) {
    if (lines.length === 0) lines.push("");
    pick(rnd, MUTATIONS)(lines, rnd);
  }
  const out = new TextEncoder().encode(lines.join("\n"));
  if (rnd() < 0.05 && out.length > 0) out[int(rnd, out.length)] = pick(rnd, [0xff, 0xc0, 0x80, 0xed]);
  return out;
}

/** What linting one mutant did. */
export interface LintOutcome {
  /** Findings kept. */
  readonly findings: number;
  readonly errors: boolean;
  /** Characters of text and JSON output. */
  readonly output: number;
}

/**
 * The pipeline of `obsgen lint <file>` in process (with `catalog`: `obsgen lint --catalog`): bytes to
 * rule-file findings, lint findings (at most `maxFindings`), text and JSON renderings. Throws only
 * if obsgen has a bug.
 */
export function lintBytes(path: string, bytes: Uint8Array, catalog: ResolvedCatalog | null = null, maxFindings = 100_000): LintOutcome {
  return lintBytesAgainst(path, bytes, [catalog], maxFindings)[0]!;
}

/**
 * {@link lintBytes} once per catalog (or `null`, none), the bytes read once: the rule file's
 * reading does not depend on the catalog, and it is most of the work.
 */
export function lintBytesAgainst(path: string, bytes: Uint8Array, catalogs: ReadonlyArray<ResolvedCatalog | null>, maxFindings = 100_000): LintOutcome[] {
  const loaded = loadRuleFile(path, bytes);
  return catalogs.map((catalog) => lintLoaded(path, loaded, catalog, maxFindings));
}

function lintLoaded(path: string, loaded: ReturnType<typeof loadRuleFile>, catalog: ResolvedCatalog | null, maxFindings: number): LintOutcome {
  const groups = ruleFileGroups(loaded, path);
  const linted = lintFindings(
    {
      groups,
      dashboards: [],
      catalog,
      catalogFile: catalog === null ? null : "catalog/index.ts",
      scrapeIntervalMs: 60_000,
      evaluationIntervalMs: 60_000,
      today: "2026-01-01",
    },
    { maxFindings },
  );
  const all: Diagnostic[] = [...loaded.diagnostics.slice(0, maxFindings), ...linted.diagnostics];
  const output = renderText(all, { color: false }).length + renderJson(all, linted.omitted).length;
  return { findings: all.length, errors: all.some((d) => d.severity === "error") || linted.omitted.error > 0, output };
}

/** The shipped catalog (under `root`, the repository), resolved: catalog-aware lint rules check mutants against it. */
export async function shippedCatalog(root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")): Promise<ResolvedCatalog> {
  const { loadCatalog } = await import("../../src/load/load-catalog.js");
  const { resolveCatalog } = await import("../../src/model/resolve.js");
  const loaded = await loadCatalog(join(root, "catalog", "index.ts"));
  const resolved = loaded.value === undefined ? undefined : resolveCatalog(loaded.value.value).value;
  if (resolved === undefined) throw new Error("the shipped catalog does not load");
  return resolved;
}
