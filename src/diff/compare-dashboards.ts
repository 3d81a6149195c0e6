/**
 * Dashboards and their panels, from catalog.json's optional `dashboards`. Dashboards pair by uid,
 * or by title when the uid changed (every link to the old uid then breaks); panels pair by id
 * within a dashboard, or by title when the id changed (`viewPanel=<id>` links break).
 */
import { type Change, change } from "./change.js";
import type { CatalogDoc, DocDashboard, DocPanel } from "./catalog-doc.js";
import { applyRenames, type Renames } from "./renames.js";

export function compareDashboards(base: CatalogDoc, head: CatalogDoc, renames: Renames = new Map()): Change[] {
  const out: Change[] = [];
  const headBy = new Map(head.dashboards.map((d) => [d.uid, d]));
  const baseUids = new Set(base.dashboards.map((d) => d.uid));
  const unmatchedHead = head.dashboards.filter((d) => !baseUids.has(d.uid));
  const paired = new Set<string>();
  for (const b of base.dashboards) {
    let h = headBy.get(b.uid);
    if (!h) {
      h = unmatchedHead.find((d) => !paired.has(d.uid) && d.title === b.title);
      if (h) {
        out.push(
          change("dashboard/uid-changed", {
            subject: { kind: "dashboard", name: b.uid },
            path: `dashboards.${h.uid}`,
            message: `dashboard "${h.title}" moves from uid ${b.uid} to ${h.uid}: links and bookmarks to /d/${b.uid} break`,
            before: b.uid,
            after: h.uid,
          }),
        );
      }
    }
    if (!h) {
      out.push(
        change("dashboard/removed", {
          subject: { kind: "dashboard", name: b.uid },
          path: `dashboards.${b.uid}`,
          message: `dashboard "${b.title}" (${b.uid}) is removed with its ${b.panels.length} panel${b.panels.length === 1 ? "" : "s"}`,
          before: b.uid,
        }),
      );
      continue;
    }
    paired.add(h.uid);
    out.push(...comparePanels(b, h, renames));
  }
  for (const h of unmatchedHead) {
    if (paired.has(h.uid)) continue;
    out.push(
      change("dashboard/added", {
        subject: { kind: "dashboard", name: h.uid },
        path: `dashboards.${h.uid}`,
        message: `new dashboard "${h.title}" (${h.uid})`,
        after: h.uid,
      }),
    );
  }
  return out;
}

function comparePanels(b: DocDashboard, h: DocDashboard, renames: Renames): Change[] {
  const out: Change[] = [];
  const name = (p: DocPanel) => `${h.uid}/${p.id}`;
  const path = (p: DocPanel) => `dashboards.${h.uid}.panels.${p.id}`;
  const headById = new Map(h.panels.map((p) => [p.id, p]));
  const baseIds = new Set(b.panels.map((p) => p.id));
  const unmatched = h.panels.filter((p) => !baseIds.has(p.id));
  const used = new Set<string>();
  for (const bp of b.panels) {
    let hp = headById.get(bp.id);
    if (!hp) {
      hp = unmatched.find((p) => !used.has(p.id) && p.title !== "" && p.title === bp.title);
      if (hp) {
        out.push(
          change("panel/id-changed", {
            subject: { kind: "panel", name: `${h.uid}/${bp.id}` },
            path: path(hp),
            message: `panel "${hp.title}" of ${h.uid} has id ${hp.id} (was ${bp.id}): viewPanel=${bp.id} links break`,
            before: Number.isNaN(Number(bp.id)) ? bp.id : Number(bp.id),
            after: Number.isNaN(Number(hp.id)) ? hp.id : Number(hp.id),
          }),
        );
      }
    }
    if (!hp) {
      out.push(
        change("panel/removed", {
          subject: { kind: "panel", name: `${h.uid}/${bp.id}` },
          path: `dashboards.${h.uid}.panels.${bp.id}`,
          message: `panel "${bp.title}" is removed from dashboard ${h.uid}`,
          before: bp.exprs,
        }),
      );
      continue;
    }
    used.add(hp.id);
    const same = (x: readonly string[]) => JSON.stringify(x.map((e) => applyRenames(e, renames)));
    if (same(bp.exprs) !== same(hp.exprs)) {
      out.push(
        change("panel/query-changed", {
          subject: { kind: "panel", name: name(hp) },
          path: path(hp),
          message: `panel "${hp.title}" of ${h.uid} plots other queries`,
          before: bp.exprs,
          after: hp.exprs,
        }),
      );
    }
  }
  for (const hp of unmatched) {
    if (used.has(hp.id)) continue;
    out.push(
      change("panel/added", {
        subject: { kind: "panel", name: name(hp) },
        path: path(hp),
        message: `new panel "${hp.title}" on dashboard ${h.uid}`,
        after: hp.exprs,
      }),
    );
  }
  return out;
}
