/**
 * The YAML fast path against the `yaml` package: wherever the fast path takes a file, the nodes the
 * decoder reads must be the ones `parseAllDocuments` composes, and so must every finding. Checked on
 * the real-world rule corpus, the parity fixtures, thousands of seeded mutations of them, generated
 * documents, and a table of the subtle cases.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from "yaml";
import { describe, expect, it } from "vitest";
import { describeWithShared, SHARED } from "../../test/helpers/shared.js";
import { checkRuleFile } from "./check.js";
import { decodeRuleFile } from "./decode.js";
import { parseYaml, type YamlNode } from "./parse.js";
import { lines } from "./test-helpers.js";
import { parseYamlFastPath } from "./yaml-fast-path.js";

const CORPUS = join(SHARED, "corpus", "rules");
const FIXTURES = fileURLToPath(new URL("./testdata/parity/", import.meta.url));

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(name) ? [p] : [];
    });
}

/** What the decoder reads of a node, one line per node (collection ends are not read: see the module). */
function describeTree(n: unknown, path = "$"): string[] {
  if (n === null || n === undefined) return [`${path} ${String(n)}`];
  if (isScalar(n)) {
    const v = n.value;
    const shown = typeof v === "number" && Object.is(v, -0) ? "-0" : `${typeof v}:${String(v)}`;
    const extra = `${n.tag ?? ""} ${n.format ?? ""} ${(n as { minFractionDigits?: number }).minFractionDigits ?? ""}`;
    return [`${path} scalar ${n.type} ${JSON.stringify(n.source)} ${shown} ${extra} ${n.range?.[0]}-${n.range?.[1]} ${n instanceof Scalar}`];
  }
  if (isMap(n)) {
    return [
      `${path} map ${n.range?.[0]} ${n.items.length}`,
      ...n.items.flatMap((p, i) =>
        isPair(p) ? [...describeTree(p.key, `${path}.k${i}`), ...describeTree(p.value, `${path}.v${i}`)] : [`${path}.${i} not a pair`],
      ),
    ];
  }
  if (isSeq(n)) return [`${path} seq ${n.range?.[0]} ${n.items.length}`, ...n.items.flatMap((x, i) => describeTree(x, `${path}[${i}]`))];
  return [`${path} other`];
}

/** "fast" when the fast path took the text and agrees with `yaml`, "slow" when it gave up, else the difference. */
function compare(text: string): string {
  const fast = parseYamlFastPath(text);
  if (fast === undefined) return "slow";
  const docs = [...parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false })];
  if (docs.length !== 1) return `yaml reads ${docs.length} documents`;
  const doc = docs[0]!;
  if (!("errors" in doc) || doc.errors.length > 0) return "yaml reports an error";
  const want = describeTree(doc.contents);
  const got = describeTree(fast as YamlNode);
  const i = want.findIndex((line, k) => line !== got[k]);
  if (i >= 0 || want.length !== got.length) return `yaml: ${want[i] ?? "(end)"}\nfast: ${got[i] ?? "(end)"}`;
  return "fast";
}

/** Seeded PRNG (mulberry32), so every run tests the same documents. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  "",
  " ",
  "  ",
  "#",
  " #x",
  ":",
  ": ",
  "- ",
  "-",
  "|",
  ">",
  "|-",
  ">+",
  "|+",
  "'",
  '"',
  "\\",
  "\n",
  "\n\n",
  "  \n",
  "a",
  "{",
  "[",
  "&a ",
  "*a",
  "!!str ",
  "? ",
  '"\\n"',
  "'it''s'",
  "~",
  "null",
  "0x1F",
  "1.50",
  "true",
  "<<: ",
];

/** A copy of `text` with a line removed, repeated, re-indented, or something inserted into it. */
function mutate(text: string, rnd: () => number): string {
  const ls = text.split("\n");
  const i = Math.floor(rnd() * ls.length);
  const line = ls[i]!;
  switch (Math.floor(rnd() * 4)) {
    case 0:
      ls.splice(i, 1);
      break;
    case 1:
      ls.splice(i, 0, line);
      break;
    case 2: {
      const d = Math.floor(rnd() * 5) - 2;
      ls[i] = d > 0 ? " ".repeat(d) + line : line.slice(Math.min(-d, line.length - line.trimStart().length));
      break;
    }
    default: {
      const at = Math.floor(rnd() * (line.length + 1));
      ls[i] = line.slice(0, at) + INSERTS[Math.floor(rnd() * INSERTS.length)] + line.slice(at);
    }
  }
  return ls.join("\n");
}

