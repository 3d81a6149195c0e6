/**
 * Characters yaml.v3 (promtool 2.42) reads differently from the `yaml` package: control characters,
 * tabs in indentation, lone CR / NEL / LS / PS line breaks, byte order marks. Every variant below has
 * the verdict promtool 2.42 gave it (recorded from the real binary), checked on both YAML paths; with
 * promtool installed, the verdicts are checked against it again.
 *
 * Known differences, left out here: yaml.v3 takes a flow collection whose continuation lines are less
 * indented than YAML 1.2 requires, and refuses a tab after `? `; obsgen does the opposite. yaml.v3 also
 * refuses a tab starting the first line of a later document, which obsgen ignores with the document.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { promtoolVerdicts } from "../../test/helpers/promtool-verdicts.js";
import { describeWithTool } from "../../test/helpers/tools.js";
import { checkRuleFile } from "./check.js";
import { decodeRuleFile } from "./decode.js";
import { loadRuleFile } from "./load-rule-file.js";
import { readQuotedScalar } from "./go-yaml-reader.js";
import { parseYaml } from "./parse.js";

const RULE = "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n";
const withSummary = (summary: string): string => `${RULE}      summary: ${summary}\n`;

/** Characters to put in each kind of scalar: yaml.v3's reader refuses all but the last five. */
const CHARACTERS: Record<string, string> = {
  NUL: "\x00",
  SOH: "\x01",
  BEL: "\x07",
  BS: "\x08",
  VT: "\x0b",
  FF: "\x0c",
  ESC: "\x1b",
  DEL: "\x7f",
  "C1 0x80": "\x80",
  "C1 0x9f": "\x9f",
  "U+FFFE": "\ufffe",
  "a lone CR": "\r",
  NEL: "\x85",
  LS: "\u2028",
  "no-break space": "\xa0",
  BOM: "\ufeff",
  tab: "\t",
};

/** [name, file text, whether promtool 2.42 accepts it]. */
type Case = [string, string, boolean];

