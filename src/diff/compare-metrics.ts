/**
 * Metrics, their labels, label values and bucket edges. Metrics pair by name, or by a declared
 * `renamedFrom` (a managed rename); a metric gone without one is removed, whatever was added
 * beside it. Labels pair by name on a paired metric: catalogs cannot declare a label rename, so
 * a label removed and another added is reported as exactly that, the removal with a hint.
 */
import { formatNumber } from "../model/numbers.js";
import { type Change, change } from "./change.js";
import type { CatalogDoc, DocLabel, DocMetric } from "./catalog-doc.js";
import { bucketConsumers, type Consumer, labelConsumers, labelValueConsumers, metricConsumers, stubHandle } from "./consumers.js";

const stub = (metric: string, uses: readonly string[] = []): Consumer[] => [{ kind: "stub", name: stubHandle(metric), title: null, via: null, uses }];

const list = (xs: readonly (string | number)[]) => xs.map((x) => (typeof x === "number" ? formatNumber(x) : x)).join(", ");

function sameShape(a: DocMetric, b: DocMetric): boolean {
  return (
    a.type === b.type &&
    a.unit === b.unit &&
    JSON.stringify(a.buckets) === JSON.stringify(b.buckets) &&
    JSON.stringify(a.labels.map((l) => l.name)) === JSON.stringify(b.labels.map((l) => l.name))
  );
}

export function compareMetrics(base: CatalogDoc, head: CatalogDoc): Change[] {
  const out: Change[] = [];
  const baseBy = new Map(base.metrics.map((m) => [m.name, m]));
  const headBy = new Map(head.metrics.map((m) => [m.name, m]));
  const pairs: [DocMetric, DocMetric][] = [];
  const renamedOld = new Set<string>();

  for (const h of head.metrics) {
    const b = baseBy.get(h.name);
    if (b) {
      pairs.push([b, h]);
      continue;
    }
    const from = h.renamedFrom;
    const old = from ? baseBy.get(from.name) : undefined;
    if (from && old && !headBy.has(from.name)) {
      renamedOld.add(old.name);
      pairs.push([old, h]);
      out.push(
        change("metric/renamed", {
          subject: { kind: "metric", name: old.name },
          path: `${h.path}.renamedFrom`,
          message: `${old.name} is renamed ${h.name}; recording rules keep ${old.name} queryable until ${from.until}`,
          before: old.name,
          after: h.name,
          // What still reads the old name relies on the recording rules and breaks when they go.
          consumers: [metricConsumers(head, old), stub(old.name, [`renamed ${stubHandle(h.name)}`])],
          hint: `move every query on ${old.name} to ${h.name} before ${from.until}, when the renamedFrom declaration is due to go`,
        }),
      );
    } else {
      out.push(
        change("metric/added", {
          subject: { kind: "metric", name: h.name },
          path: h.path,
          message: `new ${h.type} ${h.name}`,
          after: h.name,
          consumers: [stub(h.name)],
        }),
      );
    }
  }

  const added = head.metrics.filter((h) => !baseBy.has(h.name) && !(h.renamedFrom && renamedOld.has(h.renamedFrom.name)));
  for (const b of base.metrics) {
    if (headBy.has(b.name) || renamedOld.has(b.name)) continue;
    const twin = added.find((h) => sameShape(b, h));
    out.push(
      change("metric/removed", {
        subject: { kind: "metric", name: b.name },
        path: b.path,
        message: `${b.type} ${b.name} is removed`,
        before: b.name,
        consumers: [metricConsumers(base, b), metricConsumers(head, b), stub(b.name)],
        hint: twin
          ? `if ${twin.name} replaces it, declare renamedFrom: { name: "${b.name}", until: "YYYY-MM-DD" } on ${twin.name}: the build then keeps ${b.name} queryable until that date`
          : null,
      }),
    );
  }

  for (const [b, h] of pairs) out.push(...compareMetric(base, head, b, h));
  return out;
}

