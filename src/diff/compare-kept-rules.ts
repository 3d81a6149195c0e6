/**
 * Rule groups kept as written (`ruleGroups`, docs/import.md), and alerts moving between a kept
 * group and the catalog's typed alerts.
 *
 * Groups pair by name (a name is unique in a catalog). Rules pair by group, kind, name and
 * occurrence: the second `NodeDown` of group `node` pairs with the second `NodeDown` of `node`, as
 * Prometheus itself carries a rule's state across a reload (by position among the rules of that
 * name in the group, `Group.CopyState`, rules/group.go, v2.42.0), except that when one side has
 * more of them the ones unchanged pair first ({@link pairRules}). A rule left over on both sides
 * under the same kind and name moved to another group. A kept alert left over in the baseline while
 * the head gains a catalog alert of its name is one alert moving to the catalog
 * (`alert/kept-to-typed`), and the reverse; the catalog-alert comparison leaves those out.
 *
 * Expressions compare with {@link normalisedEqual}: a spelling change (spacing, `by` placement,
 * redundant parentheses, matcher order) is no change, which is what lets a team rewrite a kept
 * `expr("…")` as a typed condition and see `obsgen diff` report nothing.
 */
import { parseDuration } from "../compat/go/duration.js";
import { WIDEST_PROMQL } from "../compat/prometheus.js";
import { normalisedEqual } from "../promql/print.js";
import { type Change, type ChangeFields, change, type Json } from "./change.js";
import type { CatalogDoc, DocAlert, DocKeptGroup, DocKeptRule } from "./catalog-doc.js";
import { labelChangeText } from "./compare-alerts.js";
import { alertConsumers, recordedSeriesConsumers } from "./consumers.js";
import type { ChangeKindId } from "./kinds.js";
import { applyRenames, type Renames } from "./renames.js";

export interface KeptRuleChanges {
  readonly changes: readonly Change[];
  /** Catalog alerts of the baseline that became kept alerts: the alert comparison skips them. */
  readonly baseAlertsMoved: ReadonlySet<string>;
  /** Catalog alerts of the head that were kept alerts: the alert comparison skips them. */
  readonly headAlertsMoved: ReadonlySet<string>;
}

/** A kept rule with its group. */
interface Placed {
  readonly group: DocKeptGroup;
  readonly rule: DocKeptRule;
}

const placedRules = (doc: CatalogDoc): Placed[] => doc.ruleGroups.flatMap((group) => group.rules.map((rule) => ({ group, rule })));

const ruleKey = (p: Placed) => `${p.group.name}\u0000${p.rule.kind}\u0000${p.rule.name}`;
const nameKey = (p: Placed) => `${p.rule.kind}\u0000${p.rule.name}`;
/** `prometheus/rules/<file>.yml` with the default target; the stem is what every target shares. */
const fileName = (stem: string) => `${stem}.yml`;
const where = (p: Placed) => `kept group ${p.group.name}`;
const same = (a: string | null, b: string | null) =>
  a === b || (a !== null && b !== null && parseDuration(a) !== undefined && parseDuration(a) === parseDuration(b));
/** A `for` or `keep_firing_for`, absent meaning 0. */
const ms = (d: string | null) => (d === null ? 0 : (parseDuration(d) ?? 0));
const quote = (s: string) => JSON.stringify(s);
const sameRecord = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Whether two rules emit the same rule (the query compared after normalising). */
function sameRule(b: DocKeptRule, h: DocKeptRule, renames: Renames): boolean {
  return (
    ms(b.for) === ms(h.for) &&
    ms(b.keepFiringFor) === ms(h.keepFiringFor) &&
    sameRecord(b.labels, h.labels) &&
    sameRecord(b.annotations, h.annotations) &&
    normalisedEqual(applyRenames(b.expr, renames), applyRenames(h.expr, renames), WIDEST_PROMQL)
  );
}

/**
 * The rules of one group, kind and name on each side, paired: by occurrence when both sides have
 * as many; otherwise the rules the same on both sides pair first and the rest by occurrence, so
 * dropping the first of two `CheckoutDown`s reports that one removed rather than the first
 * changed into the second and the second removed.
 */
