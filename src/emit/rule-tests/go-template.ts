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
 * a guess. Actions are read with Go's own lexer (src/compat/go/template-lexer.ts), the one the
 * rule-file checks use, so delimiters inside strings, escapes and trim markers read as in Go.
 */
import { type GoValue, GoFormatError, goSprintf, goV } from "../../compat/go/fmt.js";
import { lexTemplate, type Token } from "../../compat/go/template-lexer.js";
import { goUnquote } from "../../rulefile/go-template-literals.js";
import { humanize, humanize1024, humanizeDuration, humanizePercentage } from "../../compat/go/humanize.js";

export class TemplateUnsupportedError extends Error {}

/** What a template sees: the alert's result series labels (with `__name__` when kept) and its value. */
export interface TemplateData {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number | null;
}

/** An operand or pipe of an action, from the tokens of Go's lexer. */
type Term =
  | { readonly kind: "pipe" }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "ident"; readonly name: string }
  | { readonly kind: "field"; readonly root: string; readonly path: readonly string[] };

/**
 * The terms of one action's tokens. A variable or field followed at once by fields is one chain,
 * as Go's parser reads it (`$labels.service` → `$labels` + `.service`; `.Labels.x` → `.Labels` +
 * `.x`); a space between them makes two operands.
 */
function actionTerms(tokens: readonly Token[]): Term[] {
  const terms: Term[] = [];
  let prevEnd = -1;
  for (const t of tokens) {
    const adjacent = t.pos === prevEnd;
    prevEnd = t.kind === "space" ? -1 : t.pos + t.val.length;
    switch (t.kind) {
      case "space":
        continue;
      case "pipe":
        terms.push({ kind: "pipe" });
        continue;
      case "string":
      case "rawString": {
        // Go strings are bytes; a byte escape above 0x7F is half of a UTF-8 sequence, not a character.
        if (t.kind === "string" && /\\(?:x[89a-fA-F]|[2-3][0-7]{2})/.test(t.val)) throw new TemplateUnsupportedError(`the byte escape in ${t.val}`);
        const value = goUnquote(t.val);
        if (value === undefined) throw new TemplateUnsupportedError(`the string ${t.val}, which Go rejects`);
        terms.push({ kind: "string", value });
        continue;
      }
      case "identifier":
        terms.push({ kind: "ident", name: t.val });
        continue;
      case "variable":
        terms.push({ kind: "field", root: t.val, path: [] });
        continue;
      case "field": {
        const last = terms[terms.length - 1];
        if (adjacent && last?.kind === "field") terms[terms.length - 1] = { ...last, path: [...last.path, t.val.slice(1)] };
        else terms.push({ kind: "field", root: ".", path: [t.val.slice(1)] });
        continue;
      }
      case "number":
      case "charConstant":
      case "complex":
        throw new TemplateUnsupportedError(`the number constant ${t.val}`);
      case "declare":
      case "assign":
        throw new TemplateUnsupportedError("a variable assignment");
      case "leftParen":
      case "rightParen":
        throw new TemplateUnsupportedError("parentheses");
      case "dot":
        throw new TemplateUnsupportedError("printing the whole template data {{ . }}");
      default:
        throw new TemplateUnsupportedError(KEYWORD_KINDS.has(t.kind) ? `{{ ${t.val} }}` : `"${t.val}"`);
    }
  }
  return terms;
}

type Value = GoValue | { readonly map: Readonly<Record<string, string>> };

const KEYWORD_KINDS: ReadonlySet<string> = new Set(["if", "else", "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "bool"]);

function fieldValue(t: Extract<Term, { kind: "field" }>, data: TemplateData): Value {
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
    if (typeof root === "object")
      root = root.map[p] ?? ""; // missingkey=zero: "" for a missing label
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

function operand(t: Term, data: TemplateData): Value {
  switch (t.kind) {
    case "string":
      return t.value;
    case "field":
      return fieldValue(t, data);
    case "ident":
      throw new TemplateUnsupportedError(`the function ${t.name} as an argument`);
    case "pipe":
      throw new TemplateUnsupportedError("an empty pipeline stage");
  }
}

function runPipeline(tokens: readonly Term[], data: TemplateData): Value {
  const commands: Term[][] = [[]];
  for (const t of tokens) {
    if (t.kind === "pipe") commands.push([]);
    else commands[commands.length - 1]!.push(t);
  }
  let piped: Value | undefined;
  for (const cmd of commands) {
    const head = cmd[0];
    if (!head) throw new TemplateUnsupportedError("an empty pipeline stage");
    if (head.kind === "ident") {
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
  // Go's lexer trims text around `{{-` / `-}}` and drops comments, as Prometheus's expansion sees them.
  let out = "";
  let action: Token[] | undefined;
  for (const t of lexTemplate(text)) {
    if (t.kind === "error") throw new TemplateUnsupportedError(`a template Go rejects (${t.val})`);
    if (t.kind === "text") out += t.val;
    else if (t.kind === "leftDelim") action = [];
    else if (t.kind === "rightDelim") {
      out += print(runPipeline(actionTerms(action ?? []), data));
      action = undefined;
    } else if (t.kind !== "eof") action?.push(t);
  }
  return out;
}
