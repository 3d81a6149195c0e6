/**
 * Renderers of a diff: text for a terminal (grouped by level, coloured only when asked), Markdown
 * for a pull-request comment, and JSON in the documented `obsgen.diff/v1` shape (docs/diff.md).
 * Pure: a report in, a string out.
 */
import type { Change } from "./change.js";
import type { Consumer } from "./consumers.js";
import { countByLevel, type FailOn, fails } from "./diff.js";
import { type Level, LEVELS } from "./kinds.js";
import { paint, type Style } from "../util/ansi.js";

export const DIFF_JSON_SCHEMA = "obsgen.diff/v1";

export type DiffFormat = "text" | "markdown" | "json";
export const DIFF_FORMATS: readonly DiffFormat[] = ["text", "markdown", "json"];

/** One side of the comparison, as the user named it (never an absolute path or a commit hash). */
export interface DiffSide {
  readonly ref: string;
  readonly catalog: string;
  readonly version: string | null;
}

export interface DiffReport {
  readonly baseline: DiffSide;
  readonly head: DiffSide;
  readonly failOn: FailOn;
  readonly changes: readonly Change[];
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

function summary(r: DiffReport): string {
  const c = countByLevel(r.changes);
  return `${c.breaking} breaking, ${plural(c.warning, "warning")}, ${c.info} info`;
}

function verdict(r: DiffReport): string {
  if (r.failOn === "none") return "--fail-on none";
  return fails(r.changes, r.failOn) ? `fails --fail-on ${r.failOn}` : `passes --fail-on ${r.failOn}`;
}

function sideText(s: DiffSide): string {
  return `${s.ref} (${s.catalog}${s.version ? ` ${s.version}` : ""})`;
}

function consumerName(c: Consumer): string {
  return `${c.kind} ${c.name}${c.title ? ` "${c.title}"` : ""}${c.via ? ` via ${c.via}` : ""}`;
}

/** How each level is shown: as the severities of diagnostics, breaking red. */
const LEVEL_STYLE: Readonly<Record<Level, Style>> = { breaking: "red", warning: "yellow", info: "cyan" };

export function renderDiffText(r: DiffReport, opts: { color: boolean }): string {
  const c = (k: Level | "dim" | "bold", s: string) => paint(k === "dim" || k === "bold" ? k : LEVEL_STYLE[k], s, opts.color);
  const lines: string[] = [`obsgen diff: ${sideText(r.baseline)} → ${sideText(r.head)}`];
  if (r.changes.length === 0) {
    lines.push("", "no changes");
  }
  for (const level of LEVELS) {
    const changes = r.changes.filter((x) => x.level === level);
    if (changes.length === 0) continue;
    lines.push("", c(level, c("bold", `${level} (${changes.length})`)));
    for (const ch of changes) {
      lines.push(`  ${c(level, ch.id)} ${c("bold", ch.subject.name)} ${c("dim", `[${ch.categories.join(" ")}]`)}`);
      lines.push(`    ${ch.message}`);
      if (ch.path) lines.push(`    ${c("dim", `at ${ch.path}`)}`);
      if (ch.consumers.length > 0) {
        lines.push(`    ${level === "info" ? "consumers" : "affects"}:`);
        for (const k of ch.consumers) lines.push(`      ${consumerName(k)}${k.uses.length ? `: ${k.uses.join(", ")}` : ""}`);
      }
      if (ch.hint) lines.push(`    ${c("dim", "hint:")} ${ch.hint}`);
    }
  }
  lines.push("", `obsgen diff: ${summary(r)} (${verdict(r)})`);
  return `${lines.join("\n")}\n`;
}

/** Text safe inside a GitHub Markdown table cell. */
function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}
function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

const TITLE: Record<Level, string> = { breaking: "Breaking", warning: "Warnings", info: "Info" };

export function renderDiffMarkdown(r: DiffReport): string {
  const c = countByLevel(r.changes);
  const out: string[] = [
    `### obsgen diff: ${code(r.baseline.ref)} → ${code(r.head.ref)}`,
    "",
    r.changes.length === 0
      ? `No changes to the ${code(r.head.catalog)} catalog.`
      : `**${c.breaking} breaking**, ${plural(c.warning, "warning")}, ${c.info} info: ${verdict(r).replace(/(--fail-on \w+)/, "`$1`")}.`,
  ];
  for (const level of LEVELS) {
    const changes = r.changes.filter((x) => x.level === level);
    if (changes.length === 0) continue;
    out.push("", `#### ${TITLE[level]} (${changes.length})`, "", "| change | subject | what | affects | consumers |", "| --- | --- | --- | --- | --- |");
    for (const ch of changes) {
      const what = cell(ch.message) + (ch.hint ? `<br>*hint: ${cell(ch.hint)}*` : "");
      const consumers = ch.consumers
        .map((k) =>
          cell(
            `${k.kind} ${code(k.name)}${k.title ? ` "${k.title}"` : ""}${k.via ? ` via ${code(k.via)}` : ""}${k.uses.length ? `: ${k.uses.map(code).join(", ")}` : ""}`,
          ),
        )
        .join("<br>");
      out.push(`| ${code(ch.id)} | ${cell(code(ch.subject.name))} | ${what} | ${ch.categories.join(", ")} | ${consumers || "–"} |`);
    }
  }
  return `${out.join("\n")}\n`;
}

export function renderDiffJson(r: DiffReport): string {
  const value = {
    schema: DIFF_JSON_SCHEMA,
    baseline: r.baseline,
    head: r.head,
    failOn: r.failOn,
    failed: fails(r.changes, r.failOn),
    summary: countByLevel(r.changes),
    changes: r.changes.map((ch) => ({
      id: ch.id,
      level: ch.level,
      categories: ch.categories,
      subject: ch.subject,
      path: ch.path,
      message: ch.message,
      before: ch.before,
      after: ch.after,
      consumers: ch.consumers.map((k) => ({ kind: k.kind, name: k.name, title: k.title, via: k.via, uses: k.uses })),
      hint: ch.hint,
    })),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function renderDiff(r: DiffReport, format: DiffFormat, opts: { color: boolean }): string {
  switch (format) {
    case "json":
      return renderDiffJson(r);
    case "markdown":
      return renderDiffMarkdown(r);
    case "text":
      return renderDiffText(r, opts);
  }
}
