/**
 * load + validate: obsgen.config.ts -> ResolvedConfig. The config is TypeScript, bundled and
 * imported like the catalog (`loadCatalog` with the config's messages); zod validates it and each
 * problem is reported with its path in the config, as catalog errors are.
 */
import { dirname, resolve } from "node:path";
import type { z } from "zod";
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import { checkText, withoutRepeatedCredentials } from "../model/text-checks.js";
import { loadCatalog, type ModuleKind } from "../load/load-catalog.js";
import type { LoadedConfig } from "./find-config.js";
import { configSchema, type ResolvedConfig, TARGET_KINDS } from "./schema.js";

export { configRelative, findConfig, type LoadedConfig } from "./find-config.js";

export const CONFIG_MODULE: ModuleKind = {
  code: "config/load",
  noun: "config",
  missingHint: `pass --config <path to an obsgen.config.ts>, or leave --config out to build without one`,
  exportHint: "end the file with `export default defineConfig({ … })`",
  exportName: "config",
};

/** `a.b[2].c` from a zod issue path. */
function formatConfigPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) out += typeof seg === "number" ? `[${seg}]` : out === "" ? String(seg) : `.${String(seg)}`;
  return out || "(config)";
}

function zodDiagnostics(error: z.ZodError, file: string): Diagnostic[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === "unrecognized_keys") message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
    else if (issue.code === "invalid_type" && /received undefined/.test(issue.message))
      message = `is required (${issue.message.replace(/^Invalid input: /, "")})`;
    else if (issue.code === "invalid_union" && /discriminator/i.test(issue.message))
      message = `unknown target kind; use one of ${TARGET_KINDS.map((k) => `"${k}"`).join(", ")}`;
    else if (issue.code === "invalid_union") message = "does not match any accepted form";
    else if (issue.code === "invalid_key") message = issue.issues[0]?.message ?? message;
    // Checks written with `refineWith` (model/schema.ts) carry what to do in the issue's params.
    const hint = issue.code === "custom" && typeof issue.params?.hint === "string" ? issue.params.hint : undefined;
    return { code: "config/schema", severity: "error" as const, message, file, path: formatConfigPath(issue.path), ...(hint ? { hint } : {}) };
  });
}

/** Validates the value a config file exports. */
export function validateConfig(raw: unknown, file: string): Result<ResolvedConfig> {
  // Text no field may hold (lone surrogates, credentials in URLs), as in the catalog.
  const text: Diagnostic[] = checkText(raw).map((p) => ({
    code: `config/${p.kind}`,
    severity: "error",
    message: p.message,
    file,
    path: formatConfigPath(p.path),
    hint: p.hint,
  }));
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const schema = zodDiagnostics(parsed.error, file);
    return { value: undefined, diagnostics: [...withoutRepeatedCredentials(text, schema), ...schema] };
  }
  if (text.length > 0) return { value: undefined, diagnostics: text };
  return { value: parsed.data, diagnostics: [] };
}

/** Loads and validates a config file. */
export async function loadConfig(path: string): Promise<Result<LoadedConfig>> {
  const loaded = await loadCatalog(path, CONFIG_MODULE);
  if (!loaded.value) return { value: undefined, diagnostics: loaded.diagnostics };
  const validated = validateConfig(loaded.value.value, loaded.value.file);
  if (!validated.value) return { value: undefined, diagnostics: validated.diagnostics };
  return { value: { config: validated.value, file: loaded.value.file, dir: dirname(resolve(path)), inputs: loaded.value.inputs }, diagnostics: [] };
}
