/**
 * Grafana dashboards kept as exported (`rawDashboard`): resolved to the JSON the build writes. The
 * model is Grafana's to read and is emitted as given; obsgen checks only what it needs (the uid
 * that names the file) and makes an export "for sharing externally" loadable by provisioning.
 *
 * Such an export names its data sources through `__inputs` (`"uid": "${DS_PROMETHEUS}"`), which
 * only Grafana's import dialog fills in: file provisioning and the dashboard sidecar load the
 * JSON as it is, so every panel would name a data source that does not exist. obsgen does what
 * the import dialog would, with the data source every catalog dashboard uses: a Prometheus input
 * becomes the dashboard's `datasource` variable (added when it has none), a constant its value.
 * Any other data source has no counterpart in the catalog, so it is refused with what to do.
 */
import { DASHBOARD_DATASOURCE_VARIABLE } from "./conventions.js";
import { isWindowsDeviceName } from "./file-names.js";
import type { ResolvedRawDashboard } from "./resolved.js";
import { type Ctx, err } from "./resolve-context.js";
import type { RawDashboardSpec } from "./schema.js";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Grafana's dashboard uid rule (pkg/util/shortid_generator.go `IsValidShortUID`, and its 40-character limit). */
export const DASHBOARD_UID_RE = /^[a-zA-Z0-9_-]{1,40}$/;

/** Why a raw dashboard's `uid` cannot name its file, or undefined when it can. */
export function rawUidProblem(uid: unknown): string | undefined {
  if (uid === undefined || uid === null || uid === "") return "has no `uid`, which names its file grafana/dashboards/<folder>/<uid>.json";
  if (typeof uid !== "string") return `has a \`uid\` that is not a string (${JSON.stringify(uid)})`;
  if (!DASHBOARD_UID_RE.test(uid)) return `has the uid "${uid}", which is not 1 to 40 letters, digits, \`-\` or \`_\` (Grafana's uid rules)`;
  if (isWindowsDeviceName(uid)) return `has the uid "${uid}", a device name Windows reserves: its file could not be checked out on Windows`;
  return undefined;
}

/** Every string in `value` with `${NAME}` of each input replaced; other values as they are. */
function substitute(value: unknown, replacements: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    return value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => replacements.get(name) ?? whole);
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, replacements));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, replacements)]));
  return value;
}

/** The name of the dashboard's Prometheus data source variable, if it has one. */
function prometheusVariable(json: Json): string | undefined {
  const list = isObj(json.templating) && Array.isArray(json.templating.list) ? json.templating.list : [];
  const v = list.find((x) => isObj(x) && x.type === "datasource" && x.query === "prometheus" && typeof x.name === "string");
  return v ? ((v as Json).name as string) : undefined;
}

/** The variable obsgen's own dashboards choose their data source with, as emit/grafana.ts writes it. */
function datasourceVariable(): Json {
  return {
    name: DASHBOARD_DATASOURCE_VARIABLE,
    label: "Data source",
    type: "datasource",
    query: "prometheus",
    hide: 0,
    refresh: 1,
    includeAll: false,
    multi: false,
    options: [],
  };
}

/**
 * The JSON to write for an export with `__inputs`, or the problems that keep it from loading.
 * Grafana's export (public/app/features/dashboard/components/DashExportModal/DashboardExporter.ts)
 * writes `{ name, label, type: "datasource", pluginId, pluginName }` per data source and
 * `{ name, type: "constant", value }` per constant, and puts `${name}` where each was used.
 */
function replaceInputs(json: Json, path: string, ctx: Ctx): { json: Json; inputs: string[] } {
  const inputs = json.__inputs;
  if (inputs === undefined) return { json, inputs: [] };
  if (!Array.isArray(inputs)) {
    err(ctx, "catalog/raw-dashboard-input", `${path}.json.__inputs`, "`__inputs` is not a list, as Grafana's export writes it", "export the dashboard again");
    return { json, inputs: [] };
  }
  const existing = prometheusVariable(json);
  const variable = existing ?? DASHBOARD_DATASOURCE_VARIABLE;
  const replacements = new Map<string, string>();
  let ok = true;
  inputs.forEach((input, i) => {
    const at = `${path}.json.__inputs[${i}]`;
    if (!isObj(input) || typeof input.name !== "string" || input.name === "") {
      err(ctx, "catalog/raw-dashboard-input", at, "an input without a `name`", "export the dashboard again");
      ok = false;
      return;
    }
    if (input.type === "datasource" && input.pluginId === "prometheus") replacements.set(input.name, `\${${variable}}`);
    else if (input.type === "constant" && typeof input.value === "string") replacements.set(input.name, input.value);
    else {
      const what =
        input.type === "datasource" ? `a ${String(input.pluginId ?? "non-Prometheus")} data source` : `an input of type ${JSON.stringify(input.type)}`;
      err(
        ctx,
        "catalog/raw-dashboard-input",
        at,
        `input ${input.name} is ${what}: only Grafana's import dialog fills it in, and provisioning loads the dashboard as it is`,
        `replace \${${input.name}} in the dashboard with the uid of the data source your Grafana provisions, and remove the input from \`__inputs\` (or export the dashboard without "Export for sharing externally")`,
      );
      ok = false;
    }
  });
  if (!ok) return { json, inputs: [] };
  const { __inputs: _inputs, ...rest } = json;
  const out = substitute(rest, replacements) as Json;
  const usesVariable = [...replacements.values()].includes(`\${${variable}}`);
  if (usesVariable && existing === undefined) {
    const taken = isObj(out.templating) && Array.isArray(out.templating.list) && out.templating.list.some((v) => isObj(v) && v.name === variable);
    if (taken) {
      err(
        ctx,
        "catalog/raw-dashboard-input",
        `${path}.json.templating`,
        `the Prometheus data source input would become the variable \`${variable}\`, and the dashboard has a variable of that name of another kind`,
        `rename that variable, or make it a Prometheus data source variable (\`"type": "datasource", "query": "prometheus"\`)`,
      );
      return { json, inputs: [] };
    }
    const templating = isObj(out.templating) ? out.templating : {};
    const list = Array.isArray(templating.list) ? templating.list : [];
    out.templating = { ...templating, list: [datasourceVariable(), ...list] };
  }
  return { json: out, inputs: inputs.map((x) => (x as Json).name as string) };
}

export function resolveRawDashboard(ctx: Ctx, d: RawDashboardSpec, index: number, folder: string): ResolvedRawDashboard | undefined {
  const path = `dashboards[${index}]`;
  const problem = rawUidProblem(d.json.uid);
  if (problem) {
    err(
      ctx,
      "catalog/raw-dashboard-uid",
      `${path}.json.uid`,
      `the raw dashboard ${problem}`,
      "set the dashboard JSON's `uid` to a stable 1 to 40 letters, digits, `-` or `_`, unique ignoring case (Grafana's export keeps it)",
    );
    return undefined;
  }
  const uid = d.json.uid as string;
  const { json, inputs } = replaceInputs(d.json, path, ctx);
  const title = typeof json.title === "string" && json.title !== "" ? json.title : uid;
  return { uid, title, folder: d.folder ?? folder, json, inputs, path };
}
