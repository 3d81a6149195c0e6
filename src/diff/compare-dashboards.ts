/**
 * Dashboards and their panels, from catalog.json's optional `dashboards`. Dashboards pair by uid,
 * or by title when the uid changed (every link to the old uid then breaks). Panels pair by their
 * identity (`key`, what the panel shows, which its id is derived from), following a metric's
 * managed rename; then by title, for a panel whose identity changed (its row renamed, its key
 * set). A catalog.json from before panels had keys pairs by id, then title. A paired panel whose
 * id differs is reported: `viewPanel=<id>` links to it break.
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

/** Each baseline panel's head panel, where it has one. */
function pairPanels(b: DocDashboard, h: DocDashboard, renames: Renames): Map<DocPanel, DocPanel> {
  const pairs = new Map<DocPanel, DocPanel>();
  const used = new Set<DocPanel>();
  const pairBy = (keyOf: (p: DocPanel) => string | null, baseKeyOf: (p: DocPanel) => string | null = keyOf) => {
    const head = new Map<string, DocPanel>();
    for (const hp of h.panels) {
      const k = keyOf(hp);
      if (k !== null && !used.has(hp) && !head.has(k)) head.set(k, hp);
    }
    for (const bp of b.panels) {
      const k = pairs.has(bp) ? null : baseKeyOf(bp);
      const hp = k === null ? undefined : head.get(k);
      if (!hp || used.has(hp)) continue;
      pairs.set(bp, hp);
      used.add(hp);
    }
  };
  if (b.panels.every((p) => p.key !== null) && h.panels.every((p) => p.key !== null)) {
    pairBy((p) => p.key);
    // A generated panel's identity names its metric: `metric <old name> rate` is the head's
    // `metric <new name> rate` across a managed rename.
    if (renames.size)
      pairBy(
        (p) => p.key,
        (p) => applyRenames(p.key!, renames),
      );
  } else pairBy((p) => p.id);
  pairBy((p) => (p.title === "" ? null : p.title));
  return pairs;
}

function comparePanels(b: DocDashboard, h: DocDashboard, renames: Renames): Change[] {
  const out: Change[] = [];
  const name = (p: DocPanel) => `${h.uid}/${p.id}`;
  const path = (p: DocPanel) => `dashboards.${h.uid}.panels.${p.id}`;
  const pairs = pairPanels(b, h, renames);
  const paired = new Set(pairs.values());
  for (const bp of b.panels) {
    const hp = pairs.get(bp);
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
    if (hp.id !== bp.id) {
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
  for (const hp of h.panels) {
    if (paired.has(hp)) continue;
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
