import { describe, expect, it } from "vitest";
import { baseCatalog } from "../../../test/helpers/catalogs.js";
import { TARGET_KINDS } from "../../config/schema.js";
import { resolveCatalog } from "../../model/resolve.js";
import { emitAll, REGISTRY } from "../index.js";
import { checkTargets } from "./check.js";
import { DEPLOY_TARGETS } from "./registry.js";
import type { DeployTarget } from "./target.js";

const model = resolveCatalog(baseCatalog()).value!;
const rules = {};

/** A whole deploy target in a few lines: what adding one takes besides its config shape and registry line. */
interface ListTarget {
  readonly kind: "list";
  readonly shared: string;
}
const listTarget: DeployTarget<ListTarget> = {
  kind: "list",
  description: "one file listing the alerts' names",
  writesPlainRules: false,
  engine: () => ({ name: "thanos" }),
  emit: (m) => [{ path: "list/alerts.txt", contents: m.alerts.map((a) => `${a.name}\n`).join("") }],
  units: (t) => ({ by: "team", shared: t.shared, noun: "list" }),
  check: (m, _t, at) => (m.alerts.length > 0 ? [] : [{ code: "target/empty-list", severity: "warning", path: at, message: "the list is empty" }]),
};
const common: ListTarget = { kind: "list", shared: "common" };
const namedAsTeam: ListTarget = { kind: "list", shared: "web" };
const registry = { ...REGISTRY, deployTargets: [...DEPLOY_TARGETS, listTarget] };
const paths = (files: readonly { path: string }[]) => files.map((f) => f.path);

describe("the deploy target registry", () => {
  it("builds the files of a target registered with one more entry, in place of the default Prometheus output", () => {
    const files = emitAll(model, { targets: [common], rules }, registry);
    expect(files.find((f) => f.path === "list/alerts.txt")?.contents).toBe(model.alerts.map((a) => `${a.name}\n`).join(""));
    expect(paths(files).filter((p) => p.startsWith("prometheus/"))).toEqual([]);
  });

  it("keeps the rule tests only beside a target that writes the plain rule files", () => {
    const writes = { ...listTarget, writesPlainRules: true };
    const built = (t: DeployTarget<ListTarget>) => paths(emitAll(model, { targets: [common], rules }, { ...REGISTRY, deployTargets: [t] }));
    expect(built(writes).some((p) => p.startsWith("prometheus/tests/"))).toBe(true);
    expect(built(listTarget).some((p) => p.startsWith("prometheus/tests/"))).toBe(false);
  });

  it("checks a registered target with the shared checks its module asks for and with its own", () => {
    const clash = checkTargets(model, { targets: [namedAsTeam], rules }, "obsgen.config.ts", registry.deployTargets);
    expect(clash.map((d) => [d.code, d.path, d.message])).toEqual([
      ["target/unit-clash", "targets[0].shared", 'the shared list "web" has the name of a team: their rules would mix'],
    ]);
    const empty = { ...model, alerts: [] };
    const own = checkTargets(empty, { targets: [common], rules }, "obsgen.config.ts", registry.deployTargets);
    expect(own.map((d) => [d.code, d.path, d.file])).toEqual([["target/empty-list", "targets[0]", "obsgen.config.ts"]]);
  });

  it("registers exactly one module for each kind the config accepts, each with a description", () => {
    expect(DEPLOY_TARGETS.map((t) => t.kind).sort()).toEqual([...TARGET_KINDS].sort());
    for (const t of DEPLOY_TARGETS) expect(t.description).toMatch(/^[^\n]{10,}$/);
  });

  it("writes the plain rule files with the prometheus target alone", () => {
    expect(DEPLOY_TARGETS.filter((t) => t.writesPlainRules).map((t) => t.kind)).toEqual(["prometheus"]);
  });
});