const WORDS = [
  "a",
  "expr",
  "sum(rate(x[5m])) > 0",
  "foo bar",
  "null",
  "~",
  "true",
  "0x1F",
  "1e3",
  "1.50",
  "a:b",
  "x#y",
  "-x",
  "{{ $value }}",
  "a  b",
  "é ü",
  "😀",
  "2001-01-01",
  "1_000",
];
const ODD = [
  "False",
  "0o17",
  "017",
  ".inf",
  "-.5",
  "+1",
  "12:30",
  "http://x/y",
  "x # not",
  "?x",
  ":x",
  "ends:",
  "-",
  "--",
  "a'b",
  'a"b',
  "yes",
  "NULL",
  "0b101",
  "<<",
  "- a",
  "[x]",
  "{x}",
  ",",
];

/** A random document of block collections and scalars of every style, with comments and blank lines. */
function generate(rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const word = () => (rnd() < 0.85 ? pick(WORDS) : pick(ODD));
  const scalar = (indent: number): string[] => {
    const w = word();
    switch (Math.floor(rnd() * 7)) {
      case 0:
      case 1:
        return [w];
      case 2:
        return [`'${w.replace(/'/g, "''")}'${rnd() < 0.3 ? "  # c" : ""}`];
      case 3:
        return [`"${w.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}${rnd() < 0.3 ? "\\t\\n\\\\" : ""}"`];
      case 4:
      case 5: {
        const out = [pick(["|", "|-", "|+", ">", ">-", ">+", "| # c", ">- #c"])];
        const ind = indent + 1 + Math.floor(rnd() * 3);
        for (let i = 0, n = 1 + Math.floor(rnd() * 4); i < n; i++) {
          const r = rnd();
          out.push(r < 0.15 ? "" : r < 0.2 ? " ".repeat(Math.floor(rnd() * (ind + 1))) : r < 0.3 ? " ".repeat(ind + 1) + word() : " ".repeat(ind) + word());
        }
        if (rnd() < 0.4) out.push("");
        return out;
      }
      default:
        return [""];
    }
  };
  const extra = (indent: number): string[] => {
    const r = rnd();
    return r < 0.08 ? [`${" ".repeat(Math.floor(rnd() * (indent + 3)))}# comment`] : r < 0.14 ? [""] : r < 0.16 ? ["   "] : [];
  };
  const node = (indent: number, depth: number): { first: string; rest: string[] } => {
    if (depth > 3 || rnd() < 0.35) {
      const s = scalar(indent);
      return { first: s[0]!, rest: s.slice(1) };
    }
    const ci = indent + (indent < 0 ? 1 : 1 + Math.floor(rnd() * 3));
    const isMapping = rnd() < 0.6;
    const out: string[] = [];
    for (let i = 0, n = 1 + Math.floor(rnd() * 3); i < n; i++) {
      out.push(...extra(ci));
      const v = node(ci, depth + 1);
      if (isMapping) {
        const key = pick(["name", "rules", "expr", "a b", "'q'", '"dq"', `k${i}`, "x"]);
        out.push(
          v.first === "" && v.rest.length === 0 ? `${" ".repeat(ci)}${key}:${pick(["", " ", " # c"])}` : `${" ".repeat(ci)}${key}: ${v.first}`,
          ...v.rest,
        );
      } else {
        out.push(`${" ".repeat(ci)}-${v.first === "" ? "" : ` ${v.first}`}`, ...v.rest);
      }
    }
    return { first: "", rest: out };
  };
  return [...node(-1, 0).rest, ...extra(0)].join("\n") + (rnd() < 0.9 ? "\n" : "");
}

const inputs = [...yamlFiles(CORPUS), ...yamlFiles(FIXTURES)].map((f) => [f, readFileSync(f, "utf8")] as const);