function cases(): Case[] {
  const out: Case[] = [];
  const lineBreak = (c: string) => c === "\r" || c === "\x85" || c === "\u2028";
  const refused = (c: string) => /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe]/.test(c);
  for (const [name, c] of Object.entries(CHARACTERS)) {
    const bad = refused(c);
    // A line break inside a plain scalar, block scalar or comment starts a line yaml.v3 cannot read.
    out.push([`${name} in a plain scalar`, withSummary(`a${c}b`), !bad && !lineBreak(c)]);
    out.push([`${name} in a single-quoted scalar`, withSummary(`'a${c}b'`), !bad]);
    out.push([`${name} in a double-quoted scalar`, withSummary(`"a${c}b"`), !bad]);
    out.push([`${name} in a literal block scalar`, withSummary(`|\n        a${c}b`), !bad && !lineBreak(c)]);
    out.push([`${name} in a folded block scalar`, withSummary(`>\n        a${c}b`), !bad && !lineBreak(c)]);
    out.push([`${name} in a comment`, withSummary(`x # a${c}b`), !bad && !lineBreak(c)]);
  }
  // A line holding only blanks with a tab, at every line of a rule file.
  const file = withSummary("x").split("\n");
  for (let i = 0; i < file.length; i++) {
    for (const [name, blank] of Object.entries({ "a tab": "\t", "spaces then a tab": "  \t", "a tab then spaces": "\t  ", "a tab and a comment": "\t# c" })) {
      const lines = [...file];
      lines.splice(i, 0, blank);
      // promtool reads the line added after the end as the end of the last plain scalar: still refused.
      out.push([`a line of ${name} before line ${i + 1}`, lines.join("\n"), false]);
    }
  }
  out.push(
    ["a tab after a key's colon", `groups:\t\n- name:\tg\n  rules: []\n`, true],
    ["a tab between a key and its colon", withSummary("x").replace("summary: x", "summary\t: x"), true],
    ["a tab before a comment", withSummary("x\t# c"), true],
    ["a tab at the end of a line", withSummary("x\t"), true],
    ["a tab inside a block scalar's text", withSummary("|\n        a\n        \tb"), true],
    ["a line of spaces and a tab inside a block scalar, past its indentation", withSummary("|\n        a\n          \t\n        b"), true],
    ["a tab starting a block scalar's first line", withSummary("|\n        \ta"), false],
    ["a tab in a block scalar's indentation", withSummary("|\n        a\n      \tb"), false],
    ["a tab continuing a plain scalar, past its indentation", withSummary("a\n        \tb"), true],
    ["a line of spaces and a tab inside a plain scalar", withSummary("a\n        \t\n        b"), true],
    ["a tab-only line inside a flow mapping", `${RULE}      summary: x\n    labels: {a: b,\n\t\n      c: d}\n`, true],
    ["a tab indenting a key", `${RULE}      summary: x\n\tlabels: {}\n`, false],
    ["a file ending in a tab", `${withSummary("x")}\t`, false],
    ["CR line ends", withSummary("x").replace(/\n/g, "\r"), true],
    ["CR LF line ends", withSummary("x").replace(/\n/g, "\r\n"), true],
    ["a CR line end among LF ones", withSummary("x").replace("\n  rules", "\r  rules"), true],
    ["a NEL line end", withSummary("x").replace("\n  rules", "\x85  rules"), true],
    ["an LS line end", withSummary("x").replace("\n  rules", "\u2028  rules"), true],
    ["a byte order mark", `\ufeff${withSummary("x")}`, true],
    ["a byte order mark starting the last line", `${withSummary("x")}\ufeff\n`, false],
    ["a byte order mark starting a comment line", withSummary("x").replace("  rules:", "\ufeff# c\n  rules:"), false],
    ["a byte order mark starting an entry", withSummary("x").replace("- name", "\ufeff- name"), false],
    ["a byte order mark inside a value", withSummary("\ufeffx"), true],
    ["NUL at the start", `\x00${withSummary("x")}`, false],
    ["NUL at the end", `${withSummary("x")}\x00`, false],
    ["NUL in a comment at the end", `${withSummary("x")}# \x00\n`, false],
    ["a control character deep in a second document", `${withSummary("x")}${"# padding\n".repeat(600)}---\nx: a\x01b\n`, false],
    ["escapes of control characters in a double-quoted scalar", withSummary('"a\\0b\\x01c"'), true],
    // yaml.v3 reads a comment on a line of its own together with the blank lines (tabs and all) up to
    // the next comment line, if that starts within 512 characters.
    ["a tab-only line between comment lines", `${withSummary("x")}    # one\n\t\n    # two\n`, true],
    ["a tab-led comment line after a comment line", `${withSummary("x")}    # one\n\t# two\n`, true],
    ["blank lines and a tab-only line between comment lines", `# one\n\n  \t\n\n# two\n${withSummary("x")}`, true],
    ["a tab-only line between a comment line and a rule", `${withSummary("x")}    # one\n\t\n  - alert: B\n    expr: up\n`, false],
    ["a tab-only line between a comment after a value and a comment line", `${withSummary("x # one")}\t\n    # two\n`, false],
    ["a tab-only line between comment lines 600 characters apart", `${withSummary("x")}    # one\n${" ".repeat(600)}\t\n    # two\n`, false],
    // yaml.v3 reads a quoted scalar to its closing quote, however its continuation lines are indented.
    ["a double-quoted scalar continued at column 0", withSummary('"a\nb"'), true],
    ["a single-quoted scalar continued at column 0", withSummary("'a\nb'"), true],
    ["a double-quoted scalar continued after a tab", withSummary('"a\n\tb"'), true],
    ["a tab-only line inside a double-quoted scalar", withSummary('"a\n\t\n        b"'), true],
    ["a single-quoted scalar continued by a key's line", `${RULE}      description: 'a\n      summary: b'\n`, true],
    ["a double-quoted scalar holding a document marker", withSummary('"a\n---\nb"'), false],
    ["a double-quoted scalar never closed", withSummary('"a\nb'), false],
  );
  return out;
}

/** Whether obsgen accepts the file's bytes, on the fast path and on the `yaml` package's path. */
function verdicts(text: string): { fast: boolean; slow: boolean } {
  const bytes = new TextEncoder().encode(text);
  const fast = loadRuleFile("rules.yml", bytes).diagnostics.every((d) => d.severity !== "error");
  const decoded = new TextDecoder().decode(bytes);
  const yaml = parseYaml(decoded, { fastPath: false, byteOrderMarkRemoved: true });
  const decodedFile = decodeRuleFile("rules.yml", yaml);
  const checked = checkRuleFile(decodedFile.file, { path: "rules.yml", text: yaml.text, positionAt: yaml.positionAt });
  const slow = [...decodedFile.diagnostics, ...checked].every((d) => d.severity !== "error");
  return { fast, slow };
}

