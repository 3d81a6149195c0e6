import { describe, expect, it } from "vitest";
import { baseCatalog } from "../../test/helpers/catalogs.js";
import { loadCatalog } from "../load/load-catalog.js";
import { resolveCatalog } from "../model/resolve.js";
import type { Emitter, EmitterEnabledWhen } from "./emitter.js";
import { emitAll, emitOutput, REGISTRY } from "./index.js";
import { EMITTERS } from "./registry.js";

const model = resolveCatalog(baseCatalog()).value!;
const rules = {};

/** A whole output in five lines: what adding an emitter takes besides its registry line. */
function tinyEmitter(enabledWhen: EmitterEnabledWhen): Emitter {
  return {
    id: `tiny-${enabledWhen}`,
    description: "one text file naming the catalog",
    enabledWhen,
    emit: (m) => [{ path: `tiny/${enabledWhen}.txt`, contents: `${m.name}\n` }],
  };
}

const withTiny = (e: Emitter) => ({ ...REGISTRY, emitters: [...REGISTRY.emitters, e] });
const paths = (files: readonly { path: string }[]) => files.map((f) => f.path);

describe("the emitter registry", () => {
  it("builds the files of an emitter registered with one more entry, sorted among the others", () => {
    const files = emitAll(model, undefined, withTiny(tinyEmitter("always")));
    expect(files.find((f) => f.path === "tiny/always.txt")?.contents).toBe("shop\n");
    expect(paths(files)).toEqual([...paths(files)].sort());
    expect(paths(files).filter((p) => p !== "tiny/always.txt")).toEqual(paths(emitAll(model)));
  });

  it("runs an emitter enabled without targets only in a build whose config names no deploy targets", () => {
    const tiny = withTiny(tinyEmitter("without-targets"));
    expect(paths(emitAll(model, undefined, tiny))).toContain("tiny/without-targets.txt");
    expect(paths(emitAll(model, { targets: [{ kind: "prometheus" }], rules }, tiny))).not.toContain("tiny/without-targets.txt");
  });

  it("runs an emitter enabled with the plain rules wherever they are written, and nowhere else", () => {
    const tiny = withTiny(tinyEmitter("with-plain-rules"));
    expect(paths(emitAll(model, undefined, tiny))).toContain("tiny/with-plain-rules.txt");
    expect(paths(emitAll(model, { targets: [{ kind: "prometheus" }], rules }, tiny))).toContain("tiny/with-plain-rules.txt");
    expect(paths(emitAll(model, { targets: [{ kind: "thanos" }], rules }, tiny))).not.toContain("tiny/with-plain-rules.txt");
  });

  it("reports what an enabled emitter's notes say beside the files, and nothing of a disabled one's", () => {
    const note = { code: "tiny/left-out", severity: "info" as const, message: "the tiny format cannot say everything", path: "services.checkout" };
    const noting = (enabledWhen: EmitterEnabledWhen) => withTiny({ ...tinyEmitter(enabledWhen), notes: () => [note] });
    const built = emitOutput(model, undefined, noting("always"));
    expect([built.value?.some((f) => f.path === "tiny/always.txt"), built.diagnostics]).toEqual([true, [note]]);
    expect(emitOutput(model, { targets: [{ kind: "prometheus" }], rules }, noting("without-targets")).diagnostics).toEqual([]);
  });

  it("gives every built-in emitter a unique kebab-case id and a one-line description", () => {
    const ids = EMITTERS.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of EMITTERS) {
      expect(e.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(e.description).toMatch(/^[^\n]{10,}$/);
    }
  });

  it("accounts for every file of the shipped catalog's default build by exactly one built-in emitter, each writing some", async () => {
    const shipped = resolveCatalog((await loadCatalog("catalog/index.ts")).value!.value).value!;
    const byEmitter = EMITTERS.map((e) => paths(e.emit(shipped)));
    for (const [i, files] of byEmitter.entries()) expect(files.length, EMITTERS[i]!.id).toBeGreaterThan(0);
    expect(byEmitter.flat().sort()).toEqual(paths(emitAll(shipped)));
  });
});
