/**
 * Metric stubs: a Rust crate (out/rust/) and a TypeScript package (out/typescript/) through which
 * services record the catalog's metrics with type-safe labels. Both render one language-neutral
 * plan (./plan.ts), so their names, label order and pre-zeroing agree.
 */
import type { ResolvedCatalog } from "../../model/resolved.js";
import type { EmittedFile } from "../serialize.js";
import { planStubs } from "./plan.js";
import { emitRustStubs } from "./rust.js";
import { emitTypeScriptStubs } from "./typescript.js";
import type { Emitter } from "../emitter.js";

export function emitMetricStubs(model: ResolvedCatalog): EmittedFile[] {
  const plan = planStubs(model);
  return [...emitRustStubs(plan), ...emitTypeScriptStubs(plan)];
}

export const metricStubsEmitter: Emitter = {
  id: "metric-stubs",
  description: "a Rust crate and a TypeScript package recording the catalog's metrics with typed labels (rust/, typescript/)",
  enabledWhen: "always",
  emit: emitMetricStubs,
};