function compareMetric(base: CatalogDoc, head: CatalogDoc, b: DocMetric, h: DocMetric): Change[] {
  const out: Change[] = [];
  const subject = { kind: "metric" as const, name: h.name };
  const all = () => [metricConsumers(base, b), metricConsumers(head, h)];

  if (b.renamedFrom && b.renamedFrom.name !== h.renamedFrom?.name && !head.metrics.some((m) => m.name === b.renamedFrom!.name)) {
    const old = { name: b.renamedFrom.name, type: b.type };
    out.push(
      change("metric/rename-ended", {
        subject: { kind: "metric", name: old.name },
        path: h.path,
        message: `${old.name} (the name before ${h.name}) is no longer recorded: its renamedFrom window (until ${b.renamedFrom.until}) is closed`,
        before: old.name,
        consumers: [metricConsumers(base, old), metricConsumers(head, old)],
      }),
    );
  }
  if (b.type !== h.type) {
    out.push(
      change("metric/type-changed", {
        subject,
        path: h.path,
        message: `${h.name} changes from ${b.type} to ${h.type}`,
        before: b.type,
        after: h.type,
        consumers: [...all(), stub(h.name)],
      }),
    );
  }
  if (b.unit !== h.unit) {
    out.push(
      change("metric/unit-changed", {
        subject,
        path: h.path,
        message: `${h.name} is now in ${h.unit}, not ${b.unit}: thresholds and panels in ${b.unit} are off`,
        before: b.unit,
        after: h.unit,
        consumers: all(),
        hint: "a unit belongs in the name (Prometheus naming): consider a new metric name with renamedFrom",
      }),
    );
  }
  if (b.help !== h.help) {
    out.push(
      change("metric/help-changed", {
        subject,
        path: h.path,
        message: `HELP of ${h.name} changes`,
        before: b.help,
        after: h.help,
        consumers: [stub(h.name)],
      }),
    );
  }
  for (const svc of b.exposedBy.filter((s) => !h.exposedBy.includes(s))) {
    out.push(
      change("metric/exposure-removed", {
        subject,
        path: h.path,
        message: `${svc} no longer exposes ${h.name}`,
        before: svc,
        consumers: [labelValueConsumers(base, b, "job", svc), labelValueConsumers(head, h, "job", svc)],
      }),
    );
  }
  for (const svc of h.exposedBy.filter((s) => !b.exposedBy.includes(s))) {
    out.push(change("metric/exposure-added", { subject, path: h.path, message: `${svc} now exposes ${h.name}`, after: svc }));
  }
  out.push(...compareLabels(base, head, b, h));
  if (b.type === "histogram" && h.type === "histogram") out.push(...compareBuckets(base, head, b, h));
  return out;
}

function compareLabels(base: CatalogDoc, head: CatalogDoc, b: DocMetric, h: DocMetric): Change[] {
  const out: Change[] = [];
  const headLabels = new Map(h.labels.map((l) => [l.name, l]));
  const baseLabels = new Map(b.labels.map((l) => [l.name, l]));
  const addedNames = h.labels.filter((l) => !baseLabels.has(l.name)).map((l) => l.name);
  const labelPath = (l: string) => `${h.path}.labels.${l}`;

  for (const bl of b.labels) {
    if (headLabels.has(bl.name)) continue;
    out.push(
      change("label/removed", {
        subject: { kind: "label", name: `${h.name}{${bl.name}}` },
        path: labelPath(bl.name),
        message: `label ${bl.name} is removed from ${h.name}`,
        before: bl.name,
        consumers: [labelConsumers(base, b, bl.name), labelConsumers(head, h, bl.name), stub(h.name, [`label ${bl.name}`])],
        hint: addedNames.length
          ? `${list(addedNames)} ${addedNames.length === 1 ? "is" : "are"} added on the same metric; if ${bl.name} was renamed, every consumer listed must switch (obsgen reports label renames as removed + added)`
          : null,
      }),
    );
  }
  for (const name of addedNames) {
    out.push(
      change("label/added", {
        subject: { kind: "label", name: `${h.name}{${name}}` },
        path: labelPath(name),
        message: `label ${name} is added to ${h.name}: every stub call must set it and each series splits by it`,
        after: name,
        consumers: [stub(h.name, [`label ${name}`])],
      }),
    );
  }

  const commonBase = b.labels.filter((l) => headLabels.has(l.name)).map((l) => l.name);
  const commonHead = h.labels.filter((l) => baseLabels.has(l.name)).map((l) => l.name);
  if (commonBase.join(",") !== commonHead.join(",")) {
    out.push(
      change("label/reordered", {
        subject: { kind: "metric", name: h.name },
        path: `${h.path}.labels`,
        message: `the labels of ${h.name} are declared in another order (${list(commonBase)} → ${list(commonHead)}): stubs take them in that order`,
        before: commonBase,
        after: commonHead,
        consumers: [stub(h.name)],
      }),
    );
  }

  for (const bl of b.labels) {
    const hl = headLabels.get(bl.name);
    if (hl) out.push(...compareLabel(base, head, b, h, bl, hl));
  }
  return out;
}