function pairRules(bs: readonly Placed[], hs: readonly Placed[], renames: Renames): Map<Placed, Placed> {
  const pairs = new Map<Placed, Placed>();
  if (bs.length === hs.length) {
    bs.forEach((b, i) => pairs.set(b, hs[i]!));
    return pairs;
  }
  const taken = new Set<Placed>();
  for (const b of bs) {
    const h = hs.find((x) => !taken.has(x) && sameRule(b.rule, x.rule, renames));
    if (h) {
      pairs.set(b, h);
      taken.add(h);
    }
  }
  const restH = hs.filter((h) => !taken.has(h));
  bs.filter((b) => !pairs.has(b)).forEach((b, i) => {
    if (i < restH.length) pairs.set(b, restH[i]!);
  });
  return pairs;
}

export function compareKeptRules(base: CatalogDoc, head: CatalogDoc, renames: Renames = new Map()): KeptRuleChanges {
  const out: Change[] = [];
  out.push(...compareGroups(base, head));

  const baseRules = placedRules(base);
  const headRules = placedRules(head);
  const headByKey = new Map<string, Placed[]>();
  for (const h of headRules) headByKey.set(ruleKey(h), [...(headByKey.get(ruleKey(h)) ?? []), h]);
  const baseByKey = new Map<string, Placed[]>();
  for (const b of baseRules) baseByKey.set(ruleKey(b), [...(baseByKey.get(ruleKey(b)) ?? []), b]);
  const paired = new Set<Placed>();
  const pairedBase = new Set<Placed>();
  for (const [key, bs] of baseByKey) {
    for (const [b, h] of pairRules(bs, headByKey.get(key) ?? [], renames)) {
      paired.add(h);
      pairedBase.add(b);
      out.push(...compareRule(base, head, b, h, renames));
    }
  }
  const removed = baseRules.filter((b) => !pairedBase.has(b));
  const added = headRules.filter((h) => !paired.has(h));

  // Left over on both sides under one kind and name: moved to another group, first to first.
  const addedByName = new Map<string, Placed[]>();
  for (const h of added) addedByName.set(nameKey(h), [...(addedByName.get(nameKey(h)) ?? []), h]);
  const moved = new Set<Placed>();
  const gone: Placed[] = [];
  for (const b of removed) {
    const h = addedByName.get(nameKey(b))?.shift();
    if (!h) {
      gone.push(b);
      continue;
    }
    moved.add(h);
    const alerting = b.rule.kind === "alerting";
    out.push(
      change(alerting ? "alert/group-changed" : "recording/group-changed", {
        subject: { kind: alerting ? "alert" : "recording-rule", name: b.rule.name },
        path: h.rule.path,
        message: `${b.rule.name} moves from ${where(b)} (${fileName(b.group.file)}) to ${where(h)} (${fileName(h.group.file)})${alerting ? ": it starts pending again on reload and waits out its `for` before it fires" : ""}${groupEvaluation(b.group, h.group)}`,
        before: { group: b.group.name, file: b.group.file },
        after: { group: h.group.name, file: h.group.file },
      }),
    );
    out.push(...compareRule(base, head, b, h, renames));
  }

  // A kept alert gone while the head gains a catalog alert of its name (and the reverse).
  const baseAlertNames = new Set(base.alerts.map((a) => a.name));
  const headAlertNames = new Set(head.alerts.map((a) => a.name));
  const headAlertsMoved = new Set<string>();
  const baseAlertsMoved = new Set<string>();
  for (const b of gone) {
    const typed =
      b.rule.kind === "alerting" && !baseAlertNames.has(b.rule.name) && !headAlertsMoved.has(b.rule.name)
        ? head.alerts.find((a) => a.name === b.rule.name)
        : undefined;
    if (typed) {
      headAlertsMoved.add(typed.name);
      out.push(moveChange("alert/kept-to-typed", base, head, b, typed, renames));
    } else out.push(removedChange(base, head, b));
  }
  for (const h of added) {
    if (moved.has(h)) continue;
    const typed =
      h.rule.kind === "alerting" && !headAlertNames.has(h.rule.name) && !baseAlertsMoved.has(h.rule.name)
        ? base.alerts.find((a) => a.name === h.rule.name)
        : undefined;
    if (typed) {
      baseAlertsMoved.add(typed.name);
      out.push(moveChange("alert/typed-to-kept", base, head, h, typed, renames));
    } else out.push(addedChange(h));
  }
  return { changes: out, baseAlertsMoved, headAlertsMoved };
}

/** ", now every 1m (was 30s)" when the two groups are evaluated at other intervals. */
function groupEvaluation(b: DocKeptGroup | null, h: DocKeptGroup | null): string {
  const bi = b?.interval ?? null;
  const hi = h?.interval ?? null;
  return same(bi, hi) ? "" : `, evaluated every ${interval(hi)} (was ${interval(bi)})`;
}
const interval = (i: string | null) => i ?? "global evaluation_interval";

