/**
 * Catalog text of every code point class, in every place it reaches the stubs: help texts, notes,
 * descriptions (catalog, service, group, label), closed label values, open label examples and
 * alert expressions (quoted in the metrics' docs). A seeded generator draws the strings (the same
 * every run): C0 and C1 controls, DEL, CR, CRLF, NUL, U+2028/U+2029, bidirectional controls,
 * quotes, backslashes, the comment, string and code delimiters of Rust, TypeScript, TOML and
 * Markdown, astral characters and long lines; no lone surrogate (catalog validation refuses them).
 *
 * One catalog holds them all, so each toolchain runs once: `cargo test` on the crate and `tsc` on
 * the package. Both must compile warning-free, and both programs' expositions must give back
 * every help text and label value exactly, through the text format's escapes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tomlString } from "../../src/emit/stubs/code.js";
import { emitMetricStubs } from "../../src/emit/stubs/index.js";
import { isPreZeroed, planStubs } from "../../src/emit/stubs/plan.js";
import { rustCrateName } from "../../src/model/conventions.js";
import type { ResolvedCatalog, ResolvedMetric } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { ROOT } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import { parseExposition, writeEmitted } from "./exposition.js";
import { CARGO_TARGET, CARGO_TIMEOUT, RUST_WORK, cargo, writeCrate } from "./toolchains.js";

/** mulberry32, a small PRNG: the seed makes every run draw the same strings. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Code point classes to draw from: every class but the surrogates. */
const CLASSES: readonly (readonly [number, number])[] = [
  [0x00, 0x1f], // C0 controls: NUL, tab, LF, CR, ESC
  [0x20, 0x7e], // printable ASCII: quotes, backslash, backtick, `#`, `*`, `/`, `$`, `{`
  [0x7f, 0x9f], // DEL and the C1 controls (NEL U+0085, CSI U+009B)
  [0xa0, 0x2ff], // NBSP, Latin-1 and Latin Extended
  [0x300, 0x36f], // combining marks
  [0x590, 0x6ff], // Hebrew and Arabic (right to left), the Arabic letter mark U+061C
  [0x2000, 0x206f], // general punctuation: zero-width characters, U+2028/U+2029, bidi controls
  [0x3000, 0x9fff], // CJK
  [0xe000, 0xf8ff], // private use
  [0xfdd0, 0xfdef], // noncharacters
  [0xfe00, 0xffff], // variation selectors, BOM, specials, U+FFFE/U+FFFF
  [0x10000, 0x10ffff], // astral: emoji, U+10FFFF
];

