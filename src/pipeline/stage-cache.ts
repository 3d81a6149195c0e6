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
import type { ResultStore } from "../io/result-cache.js";
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
  if (cache === undefined) return compute();
  const digest = modelDigest(model);
  const rest = digest === undefined ? undefined : canonical([cache.buildId, process.version, stage, digest, inputs]);
  if (rest === undefined) return compute();
  const key = createHash("sha256").update(rest).digest("hex");
  const stored = cache.store.get(key);
  if (stored !== undefined && valid(stored)) return stored;
  const value = compute();
  cache.store.set(key, value);
  return value;
}
