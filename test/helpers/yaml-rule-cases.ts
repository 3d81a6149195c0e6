/**
 * Generated rule files for the YAML differential test against promtool: small files, one alerting
 * rule each (plus a second one sharing anchors when the case uses them), varying how the YAML is
 * written: scalar styles (plain, single, double, multi-line quoted with continuation lines at every
 * indentation, escapes), block scalars (`|` `>` with chomping and indentation indicators), indentation
 * widths, flow and block collections, anchors, aliases and merge keys, tabs, CRLF, a byte order mark,
 * comments, document markers and duplicate keys.
 *
 * The `description` annotation carries the scalar under test; the expression is `vector(1)` so a
 * `promtool test rules` unit test can check the annotation promtool loaded (a second channel besides
 * the exit code of `promtool check rules`). Seeded: the same seed gives the same cases.
 */

export interface YamlRuleCase {
  /** File name: `case-<n>.yml`. */
  readonly name: string;
  /** What varies, for messages. */
  readonly what: string;
  readonly text: string;
}

/** mulberry32: a small seeded generator, enough for picking combinations. */
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

/**
 * A scalar written as the value of a key at column `keyColumn`, as lines (the first follows
 * `key: `). Continuation lines get their own indentation (as written, not added to).
 */
type ScalarWriter = (keyColumn: number, pick: <T>(xs: readonly T[]) => T) => { what: string; lines: string[] };

const WORDS = ["first line", "second: line", "a # not a comment", "x - y", "tail", "it's", 'say "hi"', "back\\slash", "100%", "[a, b]", "{k: v}", "& and *"];

const spaces = (n: number): string => " ".repeat(Math.max(0, n));

/** Continuation indentations relative to the key's column: less, equal, more, much more. */
const CONTINUATION = [-2, -1, 0, 1, 2, 6];

const SCALARS: readonly ScalarWriter[] = [
  (_, pick) => {
    const w = pick([
      "plain text",
      "up == 0",
      "a: b",
      "a #b",
      "a#b",
      "- x",
      "? x",
      "x:",
      "'quoted' tail",
      "yes",
      "null",
      "~",
      "1.50",
      "0x10",
      "%x",
      "@x",
      "`x",
      "!x",
      "&x",
      "*x",
      "|x",
      ">x",
      "x\t",
      "x # comment",
    ]);
    return { what: `plain ${JSON.stringify(w)}`, lines: [w] };
  },
  (col, pick) => {
    const c = pick(CONTINUATION);
    const a = pick(["first", "first line", "a: b", "x"]);
    const b = pick(["second", "second line", "- item", "c: d", "# hash", "x #y"]);
    return { what: `plain across lines, continuation at key${c >= 0 ? "+" : ""}${c}`, lines: [a, `${spaces(col + c)}${b}`] };
  },
  (_, pick) => {
    const w = pick(WORDS);
    return { what: `single-quoted ${JSON.stringify(w)}`, lines: [`'${w.replace(/'/g, "''")}'`] };
  },
  (_, pick) => {
    const w = pick(WORDS);
    return { what: `double-quoted ${JSON.stringify(w)}`, lines: [`"${w.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`] };
  },
  (col, pick) => {
    const q = pick(['"', "'"]);
    const c = pick(CONTINUATION);
    const blankLines = pick([0, 0, 1, 2]);
    const trailing = pick(["", " ", "  "]);
    const third = pick([false, true]);
    const lines = [`${q}first line${trailing}`];
    for (let i = 0; i < blankLines; i++) lines.push(pick(["", spaces(col + c)]));
    lines.push(`${spaces(col + c)}second line${third ? "" : q}`);
    if (third) lines.push(`${spaces(col + pick(CONTINUATION))}third${q}`);
    return {
      what: `${q === '"' ? "double" : "single"}-quoted across lines, continuation at key${c >= 0 ? "+" : ""}${c}, ${blankLines} blank line(s)${third ? ", three lines" : ""}`,
      lines,
    };
  },
  (col, pick) => {
    const c = pick(CONTINUATION);
    const first = pick(["first\\", "first \\", "first\\ ", "a\\tb", "tab\\\\", "x\\\\\\"]);
    return {
      what: `double-quoted with an escaped line break (${first}), continuation at key${c >= 0 ? "+" : ""}${c}`,
      lines: [`"${first}`, `${spaces(col + c)}second"`],
    };
  },
  (_, pick) => {
    const e = pick([
      "\\n",
      "\\t",
      '\\"',
      "\\\\",
      "\\/",
      "\\'",
      "\\x41",
      "\\u00e9",
      "\\U0001F600",
      "\\0",
      "\\a",
      "\\e",
      "\\N",
      "\\_",
      "\\L",
      "\\P",
      "\\ ",
      "\\q",
      "\\x4",
      "\\ud800",
      "\\U00110000",
      "\\b",
      "\\v",
      "\\f",
      "\\r",
    ]);
    return { what: `double-quoted escape ${e}`, lines: [`"a${e}b"`] };
  },
  (col, pick) => {
    const indicator = pick(["|", ">"]);
    const chomp = pick(["", "-", "+"]);
    const digit = pick(["", "", "1", "2", "4"]);
    const header = pick([true, false]) ? `${indicator}${chomp}${digit}` : `${indicator}${digit}${chomp}`;
    const indent = digit === "" ? col + pick([1, 2, 4, 0, -1]) : col + Number(digit) - pick([0, 0, 2]);
    const body = pick([
      ["line one", "line two"],
      ["line one", "", "line three"],
      ["line one", "  more indented", "back"],
      ["", "after a blank"],
      ["text", "", ""],
      ["# not a comment", "x"],
    ]);
    const lines = [`${header}${pick(["", " # comment"])}`];
    for (const l of body) lines.push(l === "" ? "" : `${spaces(indent)}${l}`);
    return { what: `block ${header}, body at key${indent - col >= 0 ? "+" : ""}${indent - col}, ${JSON.stringify(body)}`, lines };
  },
];

