/**
 * SLOs, paired by name. An objective (percent, or a gauge's level) and an enforcement level
 * (`alertBelow`) are easier to meet when lower; a latency SLO's threshold when higher. The window
 * names the SLO's recorded series, so a new window also shows as a recording rule removed and
 * added.
 */
import { formatNumber } from "../model/numbers.js";
import { byCodePoint, type Change, change, type Json } from "./change.js";
import type { CatalogDoc, DocSlo } from "./catalog-doc.js";
import { sloConsumers } from "./consumers.js";
import type { Renames } from "./renames.js";

/** Fields whose larger value is harder to meet (+1) or easier (-1). */
const DIRECTION: Record<string, Record<string, 1 | -1>> = {
  availability: { objective: 1 },
  latency: { threshold: -1 },
  ratio: { objective: 1, alertBelow: 1 },
  gauge: { objective: 1, alertBelow: 1 },
};
const WINDOW_FIELDS = new Set(["window", "period"]);
/** Fields that describe the SLO rather than what it measures. */
const IGNORED = new Set(["name", "description", "path", "kind"]);

const show = (v: unknown): string =>
  v === null || v === undefined ? "(none)" : typeof v === "number" ? formatNumber(v) : typeof v === "string" ? v : JSON.stringify(v).replace(/"/g, "");

export function compareSlos(base: CatalogDoc, head: CatalogDoc, renames: Renames = new Map()): Change[] {
  const out: Change[] = [];
  const headBy = new Map(head.slos.map((s) => [s.name, s]));
  const baseBy = new Map(base.slos.map((s) => [s.name, s]));
  for (const b of base.slos) {
    const h = headBy.get(b.name);
    const consumers = [sloConsumers(base, b.name), sloConsumers(head, b.name)];
    if (!h) {
      out.push(
        change("slo/removed", {
          subject: { kind: "slo", name: b.name },
          path: b.path,
          message: `${b.kind} SLO ${b.name} is removed`,
          before: b.name,
          consumers,
        }),
      );
      continue;
    }
    out.push(...compareSlo(b, h, consumers, renames));
  }
  for (const h of head.slos) {
    if (baseBy.has(h.name)) continue;
    out.push(change("slo/added", { subject: { kind: "slo", name: h.name }, path: h.path, message: `new ${h.kind} SLO ${h.name}`, after: h.name }));
  }
  return out;
}

function compareSlo(b: DocSlo, h: DocSlo, consumers: ReturnType<typeof sloConsumers>[], renames: Renames): Change[] {
  const subject = { kind: "slo" as const, name: h.name };
  if (b.kind !== h.kind) {
    return [
      change("slo/indicator-changed", {
        subject,
        path: h.path,
        message: `SLO ${h.name} is now a ${h.kind} SLO (was ${b.kind})`,
        before: b.kind,
        after: h.kind,
        consumers,
      }),
    ];
  }
  const out: Change[] = [];
  const fields = [...new Set([...Object.keys(b.fields), ...Object.keys(h.fields)])].filter((k) => !IGNORED.has(k)).sort(byCodePoint);
  const indicator: string[] = [];
  for (const k of fields) {
    // An SLO that follows its metric's managed rename measures the same thing.
    const renamed = (v: unknown) => (k === "metric" && typeof v === "string" ? (renames.get(v) ?? v) : v);
    const bv = renamed(b.fields[k] ?? null);
    const hv = renamed(h.fields[k] ?? null);
    if (JSON.stringify(bv) === JSON.stringify(hv)) continue;
    const dir = DIRECTION[h.kind]?.[k];
    if (h.kind === "manual" && k === "objective") {
      out.push(
        change("slo/objective-changed", {
          subject,
          path: `${h.path}.objective`,
          message: `SLO ${h.name}: objective "${show(bv)}" → "${show(hv)}"`,
          before: bv as Json,
          after: hv as Json,
        }),
      );
    } else if (dir !== undefined) {
      // No enforcement level is the easiest of all; a number is harder than none.
      const harder = bv === null ? true : hv === null ? false : ((hv as number) - (bv as number)) * dir > 0;
      out.push(
        change(harder ? "slo/objective-tightened" : "slo/objective-loosened", {
          subject,
          path: `${h.path}.${k}`,
          message: `SLO ${h.name}: ${k} ${show(bv)} → ${show(hv)} (${harder ? "harder" : "easier"} to meet)`,
          before: bv as Json,
          after: hv as Json,
          consumers,
        }),
      );
    } else if (WINDOW_FIELDS.has(k)) {
      out.push(
        change("slo/window-changed", {
          subject,
          path: `${h.path}.${k}`,
          message: `SLO ${h.name}: ${k} ${show(bv)} → ${show(hv)}`,
          before: bv as Json,
          after: hv as Json,
          consumers,
        }),
      );
    } else {
      indicator.push(`${k} ${show(bv)} → ${show(hv)}`);
    }
  }
  if (indicator.length > 0) {
    out.push(
      change("slo/indicator-changed", {
        subject,
        path: h.path,
        message: `SLO ${h.name} measures something else: ${indicator.join("; ")}`,
        consumers,
      }),
    );
  }
  return out;
}
