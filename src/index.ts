/**
 * obsgen's public API (`import … from "obsgen"`): the catalog authoring helpers and types (what
 * `catalog/*.ts` imports), `defineConfig` and its types (what `obsgen.config.ts` imports), and the
 * types of the resolved catalog and of diagnostics. The pipeline's stages are not exported: the
 * CLI is their only caller.
 */
export * from "./model/authoring.js";
export type * from "./model/resolved.js";
export type { Diagnostic, Severity, Result } from "./diagnostics/diagnostic.js";
export { defineConfig } from "./config/authoring.js";
export type * from "./config/authoring.js";
export type { PrometheusVersion, PrometheusVersionSetting } from "./compat/prometheus.js";
