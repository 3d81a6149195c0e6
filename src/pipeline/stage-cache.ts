/**
 * Results of the pipeline's stages after `resolve` (the catalog's lint, the rule-test plan, the
 * emitted files), kept between runs by content: each is a pure function of the resolved model and
 * a few options, computed by obsgen's code. The key hashes all of them (the model as data,
 * so every value, key order and type counts: {@link canonical}), with obsgen's build identity and
 * Node's version, so a result found under it is the one computing it again would give.
 *
 * Where results live is the caller's choice (a {@link ResultStore}): the command line uses
 * src/io/result-cache.ts's folder in the OS temp folder when it runs as built (dist/), and nothing
 * otherwise; tests pass their own.
 */
import { createHash } from "node:crypto";
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import type { EmittedFile } from "../emit/serialize.js";
import type { AlertPlan, AlertPlanCache, RuleTestPlan } from "../emit/rule-tests/index.js";
import type { ResultStore } from "../io/result-cache.js";
import type { CatalogLintResult } from "../lint/catalog-lint.js";
import type { ResolvedCatalog } from "../model/resolved.js";

export interface StageCache {
  readonly store: ResultStore;
  /** What identifies the code computing the results: a different build never reads them. */
  readonly buildId: string;
}

const digests = new WeakMap<ResolvedCatalog, string>();

/** The model's content digest (a model is never modified once resolved); undefined when it holds what {@link canonical} refuses. */
function modelDigest(model: ResolvedCatalog): string | undefined {
  let d = digests.get(model);
  if (d === undefined) {
    const text = canonical(model);
    if (text === undefined) return undefined;
    d = createHash("sha256").update(text).digest("hex");
    digests.set(model, d);
  }
  return d;
}

class NotPlainData extends Error {}

/**
 * A text that two values share exactly when they hold the same data: JSON, with what JSON loses
 * kept apart (undefined, NaN, the infinities, -0, Maps, Sets), keys in their order (the order
 * emitters write them in). Only data: undefined (so not cached) for a function, a symbol, a
 * class instance, or a cycle. V8's own serialization is not used: it spells one value several
 * ways (a string stored one- or two-byte, a number as a small integer or a double, an object
 * shared or copied), so equal models would get different keys.
 */
export function canonical(value: unknown): string | undefined {
  try {
    return encode(value, new Set());
  } catch (e) {
    if (e instanceof NotPlainData || e instanceof RangeError) return undefined;
    throw e;
  }
}

function encode(v: unknown, open: Set<object>): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? (Object.is(v, -0) ? "-0" : String(v)) : Number.isNaN(v) ? "NaN" : v > 0 ? "Inf" : "-Inf";
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "undefined";
    case "bigint":
      return `${v}n`;
    case "object": {
      if (v === null) return "null";
      if (open.has(v)) throw new NotPlainData();
      open.add(v);
      let out: string;
      if (Array.isArray(v)) {
        out = "[";
        for (let i = 0; i < v.length; i++) out += (i === 0 ? "" : ",") + encode(v[i], open);
        out += "]";
      } else if (v instanceof Map) {
        out = "Map[";
        for (const [k, x] of v) out += `${encode(k, open)}=>${encode(x, open)},`;
        out += "]";
      } else if (v instanceof Set) {
        out = "Set[";
        for (const x of v) out += `${encode(x, open)},`;
        out += "]";
      } else {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) throw new NotPlainData();
        out = "{";
        let first = true;
        for (const k in v) {
          out += `${first ? "" : ","}${JSON.stringify(k)}:${encode((v as Record<string, unknown>)[k], open)}`;
          first = false;
        }
        out += "}";
      }
      open.delete(v);
      return out;
    }
    default:
      throw new NotPlainData();
  }
}

/** The key of a result: its stage and inputs, with the code computing it. */
function keyOf(cache: StageCache, parts: readonly unknown[]): string | undefined {
  const text = canonical([cache.buildId, process.version, ...parts]);
  return text === undefined ? undefined : createHash("sha256").update(text).digest("hex");
}

function stageKey(cache: StageCache, stage: string, model: ResolvedCatalog, inputs: readonly unknown[]): string | undefined {
  const digest = modelDigest(model);
  return digest === undefined ? undefined : keyOf(cache, [stage, digest, inputs]);
}

/**
 * `compute()`, or the result stored for the same stage, model and inputs by an earlier run. A
 * stored value that `valid` refuses is computed again and replaced. Without a cache, or with
 * inputs that are not plain data (a function in the config), it just computes.
 */
export function cachedStage<T>(
  cache: StageCache | undefined,
  stage: string,
  model: ResolvedCatalog,
  inputs: readonly unknown[],
  valid: (v: unknown) => v is T,
  compute: () => T,
): T {
  const key = cache && stageKey(cache, stage, model, inputs);
  if (cache === undefined || key === undefined) return compute();
  const stored = cache.store.get(key);
  if (stored !== undefined && valid(stored)) return stored;
  const value = compute();
  cache.store.set(key, value);
  return value;
}

/** {@link cachedStage} with a computation that loads its code first: a result found needs none of it. */
export async function cachedStageAsync<T>(
  cache: StageCache | undefined,
  stage: string,
  model: ResolvedCatalog,
  inputs: readonly unknown[],
  valid: (v: unknown) => v is T,
  compute: () => Promise<T>,
): Promise<T> {
  const key = cache && stageKey(cache, stage, model, inputs);
  if (cache === undefined || key === undefined) return compute();
  const stored = cache.store.get(key);
  if (stored !== undefined && valid(stored)) return stored;
  const value = await compute();
  cache.store.set(key, value);
  return value;
}

