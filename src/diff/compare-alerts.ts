/**
 * Alerts and their runbooks. Alerts pair by name; an alert gone while another with the very same
 * expression and labels appears is a rename (alerts declare no `renamedFrom`: the identical
 * query is the evidence). A threshold is judged by its comparator: for `>`/`>=` a higher value
 * pages later (looser), for `<`/`<=` a lower one does. An emitted expression that is the same
 * query after normalising is no query change, whatever the condition's kind.
 */
import { runbookSlug } from "../model/conventions.js";
import { parseDuration } from "../compat/go/duration.js";
import { formatNumber } from "../model/numbers.js";
import { WIDEST_PROMQL } from "../compat/prometheus.js";
import { analyze } from "../promql/index.js";
import { normalisedEqual } from "../promql/print.js";
import { type Change, change, type Json } from "./change.js";
import type { CatalogDoc, DocAlert, DocThreshold } from "./catalog-doc.js";
import { alertConsumers } from "./consumers.js";
import { applyRenames, type Renames } from "./renames.js";

const sameRecord = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

export function compareAlerts(base: CatalogDoc, head: CatalogDoc, renames: Renames = new Map()): Change[] {
  const out: Change[] = [];
  const baseBy = new Map(base.alerts.map((a) => [a.name, a]));
  const headBy = new Map(head.alerts.map((a) => [a.name, a]));
  const added = head.alerts.filter((a) => !baseBy.has(a.name));
  const renamedTo = new Set<string>();

  for (const b of base.alerts) {
    const h = headBy.get(b.name);
    if (h) {
      out.push(...compareAlert(base, head, b, h, false, renames));
      continue;
    }
    const expr = applyRenames(b.expr, renames);
    const twin = added.find((a) => !renamedTo.has(a.name) && applyRenames(a.expr, renames) === expr && sameRecord(a.labels, b.labels));
    const consumers = [alertConsumers(base, b.name), alertConsumers(head, b.name)];
    if (twin) {
      renamedTo.add(twin.name);
      out.push(
        change("alert/renamed", {
          subject: { kind: "alert", name: b.name },
          path: twin.path,
          message: `alert ${b.name} is renamed ${twin.name} (same expression and labels): silences, routes and inhibitions matching alertname="${b.name}" miss it`,
          before: b.name,
          after: twin.name,
          consumers,
        }),
      );
      out.push(...compareAlert(base, head, b, twin, true, renames));
    } else {
      out.push(
        change("alert/removed", {
          subject: { kind: "alert", name: b.name },
          path: b.path,
          message: `alert ${b.name} (${b.priority}, team ${b.labels.team ?? "?"}) is removed: nobody is paged for "${b.annotations.summary ?? b.name}" any more`,
          before: b.name,
          consumers,
        }),
      );
    }
  }
  for (const h of added) {
    if (renamedTo.has(h.name)) continue;
    out.push(
      change("alert/added", {
        subject: { kind: "alert", name: h.name },
        path: h.path,
        message: `new ${h.priority} alert ${h.name} for team ${h.labels.team ?? "?"}: "${h.annotations.summary ?? h.name}"`,
        after: h.name,
      }),
    );
  }
  return out;
}

function thresholdText(op: string | null, t: DocThreshold | null): string {
  if (!t) return op ?? "(none)";
  return `${op ?? ""}${op ? " " : ""}${formatNumber(t.value)}`;
}

/** Where the thresholds come from: `(parameter max_latency)`, `(parameter a → b)`, or nothing. */
function parameterNote(b: DocThreshold | null, h: DocThreshold | null): string {
  const name = (t: DocThreshold | null) => (t?.parameter ? `${t.parameter}${t.factor !== null && t.factor !== 1 ? ` × ${formatNumber(t.factor)}` : ""}` : null);
  const bn = name(b);
  const hn = name(h);
  if (bn === null && hn === null) return "";
  if (bn === hn) return ` (parameter ${hn})`;
  return ` (parameter ${bn ?? "none"} → ${hn ?? "none"})`;
}

