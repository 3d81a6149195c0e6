/**
 * Panel ids follow what a panel shows, not where it sits. On the shipped catalog with one metric
 * (and its alert) removed and another inserted before the others: no other panel or row changes
 * id, the runbooks' `viewPanel=` links (those written before the change too) still open a panel
 * of their alert, and `obsgen diff` reports the removed and the added panel and no other panel.
 * Ids are unique per dashboard and the same in two builds; a declared panel's `key` keeps its id
 * through a rename, and two panels of a row that would share an identity are a catalog error.
 */
import { describe, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import { runbookFilePath } from "../../src/model/conventions.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess } from "../helpers/cli.js";

const loaded = await loadCatalog("catalog/index.ts");
/** The shipped catalog as plain data, a fresh copy each time. */
const shipped = (): any => JSON.parse(JSON.stringify(loaded.value!.value));

const REMOVED_METRIC = "risk_manager_checks_performed_total";
const ADDED_METRIC = "execution_engine_api_calls_total";
/** The titles of their panels on the service dashboards. */
const REMOVED_PANEL = "Risk checks performed per second (per second)";
const ADDED_PANEL = "Calls to the broker API (per second)";

/**
 * The shipped catalog with the risk checks counter gone (with RiskCheckFailRateHigh, its only
 * alert, and the inhibition naming it), and a counter added to the execution engine whose name
 * sorts before its other counters, so that it comes first in its row.
 */
function changed(): any {
  const c = shipped();
  const rm = c.services.find((s: any) => s.name === "risk-manager");
  const [key] = Object.entries(rm.metrics).find(([, m]: [string, any]) => m.name === REMOVED_METRIC)!;
  delete rm.metrics[key];
  rm.alerts = rm.alerts.filter((a: any) => a.name !== "RiskCheckFailRateHigh");
  for (const a of rm.alerts) if (a.inhibits) a.inhibits.alerts = a.inhibits.alerts.filter((n: string) => n !== "RiskCheckFailRateHigh");
  const ee = c.services.find((s: any) => s.name === "execution-engine");
  ee.metrics = {
    api_calls: { type: "counter", name: ADDED_METRIC, help: "Calls to the broker API", labels: { endpoint: ["orders", "positions"] } },
    ...ee.metrics,
  };
  return c;
}

interface Built {
  readonly model: ResolvedCatalog;
  readonly files: ReadonlyMap<string, string>;
  /** The emitted dashboards by uid: their panels, rows included, as Grafana reads them. */
  readonly dashboards: ReadonlyMap<string, readonly any[]>;
}

function build(raw: unknown): Built {
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n"));
  const files = new Map(emitAll(r.value).map((f) => [f.path, f.contents]));
  const dashboards = new Map<string, any[]>();
  for (const [path, text] of files) {
    if (!path.startsWith("grafana/") || !path.endsWith(".json")) continue;
    const d = JSON.parse(text);
    dashboards.set(d.uid, d.panels);
  }
  return { model: r.value, files, dashboards };
}

const base = build(shipped());
const head = build(changed());

/** `<uid> <title>` → id, for every panel and row of every dashboard. */
function idsByTitle(b: Built): Map<string, number> {
  const out = new Map<string, number>();
  for (const [uid, panels] of b.dashboards) for (const p of panels) out.set(`${uid} ${p.title}`, p.id);
  return out;
}

/** The `viewPanel=` links of an alert's runbook page: dashboard uid and panel id. */
function runbookPanelLinks(b: Built, alert: string): { uid: string; id: number }[] {
  const page = b.files.get(runbookFilePath(alert));
  if (page === undefined) throw new Error(`no runbook page for ${alert}`);
  return [...page.matchAll(/\/d\/([A-Za-z0-9_-]+)\?viewPanel=(\d+)/g)].map((m) => ({ uid: m[1]!, id: Number(m[2]) }));
}

/** Whether a dashboard JSON panel reads one of the alert's metrics, shows the alert, or is one its runbook names. */
function showsAlert(panel: any, alert: ResolvedCatalog["alerts"][number]): boolean {
  const reads = (panel.targets ?? []).some((t: any) => alert.metrics.some((m) => new RegExp(`\\b${m}(_bucket|_count|_sum)?\\b`).test(t.expr)));
  const links = (panel.links ?? []).some((l: any) => l.url === alert.annotations.runbook_url);
  return reads || links || alert.runbook.panels.includes(panel.title);
}

describe("panel ids of the shipped catalog, when a metric goes and another comes", () => {
  it("changes the catalog as meant: one panel fewer on the risk manager's dashboard, one more on the execution engine's, first in its row", () => {
    const count = (b: Built, uid: string) => b.dashboards.get(uid)!.length;
    expect(count(head, "trading-svc-risk-manager")).toBe(count(base, "trading-svc-risk-manager") - 1);
    expect(count(head, "trading-svc-execution-engine")).toBe(count(base, "trading-svc-execution-engine") + 1);
    const row = head.model.dashboards.find((d) => d.uid === "trading-svc-execution-engine")!.rows.find((r) => r.title === "Throughput and errors")!;
    expect(row.panels[0]!.targets[0]!.metrics).toEqual([ADDED_METRIC]);
    // Titles are unique within each dashboard, so they name panels across the two builds below.
    for (const panels of [...base.dashboards.values(), ...head.dashboards.values()]) {
      expect(new Set(panels.map((p) => p.title)).size).toBe(panels.length);
    }
  });

  it("keeps the id of every other panel and row", () => {
    const before = idsByTitle(base);
    const after = idsByTitle(head);
    const gone = [...before.keys()].filter((k) => !after.has(k));
    const come = [...after.keys()].filter((k) => !before.has(k));
    expect(gone).toEqual([`trading-svc-risk-manager ${REMOVED_PANEL}`]);
    expect(come).toEqual([`trading-svc-execution-engine ${ADDED_PANEL}`]);
    const moved = [...before].filter(([k, id]) => after.has(k) && after.get(k) !== id).map(([k, id]) => `${k}: ${id} -> ${after.get(k)}`);
    expect(moved).toEqual([]);
  });

  it("keeps every runbook link, old or new, on a panel of its alert", () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const alert of head.model.alerts) {
      const links = [...runbookPanelLinks(base, alert.name), ...runbookPanelLinks(head, alert.name)];
      for (const { uid, id } of links) {
        checked++;
        const panel = head.dashboards.get(uid)?.find((p) => p.id === id);
        if (!panel || !showsAlert(panel, alert)) wrong.push(`${alert.name}: ${uid}?viewPanel=${id} opens ${panel ? `"${panel.title}"` : "nothing"}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it("makes obsgen diff report the removed and the added panel, and no other panel change", async () => {
    const b = writeCatalog(shipped());
    const h = writeCatalog(changed());
    const r = await runInProcess(["diff", "--against", b.entry, "--catalog", h.entry, "--format", "json", "--fail-on", "none"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const panelChanges = JSON.parse(r.stdout)
      .changes.filter((c: any) => c.subject.kind === "panel")
      .map((c: any) => `${c.id} ${c.subject.name}`);
    const idOf = (b: Built, uid: string, title: string) => b.dashboards.get(uid)!.find((p) => p.title === title).id;
    expect(panelChanges).toEqual([
      `panel/removed trading-svc-risk-manager/${idOf(base, "trading-svc-risk-manager", REMOVED_PANEL)}`,
      `panel/added trading-svc-execution-engine/${idOf(head, "trading-svc-execution-engine", ADDED_PANEL)}`,
    ]);
  });
});

describe("panel ids in general", () => {
  it("are unique within each dashboard, rows included, and positive 31-bit integers", () => {
    for (const [uid, panels] of base.dashboards) {
      const ids = panels.map((p) => p.id);
      expect(new Set(ids).size, uid).toBe(ids.length);
      for (const id of ids) expect(Number.isInteger(id) && id >= 1 && id <= 2 ** 31 - 1, `${uid}: ${id}`).toBe(true);
    }
  });

  it("are the same in two builds of one catalog", async () => {
    const again = await loadCatalog("catalog/index.ts");
    const second = build(JSON.parse(JSON.stringify(again.value!.value)));
    expect(second.dashboards.size).toBe(base.dashboards.size);
    for (const [uid, panels] of base.dashboards) expect(second.dashboards.get(uid)!.map((p) => [p.title, p.id])).toEqual(panels.map((p) => [p.title, p.id]));
  });

  it("give a shared metric's panel one id on every service dashboard, whatever comes before it", () => {
    const ids = [...base.dashboards]
      .filter(([uid]) => uid.startsWith("trading-svc-"))
      .map(([, panels]) => panels.find((p) => p.title === "CPU usage per service").id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
  });
});

/** baseCatalog with one declared dashboard of the given rows. */
function withDashboard(rows: unknown[]): any {
  const c = baseCatalog();
  c.dashboards = [{ title: "Checkout", description: "Checkout at a glance", rows }];
  return c;
}
const requestsPanel = (title: string, extra: Record<string, unknown> = {}) => ({
  type: "timeseries",
  title,
  description: "Requests per second",
  targets: [{ kind: "rate", metric: "checkout_requests_total", window: "$__rate_interval" }],
  ...extra,
});
function declaredIds(raw: unknown): Map<string, number> {
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n"));
  const d = r.value.dashboards.find((x) => x.source === "catalog")!;
  return new Map(d.rows.flatMap((row) => [[`row ${row.title}`, row.id] as const, ...row.panels.map((p) => [p.title, p.id] as const)]));
}

describe("declared panels", () => {
  it("keep their ids when panels are inserted before them, removed, or reordered", () => {
    const before = declaredIds(withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests"), requestsPanel("Errors")] }]));
    const after = declaredIds(
      withDashboard([
        { title: "New row", panels: [requestsPanel("New")] },
        { title: "Traffic", panels: [requestsPanel("Errors"), requestsPanel("Inserted"), requestsPanel("Requests")] },
      ]),
    );
    for (const k of ["row Traffic", "Requests", "Errors"]) expect(after.get(k), k).toBe(before.get(k));
  });

  it("keep their id through a new title when `key` names the old one", () => {
    const before = declaredIds(withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests")] }]));
    const renamed = declaredIds(withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests per second")] }]));
    const keyed = declaredIds(withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests per second", { key: "Requests" })] }]));
    expect(renamed.get("Requests per second")).not.toBe(before.get("Requests"));
    expect(keyed.get("Requests per second")).toBe(before.get("Requests"));
  });

  it("refuses two panels of one row with one title, naming the second and the first, unless a `key` tells them apart", () => {
    const dup = withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests"), requestsPanel("Requests")] }]);
    const errors = resolveCatalog(dup).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.path])).toEqual([["catalog/duplicate-panel", "dashboards[0].rows[0].panels[1].title"]]);
    expect(errors[0]!.message).toMatch(/goes by "Requests" in row "Traffic", as dashboards\[0\]\.rows\[0\]\.panels\[0\] does/);
    expect(errors[0]!.hint).toMatch(/set a `key` unique within the row/);
    dup.dashboards[0].rows[0].panels[1].key = "requests-by-status";
    expect(resolveCatalog(dup).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The same title in two rows is two identities.
    expect(
      resolveCatalog(
        withDashboard([
          { title: "Traffic", panels: [requestsPanel("Requests")] },
          { title: "Errors", panels: [requestsPanel("Requests")] },
        ]),
      ).diagnostics.filter((d) => d.severity === "error"),
    ).toEqual([]);
  });

  it("refuses a key another panel of the row goes by", () => {
    const dup = withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests"), requestsPanel("All requests", { key: "Requests" })] }]);
    const errors = resolveCatalog(dup).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.path])).toEqual([["catalog/duplicate-panel", "dashboards[0].rows[0].panels[1].key"]]);
  });

  it("refuses two rows of one dashboard with one title", () => {
    const dup = withDashboard([
      { title: "Traffic", panels: [requestsPanel("Requests")] },
      { title: "Traffic", panels: [requestsPanel("Errors")] },
    ]);
    const errors = resolveCatalog(dup).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.path])).toEqual([["catalog/duplicate-row", "dashboards[0].rows[1].title"]]);
    expect(errors[0]!.message).toMatch(/row "Traffic" has the title of dashboards\[0\]\.rows\[0\]/);
    expect(errors[0]!.hint).toBeDefined();
  });

  it("fails obsgen build with exit code 1 on two panels of a row with one title, naming where", async () => {
    const { dir, entry } = writeCatalog(withDashboard([{ title: "Traffic", panels: [requestsPanel("Requests"), requestsPanel("Requests")] }]));
    const r = await runInProcess(["build", "--catalog", entry, "--out", `${dir}/out`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /dashboards\[0\]\.rows\[0\]\.panels\[1\]\.title: .*\[catalog\/duplicate-panel\]|\[catalog\/duplicate-panel\].*dashboards\[0\]\.rows\[0\]\.panels\[1\]\.title/,
    );
    expect(r.stderr).toMatch(/set a `key` unique within the row/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