function compareGroups(base: CatalogDoc, head: CatalogDoc): Change[] {
  const out: Change[] = [];
  const headBy = new Map(head.ruleGroups.map((g) => [g.name, g]));
  const baseBy = new Map(base.ruleGroups.map((g) => [g.name, g]));
  const rules = (g: DocKeptGroup) => `${g.rules.length} rule${g.rules.length === 1 ? "" : "s"}`;
  for (const b of base.ruleGroups) {
    const h = headBy.get(b.name);
    const subject = { kind: "rule-group" as const, name: b.name };
    if (!h) {
      out.push(
        change("group/removed", { subject, path: b.path, message: `kept rule group ${b.name} (${fileName(b.file)}, ${rules(b)}) is gone`, before: b.name }),
      );
      continue;
    }
    const setting = (id: ChangeKindId, field: string, before: Json, after: Json, message: string): Change =>
      change(id, { subject, path: `${h.path}.${field}`, message: `kept rule group ${h.name}: ${message}`, before, after });
    if (b.file !== h.file)
      out.push(
        setting(
          "group/file-changed",
          "file",
          b.file,
          h.file,
          `written to ${fileName(h.file)} (was ${fileName(b.file)}): Prometheus keys a group's state by file and name, so its alerts start pending again on reload`,
        ),
      );
    if (!same(b.interval, h.interval))
      out.push(setting("group/interval-changed", "interval", b.interval, h.interval, `evaluated every ${interval(h.interval)} (was ${interval(b.interval)})`));
    if (b.limit !== h.limit)
      out.push(
        setting(
          "group/limit-changed",
          "limit",
          b.limit,
          h.limit,
          `limit ${h.limit ?? "(none)"} (was ${b.limit ?? "(none)"}): past it, every alert and series of the group fails to evaluate`,
        ),
      );
    if (!same(b.queryOffset, h.queryOffset))
      out.push(
        setting(
          "group/query-offset-changed",
          "queryOffset",
          b.queryOffset,
          h.queryOffset,
          `query_offset ${h.queryOffset ?? "(the global rule_query_offset)"} (was ${b.queryOffset ?? "(the global rule_query_offset)"})`,
        ),
      );
  }
  for (const h of head.ruleGroups) {
    if (baseBy.has(h.name)) continue;
    out.push(
      change("group/added", {
        subject: { kind: "rule-group", name: h.name },
        path: h.path,
        message: `kept rule group ${h.name} (${fileName(h.file)}, ${rules(h)}) is new`,
        after: h.name,
      }),
    );
  }
  return out;
}

function removedChange(base: CatalogDoc, head: CatalogDoc, b: Placed): Change {
  const r = b.rule;
  if (r.kind === "alerting")
    return change("alert/removed", {
      subject: { kind: "alert", name: r.name },
      path: r.path,
      message: `alert ${r.name} of ${where(b)} is removed: nobody is paged for ${quote(r.annotations.summary ?? r.name)} any more`,
      before: r.expr,
      consumers: [alertConsumers(base, r.name), alertConsumers(head, r.name)],
    });
  const ref = { name: r.name, labels: r.labels };
  return change("recording/removed", {
    subject: { kind: "recording-rule", name: r.name },
    path: r.path,
    message: `${r.name} (${where(b)}) is no longer recorded`,
    before: r.expr,
    consumers: [recordedSeriesConsumers(base, ref), recordedSeriesConsumers(head, ref)],
  });
}

function addedChange(h: Placed): Change {
  const r = h.rule;
  if (r.kind === "alerting")
    return change("alert/added", {
      subject: { kind: "alert", name: r.name },
      path: r.path,
      message: `new alert ${r.name} in ${where(h)}: ${quote(r.annotations.summary ?? r.name)}`,
      after: r.expr,
    });
  return change("recording/added", {
    subject: { kind: "recording-rule", name: r.name },
    path: r.path,
    message: `${r.name} is recorded (${where(h)})`,
    after: r.expr,
  });
}

/** What one record (labels or annotations) gains, loses and changes, key by key, in key order. */
function recordDelta(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>, skip: (k: string) => boolean = () => false) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip(k)).sort();
  return {
    gained: keys.filter((k) => !(k in before) && k in after),
    lost: keys.filter((k) => k in before && !(k in after)),
    changed: keys.filter((k) => k in before && k in after && before[k] !== after[k]),
  };
}