// The corpus is what makes these meaningful: the fixtures alone are too few and too alike.
describeWithShared("corpus/rules", "the rule corpus", "the YAML fast path on real-world rule files", () => {
  it("takes most real-world rule files, and composes them as the yaml package does", () => {
    const verdicts = inputs.map(([f, text]) => [f, compare(text)] as const);
    expect(verdicts.filter(([, v]) => v !== "fast" && v !== "slow")).toEqual([]);
    expect(verdicts.filter(([, v]) => v === "fast").length).toBeGreaterThan(inputs.length / 2);
  });

  it("gives every real-world rule file the same findings as the yaml package", () => {
    const differ: string[] = [];
    for (const [f, text] of inputs) {
      const findings = (fastPath: boolean) => {
        const yaml = parseYaml(text, { fastPath });
        const { file, diagnostics } = decodeRuleFile(f, yaml);
        const checked = checkRuleFile(file, { path: f, text, positionAt: yaml.positionAt });
        return JSON.stringify({ file, diagnostics, checked });
      };
      if (findings(true) !== findings(false)) differ.push(f);
    }
    expect(differ).toEqual([]);
  });

  it("agrees with the yaml package on thousands of mutated rule files", () => {
    const rnd = random(20240611);
    const small = inputs.filter(([, t]) => t.length < 20_000);
    const differ: string[] = [];
    let fast = 0;
    for (let i = 0; i < 3000 && small.length > 0; i++) {
      let text = small[Math.floor(rnd() * small.length)]![1];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) text = mutate(text, rnd);
      const v = compare(text);
      if (v === "fast") fast++;
      else if (v !== "slow") differ.push(`${v}\n--- in ---\n${text}`);
    }
    expect(differ.slice(0, 3)).toEqual([]);
    expect(fast).toBeGreaterThan(500);
  });
});

describe("the YAML fast path", () => {
  it("agrees with the yaml package on generated documents of every scalar style", () => {
    const rnd = random(7);
    const differ: string[] = [];
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const text = generate(rnd);
      const v = compare(text);
      if (v === "fast") fast++;
      else if (v !== "slow") differ.push(`${v}\n--- in ---\n${text}`);
    }
    expect(differ.slice(0, 3)).toEqual([]);
    expect(fast).toBeGreaterThan(700);
  });

  it.each([
    ["block scalars keeping trailing lines", lines("a: |+", "  x", "", "b: 1")],
    ["a folded scalar with blank lines", lines("a: >", "  a", "", "  b", "  c", "", "", "  d")],
    ["block scalars before a comment", lines("a: |-", "  x", "", "# c", "b: 1")],
    ["an empty value before a comment and a key", lines("a:   # c", "b: 1")],
    ["quoted keys", lines("'a': 1", '"b": 2')],
    ["a sequence at its key's indentation", lines("a:", "- x", "- y", "b:", "  - z")],
    ["compact mappings and empty entries", lines("- a: 1", "  b: 2", "- c", "-", "- 'd'")],
    ["characters outside ASCII", lines("a: é😀b", "c: |", "  é😀", "  x")],
    ["simple escapes", lines('a: "x\\\\y\\"z\\n"', "b: 'it''s'")],
    ["numbers, booleans and nulls", lines("k: 0o17", "l: 017", "m: .inf", "n: -.5", "o: +1", "p: 1_000", "q: 1.50", "r: Null", "s: TRUE", "t: 2001-01-01")],
    ["a comment more indented than the next key", lines("a: x", "   # c", "b: 1")],
    ["no final line break", "a: x"],
  ])("takes %s", (_name, text) => {
    expect(compare(text)).toBe("fast");
  });

  it.each([
    ["a tab", "a:\tb\n"],
    ["CRLF line ends", "a: b\r\n"],
    ["an anchor", lines("a: &x 1", "b: *x")],
    ["a flow collection", lines("a: [1, 2]")],
    ["a tag", lines("a: !!str 1")],
    ["a multi-line plain scalar", lines("a: x", "  y")],
    ["a multi-line quoted scalar", lines('a: "x', '  y"')],
    ["a second document", lines("a: 1", "---", "b: 2")],
    ["a merge key", lines("a:", "  <<: {b: 1}")],
    ["a \\u escape", lines('a: "\\u00e9"')],
    ["an explicit indentation indicator", lines("a: |2", "    x")],
    ["a nested mapping on the key's line", lines("a: b: c")],
    ["a bad indentation", lines("a:", "  b: 1", " c: 2")],
    ["a block scalar without a final line break", "a: |\n  x"],
  ])("leaves %s to the yaml package", (_name, text) => {
    expect(compare(text)).toBe("slow");
  });
});
