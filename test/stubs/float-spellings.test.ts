/**
 * The `le` spellings obsgen's bucket matchers accept for Prometheus 2.x are the ones the stubs
 * really expose (compat/prometheus.ts `exposedFloatSpellings`): prom-client's text exposition,
 * and Rust's `{}` of an f64, which the prometheus crate writes (`upper_bound.to_string()`), here
 * checked with rustc itself, on ordinary bounds and on those where the two differ (below 1e-6,
 * from 1e21).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { plainDecimal } from "../../src/compat/go/float.js";
import { exposedFloatSpellings, floatLabelSpellings } from "../../src/compat/prometheus.js";
import { tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";
import "./toolchains.js"; // puts rustup's ~/.cargo/bin on PATH

const BOUNDS = [1e-7, 1.5e-7, 0.000001, 0.005, 0.5, 1, 2.5, 10, 250, 5000, 100000, 1e6, 2.5e6, 123456789, 1e20, 1e21, 1.5e22];

describe("prom-client's exposition", () => {
  it("writes each bucket bound as one of the spellings bucket matchers accept on 2.x: JavaScript's String", async () => {
    const registry = new Registry();
    const h = new Histogram({ name: "h", help: "h", buckets: BOUNDS, registers: [registry] });
    h.observe(1);
    const exposed = [...(await registry.metrics()).matchAll(/^h_bucket\{le="([^"]*)"\}/gm)].map((m) => m[1]!);
    expect(exposed).toEqual([...BOUNDS.map(String), "+Inf"]);
    BOUNDS.forEach((b, i) => {
      expect(exposedFloatSpellings(b)).toContain(exposed[i]);
      expect(floatLabelSpellings(b, ["2.42"])).toContain(exposed[i]);
      expect(floatLabelSpellings(b, ["3"])).toContain(exposed[i]);
    });
  });
});

describeWithTool("cargo", "Rust's `{}` of an f64 (what the prometheus crate writes for `le`)", () => {
  it("is plainDecimal: shortest digits, never an exponent", async () => {
    const dir = tempDir("obsgen-rust-float-");
    const values = BOUNDS.map((b) => `${b.toExponential()}_f64`).join(", ");
    writeFileSync(join(dir, "main.rs"), `fn main() {\n    for x in [${values}] {\n        println!("{}", x);\n    }\n}\n`);
    // Asynchronous (test/helpers/spawn.ts): an optimised rustc build takes seconds.
    const built = await run("rustc", ["--edition", "2021", "-O", "-o", join(dir, "main"), join(dir, "main.rs")]);
    expect(built.status, built.stderr).toBe(0);
    const printed = spawnSync(join(dir, "main"), [], { encoding: "utf8" });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout.trim().split("\n")).toEqual(BOUNDS.map(plainDecimal));
    for (const b of BOUNDS) expect(floatLabelSpellings(b, ["3"])).toContain(plainDecimal(b));
  });
});
