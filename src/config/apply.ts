/**
 * The config's overrides of catalog settings (`prometheus.version`, `runbooks.baseUrl`, `lint`),
 * applied to the raw catalog value before validation: the catalog schema then checks and
 * defaults them as if the catalog had said so, and the resolver derives every alert's
 * `runbook_url` and every bucket matcher from them.
 */
import type { ResolvedConfig } from "./schema.js";

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The raw catalog with the config's `prometheus.version`, `runbooks` and `lint` settings in place of (or merged over) its own. */
export function applyConfigToCatalog(raw: unknown, config: ResolvedConfig | null | undefined): unknown {
  const version = config?.prometheus?.version;
  if (!config || (!config.runbooks && !config.lint && !version) || raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const catalog = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...catalog };
  // The config's versions replace the catalog's: the team deploying knows what it runs.
  if (version) out.prometheus = { ...record(catalog.prometheus), version };
  if (config.runbooks) out.runbooks = { ...record(catalog.runbooks), baseUrl: config.runbooks.baseUrl };
  if (config.lint) {
    const lint = record(catalog.lint);
    out.lint = {
      ...lint,
      ...(config.lint.seriesBudget !== undefined ? { seriesBudget: config.lint.seriesBudget } : {}),
      ...(config.lint.profile !== undefined ? { profile: config.lint.profile } : {}),
      // Levels merge: the config names the rules it changes, the catalog's other levels stay.
      ...(config.lint.rules ? { rules: { ...record(lint.rules), ...config.lint.rules } } : {}),
    };
  }
  return out;
}