function compareLabel(base: CatalogDoc, head: CatalogDoc, b: DocMetric, h: DocMetric, bl: DocLabel, hl: DocLabel): Change[] {
  const out: Change[] = [];
  const path = `${h.path}.labels.${hl.name}`;
  const subject = { kind: "label" as const, name: `${h.name}{${hl.name}}` };
  if (bl.kind !== hl.kind) {
    out.push(
      change("label/kind-changed", {
        subject,
        path,
        message:
          hl.kind === "open"
            ? `label ${hl.name} of ${h.name} is now open (up to ${hl.maxValues ?? "?"} values): its stub type widens to string`
            : `label ${hl.name} of ${h.name} is now closed (${list(hl.values)}): stub calls with other values no longer compile`,
        before: bl.kind,
        after: hl.kind,
        consumers: [stub(h.name, [`label ${hl.name}`])],
      }),
    );
    return out;
  }
  if (bl.kind === "open") {
    if (bl.maxValues !== hl.maxValues) {
      out.push(
        change("label/max-values-changed", {
          subject,
          path,
          message: `label ${hl.name} of ${h.name} may take up to ${hl.maxValues ?? "?"} values (was ${bl.maxValues ?? "?"})`,
          before: bl.maxValues,
          after: hl.maxValues,
        }),
      );
    }
    return out;
  }
  for (const v of bl.values.filter((x) => !hl.values.includes(x))) {
    out.push(
      change("label/value-removed", {
        subject: { kind: "label", name: `${h.name}{${hl.name}=${JSON.stringify(v)}}` },
        path,
        message: `value ${JSON.stringify(v)} of label ${hl.name} is removed from ${h.name}`,
        before: v,
        consumers: [labelValueConsumers(base, b, hl.name, v), labelValueConsumers(head, h, hl.name, v), stub(h.name, [`${hl.name}: ${JSON.stringify(v)}`])],
      }),
    );
  }
  for (const v of hl.values.filter((x) => !bl.values.includes(x))) {
    out.push(
      change("label/value-added", {
        subject: { kind: "label", name: `${h.name}{${hl.name}=${JSON.stringify(v)}}` },
        path,
        message: `label ${hl.name} of ${h.name} takes the new value ${JSON.stringify(v)}`,
        after: v,
        consumers: [stub(h.name, [`${hl.name}: ${JSON.stringify(v)}`])],
      }),
    );
  }
  return out;
}

/**
 * Pairs removed and added edges that sit in the same gap between the edges both lists keep:
 * `[10, 50, 100, 250, 500]` → `[10, 50, 100, 200, 500]` moves 250 to 200. A gap with as many
 * removed as added edges pairs them in order; any other gap reports removals and additions.
 */
export function bucketMoves(before: readonly number[], after: readonly number[]): { moved: [number, number][]; removed: number[]; added: number[] } {
  const kept = before.filter((e) => after.includes(e));
  const removed = before.filter((e) => !after.includes(e));
  const added = after.filter((e) => !before.includes(e));
  const gap = (e: number) => kept.filter((k) => k < e).length;
  const moved: [number, number][] = [];
  const outRemoved: number[] = [];
  const outAdded: number[] = [];
  for (let g = 0; g <= kept.length; g++) {
    const r = removed.filter((e) => gap(e) === g);
    const a = added.filter((e) => gap(e) === g);
    if (r.length > 0 && r.length === a.length) r.forEach((e, i) => moved.push([e, a[i]!]));
    else {
      outRemoved.push(...r);
      outAdded.push(...a);
    }
  }
  return { moved, removed: outRemoved, added: outAdded };
}

function compareBuckets(base: CatalogDoc, head: CatalogDoc, b: DocMetric, h: DocMetric): Change[] {
  const bb = b.buckets ?? [];
  const hb = h.buckets ?? [];
  if (JSON.stringify(bb) === JSON.stringify(hb)) return [];
  const { moved, removed, added } = bucketMoves(bb, hb);
  const path = `${h.path}.buckets`;
  const le = (e: number) => ({ kind: "bucket" as const, name: `${h.name}{le=${JSON.stringify(formatNumber(e))}}` });
  const out: Change[] = [];
  for (const [from, to] of moved) {
    out.push(
      change("bucket/moved", {
        subject: le(from),
        path,
        message: `bucket edge ${formatNumber(from)} of ${h.name} moves to ${formatNumber(to)}: quantiles computed from it change (buckets ${list(bb)} → ${list(hb)})`,
        before: from,
        after: to,
        consumers: [bucketConsumers(base, b, [from, to]), bucketConsumers(head, h, [from, to])],
      }),
    );
  }
  for (const e of removed) {
    out.push(
      change("bucket/removed", {
        subject: le(e),
        path,
        message: `bucket edge ${formatNumber(e)} of ${h.name} is removed: le="${formatNumber(e)}" matches nothing and quantiles change (buckets ${list(bb)} → ${list(hb)})`,
        before: e,
        consumers: [bucketConsumers(base, b, [e]), bucketConsumers(head, h, [e])],
      }),
    );
  }
  for (const e of added) {
    out.push(
      change("bucket/added", {
        subject: le(e),
        path,
        message: `bucket edge ${formatNumber(e)} is added to ${h.name} (buckets ${list(bb)} → ${list(hb)})`,
        after: e,
        consumers: [bucketConsumers(base, b, [e]), bucketConsumers(head, h, [e])],
      }),
    );
  }
  return out;
}
