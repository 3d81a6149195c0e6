/**
 * Catalog paths to source locations: a diagnostic about `services.orders.alerts.X.condition` is
 * placed at the declaration of the nearest element on its path that an authoring helper recorded
 * (src/model/declaration-sites.ts): the alert's `alert({ … })` in catalog/orders.ts, else its
 * service's `defineService`, else the catalog's `defineCatalog`. The frame each helper captured
 * is formatted through the bundle's source map (Node's, or Vite's under vitest) when first asked.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { type Declaration, type DeclarationKind, declarations } from "../model/declaration-sites.js";
import { stackFrames } from "./stack-frames.js";

/** A place in a source file; `file` as shown to the user. */
export interface SourceSite {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
}

export interface CatalogSites {
  /** Where the element at a catalog path (or its nearest declared ancestor) was declared. */
  at(path: string): SourceSite | undefined;
}

/**
 * The field holding each kind of element: a recorded object counts only where it is declared,
 * not where it is referred to (a metric's definition is also an alert condition's `metric`).
 * Metrics are the values of a `metrics` record (an `expr` condition's `metrics` is a list);
 * parameters the catalog's `parameters`; the others elements of the list named here.
 */
const LIST_OF: Partial<Record<DeclarationKind, string>> = {
  service: "services",
  group: "groups",
  alert: "alerts",
  slo: "slos",
  dashboard: "dashboards",
  row: "rows",
  panel: "panels",
  ruleGroup: "ruleGroups",
  rule: "rules",
};

/** Whether an element of `kind` belongs where it was reached: through `key` of a container reached through `field`. */
function inPlace(kind: DeclarationKind, field: string | undefined, key: string | number, container: unknown): boolean {
  if (kind === "metric") return field === "metrics" && !Array.isArray(container);
  if (kind === "parameters") return key === "parameters" && field === undefined;
  return Array.isArray(container) && LIST_OF[kind] === field;
}

/** The label a list element goes by in catalog paths: its `name` (services, alerts, SLOs) or `title` (rows). */
function labelOf(x: unknown): string | undefined {
  if (x === null || typeof x !== "object") return undefined;
  const { name, title } = x as { name?: unknown; title?: unknown };
  return typeof name === "string" && name !== "" ? name : typeof title === "string" && title !== "" ? title : undefined;
}

/** Whether `rest` starts with the segment `seg`, followed by the end of the path or the next segment. */
function startsWithSegment(rest: string, seg: string): boolean {
  if (!rest.startsWith(seg)) return false;
  const next = rest[seg.length];
  return next === undefined || next === "." || next === "[";
}

/** The longest of `candidates` that starts `rest` as a whole segment (names may hold dots). */
function longestSegment(rest: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const c of candidates) if (c !== "" && (best === undefined || c.length > best.length) && startsWithSegment(rest, c)) best = c;
  return best;
}

/**
 * The nearest recorded element on `path`, walking the catalog value as loaded. Paths name list
 * elements by label (`services.orders`) or index (`dashboards[0].rows[1]`), record entries by key,
 * and may end in ` (field)` (lint findings on a generated rule).
 */
export function nearestDeclaration(root: unknown, path: string, registry: WeakMap<object, Declaration> = declarations()): Declaration | undefined {
  const rootDecl = root !== null && typeof root === "object" ? registry.get(root) : undefined;
  let best = rootDecl?.kind === "catalog" ? rootDecl : undefined;
  let rest = path.replace(/ \([^()]*\)$/, "");
  if (rest === "(catalog)") return best;
  let node: unknown = root;
  /** The field `node` was reached through; undefined for the root. */
  let field: string | undefined;
  while (rest !== "" && node !== null && typeof node === "object") {
    if (rest.startsWith(".")) rest = rest.slice(1);
    let key: string | number | undefined;
    let child: unknown;
    let consumed = 0;
    const index = /^\[(\d+)\]/.exec(rest);
    if (Array.isArray(node)) {
      if (index) {
        key = Number(index[1]);
        child = node[key];
        consumed = index[0].length;
      } else {
        const label = longestSegment(
          rest,
          node.map(labelOf).filter((l): l is string => l !== undefined),
        );
        if (label !== undefined) {
          key = node.findIndex((x) => labelOf(x) === label);
          child = node[key];
          consumed = label.length;
        }
      }
    } else if (!index) {
      const name = longestSegment(rest, Object.keys(node));
      if (name !== undefined) {
        key = name;
        child = (node as Record<string, unknown>)[name];
        consumed = name.length;
      }
    }
    if (key === undefined || child === null || typeof child !== "object") break;
    const d = registry.get(child);
    if (d && inPlace(d.kind, field, key, node)) best = d;
    // A list's elements are reached through the list's own field.
    if (!Array.isArray(node)) field = key as string;
    node = child;
    rest = rest.slice(consumed);
  }
  return best;
}

/**
 * The declaration sites of a loaded catalog. `own` accepts a frame's file when it is one the
 * catalog was bundled from (a frame left in the bundle itself, unmapped, is no place to send
 * anyone); `display` shows a path as the user should read it.
 */
export function catalogSites(root: unknown, own: (file: string) => boolean, display: (file: string) => string): CatalogSites {
  const registry = declarations();
  const sites = new Map<Declaration, SourceSite | null>();
  return {
    at(path) {
      const d = nearestDeclaration(root, path, registry);
      if (!d) return undefined;
      let site = sites.get(d);
      if (site === undefined) {
        const frame = stackFrames(d.trace.stack).find((f) => own(f.file));
        site = frame ? { file: display(frame.file), line: frame.line, column: frame.column } : null;
        sites.set(d, site);
      }
      return site ?? undefined;
    },
  };
}

/**
 * A diagnostic about an element of the catalog (it has a catalog path, and names the entry file
 * or no file) placed at the element's declaration: every stage reports the path it knows, and this
 * one function turns it into file:line:col.
 */
export function atDeclaration(d: Diagnostic, entry: string, sites: CatalogSites): Diagnostic {
  if (d.path === undefined || d.line !== undefined || (d.file !== undefined && d.file !== entry)) return d;
  const site = sites.at(d.path);
  return site ? { ...d, file: site.file, line: site.line, column: site.column } : d;
}