describe("characters yaml.v3 reads differently", () => {
  it.each(cases())("gives promtool's verdict on %s, on both YAML paths", (_name, text, accepted) => {
    expect(verdicts(text)).toEqual({ fast: accepted, slow: accepted });
  });

  it.each([
    ["a control character", withSummary("a\x01b"), "rulefile/yaml@7:17 control characters are not allowed"],
    ["a tab-only line", `groups:\n\t\n- name: g\n`, "rulefile/yaml@2:1 found character that cannot start any token"],
    [
      "a tab in a plain scalar's indentation",
      withSummary("x").replace("  rules:", "\t\n  rules:"),
      "rulefile/yaml@3:1 found a tab character that violates indentation",
    ],
    [
      "a tab starting a block scalar's first line",
      withSummary("|\n        \ta"),
      "rulefile/yaml@8:9 found a tab character where an indentation space is expected",
    ],
  ])("reports %s where it is, with yaml.v3's message", (_name, text, expected) => {
    const [d] = loadRuleFile("rules.yml", new TextEncoder().encode(text)).diagnostics;
    expect(`${d?.code}@${d?.line}:${d?.column} ${d?.message}`).toBe(expected);
  });

  it("reports a second byte order mark at the start of the file", () => {
    const bytes = new TextEncoder().encode(`\ufeff\ufeff${withSummary("x")}`);
    expect(loadRuleFile("rules.yml", bytes).diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "1:1 a byte order mark (U+FEFF) starts this line: only the file's first character may be one",
    ]);
  });

  it("counts lines at yaml.v3's line breaks", () => {
    const text = withSummary("x").replace(/\n/g, "\r").replace("up == 0", "up ==");
    const [d] = loadRuleFile("rules.yml", text, { checkExpr: () => [{ message: "bad", from: 0, to: 1 }] }).diagnostics;
    expect([d?.code, d?.line, d?.column]).toEqual(["rulefile/expr", 5, 11]);
  });
});

