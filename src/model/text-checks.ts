/**
 * One walk over every string of a raw catalog or config value, object keys included, for what no
 * field may hold whatever it is:
 *
 * - A lone UTF-16 surrogate (U+D800–U+DFFF not in a pair) is not Unicode and has no UTF-8 form.
 *   The YAML writer escapes it (`"\uD800"`) and go-yaml, so promtool and amtool, refuse the file
 *   ("found invalid Unicode character escape code"); in JSON and Markdown it would become U+FFFD.
 * - Credentials (`secrets.ts`): every string may be copied into a rule file, a runbook,
 *   catalog.json or a dashboard, which are committed and served.
 *
 * The walk runs before the schema, so these are reported with the schema's problems, at the
 * path the author wrote, whichever field (known or not) holds the text.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { credentialsInText } from "./secrets.js";

export interface TextProblem {
  /** Path into the value, as zod gives it (array indices as numbers). */
  readonly path: readonly PropertyKey[];
  /** `invalid-text` or `credentials`; callers add their prefix (`catalog/`, `config/`). */
  readonly kind: "invalid-text" | "credentials";
  readonly message: string;
  readonly hint: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `what` is the subject of the message: "" for a value (the path names it), `key "…"` for a key. */
function surrogateProblem(text: string, what: string): Omit<TextProblem, "path"> | undefined {
  // Most text has no surrogate at all; the look-behind is only run when one is there.
  if (!/[\uD800-\uDFFF]/.test(text)) return undefined;
  const m = LONE_SURROGATE.exec(text);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0).toString(16).toUpperCase();
  return {
    kind: "invalid-text",
    message: `${what}holds a lone UTF-16 surrogate (U+${code} at character ${m.index + 1}), which is not valid Unicode: promtool and amtool refuse the YAML it would be written to`,
    hint: 'remove it, or write the whole character (both halves of its surrogate pair, e.g. "\\u{1F600}" instead of "\\uD83D" alone)',
  };
}

function problemsOf(text: string, isKey: boolean): Omit<TextProblem, "path">[] {
  const out: Omit<TextProblem, "path">[] = [];
  // JSON.stringify writes a lone surrogate as `\udXXX`, so the key can be shown.
  const s = surrogateProblem(text, isKey ? `key ${JSON.stringify(text)} ` : "");
  if (s) out.push(s);
  const c = credentialsInText(text);
  // The suspected secret is never repeated, so a key holding one is not shown.
  if (c) out.push({ kind: "credentials", message: `${isKey ? "a key " : ""}${c.message}`, hint: c.hint });
  return out;
}

/**
 * Every string of `raw` (values and keys of arrays and plain objects) checked once. An object
 * reached twice (a metric definition an alert refers to) is reported at the first path the walk
 * reaches, in the order the author wrote the fields.
 */
export function checkText(raw: unknown): TextProblem[] {
  const out: TextProblem[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, path: PropertyKey[]): void => {
    if (typeof node === "string") {
      for (const p of problemsOf(node, false)) out.push({ ...p, path });
      return;
    }
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      for (const p of problemsOf(key, true)) out.push({ ...p, path });
      walk(value, [...path, key]);
    }
  };
  walk(raw, []);
  return out;
}

/**
 * The text walk's credential findings, less those at a path the schema already refuses: a field
 * made for secrets' file paths says it better (`apiUrlFile` holding a webhook URL).
 */
export function withoutRepeatedCredentials(text: readonly Diagnostic[], schema: readonly Diagnostic[]): Diagnostic[] {
  const refused = new Set(schema.map((d) => d.path));
  return text.filter((d) => !(d.code.endsWith("/credentials") && refused.has(d.path)));
}