function compareRule(base: CatalogDoc, head: CatalogDoc, b: Placed, h: Placed, renames: Renames): Change[] {
  const out: Change[] = [];
  const br = b.rule;
  const hr = h.rule;
  const alerting = hr.kind === "alerting";
  const subject = { kind: alerting ? ("alert" as const) : ("recording-rule" as const), name: hr.name };
  const at = (field: string) => `${hr.path}.${field}`;
  const push = (id: ChangeKindId, f: Omit<ChangeFields, "subject">) => out.push(change(id, { subject, ...f }));

  if (!normalisedEqual(applyRenames(br.expr, renames), applyRenames(hr.expr, renames), WIDEST_PROMQL)) {
    const consumers = alerting ? [] : [recordedSeriesConsumers(base, { name: br.name, labels: br.labels }), recordedSeriesConsumers(head, hr)];
    push(alerting ? "alert/expr-changed" : "recording/expr-changed", {
      path: at("expr"),
      message: `${hr.name} (${where(h)}) ${alerting ? "queries" : "records"} something else: ${br.expr.trim()} → ${hr.expr.trim()}`,
      before: br.expr,
      after: hr.expr,
      consumers,
    });
  }

  if (!alerting) {
    const d = recordDelta(br.labels, hr.labels);
    if (d.gained.length + d.lost.length + d.changed.length > 0)
      push("recording/labels-changed", {
        path: at("labels"),
        message: `${hr.name} (${where(h)}) records other static labels: ${labelDeltaText(br.labels, hr.labels, d)}`,
        before: br.labels,
        after: hr.labels,
        consumers: [recordedSeriesConsumers(base, { name: br.name, labels: br.labels })],
      });
    return out;
  }

  const bf = ms(br.for);
  const hf = ms(hr.for);
  if (bf !== hf)
    push(hf > bf ? "alert/for-lengthened" : "alert/for-shortened", {
      path: at("for"),
      message: `${hr.name} (${where(h)}) must hold for ${hr.for ?? "0s"} (was ${br.for ?? "0s"}) before it fires: it pages ${hf > bf ? "later" : "sooner"}`,
      before: br.for,
      after: hr.for,
    });
  if (ms(br.keepFiringFor) !== ms(hr.keepFiringFor))
    push("alert/keep-firing-for-changed", {
      path: at("keepFiringFor"),
      message: `${hr.name} (${where(h)}) keeps firing for ${hr.keepFiringFor ?? "0s"} (was ${br.keepFiringFor ?? "0s"}) once its condition clears: it resolves ${ms(hr.keepFiringFor) > ms(br.keepFiringFor) ? "later" : "sooner"}`,
      before: br.keepFiringFor,
      after: hr.keepFiringFor,
    });

  // Labels key by key, as the catalog alerts' are: severity on its own, every other label routes.
  const labels = recordDelta(br.labels, hr.labels);
  for (const key of [...labels.gained, ...labels.lost, ...labels.changed].sort()) {
    const before = br.labels[key];
    const after = hr.labels[key];
    const what = labelChangeText(key, before, after);
    push(key === "severity" ? "alert/severity-changed" : "alert/routing-changed", {
      path: at(`labels.${key}`),
      message: `${hr.name} (${where(h)}): ${what}`,
      before: before ?? null,
      after: after ?? null,
    });
  }

  const notes = recordDelta(br.annotations, hr.annotations, (k) => k === "runbook_url");
  const noteKeys = [...notes.gained, ...notes.lost, ...notes.changed].sort();
  if (noteKeys.length > 0) {
    const pick = (r: DocKeptRule): Json => Object.fromEntries(noteKeys.map((k) => [k, r.annotations[k] ?? null]));
    const parts = [...notes.changed.map((k) => `${k} changed`), ...notes.gained.map((k) => `${k} added`), ...notes.lost.map((k) => `${k} removed`)];
    push("alert/annotations-changed", {
      path: at("annotations"),
      message: `${hr.name} (${where(h)}): annotation${noteKeys.length > 1 ? "s" : ""} ${parts.join(", ")}`,
      before: pick(br),
      after: pick(hr),
    });
  }
  const bu = br.annotations.runbook_url ?? null;
  const hu = hr.annotations.runbook_url ?? null;
  if (bu !== hu)
    out.push(
      change("runbook/url-changed", {
        subject: { kind: "runbook", name: hr.name },
        path: at("annotations.runbook_url"),
        message: `runbook_url of ${hr.name} (${where(h)}) changes from ${bu ?? "(none)"} to ${hu ?? "(none)"}`,
        before: bu,
        after: hu,
      }),
    );
  return out;
}

