/**
 * Who depends on a metric, a label, a label value, a bucket edge, a recorded series, an alert or
 * an SLO, found in one catalog.json: alerts, recording rules (obsgen's and those of rule groups
 * kept as written) and dashboard panels through their
 * PromQL (parsed with obsgen's PromQL front end, so a label counts only where a query really
 * names it: a matcher, a `by`/`without`, an `on`/`ignoring`/`group_left`, a `label_replace`
 * argument, or `$labels.x` in an alert's templates), SLOs through their fields, and recording
 * rules followed transitively (`job:x:rate5m` reads `x`; an alert reading `job:x:rate5m`
 * depends on `x` *via* it).
 */
import type { Expr, SelectorUse, VectorSelector } from "../promql/index.js";
import { analyze, compileMatcherRegex, selectorUses, selectsSeries } from "../promql/index.js";
import { formatNumber } from "../model/numbers.js";
import type { CatalogDoc, DocMetric, DocSlo } from "./catalog-doc.js";
import { substituteGrafana } from "../compat/grafana-macros.js";
import { compareCodePoints } from "../util/order.js";

export type ConsumerKind = "alert" | "recording-rule" | "slo" | "panel" | "stub";
const KIND_ORDER: readonly ConsumerKind[] = ["alert", "recording-rule", "slo", "panel", "stub"];

export interface Consumer {
  readonly kind: ConsumerKind;
  /** Alert name, recorded series, SLO name, `<dashboard uid>/<panel id>`, or the stub handle. */
  readonly name: string;
  /** Panel title; null for the other kinds. */
  readonly title: string | null;
  /** The recorded series through which it depends on the subject, when not directly. */
  readonly via: string | null;
  /** Where it refers to the subject (`status="error"`, `sum by (status)`, `annotations.summary: $labels.status`). */
  readonly uses: readonly string[];
}

interface Owner {
  readonly kind: "alert" | "recording-rule" | "panel";
  readonly name: string;
  readonly title: string | null;
  /** What a recording rule writes: its record and static labels. */
  readonly writes?: SeriesRef;
}

/**
 * Series by name and the static labels they carry: a metric's series have none; a recording
 * rule's output carries its `labels`, so readers of `slo:sli_error:ratio_rate5m{slo="a"}` are not
 * readers of the rule recording the same name with `slo="b"`.
 */