/**
 * An expression with its top-level comparison against a number blanked out, whitespace folded:
 * `sum(rate(x[5m])) > 3` and `sum(rate(x[5m]))   >  5` have the same shape.
 */
export function exprShape(text: string): string {
  const { ast } = analyze(text);
  let t = text;
  if (ast?.type === "BinaryExpr" && [">", ">=", "<", "<=", "==", "!="].includes(ast.op) && ast.rhs.type === "NumberLiteral") {
    t = `${text.slice(0, ast.opSpan.from)}<comparison>${text.slice(ast.rhs.to)}`;
  }
  return t.replace(/\s+/g, " ").trim();
}

/** Condition fields besides the comparison, as catalog.json writes them (method follows from the threshold). */
function conditionShape(a: DocAlert, renames: Renames): Record<string, string> {
  const shape: Record<string, string> = { kind: a.condition.kind, metrics: JSON.stringify(a.condition.metrics.map((m) => renames.get(m) ?? m)) };
  for (const [k, v] of Object.entries(a.condition.rest)) if (k !== "method") shape[k] = JSON.stringify(v);
  return shape;
}

function compareAlert(base: CatalogDoc, head: CatalogDoc, b: DocAlert, h: DocAlert, renamed: boolean, renames: Renames): Change[] {
  const out: Change[] = [];
  const subject = { kind: "alert" as const, name: h.name };
  const path = h.path;

  // Routing: every label besides severity is something Alertmanager routes or inhibits on.
  const keys = [...new Set([...Object.keys(b.labels), ...Object.keys(h.labels)])].sort();
  for (const key of keys) {
    const before = b.labels[key];
    const after = h.labels[key];
    if (before === after) continue;
    const what = labelChangeText(key, before, after);
    const group = key === "priority" && b.group !== h.group ? ` (rule group ${b.group} → ${h.group})` : "";
    out.push(
      change(key === "severity" ? "alert/severity-changed" : "alert/routing-changed", {
        subject,
        path: `${path}.${key === "severity" || key === "priority" || key === "team" ? key : `labels.${key}`}`,
        message: `${h.name}: ${what}${group}`,
        before: before ?? null,
        after: after ?? null,
      }),
    );
  }

  const bf = parseDuration(b.for) ?? 0;
  const hf = parseDuration(h.for) ?? 0;
  if (bf !== hf) {
    out.push(
      change(hf > bf ? "alert/for-lengthened" : "alert/for-shortened", {
        subject,
        path: `${path}.for`,
        message: `${h.name} must hold for ${h.for} (was ${b.for}) before it fires: it pages ${hf > bf ? "later" : "sooner"}`,
        before: b.for,
        after: h.for,
      }),
    );
  }

  // The same emitted query, however the condition is written (a typed condition rewritten as
  // `expr(…)`, or the reverse): nothing a reviewer must see about the query.
  if (normalisedEqual(applyRenames(b.expr, renames), applyRenames(h.expr, renames), WIDEST_PROMQL)) {
    out.push(...compareNotes(base, head, b, h, renamed));
    return out;
  }
  const bc = b.condition;
  const hc = h.condition;
  const sameComparison = bc.op === hc.op && (bc.threshold?.value ?? null) === (hc.threshold?.value ?? null);
  if (bc.op !== null && hc.op !== null && bc.op !== hc.op) {
    out.push(
      change("alert/comparator-changed", {
        subject,
        path: `${path}.condition.op`,
        message: `${h.name}: comparison ${thresholdText(bc.op, bc.threshold)} → ${thresholdText(hc.op, hc.threshold)}${parameterNote(bc.threshold, hc.threshold)}`,
        before: thresholdText(bc.op, bc.threshold),
        after: thresholdText(hc.op, hc.threshold),
      }),
    );
  } else if (bc.threshold && hc.threshold && bc.threshold.value !== hc.threshold.value) {
    const op = hc.op ?? bc.op;
    const up = hc.threshold.value > bc.threshold.value;
    const id =
      op === ">" || op === ">="
        ? up
          ? "alert/threshold-loosened"
          : "alert/threshold-tightened"
        : op === "<" || op === "<="
          ? up
            ? "alert/threshold-tightened"
            : "alert/threshold-loosened"
          : "alert/threshold-changed";
    const effect = id === "alert/threshold-loosened" ? ": it pages later, or never" : id === "alert/threshold-tightened" ? ": it pages earlier" : "";
    out.push(
      change(id, {
        subject,
        path: `${path}.condition.threshold`,
        message: `${h.name}: threshold ${thresholdText(op, bc.threshold)} → ${thresholdText(op, hc.threshold)}${parameterNote(bc.threshold, hc.threshold)}${effect}`,
        before: bc.threshold.value,
        after: hc.threshold.value,
      }),
    );
  }

  const bs = conditionShape(b, renames);
  const hs = conditionShape(h, renames);
  const fields = [...new Set([...Object.keys(bs), ...Object.keys(hs)])].filter((k) => bs[k] !== hs[k]);
  const exprMoved =
    fields.length === 0 && (bc.kind === "expr" || sameComparison) && exprShape(applyRenames(b.expr, renames)) !== exprShape(applyRenames(h.expr, renames));
  if (fields.length > 0 || exprMoved) {
    const details = fields.map((k) => `${k} ${bs[k] ?? "(none)"} → ${hs[k] ?? "(none)"}`.replace(/"/g, ""));
    out.push(
      change("alert/expr-changed", {
        subject,
        path: `${path}.condition`,
        message: `${h.name} queries something else: ${fields.length ? details.join("; ") : "the expression changed"}`,
        before: b.expr,
        after: h.expr,
      }),
    );
  }

  out.push(...compareNotes(base, head, b, h, renamed));
  return out;
}

/** Annotations, and the runbook: its URL, or its slug when the alert is renamed. */
function compareNotes(base: CatalogDoc, head: CatalogDoc, b: DocAlert, h: DocAlert, renamed: boolean): Change[] {
  const out: Change[] = [];
  const subject = { kind: "alert" as const, name: h.name };
  const path = h.path;
  const notes = [...new Set([...Object.keys(b.annotations), ...Object.keys(h.annotations)])]
    .filter((k) => k !== "runbook_url" && b.annotations[k] !== h.annotations[k])
    .sort();
  if (notes.length > 0) {
    const pick = (a: DocAlert): Json => Object.fromEntries(notes.map((k) => [k, a.annotations[k] ?? null]));
    out.push(
      change("alert/annotations-changed", {
        subject,
        path: `${path}.annotations`,
        message: `${h.name}: annotation${notes.length > 1 ? "s" : ""} ${notes.join(", ")} changed`,
        before: pick(b),
        after: pick(h),
      }),
    );
  }

  const bu = b.annotations.runbook_url ?? null;
  const hu = h.annotations.runbook_url ?? null;
  if (renamed && runbookSlug(b.name) !== runbookSlug(h.name)) {
    out.push(
      change("runbook/slug-changed", {
        subject: { kind: "runbook", name: h.name },
        path,
        message: `the runbook of ${h.name} moves from ${bu ?? runbookSlug(b.name)} to ${hu ?? runbookSlug(h.name)}: links to the old page break`,
        before: bu ?? runbookSlug(b.name),
        after: hu ?? runbookSlug(h.name),
        consumers: [alertConsumers(base, b.name).filter((c) => c.kind === "panel"), alertConsumers(head, h.name).filter((c) => c.kind === "panel")],
      }),
    );
  } else if (bu !== hu) {
    out.push(
      change("runbook/url-changed", {
        subject: { kind: "runbook", name: h.name },
        path: `${path}.annotations.runbook_url`,
        message: `runbook_url of ${h.name} changes from ${bu ?? "(none)"} to ${hu ?? "(none)"}`,
        before: bu,
        after: hu,
      }),
    );
  }
  return out;
}

/** How one alert label's change reads in a diff: added, removed, or its value changed. */
export function labelChangeText(key: string, before: string | undefined, after: string | undefined): string {
  if (before === undefined) return `label ${key}="${after}" is added`;
  if (after === undefined) return `label ${key}="${before}" is removed`;
  return `${key} changes from ${before} to ${after}`;
}
