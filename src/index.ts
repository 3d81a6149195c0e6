/**
 * obsgen's public API: the catalog authoring helpers and types (what `catalog/*.ts` imports),
 * plus the pipeline stages for programmatic use.
 */
export * from "./model/authoring.js";
export type * from "./model/resolved.js";
export type { Diagnostic, Severity, Result } from "./diagnostics/diagnostic.js";
export { defineConfig } from "./config/authoring.js";
export type * from "./config/authoring.js";
export type { PrometheusVersion, PrometheusVersionSetting } from "./compat/prometheus.js";
