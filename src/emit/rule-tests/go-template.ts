/**
 * Renders the Go templates of alert labels and annotations the way Prometheus expands them
 * (rules/alerting.go and template/template.go, v2.42): the text is prefixed with
 * `{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$value := .Value}}` and run by
 * text/template with `missingkey=zero`, so a label the result series lacks prints as nothing.
 *
 * Only the subset catalogs use is reproduced, exactly: `$value` / `.Value` (a float64, printed
 * with Go's `%v`), `$labels.<name>` / `.Labels.<name>`, `$externalLabels.<name>` (empty in
 * promtool tests), string literals, pipelines into `humanize`, `humanize1024`,
 * `humanizePercentage`, `humanizeDuration`, `printf`, `toUpper`, `toLower`, comments and the
 * `{{-`/`-}}` trim markers. Anything else (`if`, `range`, `query`, variables, parentheses)
 * throws `TemplateUnsupportedError` naming the construct: a generated expectation must never be
 * a guess.
 */
import { type GoValue, GoFormatError, goSprintf, goV } from "./go-format.js";
import { humanize, humanize1024, humanizeDuration, humanizePercentage } from "./humanize.js";

export class TemplateUnsupportedError extends Error {}

/** What a template sees: the alert's result series labels (with `__name__` when kept) and its value. */
export interface TemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number | null;
}

type Token =
  | { readonly kind: "pipe" }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly text: string }
  | { readonly kind: "ident"; readonly name: string }
  | { readonly kind: "field"; readonly root: "$" | "." | string; readonly path: readonly string[] }
  | { readonly kind: "other"; readonly text: string };

const GO_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'", a: "\x07", b: "\b", f: "\f", v: "\v" };

function lexAction(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "|") {
      tokens.push({ kind: "pipe" });
      i++;
      continue;
    }
    if (c === '"') {
      let value = "";
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === "\\") {
          const e = src[i + 1] ?? "";
          const mapped = GO_ESCAPES[e];
          if (mapped === undefined) throw new TemplateUnsupportedError(`the string escape \\${e}`);
          value += mapped;
          i += 2;
        } else value += src[i++];
      }
      if (src[i] !== '"') throw new TemplateUnsupportedError("an unterminated string");
      i++;
      tokens.push({ kind: "string", value });
      continue;
    }
    if (c === "`") {
      const end = src.indexOf("`", i + 1);
      if (end < 0) throw new TemplateUnsupportedError("an unterminated raw string");
      tokens.push({ kind: "string", value: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const field = /^(\$[A-Za-z0-9_]*|\.)((?:\.?[A-Za-z_][A-Za-z0-9_]*)*)/.exec(src.slice(i));
    if (field && (c === "$" || c === ".")) {
      const root = field[1]!;
      const rest = field[2] ?? "";
      // `.Labels.x` → root ".", path [Labels, x]; `$labels.x` → root "$labels", path [x].
      const path = rest.split(".").filter((p) => p !== "");
      tokens.push({ kind: "field", root: root === "." ? "." : root, path });
      i += field[0].length;
      continue;
    }
    const num = /^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)/.exec(src.slice(i));
    if (num) {
      tokens.push({ kind: "number", text: num[0] });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      tokens.push({ kind: "ident", name: ident[0] });
      i += ident[0].length;
      continue;
    }
    tokens.push({ kind: "other", text: c });
    i++;
  }
  return tokens;
}

type Value = GoValue | { readonly map: Readonly<Record<string, string>> };

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil"]);

function fieldValue(t: Extract<Token, { kind: "field" }>, data: TemplateData): Value {
  let root: Value;
  let path = t.path;
  const labels = { map: data.labels };
  const external = { map: {} };
  if (t.root === "$value" || (t.root === "." && path[0] === "Value")) {
    if (t.root === ".") path = path.slice(1);
    if (data.value === null) throw new TemplateUnsupportedError("$value, but the case gives no value");
    root = data.value;
  } else if (t.root === "$labels" || (t.root === "." && path[0] === "Labels")) {
    if (t.root === ".") path = path.slice(1);
    root = labels;
  } else if (t.root === "$externalLabels" || (t.root === "." && path[0] === "ExternalLabels")) {
    if (t.root === ".") path = path.slice(1);
    root = external;
  } else {
    throw new TemplateUnsupportedError(`${t.root}${t.path.map((p) => `.${p}`).join("")}`);
  }
  for (const p of path) {
    if (typeof root === "object") root = root.map[p] ?? ""; // missingkey=zero: "" for a missing label
    else throw new TemplateUnsupportedError(`a field .${p} of a ${typeof root === "number" ? "float64" : "string"}`);
  }
  return root;
}

function asFloat(v: Value, fn: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    // Prometheus's convertToFloat parses strings with strconv.ParseFloat.
    const n = Number(v.trim() === "" ? NaN : v);
    if (Number.isNaN(n) && v !== "NaN") throw new TemplateUnsupportedError(`${fn} of the string "${v}"`);
    return n;
  }
  throw new TemplateUnsupportedError(`${fn} of a map`);
}

