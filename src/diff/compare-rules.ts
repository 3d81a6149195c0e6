/**
 * Recording rules, paired by recorded series and labels. The rules that keep a renamed metric's
 * old name queryable (source `rename:…`) are left to the metric comparison, which reports the
 * rename itself (`metric/renamed`, `metric/rename-ended`).
 */
import { isRenameRuleSource } from "../model/conventions.js";
import { type Change, change } from "./change.js";
import type { CatalogDoc, DocRecordingRule } from "./catalog-doc.js";
import { recordedSeriesConsumers, recordingRuleName } from "./consumers.js";
import { applyRenames, type Renames } from "./renames.js";

const key = (r: DocRecordingRule) => `${r.record}${JSON.stringify(Object.entries(r.labels).sort())}`;
const what = (r: DocRecordingRule) => (r.source.startsWith("slo:") ? ` (indicator of SLO ${r.source.slice(4)})` : "");

export function compareRecordingRules(base: CatalogDoc, head: CatalogDoc, renames: Renames = new Map()): Change[] {
  const out: Change[] = [];
  const keep = (r: DocRecordingRule) => !isRenameRuleSource(r.source);
  const baseBy = new Map(base.recordingRules.filter(keep).map((r) => [key(r), r]));
  const headBy = new Map(head.recordingRules.filter(keep).map((r) => [key(r), r]));
  const path = (r: DocRecordingRule) => `recordingRules.${r.record}`;
  for (const [k, b] of baseBy) {
    const h = headBy.get(k);
    const ref = { name: b.record, labels: b.labels };
    const consumers = [recordedSeriesConsumers(base, ref), recordedSeriesConsumers(head, ref)];
    if (!h) {
      out.push(
        change("recording/removed", {
          subject: { kind: "recording-rule", name: recordingRuleName(base, b) },
          path: path(b),
          message: `${recordingRuleName(base, b)}${what(b)} is no longer recorded`,
          before: b.expr,
          consumers,
        }),
      );
    } else if (applyRenames(b.expr, renames) !== applyRenames(h.expr, renames)) {
      out.push(
        change("recording/expr-changed", {
          subject: { kind: "recording-rule", name: recordingRuleName(head, h) },
          path: path(h),
          message: `${recordingRuleName(head, h)}${what(h)} records another expression`,
          before: b.expr,
          after: h.expr,
          consumers,
        }),
      );
    }
  }
  for (const [k, h] of headBy) {
    if (baseBy.has(k)) continue;
    out.push(
      change("recording/added", {
        subject: { kind: "recording-rule", name: recordingRuleName(head, h) },
        path: path(h),
        message: `${recordingRuleName(head, h)}${what(h)} is recorded`,
        after: h.expr,
      }),
    );
  }
  return out;
}
