/**
 * The cache of resolve and the stages after it: a build with it gives exactly what a build without
 * it gives (the model, the files, the findings), whether the cache is cold, warm or damaged, and a
 * warm one is read rather than recomputed.
 */
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { diskResultStore, type ResultStore } from "../io/result-cache.js";
import { shippedCatalogPath } from "../load/load-catalog.js";
import { baseCatalog, writeCatalog } from "../../test/helpers/catalogs.js";
import { ruleTestCatalog } from "../../test/rule-tests/fixture.js";
import { RULE_TEST_GENERATORS } from "../emit/rule-tests/index.js";
import { compile } from "./compile.js";
import { canonical, type StageCache } from "./stage-cache.js";

const TODAY = "2026-01-15";

/** A store in a fresh folder that counts what it is asked and what it finds. */
function countingCache(buildId = "test-build", dir = mkdtempSync(join(tmpdir(), "obsgen-stage-cache-test-"))) {
  const disk = diskResultStore(dir)!;
  const counts = { hits: 0, misses: 0, writes: 0 };
  const store: ResultStore = {
    get: (key) => {
      const v = disk.get(key);
      if (v === undefined) counts.misses++;
      else counts.hits++;
      return v;
    },
    set: (key, value) => {
      counts.writes++;
      disk.set(key, value);
    },
  };
  const cache: StageCache = { store, buildId };
  return { dir, cache, counts };
}

async function build(cache?: StageCache) {
  const r = await compile({ entry: shippedCatalogPath(), today: TODAY, ...(cache ? { cache } : {}) });
  expect(r.files).toBeDefined();
  return { model: r.model, files: r.files, diagnostics: r.diagnostics, ruleTests: r.ruleTests };
}

/*
 * Each test runs at most two builds of the shipped catalog: a build is seconds of CPU on a loaded
 * machine, and a test worker busy for minutes cannot answer vitest's RPC in time.
 */
describe("the cache of resolve and the stages after it", () => {
  let uncached: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    uncached = await build();
  });

  it("gives the shipped catalog's build byte for byte, cold and then warm, reading what the cold build stored", async () => {
    const { cache, counts } = countingCache();
    expect(await build(cache)).toEqual(uncached);
    // resolve, lint, rule tests (and the plans of its alerts), emit: each computed and stored.
    expect(counts).toEqual({ hits: 0, misses: 5, writes: 5 });

    expect(await build(cache)).toEqual(uncached);
    expect(counts).toEqual({ hits: 4, misses: 5, writes: 5 });
  });

  it("gives the shipped catalog's build byte for byte after its files are overwritten with garbage, which it rewrites", async () => {
    const { dir, cache, counts } = countingCache();
    await build(cache);
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), "garbage");
    expect(await build(cache)).toEqual(uncached);
    expect(counts).toEqual({ hits: 0, misses: 10, writes: 10 });
    // Rewritten: every entry reads back again.
    const disk = diskResultStore(dir)!;
    const keys = readdirSync(dir).map((f) => f.replace(/\.bin$/, ""));
    expect(keys.length).toBe(5);
    for (const key of keys) expect(disk.get(key)).toBeDefined();
  });

  it("never reads results another build of obsgen stored", async () => {
    const { dir, cache } = countingCache("one-build");
    await build(cache);
    const other = countingCache("another-build", dir);
    await build(other.cache);
    expect(other.counts).toEqual({ hits: 0, misses: 5, writes: 5 });
  });

  it("resolves, plans and emits again when the catalog changes, giving what an uncached build gives", async () => {
    const { cache, counts } = countingCache();
    const shop = baseCatalog();
    const { entry } = writeCatalog(shop);
    await compile({ entry, today: TODAY, cache });
    shop.parameters.max_latency.default = 300;
    writeFileSync(entry, `export default ${JSON.stringify(shop)};\n`);
    const changed = await compile({ entry, today: TODAY, cache });
    const uncached = await compile({ entry, today: TODAY });
    expect(changed.files).toEqual(uncached.files);
    expect(changed.diagnostics).toEqual(uncached.diagnostics);
    // Only the alerts' plans are read (the one alert changed with the parameter: planned again).
    expect(counts.hits).toBe(1);
  });

  it("computes again when the catalog's lint options differ (another day: silences expire)", async () => {
    const { cache, counts } = countingCache();
    await build(cache);
    await compile({ entry: shippedCatalogPath(), today: "2026-01-16", cache });
    // lint missed (another day); the model, rule tests and emit found.
    expect(counts).toEqual({ hits: 3, misses: 6, writes: 6 });
  });
});

describe("the rule-test plan after one alert changes", () => {
  /** The alerts the rule-test generators are asked about while `f` runs. */
  async function planned(f: () => Promise<unknown>): Promise<string[]> {
    const names: string[] = [];
    const spies = RULE_TEST_GENERATORS.map((g) => {
      const generate = g.generate.bind(g);
      return vi.spyOn(g, "generate").mockImplementation((alert, model) => {
        names.push(alert.name);
        return generate(alert, model);
      });
    });
    try {
      await f();
    } finally {
      for (const s of spies) s.mockRestore();
    }
    return [...new Set(names)];
  }

  it("plans only that alert again, and gives what an uncached build gives", async () => {
    const { cache } = countingCache();
    const raw = ruleTestCatalog();
    const { entry } = writeCatalog(raw);
    const first = await planned(() => compile({ entry, today: TODAY, cache }));
    expect(first.length).toBe(raw.services[0].alerts.length);

    const edited = raw.services[0].alerts[0];
    edited.for = edited.for === "7m" ? "8m" : "7m";
    writeFileSync(entry, `export default ${JSON.stringify(raw)};\n`);
    let changed: Awaited<ReturnType<typeof compile>> | undefined;
    expect(
      await planned(async () => {
        changed = await compile({ entry, today: TODAY, cache });
      }),
    ).toEqual([edited.name]);
    const uncached = await compile({ entry, today: TODAY });
    expect(changed!.ruleTests).toEqual(uncached.ruleTests);
    expect(changed!.files).toEqual(uncached.files);
    expect(changed!.diagnostics).toEqual(uncached.diagnostics);
  });
});

describe("the key of a value", () => {
  it("tells apart what JSON would spell alike", () => {
    const spellings = [
      {},
      { a: undefined },
      { a: null },
      { a: Number.NaN },
      { a: Infinity },
      { a: -0 },
      { a: 0 },
      { a: "0" },
      { a: [] },
      { a: new Map() },
      { a: new Set() },
    ];
    const texts = spellings.map((v) => canonical(v));
    expect(new Set(texts).size).toBe(spellings.length);
  });

  it("keeps key order, which output follows", () => {
    expect(canonical({ a: 1, b: 2 })).not.toBe(canonical({ b: 2, a: 1 }));
  });

  it("refuses what is not plain data: nothing is cached for it", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const v of [{ f: () => 1 }, { d: new Date(0) }, { s: Symbol("x") }, cyclic]) expect(canonical(v)).toBeUndefined();
  });

  it("spells a value shared twice as two copies of it", () => {
    const shared = { x: 1 };
    expect(canonical({ a: shared, b: shared })).toBe(canonical({ a: { x: 1 }, b: { x: 1 } }));
  });
});