describe("quoted scalars across lines", () => {
  it.each([
    ["one break", '"a\n    b"', "a b"],
    ["an empty line", '"a\n\n    b"', "a\nb"],
    ["blanks around a break", '"a  \t\n  \t  b"', "a b"],
    ["an escaped break", '"a\\\n    b"', "ab"],
    ["an escaped break, then an empty line", '"a\\\n\n    b"', "a\nb"],
    ["an escaped blank before a break", '"a\\ \n    b"', "a  b"],
    ["an escaped tab starting a line", '"a\n    \\tb"', "a \tb"],
    ["escapes", '"\\x41\\u00e9\\U0001F600\\n\\\\"', "Aé😀\n\\"],
    ["a single-quoted scalar", "'it''s\n\n  here'", "it's\nhere"],
    ["a continuation at column 0", '"a\nb"', "a b"],
  ])("reads %s as yaml.v3 does", (_name, raw, value) => {
    expect(readQuotedScalar(raw)).toBe(value);
  });

  it("gives label values as promtool prints them", () => {
    // promtool 2.42 printed these in its duplicate-rules lint: x "a\nb", y "cd", z "e\nf".
    const rule = ["  - alert: A", "    expr: up", "    labels:", '      x: "a\\', "", '    b"', '      y: "c\\', '    d"', '      z: "e', "", '    f"'];
    const r = loadRuleFile("rules.yml", ["groups:", "- name: g", "  rules:", ...rule, ...rule].join("\n"));
    expect(r.value.groups[0]?.rules[0]?.labels.map((l) => l.value.value)).toEqual(["a\nb", "cd", "e\nf"]);
  });

  it("reads an annotation whose quoted text goes back to column 0, as promtool does", () => {
    const r = loadRuleFile("rules.yml", withSummary('"Instance {{ $labels.instance }} is down\nfor 5 minutes."'));
    expect(r.diagnostics).toEqual([]);
    expect(r.value.groups[0]?.rules[0]?.annotations[0]?.value.value).toBe("Instance {{ $labels.instance }} is down for 5 minutes.");
  });

  it.each([
    ["on the fast path", '"it\\\'s"', "it's"],
    ["across lines", '"it\\\'s\n        down"', "it's down"],
  ])("reads `\\'` in a double-quoted scalar as a quote, as promtool does (%s)", (_name, summary, value) => {
    for (const fastPath of [true, false]) {
      const yaml = parseYaml(withSummary(summary), { fastPath });
      expect(yaml.documents[0]?.errors).toEqual([]);
    }
    const r = loadRuleFile("rules.yml", withSummary(summary));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.value.groups[0]?.rules[0]?.annotations[0]?.value.value).toBe(value);
  });

  it("refuses a tag right before the bracket closing a flow collection, as promtool does", () => {
    expect(
      loadRuleFile("rules.yml", `${RULE.replace("    annotations:\n", "")}    annotations: {summary: !x}\n`).diagnostics.map((d) => [
        d.code,
        d.message,
        d.line,
        d.column,
      ]),
    ).toEqual([["rulefile/yaml", "did not find expected whitespace or line break", 6, 30]]);
    // A comma right after the tag is read as part of it: the mapping is then broken.
    expect(
      loadRuleFile("rules.yml", `${RULE.replace("    annotations:\n", "")}    annotations: {summary: !x, description: d}\n`).diagnostics.map((d) => d.code),
    ).toEqual(["rulefile/yaml"]);
    for (const ok of ["{summary: !x }", "{summary: !x , description: d}"]) {
      expect(
        loadRuleFile("rules.yml", `${RULE.replace("    annotations:\n", "")}    annotations: ${ok}\n`).diagnostics.filter((d) => d.severity === "error"),
        ok,
      ).toEqual([]);
    }
  });

  it("refuses `\\/` in a double-quoted scalar, as promtool does (YAML 1.2 has it, yaml.v3 does not)", () => {
    for (const summary of ['"a\\/b"', '"a\\\\\\/b"', '"x\n        a\\/b"']) {
      const r = loadRuleFile("rules.yml", withSummary(summary));
      expect(
        r.diagnostics.map((d) => [d.code, d.message]),
        summary,
      ).toEqual([["rulefile/yaml", "found unknown escape character"]]);
    }
    // An escaped backslash before a slash is no escape of the slash.
    expect(loadRuleFile("rules.yml", withSummary('"a\\\\/b"')).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("a file of many documents", () => {
  /** Characters of the file that searches (`indexOf`, global regular expressions) went through, reading `n` documents. */
  function searched(n: number): number {
    const text = "groups: []\n---\na: 1\n".repeat(n);
    let chars = 0;
    const indexOf = String.prototype.indexOf;
    const exec = RegExp.prototype.exec;
    const spies = [
      vi.spyOn(String.prototype, "indexOf").mockImplementation(function (this: string, s: string, from?: number) {
        const found = indexOf.call(this, s, from);
        if (this.length === text.length) chars += (found < 0 ? this.length : found) - (from ?? 0);
        return found;
      }),
      vi.spyOn(RegExp.prototype, "exec").mockImplementation(function (this: RegExp, s: string) {
        const from = this.lastIndex;
        const m = exec.call(this, s);
        if (s.length === text.length && this.global) chars += (m === null ? s.length : this.lastIndex) - from;
        return m;
      }),
    ];
    try {
      loadRuleFile("rules.yml", text);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return chars;
  }

  it("checks each document's tabs and byte order marks without searching the rest of the file", () => {
    expect(searched(4000) / searched(1000)).toBeLessThan(4.5);
  });
});

describeWithTool("promtool", "characters yaml.v3 reads differently, against promtool 2.42", () => {
  it("gives promtool's verdict on every variant", async () => {
    const dir = mkdtempSync(join(tmpdir(), "obsgen-yaml-chars-"));
    const all = cases();
    const files = all.map(([, text], i) => {
      const file = join(dir, `case-${i}.yml`);
      writeFileSync(file, text);
      return file;
    });
    // One promtool run for all of them, each file's verdict as it gets it alone.
    const promtool = await promtoolVerdicts(files);
    const disagree: string[] = [];
    all.forEach(([name, text], i) => {
      const accepted = promtool.get(files[i]!)!;
      const ours = verdicts(text);
      if (ours.fast !== accepted || ours.slow !== accepted) disagree.push(`${name}: promtool ${accepted}, obsgen ${JSON.stringify(ours)}`);
    });
    expect(disagree).toEqual([]);
    console.log(`yaml.v3 characters: ${all.length}/${all.length} variants agree with promtool 2.42`);
  });
});
