/**
 * The generated Rust crate, with the real toolchain: `cargo test --offline` builds it against
 * Debian's prometheus and lazy_static crates (librust-prometheus-dev, librust-lazy-static-dev)
 * and runs its own tests (the exposition against the catalog, enums, pre-zeroing, the HTTP
 * server, the crate doc's example); its example prints the exposition, which is compared with
 * the catalog here and checked by promtool.
 *
 * The crate is copied to test/.tmp/stubs-rust/crate with a TEST-ONLY `.cargo/config.toml` that
 * replaces crates.io by Debian's directory registry; the generated crate itself names no source.
 * One target folder (test/.tmp/stubs-rust/target) serves every cargo call of the run, and the
 * next run too.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { parseExposition as parseScraped } from "../../src/metrics/exposition.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { ROOT } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";
import { EDGE_CATALOG } from "./edge-catalog.js";
import { compareWithCatalog, expectedPromtoolFindings, promtoolCheckMetrics, shippedModel } from "./exposition.js";
import { CARGO_TIMEOUT, DEBIAN_REGISTRY, RUST_WORK, cargo as cargoIn, writeCrate as writeFiles } from "./toolchains.js";

const CRATE = join(RUST_WORK, "crate");
const EDGE_CRATE = join(RUST_WORK, "edge");

const cargo = (args: string[], cwd = CRATE) => cargoIn(args, cwd);

describeWithTool("cargo", "the generated Rust crate builds and passes its tests offline", () => {
  let model: ResolvedCatalog;
  let exposition: string | undefined;
  const example = async () => {
    if (exposition === undefined) {
      const r = await cargo(["run", "--offline", "--quiet", "--example", "exposition"]);
      expect(r.status, r.stderr).toBe(0);
      exposition = r.stdout;
    }
    return exposition;
  };

  /** Writes the crate of `m` to `dir`, with the test-only source replacement beside it. */
  const writeCrate = (dir: string, m: ResolvedCatalog) => writeFiles(dir, emitAll(m));

  beforeAll(async () => {
    model = await shippedModel();
    writeCrate(CRATE, model);
  });

  it("Debian's registry provides the prometheus 0.13 and lazy_static 1.4 crates", () => {
    const crates = existsSync(DEBIAN_REGISTRY) ? readdirSync(DEBIAN_REGISTRY) : [];
    const hint = "install them with `apt-get install librust-prometheus-dev librust-lazy-static-dev`";
    expect(
      crates.filter((c) => c.startsWith("prometheus-0.13.")),
      hint,
    ).not.toEqual([]);
    expect(
      crates.filter((c) => c.startsWith("lazy_static-1.")),
      hint,
    ).not.toEqual([]);
  });

  it(
    "cargo test --offline builds it warning-free and its tests and doc example pass",
    async () => {
      const r = await cargo(["test", "--offline"]);
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      const results = [...r.stdout.matchAll(/test result: ok\. (\d+) passed; (\d+) failed/g)].map((m) => Number(m[1]));
      // The exposition tests and the crate doc's example both ran.
      expect(r.stderr).toMatch(/Running tests\/exposition\.rs/);
      expect(r.stdout).toMatch(/^test every_catalog_metric_is_exposed_with_its_name_type_help_labels_and_buckets \.\.\. ok$/m);
      expect(r.stdout).toMatch(/^test src\/lib\.rs - \(line \d+\) \.\.\. ok$/m);
      expect(results.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7);
    },
    CARGO_TIMEOUT,
  );

  it("resolves prometheus without its protobuf feature: the lock file holds only Debian's crates", () => {
    const lock = readFileSync(join(CRATE, "Cargo.lock"), "utf8");
    const packages = [...lock.matchAll(/name = "([^"]+)"\nversion = "([^"]+)"/g)].map((m) => `${m[1]}-${m[2]}`);
    expect(packages).toContain("prometheus-0.13.3");
    expect(packages.some((p) => p.startsWith("lazy_static-1.4"))).toBe(true);
    expect(packages.some((p) => p.startsWith("protobuf-"))).toBe(false);
    const debian = new Set(readdirSync(DEBIAN_REGISTRY));
    expect(packages.filter((p) => !p.startsWith("py_rt_metrics-") && !debian.has(p))).toEqual([]);
  });

  it(
    "its exposition has the names, TYPE, HELP, label names and bucket edges of the catalog",
    async () => {
      expect(compareWithCatalog(await example(), model.metrics)).toEqual([]);
    },
    CARGO_TIMEOUT,
  );

  it(
    "its exposition reads without a problem with obsgen's parser, with the catalog's families",
    async () => {
      const parsed = parseScraped(await example(), { contentType: "text/plain; version=0.0.4" });
      expect(parsed.problems).toEqual([]);
      const families = parsed.families.map((f) => [f.name, f.type, f.help]).sort();
      expect(families).toEqual(model.metrics.map((m) => [m.name, m.type, m.help]).sort());
    },
    CARGO_TIMEOUT,
  );

  it(
    "the Rust example of docs/stubs.md builds against the crate",
    async () => {
      const docs = readFileSync(join(ROOT, "docs", "stubs.md"), "utf8");
      const example = /```rust\n([\s\S]*?)```/.exec(docs)?.[1];
      expect(example).toContain("use py_rt_metrics::services::execution_engine");
      writeFileSync(join(CRATE, "examples", "docs.rs"), example!);
      const r = await cargo(["build", "--offline", "--example", "docs"]);
      rmSync(join(CRATE, "examples", "docs.rs"));
      expect(r.status, r.stderr).toBe(0);
    },
    CARGO_TIMEOUT,
  );

  it(
    "the crate of a catalog of awkward names (keywords, numeric values, clashing names) builds and passes its tests",
    async () => {
      const r = resolveCatalog(structuredClone(EDGE_CATALOG));
      writeCrate(EDGE_CRATE, r.value!);
      const t = await cargo(["test", "--offline"], EDGE_CRATE);
      expect(t.status, `${t.stdout}\n${t.stderr}`).toBe(0);
      expect(t.stdout).toMatch(/^test pre_zero_creates_every_series_of_small_closed_label_sets \.\.\. ok$/m);
    },
    CARGO_TIMEOUT,
  );

  describeWithTool("promtool", "promtool check metrics on the Rust exposition", () => {
    it(
      "reports exactly the naming deviations the catalog silences, nothing else",
      async () => {
        const r = promtoolCheckMetrics(await example());
        expect(r.findings).toEqual(expectedPromtoolFindings(model.metrics));
        expect(r.status).toBe(3);
      },
      CARGO_TIMEOUT,
    );
  });
});