function labelDeltaText(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>, d: ReturnType<typeof recordDelta>): string {
  return [
    ...d.gained.map((k) => `adds ${k}=${quote(after[k]!)}`),
    ...d.lost.map((k) => `drops ${k}=${quote(before[k]!)}`),
    ...d.changed.map((k) => `${k} ${quote(before[k]!)} → ${quote(after[k]!)}`),
  ].join(", ");
}

/** An alert's emitted rule, as the two sides of a move show it. */
interface Emitted {
  readonly group: string;
  /** The rule file's stem. */
  readonly file: string;
  readonly expr: string;
  readonly for: string | null;
  readonly keepFiringFor: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}
const keptEmitted = (p: Placed): Emitted => ({
  group: p.group.name,
  file: p.group.file,
  expr: p.rule.expr,
  for: p.rule.for,
  keepFiringFor: p.rule.keepFiringFor,
  labels: p.rule.labels,
  annotations: p.rule.annotations,
});
// obsgen writes each of its groups to a file of the group's name (conventions.ts ruleFilePath).
const typedEmitted = (a: DocAlert): Emitted => ({
  group: a.group,
  file: a.group,
  expr: a.expr,
  for: a.for,
  keepFiringFor: null,
  labels: a.labels,
  annotations: a.annotations,
});

/**
 * One alert moving between a kept group and the catalog: what its emitted rule gains, loses and
 * changes (labels and annotations key by key, group and file, `for`, `keep_firing_for`) and
 * whether its query is the same after normalising.
 */
function moveChange(
  id: "alert/kept-to-typed" | "alert/typed-to-kept",
  base: CatalogDoc,
  head: CatalogDoc,
  kept: Placed,
  typed: DocAlert,
  renames: Renames,
): Change {
  const toTyped = id === "alert/kept-to-typed";
  const [before, after] = toTyped ? [keptEmitted(kept), typedEmitted(typed)] : [typedEmitted(typed), keptEmitted(kept)];
  const name = typed.name;
  const sameQuery = normalisedEqual(applyRenames(before.expr, renames), applyRenames(after.expr, renames), WIDEST_PROMQL);
  const parts: string[] = [sameQuery ? "the same query after normalising" : `another query: ${before.expr.trim()} → ${after.expr.trim()}`];
  const labels = recordDelta(before.labels, after.labels);
  if (labels.gained.length)
    parts.push(`gains label${labels.gained.length > 1 ? "s" : ""} ${labels.gained.map((k) => `${k}=${quote(after.labels[k]!)}`).join(", ")}`);
  if (labels.lost.length)
    parts.push(`loses label${labels.lost.length > 1 ? "s" : ""} ${labels.lost.map((k) => `${k}=${quote(before.labels[k]!)}`).join(", ")}`);
  for (const k of labels.changed) parts.push(`label ${k} ${quote(before.labels[k]!)} → ${quote(after.labels[k]!)}`);
  const notes = recordDelta(before.annotations, after.annotations);
  if (notes.gained.length) parts.push(`gains annotation${notes.gained.length > 1 ? "s" : ""} ${notes.gained.join(", ")}`);
  if (notes.lost.length) parts.push(`loses annotation${notes.lost.length > 1 ? "s" : ""} ${notes.lost.join(", ")}`);
  if (notes.changed.length) parts.push(`changes annotation${notes.changed.length > 1 ? "s" : ""} ${notes.changed.join(", ")}`);
  if (ms(before.for) !== ms(after.for))
    parts.push(`for ${before.for ?? "0s"} → ${after.for ?? "0s"} (pages ${ms(after.for) > ms(before.for) ? "later" : "sooner"})`);
  if (ms(before.keepFiringFor) !== ms(after.keepFiringFor)) parts.push(`keep_firing_for ${before.keepFiringFor ?? "0s"} → ${after.keepFiringFor ?? "0s"}`);
  const from = toTyped ? `kept group ${before.group} (${fileName(before.file)})` : `obsgen's group ${before.group} (${fileName(before.file)})`;
  const to = toTyped ? `obsgen's group ${after.group} (${fileName(after.file)})` : `kept group ${after.group} (${fileName(after.file)})`;
  return change(id, {
    subject: { kind: "alert", name },
    path: toTyped ? typed.path : kept.rule.path,
    message: `${name} moves from ${from} to ${to}, as ${toTyped ? "a catalog alert" : "a kept alert"}: ${parts.join("; ")}; it starts pending again on reload`,
    before: { ...before },
    after: { ...after },
    consumers: [alertConsumers(base, name), alertConsumers(head, name)],
  });
}