const FUNCS: Record<string, (args: Value[]) => Value> = {
  humanize: (a) => humanize(asFloat(one(a, "humanize"), "humanize")),
  humanize1024: (a) => humanize1024(asFloat(one(a, "humanize1024"), "humanize1024")),
  humanizePercentage: (a) => humanizePercentage(asFloat(one(a, "humanizePercentage"), "humanizePercentage")),
  humanizeDuration: (a) => humanizeDuration(asFloat(one(a, "humanizeDuration"), "humanizeDuration")),
  toUpper: (a) => str(one(a, "toUpper"), "toUpper").toUpperCase(),
  toLower: (a) => str(one(a, "toLower"), "toLower").toLowerCase(),
  printf: (a) => {
    const [format, ...rest] = a;
    if (typeof format !== "string") throw new TemplateUnsupportedError("printf without a format string");
    try {
      return goSprintf(
        format,
        rest.map((v) => {
          if (typeof v === "object") throw new TemplateUnsupportedError("printf of a map");
          return v;
        }),
      );
    } catch (e) {
      if (e instanceof GoFormatError) throw new TemplateUnsupportedError(e.message);
      throw e;
    }
  },
};

function one(args: Value[], fn: string): Value {
  if (args.length !== 1) throw new TemplateUnsupportedError(`${fn} with ${args.length} arguments`);
  return args[0]!;
}

function str(v: Value, fn: string): string {
  if (typeof v !== "string") throw new TemplateUnsupportedError(`${fn} of a ${typeof v === "number" ? "float64" : "map"}`);
  return v;
}

function operand(t: Token, data: TemplateData): Value {
  switch (t.kind) {
    case "string":
      return t.value;
    case "field":
      return fieldValue(t, data);
    case "number":
      throw new TemplateUnsupportedError(`the number constant ${t.text}`);
    case "ident":
      throw new TemplateUnsupportedError(`the function ${t.name} as an argument`);
    case "pipe":
      throw new TemplateUnsupportedError("an empty pipeline stage");
    case "other":
      throw new TemplateUnsupportedError(`"${t.text}"`);
  }
}

function runPipeline(tokens: readonly Token[], data: TemplateData): Value {
  const commands: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "pipe") commands.push([]);
    else commands[commands.length - 1]!.push(t);
  }
  let piped: Value | undefined;
  for (const cmd of commands) {
    const head = cmd[0];
    if (!head) throw new TemplateUnsupportedError("an empty pipeline stage");
    if (head.kind === "ident") {
      if (KEYWORDS.has(head.name)) throw new TemplateUnsupportedError(`{{ ${head.name} }}`);
      const fn = FUNCS[head.name];
      if (!fn) throw new TemplateUnsupportedError(`the function ${head.name}`);
      const args = cmd.slice(1).map((t) => operand(t, data));
      if (piped !== undefined) args.push(piped);
      piped = fn(args);
    } else {
      if (cmd.length > 1) throw new TemplateUnsupportedError(`arguments after a value (${cmd.length} operands)`);
      if (piped !== undefined) throw new TemplateUnsupportedError("a value after |");
      piped = operand(head, data);
    }
  }
  return piped!;
}

function print(v: Value): string {
  if (typeof v === "number") return goV(v);
  if (typeof v === "string") return v;
  throw new TemplateUnsupportedError("printing a whole label map");
}

/** Whether the text holds template actions at all. */
export function isTemplated(text: string): boolean {
  return text.includes("{{");
}

/** Whether rendering the text needs the alert's value. */
export function usesValue(text: string): boolean {
  return /\{\{[^}]*(\$value|\.Value)/.test(text);
}

/**
 * Expands `text` as Prometheus expands an alert annotation or label. Throws
 * `TemplateUnsupportedError` for constructs outside the reproduced subset.
 */
export function renderTemplate(text: string, data: TemplateData): string {
  let out = "";
  let i = 0;
  let trimNext = false;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    let chunk = open < 0 ? text.slice(i) : text.slice(i, open);
    if (trimNext) chunk = chunk.replace(/^[ \t\r\n]+/, "");
    trimNext = false;
    if (open < 0) {
      out += chunk;
      break;
    }
    let start = open + 2;
    if (/^-[ \t\r\n]/.test(text.slice(start))) {
      chunk = chunk.replace(/[ \t\r\n]+$/, "");
      start += 1;
    }
    out += chunk;
    const close = text.indexOf("}}", start);
    if (close < 0) throw new TemplateUnsupportedError("an unclosed action {{");
    let end = close;
    if (/[ \t\r\n]-$/.test(text.slice(start, close))) {
      end = close - 1;
      trimNext = true;
    }
    const body = text.slice(start, end).trim();
    i = close + 2;
    if (body.startsWith("/*") && body.endsWith("*/")) continue;
    const bare = body.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""');
    if (/:?=/.test(bare)) throw new TemplateUnsupportedError(`a variable assignment {{ ${body} }}`);
    if (bare.includes("(")) throw new TemplateUnsupportedError(`parentheses in {{ ${body} }}`);
    out += print(runPipeline(lexAction(body), data));
  }
  return out;
}