/**
 * The cases for `seed`: `count` files. Each draws a structure (indentation width, compact or indented
 * sequences, flow annotations), a scalar for `description`, and at most one more variation.
 */
export function yamlRuleCases(seed: number, count: number): YamlRuleCase[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: YamlRuleCase[] = [];
  for (let n = 0; n < count; n++) {
    const w = pick([1, 2, 3, 4, 8]);
    const compact = pick([true, false]);
    // Column of the rule's keys, and of the annotation keys under it.
    const i1 = compact ? 0 : w; // "- name" under groups
    const groupKeys = i1 + 2;
    const i2 = compact ? groupKeys : groupKeys + w; // "- alert" under rules
    const ruleKeys = i2 + 2;
    const annKeys = ruleKeys + w;
    const scalar = pick(SCALARS)(annKeys, pick);
    const variation = pick([
      "none",
      "none",
      "none",
      "crlf",
      "bom",
      "comments",
      "document start",
      "document end",
      "second document",
      "flow annotations",
      "anchor and alias",
      "merge key",
      "duplicate annotation",
      "duplicate rule key",
      "tab after colon",
      "tab in indentation",
      "tab inside the scalar",
      "trailing spaces",
      "flow sequence of groups",
      "key quoted",
    ] as const);
    const what: string[] = [`indent ${w}${compact ? ", compact sequences" : ""}`, scalar.what];
    if (variation !== "none") what.push(variation);

    const L: string[] = [];
    const desc = (lines: string[], col: number, key = "description"): string[] => [`${spaces(col)}${key}: ${lines[0]}`, ...lines.slice(1)];
    const rule = (name: string, anchors: boolean): void => {
      L.push(`${spaces(i2)}- alert: ${name}`);
      L.push(`${spaces(ruleKeys)}expr: vector(1)`);
      if (variation === "anchor and alias" || variation === "merge key") {
        if (anchors) L.push(`${spaces(ruleKeys)}labels: &common`, `${spaces(annKeys)}severity: page`, `${spaces(annKeys)}team: a`);
        else if (variation === "anchor and alias") L.push(`${spaces(ruleKeys)}labels: *common`);
        else L.push(`${spaces(ruleKeys)}labels:`, `${spaces(annKeys)}<<: *common`, `${spaces(annKeys)}team: b`);
      }
      if (variation === "flow annotations") {
        // Flow collections take the scalar whole; a block scalar cannot be in one.
        L.push(`${spaces(ruleKeys)}annotations: {summary: s, description: ${scalar.lines.join("\n")}}`);
        return;
      }
      L.push(`${spaces(ruleKeys)}annotations:`);
      if (variation === "comments") L.push(`${spaces(annKeys)}# a comment line`);
      L.push(`${spaces(annKeys)}summary: s${variation === "comments" ? " # after a value" : ""}`);
      if (variation === "duplicate annotation") L.push(`${spaces(annKeys)}description: once`);
      const key = variation === "key quoted" ? '"description"' : "description";
      const written = desc(scalar.lines, annKeys, key);
      if (variation === "tab after colon") written[0] = written[0]!.replace(": ", ":\t");
      if (variation === "tab inside the scalar") written[0] = written[0]!.replace(/(\S) (\S)/, "$1\t$2");
      L.push(...written);
      if (variation === "duplicate rule key") L.push(`${spaces(ruleKeys)}expr: vector(2)`);
    };
    if (variation === "document start") L.push(pick(["---", "--- # start", "%YAML 1.1\n---"]));
    if (variation === "comments") L.push("# generated case");
    if (variation === "flow sequence of groups") {
      L.push(`groups: [{name: g, rules: [{alert: A, expr: vector(1), annotations: {summary: s, description: ${scalar.lines.join("\n")}}}]}]`);
    } else {
      L.push("groups:");
      L.push(`${spaces(i1)}- name: g`);
      L.push(`${spaces(groupKeys)}rules:`);
      rule("A", true);
      if (variation === "anchor and alias" || variation === "merge key") rule("B", false);
    }
    if (variation === "document end") L.push("...");
    if (variation === "second document") L.push("---", "groups: []");
    if (variation === "tab in indentation") {
      const at = 1 + Math.floor(rnd() * (L.length - 1));
      L[at] = L[at]!.replace(/^( *) /, "$1\t");
    }
    let text = `${L.join("\n")}\n`;
    if (variation === "trailing spaces") text = text.replace(/\n/g, "  \n");
    if (variation === "crlf") text = text.replace(/\n/g, "\r\n");
    if (variation === "bom") text = `\ufeff${text}`;
    out.push({ name: `case-${String(n).padStart(3, "0")}.yml`, what: what.join("; "), text });
  }
  return out;
}
