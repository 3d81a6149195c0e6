/**
 * Markdown (CommonMark + GitHub's tables) that holds whatever the catalog text holds: catalog
 * strings are plain text, escaped so they render as written; code goes into code spans and
 * fenced blocks whose fences are longer than any backtick run inside. Hand-written Markdown
 * (`runbook.steps`, `notes`, `escalation`) is inserted as Markdown, indented into its container.
 *
 * References: CommonMark 0.31 (backslash escapes 2.4, code spans 6.1, fenced code blocks 4.5,
 * link destinations 6.3) and GFM tables (a `|` inside a cell, code spans included, is `\|`).
 */

/** Longest run of backticks in `s` (0 when none). */
function longestBacktickRun(s: string): number {
  let best = 0;
  for (const m of s.matchAll(/`+/g)) best = Math.max(best, m[0].length);
  return best;
}

/**
 * Plain text as inline Markdown, on one line (line breaks become spaces). Escapes everything
 * that could start markup: emphasis, code, links and images, raw HTML and autolinks, entity
 * references, strikethrough, and the block markers a line may start with (`#`, `>`, `-`, `+`,
 * `=`, `1.`). With `table`, also `|`, so the text can sit in a table cell.
 *
 *   escapeText("*P&L* <b>")  ->  "\*P&L\* \<b\>"
 */
export function escapeText(text: string, opts: { table?: boolean } = {}): string {
  let s = text.replace(/\r\n?|\n/g, " ").replace(/^[ \t]+|[ \t]+$/g, "");
  s = s.replace(opts.table ? /[\\`*[\]<>~|]/g : /[\\`*[\]<>~]/g, "\\$&");
  // `_` between two letters or digits can neither open nor close emphasis (CommonMark 6.2's
  // flanking rules), so `max_daily_loss` stays readable; any other `_` is escaped.
  s = s.replace(/_/g, (u, i: number, all: string) => (/[\p{L}\p{N}]/u.test(all[i - 1] ?? "") && /[\p{L}\p{N}]/u.test(all[i + 1] ?? "") ? u : "\\_"));
  // `&amp;`, `&#42;`: an entity reference would render as its character.
  s = s.replace(/&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)/g, "\\&");
  // Block markers at the start: heading, list item (bullet or ordered), setext underline.
  s = s.replace(/^([#+=-])/, "\\$1").replace(/^(\d{1,9})([.)])/, "$1\\$2");
  return s;
}

/** Plain text as paragraphs: lines kept, blank lines separate paragraphs, each line escaped (as `escapeText`). */
export function escapeParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((para) =>
      para
        .split("\n")
        // `|` too: two lines such as "a | b" and "| - |" would otherwise make a table.
        .map((line) => escapeText(line, { table: true }))
        .filter((line) => line !== "")
        .join("\n"),
    )
    .filter((p) => p !== "")
    .join("\n\n");
}

/**
 * A code span holding `code` literally: the backtick fence is longer than any backtick run in
 * it, and a space pads it when it starts or ends with a backtick (or is wrapped in spaces,
 * which CommonMark would strip). Line breaks become spaces. With `table`, `|` becomes `\|`,
 * which GFM turns back into `|` inside a cell.
 */
export function codeSpan(code: string, opts: { table?: boolean } = {}): string {
  let s = code.replace(/\r\n?|\n/g, " ");
  if (opts.table) s = s.replace(/\|/g, "\\|");
  const fence = "`".repeat(longestBacktickRun(s) + 1);
  const pad = s.startsWith("`") || s.endsWith("`") || (s.startsWith(" ") && s.endsWith(" ") && s.trim() !== "") ? " " : "";
  return `${fence}${pad}${s}${pad}${fence}`;
}

/**
 * A fenced code block: the fence has more backticks than any run in the content (at least 3),
 * so no line of the content can close it. `lang` is reduced to a safe info word.
 */
export function codeBlock(content: string, lang = ""): string {
  const body = content.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
  const info = lang.replace(/[^A-Za-z0-9_+-]/g, "");
  return `${fence}${info}\n${body}\n${fence}`;
}

/**
 * A link destination: as is when it holds only characters a bare destination allows, else in
 * `<…>` form with the characters that would end that form percent-encoded.
 */
export function linkDestination(url: string): string {
  if (/^[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+$/.test(url)) return url;
  return `<${url.replace(/[\s<>\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}>`;
}

/** `[text](url)` with the text escaped and the destination made safe. With `table`, `|` is escaped in both. */
export function link(text: string, url: string, opts: { table?: boolean } = {}): string {
  const dest = linkDestination(url);
  return `[${escapeText(text, opts)}](${opts.table ? dest.replace(/\|/g, "%7C") : dest})`;
}

/** An ATX heading; a trailing `#` run is escaped so it is not taken for the closing sequence. */
export function heading(level: number, text: string): string {
  const t = escapeText(text).replace(/(^|\s)(#+)$/, (_, sp: string, hashes: string) => `${sp}\\${hashes}`);
  return `${"#".repeat(level)} ${t}`;
}

/** A GFM table; cells are Markdown already (use `escapeText(x, { table: true })` or `codeSpan(x, { table: true })`). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === "" ? " " : c)).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * Indents every line after the first by `width` spaces (blank lines stay empty), to continue
 * a list item: a step of several lines, a code block under a bullet.
 */
export function indentRest(markdown: string, width: number): string {
  const pad = " ".repeat(width);
  return markdown
    .split("\n")
    .map((line, i) => (i === 0 || line.trim() === "" ? (i === 0 ? line : "") : pad + line))
    .join("\n");
}

/** An ordered list of Markdown items; each item's continuation lines stay inside it. */
export function orderedList(items: readonly string[]): string {
  return items
    .map((item, i) => {
      const marker = `${i + 1}. `;
      return marker + indentRest(item.replace(/\r\n?/g, "\n").trim(), marker.length);
    })
    .join("\n");
}

/** A bullet list of Markdown items; each item's continuation lines stay inside it. */
export function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${indentRest(item.replace(/\r\n?/g, "\n").trim(), 2)}`).join("\n");
}

/** An HTML comment holding `text` (with `--` broken, which would end or invalidate it). */
export function comment(text: string): string {
  return `<!-- ${text.replace(/--/g, "- -").replace(/>/g, "&gt;")} -->`;
}