export interface SeriesRef {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

interface Query {
  readonly owner: Owner;
  readonly text: string;
  readonly ast: Expr | undefined;
  /** Whether it has syntax errors: `ast` is then the parser's best effort, possibly missing selectors. */
  readonly broken: boolean;
  readonly uses: readonly SelectorUse[];
  /** Alert labels and annotations that may hold `$labels.x`, as [field, text]. */
  readonly templates: readonly (readonly [string, string])[];
}

interface Analyzed {
  readonly queries: readonly Query[];
  readonly doc: CatalogDoc;
}

/**
 * The handle a metric's generated stubs expose. obsgen's conventions do not define stub names
 * yet, so the handle is the metric's name: deterministic, and what a stub generator keys on.
 */
export function stubHandle(metricName: string): string {
  return metricName;
}

/** Series a metric is read through: a histogram's `_bucket`, `_count` and `_sum`, or its own name. */
export function seriesOf(metric: Pick<DocMetric, "name" | "type">): string[] {
  return metric.type === "histogram" ? [metric.name, `${metric.name}_bucket`, `${metric.name}_count`, `${metric.name}_sum`] : [metric.name];
}

const cache = new WeakMap<CatalogDoc, Analyzed>();

function analyzed(doc: CatalogDoc): Analyzed {
  let a = cache.get(doc);
  if (a) return a;
  const queries: Query[] = [];
  const add = (owner: Owner, text: string, templates: readonly (readonly [string, string])[] = []) => {
    const r = analyze(owner.kind === "panel" ? substituteGrafana(text).text : text);
    queries.push({ owner, text, ast: r.ast, broken: r.errors.length > 0, uses: r.ast ? selectorUses(r.ast) : [], templates });
  };
  for (const alert of doc.alerts) {
    add({ kind: "alert", name: alert.name, title: null }, alert.expr, [
      ...Object.entries(alert.labels).map(([k, v]) => [`labels.${k}`, v] as const),
      ...Object.entries(alert.annotations).map(([k, v]) => [`annotations.${k}`, v] as const),
    ]);
  }
  for (const rule of doc.recordingRules) {
    add({ kind: "recording-rule", name: recordingRuleName(doc, rule), title: null, writes: { name: rule.record, labels: rule.labels } }, rule.expr);
  }
  // Rules kept as written read metrics and recorded series as obsgen's own rules do.
  for (const group of doc.ruleGroups) {
    for (const rule of group.rules) {
      if (rule.kind === "alerting")
        add({ kind: "alert", name: rule.name, title: null }, rule.expr, [
          ...Object.entries(rule.labels).map(([k, v]) => [`labels.${k}`, v] as const),
          ...Object.entries(rule.annotations).map(([k, v]) => [`annotations.${k}`, v] as const),
        ]);
      else add({ kind: "recording-rule", name: rule.name, title: null, writes: { name: rule.name, labels: rule.labels } }, rule.expr);
    }
  }
  for (const db of doc.dashboards) {
    for (const panel of db.panels) {
      for (const expr of panel.exprs) add({ kind: "panel", name: `${db.uid}/${panel.id}`, title: panel.title || null }, expr);
    }
  }
  a = { queries, doc };
  cache.set(doc, a);
  return a;
}

/**
 * A recording rule as consumers name it: its record, with its static labels when another rule
 * of the catalog records the same name (`slo:sli_error:ratio_rate5m{slo="checkout-latency"}`).
 */
export function recordingRuleName(doc: CatalogDoc, rule: { readonly record: string; readonly labels: Readonly<Record<string, string>> }): string {
  const shared = doc.recordingRules.filter((r) => r.record === rule.record).length > 1;
  const labels = Object.entries(rule.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return shared && labels.length ? `${rule.record}{${labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}` : rule.record;
}

/** Whether a selector can read a series: same name, and every matcher on one of its static labels accepts the value. */
function reads(sel: VectorSelector, series: SeriesRef): boolean {
  if (seriesName(sel) !== series.name) return false;
  return sel.matchers.every((m) => {
    const v = series.labels[m.name];
    if (v === undefined) return true;
    const selects = matcherSelects(m.op === "!=" ? "=" : m.op === "!~" ? "=~" : m.op, m.value, v);
    return m.op === "!=" || m.op === "!~" ? !selects : selects;
  });
}

const plain = (names: readonly string[]): SeriesRef[] => names.map((name) => ({ name, labels: {} }));
const refKey = (s: SeriesRef) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;

/** The series a selector reads: its name, or an exact `__name__` matcher. */
function seriesName(sel: VectorSelector): string | undefined {
  return sel.name?.name ?? sel.matchers.find((m) => m.name === "__name__" && m.op === "=")?.value;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** What a query does with the selectors reading the subject's series: the uses, or null when it is not a consumer. */
type Inspect = (q: Query, hits: readonly SelectorUse[]) => string[] | null;

/**
 * How to follow a recording rule reading the subject's series (`uses`: what the inspection
 * found in it, null when it is not itself a consumer): the inspection its readers get, or null
 * to stop there.
 */
type Follow = (rule: Query, hits: readonly SelectorUse[], uses: readonly string[] | null) => Inspect | null;

const anyRead: Inspect = () => [];
/** Readers of a recording rule that consumes the subject are consumers too, whatever they do with it. */
const followConsumers: Follow = (_rule, _hits, uses) => (uses === null ? null : anyRead);

function consumerOf(owner: Owner, via: string | null, uses: readonly string[]): Consumer {
  return { kind: owner.kind, name: owner.name, title: owner.title, via, uses: [...new Set(uses)].sort() };
}

const NOT_PARSED = "(the query does not parse; matched by name)";

/** `word` written as a whole name in `text` (not inside a longer metric or label name). */
function mentions(text: string, word: string): boolean {
  return new RegExp(`(^|[^a-zA-Z0-9_:])${escapeRe(word)}($|[^a-zA-Z0-9_:])`).test(text);
}

/**
 * Consumers among the queries reading any of `series`, as `inspect` judges them, and the
 * readers of recording rules `follow` leads to. A query that does not parse and whose
 * best-effort tree has no selector on the series is matched by name: all of the series name
 * and `words` must be written in it (a panel query with template variables, say).
 */
function find(
  a: Analyzed,
  series: readonly SeriesRef[],
  inspect: Inspect,
  follow: Follow,
  via: string | null,
  seen: Set<string>,
  words: readonly string[] = [],
): Consumer[] {
  const out: Consumer[] = [];
  for (const q of a.queries) {
    const hits = q.uses.filter((u) => series.some((s) => reads(u.selector, s)));
    let uses: string[] | null;
    if (hits.length > 0) {
      uses = inspect(q, hits);
      const writes = q.owner.writes;
      if (writes && !seen.has(refKey(writes))) {
        const next = follow(q, hits, uses);
        if (next) {
          seen.add(refKey(writes));
          out.push(...find(a, [writes], next, follow, q.owner.name, seen, words));
        }
      }
    } else if (q.broken && series.some((s) => mentions(q.text, s.name)) && words.every((w) => mentions(q.text, w))) {
      uses = [NOT_PARSED];
    } else {
      continue;
    }
    if (uses !== null) out.push(consumerOf(q.owner, via, uses));
  }
  return out;
}

/** `$labels.x` and `index $labels "x"` in a Go template. */
function templateRefs(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)) out.add(m[1]!);
  for (const m of text.matchAll(/index\s+\$labels\s+"([^"]+)"/g)) out.add(m[1]!);
  return out;
}

const LABEL_FUNCTIONS = new Set(["label_replace", "label_join", "sort_by_label", "sort_by_label_desc"]);

/** Where the selectors `hits` of a query refer to `label`. */
function labelUses(q: Query, hits: readonly SelectorUse[], label: string): string[] {
  const uses: string[] = [];
  for (const u of hits) {
    for (const m of u.selector.matchers) if (m.name === label) uses.push(`${m.name}${m.op}${JSON.stringify(m.value)}`);
    for (const e of u.enclosing) {
      if (e.type === "AggregateExpr" && e.grouping?.labels.some((l) => l.name === label)) {
        uses.push(`${e.op} ${e.grouping.kind} (${e.grouping.labels.map((l) => l.name).join(", ")})`);
      }
      if (e.type === "FunctionCall" && LABEL_FUNCTIONS.has(e.name.name) && e.args.some((x) => x.type === "StringLiteral" && x.value === label)) {
        uses.push(`${e.name.name}(…, "${label}", …)`);
      }
    }
    for (const anc of u.ancestors) {
      if (anc.type !== "BinaryExpr" || !anc.matching) continue;
      const mt = anc.matching;
      if (mt.labels.some((l) => l.name === label)) uses.push(`${mt.kind} (${mt.labels.map((l) => l.name).join(", ")})`);
      if (mt.group?.labels.some((l) => l.name === label)) uses.push(`group_${mt.group.side} (${mt.group.labels.map((l) => l.name).join(", ")})`);
    }
  }
  for (const [field, text] of q.templates) if (templateRefs(text).has(label)) uses.push(`${field}: $labels.${label}`);
  return uses;
}

/**
 * Whether a recording rule's result still carries `label` of the series it reads: no
 * aggregation around the selector, `by` listing it, or `without` not listing it.
 */
function keepsLabel(hits: readonly SelectorUse[], label: string): boolean {
  return hits.some((u) => {
    const aggs = u.enclosing.filter((e) => e.type === "AggregateExpr");
    return aggs.every((g) => {
      if (g.type !== "AggregateExpr") return true;
      if (selectsSeries(g.op)) return true;
      const listed = g.grouping?.labels.some((l) => l.name === label) ?? false;
      return g.grouping?.kind === "without" ? !listed : listed;
    });
  });
}

function labelInspect(label: string): Inspect {
  return (q, hits) => {
    const uses = labelUses(q, hits, label);
    return uses.length ? uses : null;
  };
}

/** A recording rule passes the label on when its result keeps it; its readers are then inspected for the label. */
function labelFollow(label: string): Follow {
  return (_rule, hits) => (keepsLabel(hits, label) ? labelInspect(label) : null);
}

/** A matcher value selects `value`: `=`/`!=` equal to it, `=~`/`!~` matching it. */
function matcherSelects(op: string, matcherValue: string, value: string): boolean {
  if (op === "=" || op === "!=") return matcherValue === value;
  return compileMatcherRegex(matcherValue).regexp?.test(value) ?? false;
}

/** The matcher maps of an SLO (`where`, `good`, `total`), as written in catalog.json. */
function sloMatchers(slo: DocSlo): [string, Record<string, readonly string[]>][] {
  const out: [string, Record<string, readonly string[]>][] = [];
  for (const key of ["where", "good", "total"]) {
    const m = slo.fields[key];
    if (m && typeof m === "object") out.push([key, m as Record<string, readonly string[]>]);
  }
  return out;
}

function sloConsumer(slo: DocSlo, uses: readonly string[]): Consumer {
  return { kind: "slo", name: slo.name, title: null, via: null, uses: [...uses].sort() };
}

/** Everything reading any series of the metric, SLOs on it included. */
export function metricConsumers(doc: CatalogDoc, metric: Pick<DocMetric, "name" | "type">): Consumer[] {
  const a = analyzed(doc);
  return [
    ...find(a, plain(seriesOf(metric)), anyRead, followConsumers, null, new Set()),
    ...doc.slos.filter((s) => s.metric === metric.name).map((s) => sloConsumer(s, [])),
  ];
}

/** Queries and SLOs that name `label` of the metric: matchers, grouping, vector matching, label functions, templates. */
export function labelConsumers(doc: CatalogDoc, metric: Pick<DocMetric, "name" | "type">, label: string): Consumer[] {
  const a = analyzed(doc);
  const slos = doc.slos
    .filter((s) => s.metric === metric.name)
    .flatMap((s) => {
      const uses = sloMatchers(s)
        .filter(([, m]) => label in m)
        .map(([key]) => `${key}.${label}`);
      return uses.length ? [sloConsumer(s, uses)] : [];
    });
  return [...find(a, plain(seriesOf(metric)), labelInspect(label), labelFollow(label), null, new Set(), [label]), ...slos];
}

/** Queries and SLOs whose matchers on `label` select `value` (`=`, `!=`, or a regex matching it). */
export function labelValueConsumers(doc: CatalogDoc, metric: Pick<DocMetric, "name" | "type">, label: string, value: string): Consumer[] {
  const a = analyzed(doc);
  const inspect: Inspect = (_q, hits) => {
    const uses = hits.flatMap((u) =>
      u.selector.matchers.filter((m) => m.name === label && matcherSelects(m.op, m.value, value)).map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`),
    );
    return uses.length ? uses : null;
  };
  const slos = doc.slos
    .filter((s) => s.metric === metric.name)
    .flatMap((s) => {
      const uses = sloMatchers(s)
        .filter(([, m]) => (m[label] ?? []).includes(value))
        .map(([key]) => `${key}.${label}: ${JSON.stringify(value)}`);
      return uses.length ? [sloConsumer(s, uses)] : [];
    });
  return [...find(a, plain(seriesOf(metric)), inspect, followConsumers, null, new Set(), [label, value]), ...slos];
}

/**
 * Readers of a histogram's buckets affected by a change of the `edges`: every query on
 * `<name>_bucket` (a quantile moves with any edge), except selectors whose `le` matcher picks
 * other edges only (`rate(x_bucket{le="5000"}[5m])` does not care where 250 went); and latency
 * SLOs on it. The `le` matchers on a changed edge are named.
 */
export function bucketConsumers(doc: CatalogDoc, metric: Pick<DocMetric, "name">, edges: readonly number[]): Consumer[] {
  const a = analyzed(doc);
  const onEdge = (op: string, value: string) =>
    edges.some((e) => (op === "=" || op === "!=" ? Number(value) === e : matcherSelects(op, value, formatNumber(e))));
  const inspect: Inspect = (_q, hits) => {
    const relevant = hits.filter((u) => u.selector.matchers.every((m) => m.name !== "le" || onEdge(m.op, m.value)));
    if (relevant.length === 0) return null;
    const uses: string[] = [];
    for (const u of relevant) {
      for (const m of u.selector.matchers) if (m.name === "le") uses.push(`le${m.op}${JSON.stringify(m.value)}`);
      if (u.enclosing.some((e) => e.type === "FunctionCall" && e.name.name === "histogram_quantile")) uses.push("histogram_quantile");
    }
    return uses;
  };
  const slos = doc.slos
    .filter((s) => s.metric === metric.name && s.kind === "latency")
    .map((s) => sloConsumer(s, typeof s.fields.quantile === "number" ? [`quantile ${s.fields.quantile}`] : []));
  return [...find(a, plain([`${metric.name}_bucket`]), inspect, followConsumers, null, new Set()), ...slos];
}

/** Readers of a recording rule's series, followed through further recording rules. */
export function recordedSeriesConsumers(doc: CatalogDoc, rule: SeriesRef): Consumer[] {
  return find(analyzed(doc), [rule], anyRead, followConsumers, null, new Set([refKey(rule)]));
}

/** Queries on `ALERTS{alertname="…"}` and panels showing the alert. */
export function alertConsumers(doc: CatalogDoc, alertName: string): Consumer[] {
  const a = analyzed(doc);
  const inspect: Inspect = (_q, hits) => {
    const uses = hits.flatMap((u) =>
      u.selector.matchers
        .filter((m) => m.name === "alertname" && (m.op === "=" || m.op === "=~") && matcherSelects(m.op, m.value, alertName))
        .map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`),
    );
    return uses.length ? uses : null;
  };
  const panels = doc.dashboards.flatMap((db) =>
    db.panels
      .filter((p) => p.alerts.includes(alertName))
      .map((p): Consumer => ({ kind: "panel", name: `${db.uid}/${p.id}`, title: p.title || null, via: null, uses: ["shows the alert"] })),
  );
  return [...find(a, plain(["ALERTS", "ALERTS_FOR_STATE"]), inspect, followConsumers, null, new Set(), [alertName]), ...panels];
}

/** An SLO's recording rules and their readers. */
export function sloConsumers(doc: CatalogDoc, sloName: string): Consumer[] {
  return doc.recordingRules
    .filter((r) => r.source === `slo:${sloName}`)
    .flatMap((r) => {
      const name = recordingRuleName(doc, r);
      return [
        { kind: "recording-rule" as const, name, title: null, via: null, uses: [] },
        ...recordedSeriesConsumers(doc, { name: r.record, labels: r.labels }).map((c) => (c.via === null ? { ...c, via: name } : c)),
      ];
    });
}

/** Merges consumer lists (e.g. the baseline's and the head's), one entry per kind, name and via, sorted. */
export function mergeConsumers(...lists: readonly (readonly Consumer[])[]): Consumer[] {
  const byKey = new Map<string, Consumer>();
  for (const c of lists.flat()) {
    const key = `${c.kind}\u0000${c.name}\u0000${c.via ?? ""}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...prev, uses: [...new Set([...prev.uses, ...c.uses])].sort() } : c);
  }
  return [...byKey.values()].sort(
    (x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || compareCodePoints(x.name, y.name) || compareCodePoints(x.via ?? "", y.via ?? ""),
  );
}
