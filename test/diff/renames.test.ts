/**
 * The rename path: a metric declaring `renamedFrom` makes the build record its old name from the
 * new one, in a rule group `<prefix>_renames` that prometheus.yml loads, for as long as the
 * declaration stays; promtool accepts the result.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitAll } from "../../src/emit/index.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { tempDir } from "../helpers/cli.js";
import { describeWithTool } from "../helpers/tools.js";
import { diffBase } from "./fixture.js";

/** The fixture after renaming the latency histogram and the requests counter, both declared. */
function renamed(): any {
  const c = JSON.parse(
    JSON.stringify(diffBase())
      .replaceAll("checkout_requests_total", "checkout_http_requests_total")
      .replaceAll("checkout_request_latency_ms", "checkout_latency_ms"),
  );
  c.services[0].metrics.requests.renamedFrom = { name: "checkout_requests_total", until: "2026-09-30" };
  c.services[0].metrics.request_latency.renamedFrom = { name: "checkout_request_latency_ms", until: "2026-09-30" };
  return c;
}

function build(raw: unknown) {
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n"));
  return { model: r.value, files: emitAll(r.value) };
}

const file = (files: { path: string; contents: string }[], path: string) => files.find((f) => f.path === path)?.contents;

describe("renamedFrom", () => {
  it("records the old names from the new ones, one rule per histogram series", async () => {
    const { files } = build(renamed());
    const rules = file(files, "prometheus/rules/shop_renames.yml");
    expect(rules).toBeDefined();
    await expect(rules).toMatchFileSnapshot("../golden/diff/renames/shop_renames.yml");
  });

  it("adds the group to prometheus.yml's rule_files, so Prometheus loads it", () => {
    const { files } = build(renamed());
    expect(file(files, "prometheus/prometheus.yml")).toContain("- rules/shop_renames.yml");
  });

  it("writes renamedFrom and the rules (source rename:<new name>) into catalog.json", () => {
    const json = JSON.parse(file(build(renamed()).files, "catalog.json")!);
    expect(json.metrics.find((m: any) => m.name === "checkout_latency_ms").renamedFrom).toEqual({ name: "checkout_request_latency_ms", until: "2026-09-30" });
    // In the order of the new names.
    expect(json.recordingRules.filter((r: any) => r.source.startsWith("rename:")).map((r: any) => [r.record, r.expr, r.group, r.source])).toEqual([
      ["checkout_requests_total", "checkout_http_requests_total", "shop_renames", "rename:checkout_http_requests_total"],
      ["checkout_request_latency_ms_bucket", "checkout_latency_ms_bucket", "shop_renames", "rename:checkout_latency_ms"],
      ["checkout_request_latency_ms_count", "checkout_latency_ms_count", "shop_renames", "rename:checkout_latency_ms"],
      ["checkout_request_latency_ms_sum", "checkout_latency_ms_sum", "shop_renames", "rename:checkout_latency_ms"],
    ]);
  });

  it("emits no renames group and no renamedFrom field when nothing is renamed", () => {
    const { files } = build(diffBase());
    expect(files.map((f) => f.path)).not.toContain("prometheus/rules/shop_renames.yml");
    expect(file(files, "catalog.json")).not.toContain("renamedFrom");
  });

  it.each([
    [
      "a name another metric uses",
      (c: any) => (c.services[0].metrics.queue.renamedFrom = { name: "checkout_requests_total", until: "2026-09-30" }),
      /is a name the metric declared at services\.checkout\.metrics\.requests still uses/,
    ],
    [
      "a histogram series of another metric",
      (c: any) => (c.services[0].metrics.queue.renamedFrom = { name: "checkout_request_latency_ms_count", until: "2026-09-30" }),
      /still uses/,
    ],
    [
      "the metric itself",
      (c: any) => (c.services[0].metrics.queue.renamedFrom = { name: "checkout_queue_depth", until: "2026-09-30" }),
      /renamedFrom names checkout_queue_depth itself/,
    ],
    [
      "an old name two metrics claim",
      (c: any) => {
        c.services[0].metrics.queue.renamedFrom = { name: "old_depth", until: "2026-09-30" };
        c.groups[0].metrics.memory.renamedFrom = { name: "old_depth", until: "2026-09-30" };
      },
      /already claimed by the metric declared at services\.checkout\.metrics\.queue/,
    ],
  ])("rejects a renamedFrom naming %s", (_what, mutate, message) => {
    const c = diffBase();
    mutate(c);
    const r = resolveCatalog(c);
    expect(r.value).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === "catalog/rename-clash");
    expect(d?.message).toMatch(message);
    expect(d?.path).toMatch(/\.renamedFrom\.name$/);
  });

  it("rejects an until that is not a date", () => {
    const c = diffBase();
    c.services[0].metrics.queue.renamedFrom = { name: "old_depth", until: "next spring" };
    const r = resolveCatalog(c);
    expect(r.diagnostics.map((d) => [d.path, d.message])).toEqual([["services.checkout.metrics.queue.renamedFrom.until", "must be a date written YYYY-MM-DD"]]);
  });
});

describeWithTool("promtool", "promtool accepts the renames rule file", () => {
  it("promtool check rules and check config pass", () => {
    const dir = tempDir();
    for (const f of build(renamed()).files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.contents);
    }
    const rules = spawnSync("promtool", ["check", "rules", join(dir, "prometheus/rules/shop_renames.yml")], { encoding: "utf8" });
    expect(rules.status, rules.stdout + rules.stderr).toBe(0);
    expect(rules.stdout).toMatch(/SUCCESS: 4 rules found/);
    const config = spawnSync("promtool", ["check", "config", join(dir, "prometheus/prometheus.yml")], { encoding: "utf8" });
    expect(config.status, config.stdout + config.stderr).toBe(0);
  });
});
