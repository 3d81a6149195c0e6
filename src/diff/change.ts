/**
 * A change between two catalogs, as data: its kind (id, level, categories from the registry in
 * `kinds.ts`), what changed, the values before and after, and who depends on it. Renderers turn
 * changes into text, Markdown or JSON; nothing here formats for a terminal.
 */
import { type Category, type ChangeKindId, changeKind, type Level, levelRank } from "./kinds.js";
import { type Consumer, mergeConsumers } from "./consumers.js";

export type SubjectKind = "metric" | "label" | "bucket" | "alert" | "runbook" | "recording-rule" | "rule-group" | "slo" | "dashboard" | "panel";

export interface Subject {
  readonly kind: SubjectKind;
  /**
   * What changed, written the way PromQL would name it: `checkout_requests_total`,
   * `checkout_requests_total{status}`, `checkout_requests_total{status="error"}`,
   * `checkout_request_latency_ms{le="250"}`, an alert, series, SLO or dashboard name,
   * `<dashboard uid>/<panel id>`.
   */
  readonly name: string;
}

export type Json = null | boolean | number | string | readonly Json[] | { readonly [k: string]: Json };

export interface Change {
  readonly id: ChangeKindId;
  readonly level: Level;
  readonly categories: readonly Category[];
  readonly subject: Subject;
  /** Catalog path of what changed (the head's, or the baseline's when it is gone). */
  readonly path: string | null;
  /** One sentence: what changed and what it does. */
  readonly message: string;
  readonly before: Json;
  readonly after: Json;
  /** Who depends on it, in the baseline and the head together. */
  readonly consumers: readonly Consumer[];
  /** What to do about it, when there is something specific. */
  readonly hint: string | null;
}

export interface ChangeFields {
  readonly subject: Subject;
  readonly path: string | null;
  readonly message: string;
  readonly before?: Json;
  readonly after?: Json;
  readonly consumers?: readonly (readonly Consumer[])[];
  readonly hint?: string | null;
}

export function change(id: ChangeKindId, f: ChangeFields): Change {
  const k = changeKind(id);
  return {
    id,
    level: k.level,
    categories: k.categories,
    subject: f.subject,
    path: f.path,
    message: f.message,
    before: f.before ?? null,
    after: f.after ?? null,
    consumers: mergeConsumers(...(f.consumers ?? [])),
    hint: f.hint ?? null,
  };
}

/** Code-point order, independent of the locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Changes in report order: by level (breaking first), then subject, then id. */
export function sortChanges(changes: readonly Change[]): Change[] {
  return [...changes].sort(
    (a, b) =>
      levelRank(a.level) - levelRank(b.level) || byCodePoint(a.subject.name, b.subject.name) || byCodePoint(a.id, b.id) || byCodePoint(a.message, b.message),
  );
}