/**
 * The rule-test plan of `model` (src/emit/rule-tests/index.ts), or the one an earlier run stored
 * for the same model. Planning is per alert, and an edit usually changes one alert: on a miss,
 * each alert's plan is the previous run's when the alert and its context (the model without its
 * alerts and dashboards, all its generators see) are the same, so only changed alerts are planned
 * again. Those plans are one entry, keyed by the build, holding the plans of the latest run's
 * alerts by a hash of alert and context.
 */
export function cachedRuleTestPlan(cache: StageCache | undefined, model: ResolvedCatalog): Promise<RuleTestPlan> {
  return cachedStageAsync(cache, "rule-tests", model, [], isRuleTestPlan, async () => {
    const { planRuleTests } = await import("../emit/rule-tests/index.js");
    const memoKey = cache && keyOf(cache, ["rule-test-alerts"]);
    if (cache === undefined || memoKey === undefined) return planRuleTests(model);
    const stored = cache.store.get(memoKey);
    const previous = stored instanceof Map ? (stored as Map<unknown, unknown>) : new Map<unknown, unknown>();
    const kept = new Map<string, AlertPlan>();
    const contexts = new WeakMap<ResolvedCatalog, string | null>();
    const alertPlans: AlertPlanCache = {
      plan(context, alert, compute) {
        let digest = contexts.get(context);
        if (digest === undefined) {
          const text = canonical(context);
          contexts.set(context, (digest = text === undefined ? null : createHash("sha256").update(text).digest("hex")));
        }
        const text = digest === null ? undefined : canonical(alert);
        if (text === undefined) return compute();
        const key = createHash("sha256").update(`${digest}\0${text}`).digest("hex");
        const found = previous.get(key);
        const p = found !== undefined && isAlertPlan(found) ? found : compute();
        kept.set(key, p);
        return p;
      },
    };
    const plan = planRuleTests(model, undefined, alertPlans);
    cache.store.set(memoKey, kept);
    return plan;
  });
}

function isAlertPlan(v: unknown): v is AlertPlan {
  const p = v as Partial<AlertPlan> | null;
  return typeof p === "object" && p !== null && Array.isArray(p.cases) && Array.isArray(p.diagnostics) && (p.reason === null || typeof p.reason === "string");
}

export interface Resolved {
  readonly value: ResolvedCatalog | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The resolved model of a catalog value (the config's overrides applied) in an environment, or
 * the one an earlier run stored for the same value: validation and resolution are pure functions
 * of their input. The model's digest, which keys the stages after it, is then the resolution's own
 * key, whether the model was resolved or read: no second pass over the model is needed.
 */
export async function cachedResolve(cache: StageCache | undefined, input: readonly unknown[], compute: () => Promise<Resolved>): Promise<Resolved> {
  const key = cache && keyOf(cache, ["resolve", input]);
  if (cache === undefined || key === undefined) return compute();
  const stored = cache.store.get(key);
  const resolved = stored !== undefined && isResolved(stored) ? stored : await compute();
  if (resolved !== stored) cache.store.set(key, resolved);
  if (resolved.value !== undefined && !digests.has(resolved.value)) digests.set(resolved.value, key);
  return resolved;
}

function isResolved(v: unknown): v is Resolved {
  const r = v as Partial<Resolved> | null;
  if (typeof r !== "object" || r === null || !Array.isArray(r.diagnostics)) return false;
  const m = r.value as Partial<ResolvedCatalog> | undefined;
  return m === undefined || (typeof m === "object" && m !== null && Array.isArray(m.alerts) && Array.isArray(m.metrics) && Array.isArray(m.ruleGroups));
}

/*
 * The shapes of the results stored. What a store gives back passed its checksum, so it is what an
 * earlier run stored; these checks are the last guard, cheap, and never load the stage's code.
 */

const isFiles = (v: unknown): v is EmittedFile[] =>
  Array.isArray(v) && v.every((f) => typeof (f as Partial<EmittedFile>)?.path === "string" && typeof (f as Partial<EmittedFile>).contents === "string");

export function isCatalogLintResult(v: unknown): v is CatalogLintResult {
  const r = v as Partial<CatalogLintResult> | null;
  return typeof r === "object" && r !== null && Array.isArray(r.diagnostics) && typeof r.omitted === "object" && r.omitted !== null;
}

export function isRuleTestPlan(v: unknown): v is RuleTestPlan {
  const p = v as Partial<RuleTestPlan> | null;
  return (
    typeof p === "object" &&
    p !== null &&
    isFiles(p.files) &&
    Array.isArray(p.diagnostics) &&
    typeof p.coverage === "object" &&
    p.coverage !== null &&
    Array.isArray(p.coverage.covered) &&
    Array.isArray(p.coverage.uncovered)
  );
}

export function isEmitResult(v: unknown): v is Result<EmittedFile[]> {
  const r = v as Partial<Result<EmittedFile[]>> | null;
  return typeof r === "object" && r !== null && Array.isArray(r.diagnostics) && (r.value === undefined || isFiles(r.value));
}
