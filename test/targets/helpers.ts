/** The shipped catalog compiled for deploy targets, in-process (pure emitters, no files). */
import yaml from "js-yaml";
import { applyConfigToCatalog } from "../../src/config/apply.js";
import { loadConfig, validateConfig } from "../../src/config/load-config.js";
import type { ResolvedConfig } from "../../src/config/schema.js";
import { emitAll, type EmittedFile } from "../../src/emit/index.js";
import { checkTargets } from "../../src/emit/targets/check.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { loadCatalog } from "../../src/load/load-catalog.js";
import type { ResolvedCatalog } from "../../src/model/resolved.js";
import { resolveCatalog } from "../../src/model/resolve.js";

export const ALL_TARGETS_CONFIG = "test/targets/fixtures/all-targets.config.ts";

const shippedRaw = (await loadCatalog("catalog/index.ts")).value!.value;

export interface Compiled {
  readonly model: ResolvedCatalog;
  readonly files: readonly EmittedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly config: ResolvedConfig;
}

/** The shipped catalog built with a config value (validated as obsgen.config.ts would be). */
export function compile(rawConfig: unknown, raw: unknown = shippedRaw): Compiled {
  const v = validateConfig(rawConfig, "obsgen.config.ts");
  if (!v.value) throw new Error(`invalid test config: ${JSON.stringify(v.diagnostics)}`);
  const config = v.value;
  const r = resolveCatalog(applyConfigToCatalog(raw, config));
  if (!r.value) throw new Error(`catalog invalid: ${JSON.stringify(r.diagnostics)}`);
  const diagnostics = checkTargets(r.value, config, "obsgen.config.ts");
  // As `obsgen build`: errors in the targets stop the build before anything is emitted.
  const files = diagnostics.some((d) => d.severity === "error") ? [] : emitAll(r.value, { targets: config.targets, rules: config.rules });
  return { model: r.value, files, diagnostics, config };
}

/** The shipped catalog built with the all-targets fixture config. */
export async function compileAllTargets(): Promise<Compiled> {
  const loaded = await loadConfig(ALL_TARGETS_CONFIG);
  if (!loaded.value) throw new Error(JSON.stringify(loaded.diagnostics));
  const config = loaded.value.config;
  const model = resolveCatalog(applyConfigToCatalog(shippedRaw, config)).value!;
  return {
    model,
    files: emitAll(model, { targets: config.targets, rules: config.rules }),
    diagnostics: checkTargets(model, config, loaded.value.file),
    config,
  };
}

export function filesUnder(files: readonly EmittedFile[], prefix: string): EmittedFile[] {
  return files.filter((f) => f.path.startsWith(prefix));
}

export function parseYaml(f: EmittedFile): any {
  return yaml.load(f.contents);
}

/** Every alert and recording rule name (with its `slo` label) of a list of rule groups. */
export function ruleKeys(groups: readonly any[]): string[] {
  return groups.flatMap((g) => g.rules.map((r: any) => (r.alert ? `alert:${r.alert}` : `record:${r.record}{${r.labels?.slo ?? ""}}`)));
}