/** Pieces that meant something to some parser on the way: drawn as wholes. */
const SNIPPETS = [
  ...["\n", "\r", "\r\n", "\t", "\0", "\u0001", "\u001b[31m", "\u007f", "\u0085", "\u009b", "\u00a0", "\ufeff", "\u200b", "\u200d"],
  ...["\u2028", "\u2029", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"],
  ...['"', "'", "\\", "\\n", "\\u{202e}", "\\x00", "*/", "/*", "/**", "//", "///", "//!", "#", "#!", '#![doc = include_str!("/etc/hostname")]'],
  ...['"#', 'r#"', "r##", "${", "`", "``", "```", "~~~", "    ", "\n\n    assert!(false);\n", "\n```\npanic!()\n```\n", "\n~~~rust\nfn f(){}\n~~~\n"],
  ...["'''", '"""', "[package]", '= "x"', "\\u00", "\\U0010FFFF", "<script>alert(1)</script>", "</script>", "<!--", "[x](javascript:alert(1))"],
  ...["[`crate::REGISTRY`]", "@deprecated", "{@link x}", " @param x", "# Heading", "> quote", "- item", "1. item", "| a | b |", "&amp;", "\\`"],
  ...[
    "\u{1f600}",
    "\u{1f469}\u200d\u{1f4bb}",
    "\u{10ffff}",
    "\u{e0041}",
    "\u{1d11e}",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\ue000",
    "é",
    "e\u0301",
    "日本語",
    "ß",
    "İ",
  ],
];

/** Strings placed first, in the most-read places: the review's own examples among them. */
const FIXED = [
  'API\n#![doc = include_str!("/etc/hostname")]\n//',
  "An ordinary help text\nthat goes on over\nthree lines",
  "carriage\rreturn and CRLF\r\nline",
  "bidi \u202eevil\u202c and \u2066isolate\u2069",
  'notes\n\n    assert!(false, "an indented block is a doc test");\n\nafter',
  "a fence\n```\nstd::process::exit(1);\n```\nand a tilde fence\n~~~\nstd::process::exit(2);\n~~~",
  "*/ export const pwned = 1; /*",
  "\u2028line separator\u2029paragraph separator",
];

function drawer(seed: number): () => string {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  let drawn = 0;
  return () => {
    if (drawn < FIXED.length) return FIXED[drawn++]!;
    drawn++;
    // Every 40th string is a long line: some thousands of pieces.
    const pieces = drawn % 40 === 0 ? 3000 : 1 + int(12);
    let s = "";
    for (let i = 0; i < pieces; i++) {
      if (random() < 0.45) s += SNIPPETS[int(SNIPPETS.length)]!;
      else {
        const [lo, hi] = CLASSES[int(CLASSES.length)]!;
        for (let n = 1 + int(4); n > 0; n--) s += String.fromCodePoint(lo + int(hi - lo + 1));
      }
    }
    return s;
  };
}

const CLOSED_METRICS = 14;
const OPEN_METRICS = 4;
const VALUES_PER_LABEL = 8;

/** A catalog holding a few hundred drawn strings, and the list of them all. */
function arbitraryCatalog(seed: number): { catalog: unknown; strings: string[] } {
  const draw = drawer(seed);
  const strings: string[] = [];
  const next = () => {
    const s = draw();
    strings.push(s);
    return s;
  };
  // Help texts, descriptions and expressions must not be blank; the catalog trims them.
  const text = () => {
    const s = next();
    return s.trim() === "" ? `x${s}` : s;
  };
  const distinct = (n: number) => [...new Set(Array.from({ length: n }, next))];
  // The first strings, the review's own among them, go to the `//!` docs of the crate and the module.
  const catalogDescription = next();
  const serviceDescription = text();
  const metrics: Record<string, unknown> = {};
  const alerts: unknown[] = [];
  // Alert texts are Prometheus templates, which the catalog checks: a drawn `{{` would open an action.
  const alertText = () => text().replaceAll("{{", "{ {");
  const alert = (name: string, condition: unknown) =>
    alerts.push({ name, priority: "P2", team: "ops", summary: alertText(), description: alertText(), action: alertText(), condition });
  // Histograms with an open label sort first: the crate doc's example (a doc test) records one,
  // with the label's first example as a Rust string literal.
  for (let i = 0; i < OPEN_METRICS; i++) {
    const name = `arb_a_open_${i}`;
    const c = distinct(3);
    metrics[`open_${i}`] = {
      type: "histogram",
      name,
      help: text(),
      notes: next(),
      buckets: [1, 10],
      labels: { c: { values: c, description: next() }, o: { open: true, maxValues: 5, examples: distinct(2), description: next() } },
    };
    alert(`ArbitraryQuantile${i}`, { kind: "quantile", metric: name, quantile: 0.9, window: "5m", where: { c: c[c.length - 1]! }, op: ">", threshold: 1 });
  }
  for (let i = 0; i < CLOSED_METRICS; i++) {
    const histogram = i % 2 === 1;
    const name = histogram ? `arb_closed_${i}` : `arb_closed_${i}_total`;
    metrics[`closed_${i}`] = {
      type: histogram ? "histogram" : "counter",
      name,
      help: text(),
      notes: next(),
      ...(histogram ? { buckets: [0.5] } : {}),
      labels: { c: { values: distinct(VALUES_PER_LABEL), description: next() } },
    };
    alert(`ArbitraryExpr${i}`, { kind: "expr", expr: text(), metrics: [name] });
  }
  const catalog = {
    name: "arbitrary-text",
    description: catalogDescription,
    teams: ["ops"],
    services: [{ name: "svc", description: serviceDescription, metricsPort: 8080, metrics, alerts }],
    groups: [
      {
        name: "shared",
        description: text(),
        exposedBy: ["svc"],
        metrics: {
          level: {
            type: "gauge",
            name: "arb_shared_level",
            help: text(),
            notes: next(),
            labels: { c: { values: distinct(4), description: next() }, o: { open: true, maxValues: 3, examples: distinct(2) } },
          },
        },
      },
    ],
    prometheus: { port: 9090 },
    alertmanager: { port: 9093 },
  };
  return { catalog, strings };
}

/** The label values a program records on a metric besides pre-zeroing: the first of each label. */
function recorded(m: ResolvedMetric): Record<string, string> {
  return Object.fromEntries(m.labels.map((l) => [l.name, l.kind === "closed" ? l.values[0]! : l.examples[0]!]));
}

/**
 * Differences between an exposition and the catalog: every metric's HELP must be its help text,
 * exactly; a pre-zeroed metric must show every value of its closed labels, any other metric the
 * values `recorded` chose.
 */
function roundTripProblems(text: string, model: ResolvedCatalog): string[] {
  const families = parseExposition(text);
  const problems: string[] = [];
  for (const m of model.metrics) {
    const f = families.get(m.name);
    if (!f) {
      problems.push(`${m.name}: missing`);
      continue;
    }
    if (f.help !== m.help) problems.push(`${m.name}: HELP ${JSON.stringify(f.help)}, expected ${JSON.stringify(m.help)}`);
    const series = f.samples.filter((s) => s.name === (m.type === "histogram" ? `${m.name}_count` : m.name));
    for (const l of m.labels) {
      const got = [...new Set(series.map((s) => s.labels.get(l.name)!))].sort();
      const want = l.kind === "closed" && isPreZeroed(m) ? [...l.values].sort() : [recorded(m)[l.name]!];
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${m.name}{${l.name}}: values ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
  return problems;
}

const SEED = 20240611;
let model: ResolvedCatalog;
let strings: string[];

beforeAll(() => {
  const drawn = arbitraryCatalog(SEED);
  const r = resolveCatalog(drawn.catalog as never);
  if (!r.value) throw new Error(`the catalog of drawn strings does not resolve: ${JSON.stringify(r.diagnostics, null, 1)}`);
  model = r.value;
  strings = drawn.strings;
});

describe("the catalog of drawn strings", () => {
  it("holds hundreds of strings of every class, long lines among them, and no lone surrogate", () => {
    expect(strings.length).toBeGreaterThan(250);
    const all = strings.join("");
    for (const [lo, hi] of CLASSES)
      expect(
        [...all].some((c) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi),
        `class ${lo.toString(16)}`,
      ).toBe(true);
    for (const s of ["\r\n", "\0", "\u2028", "\u202e", "*/", "${", "```", '"#']) expect(all).toContain(s);
    expect(Math.max(...strings.map((s) => s.length))).toBeGreaterThan(5000);
    expect(/[\ud800-\udfff]/u.test(all)).toBe(false);
    // The fixed strings really are in the model the stubs are made from.
    expect([model.description, model.services[0]!.description]).toEqual([FIXED[0], FIXED[1]]);
  });
});

describeWithTool("cargo", "the Rust crate of a catalog of drawn strings", () => {
  const crate = join(RUST_WORK, "arbitrary-text");
  let test: { status: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    writeCrate(crate, emitMetricStubs(model));
    const name = rustCrateName(model.name);
    // A program of our own: every service's pre_zero() creates every series of the small closed
    // label sets, then one value on every metric; it prints the exposition.
    const services = planStubs(model).modules.filter((m) => m.kind === "service");
    writeFileSync(
      join(crate, "examples", "round_trip.rs"),
      `#[path = "../tests/support/mod.rs"]\nmod support;\n\nfn main() {\n${services.map((m) => `    ${name}::services::${m.rustModule}::pre_zero();\n`).join("")}    support::record_every_metric();\n    print!("{}", ${name}::render().expect("the exposition renders"));\n}\n`,
    );
    // One build: the library, its tests, its examples and its doc tests. The program of an
    // earlier run must not answer for this one.
    rmSync(join(CARGO_TARGET, "debug", "examples", "round_trip"), { force: true });
    test = await cargo(["test", "--offline"], crate);
  }, CARGO_TIMEOUT);

  it("builds warning-free, and its own tests (help texts, enum values, pre-zeroed series) pass", () => {
    expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
    expect(test.stdout).toMatch(/^test every_catalog_metric_is_exposed_with_its_name_type_help_labels_and_buckets \.\.\. ok$/m);
    expect(test.stdout).toMatch(/^test label_value_enums_give_the_catalogs_exact_values \.\.\. ok$/m);
    expect(test.stdout).toMatch(/^test pre_zero_creates_every_series_of_small_closed_label_sets \.\.\. ok$/m);
  });

  it("runs exactly one doc test, the crate doc's example: no catalog text became a code block", () => {
    expect([...test.stdout.matchAll(/^test src\/\S+ - .*\.\.\. \w+$/gm)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^test src\/lib\.rs - \(line \d+\) \.\.\. ok$/),
    ]);
  });

  it("prints an exposition that gives back every help text and label value exactly", () => {
    const r = spawnSync(join(CARGO_TARGET, "debug", "examples", "round_trip"), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    expect(roundTripProblems(r.stdout, model)).toEqual([]);
  });

  it("reads the drawn strings back from a TOML file written with the crate's TOML escaping (cargo metadata)", async () => {
    const dir = join(RUST_WORK, "toml-strings");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src", "lib.rs"), "");
    writeFileSync(
      join(dir, "Cargo.toml"),
      `[package]\nname = "toml-strings"\nversion = "0.0.0"\nedition = "2021"\n\n[package.metadata.obsgen]\nstrings = [\n${strings.map((s) => `  ${tomlString(s)},\n`).join("")}]\n`,
    );
    const r = await cargo(["metadata", "--offline", "--no-deps", "--format-version", "1"], dir, { CARGO_TERM_COLOR: "always" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).packages[0].metadata.obsgen.strings).toEqual(strings);
  });
});

describe("the TypeScript package of a catalog of drawn strings", () => {
  let pkg: string;
  let compiled: { status: number | null; output: string };

  beforeAll(async () => {
    mkdirSync(join(ROOT, "test", ".tmp"), { recursive: true });
    pkg = join(mkdtempSync(join(ROOT, "test", ".tmp", "stubs-arbitrary-ts-")), "typescript");
    writeEmitted(pkg, emitMetricStubs(model), "typescript");
    const r = await run(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", join(pkg, "tsconfig.json"), "--pretty", "false"], {
      cwd: pkg,
    });
    compiled = { status: r.status, output: `${r.stdout}${r.stderr}` };
  });
  afterAll(() => {
    if (pkg) rmSync(join(pkg, ".."), { recursive: true, force: true });
  });

  it("compiles with tsc under its generated tsconfig", () => {
    expect(compiled.output).toBe("");
    expect(compiled.status).toBe(0);
  });

  it("has no TSDoc tag anywhere: no catalog text became `@deprecated` or `{@link}`", () => {
    const tags: string[] = [];
    const visit = (file: string, node: ts.Node) => {
      for (const tag of ts.getJSDocTags(node)) tags.push(`${file}: @${tag.tagName.text}`);
      ts.forEachChild(node, (child) => visit(file, child));
    };
    const folder = join(pkg, "src", "services");
    for (const dir of [folder, join(pkg, "src", "groups")])
      for (const f of readdirSync(dir)) visit(f, ts.createSourceFile(f, readFileSync(join(dir, f), "utf8"), ts.ScriptTarget.ES2022, true));
    expect(tags).toEqual([]);
  });

  it("runs, compiled, and serves an exposition that gives back every help text and label value exactly", () => {
    const plan = planStubs(model);
    const calls = plan.modules.flatMap((m) =>
      m.metrics.map((sm) => ({
        ns: m.tsNamespace,
        handle: sm.tsHandle,
        method: { counter: "inc", gauge: "set", histogram: "observe" }[sm.metric.type],
        labels: recorded(sm.metric),
      })),
    );
    writeFileSync(join(pkg, "calls.json"), JSON.stringify(calls));
    const services = plan.modules.filter((m) => m.kind === "service").map((m) => m.tsNamespace);
    writeFileSync(
      join(pkg, "round-trip.mjs"),
      `import { readFileSync } from "node:fs";
import * as index from "./dist/index.js";
for (const ns of ${JSON.stringify(services)}) index[ns].preZero();
for (const c of JSON.parse(readFileSync(new URL("./calls.json", import.meta.url), "utf8"))) index[c.ns][c.handle][c.method](c.labels, 1);
process.stdout.write(await index.render());
`,
    );
    const r = spawnSync(process.execPath, [join(pkg, "round-trip.mjs")], { cwd: pkg, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.status, r.stderr).toBe(0);
    expect(roundTripProblems(r.stdout, model)).toEqual([]);
  });
});
