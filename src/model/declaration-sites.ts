/**
 * Where each catalog element was declared: the authoring helpers (authoring.ts) record the call
 * that made each metric, service, group, alert, SLO, dashboard, row and panel, so a diagnostic
 * can name `catalog/orders.ts:42:3` beside the catalog path.
 *
 * Recorded out of band, in a WeakMap and never on the element: the schema, catalog.json and every
 * output see the same plain data as before. The helpers run inside the catalog's bundle, which
 * carries its own copy of this module; the map is the one obsgen reads through a global under a
 * `Symbol.for` key. Only the call's stack frame is captured; V8 formats it (through the bundle's
 * source map) when a diagnostic first asks, so a catalog without findings pays for the capture
 * alone.
 */

/** What was declared; each kind has its one place in the catalog (see src/load/declarations.ts). */
export type DeclarationKind =
  | "catalog"
  | "service"
  | "group"
  | "metric"
  | "parameters"
  | "alert"
  | "slo"
  | "dashboard"
  | "row"
  | "panel"
  | "ruleGroup"
  | "rule";

export interface Declaration {
  readonly kind: DeclarationKind;
  /** Holds the caller's frame: its `stack` is formatted on first read. */
  readonly trace: { readonly stack?: string };
}

const REGISTRY = Symbol.for("obsgen.declarations");

/**
 * V8's stack trace API (Node, and the engines of Deno and Bun), typed here: a catalog is
 * type-checked without Node's types, and this module is part of what it compiles.
 */
const V8Error = Error as ErrorConstructor & {
  captureStackTrace?(target: object, constructorOpt?: (...args: never[]) => unknown): void;
  stackTraceLimit?: number;
};

/** The elements declared so far in this process, by object. */
export function declarations(): WeakMap<object, Declaration> {
  const g = globalThis as { [REGISTRY]?: WeakMap<object, Declaration> };
  g[REGISTRY] ??= new WeakMap();
  return g[REGISTRY];
}

/**
 * Records that `helper`'s caller declared `value` (an element of `kind`), and returns it. The
 * first record of an object stays: a helper handed an element another one made does not move it.
 */
export function declared<T extends object>(value: T, kind: DeclarationKind, helper: (...args: never[]) => unknown): T {
  // Helpers never validate: whatever they are handed goes on to the schema, which says what is wrong.
  if (value === null || typeof value !== "object" || typeof V8Error.captureStackTrace !== "function") return value;
  const registry = declarations();
  if (registry.has(value)) return value;
  const trace: { stack?: string } = {};
  const limit = V8Error.stackTraceLimit;
  // One frame, the caller's: the frames above `helper` are left out, and none below are needed.
  V8Error.stackTraceLimit = 1;
  try {
    V8Error.captureStackTrace(trace, helper);
  } finally {
    V8Error.stackTraceLimit = limit;
  }
  registry.set(value, { kind, trace });
  return value;
}
