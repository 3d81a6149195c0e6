/**
 * JSON-schema validation of prometheus-operator resources against the CRDs' `openAPIV3Schema`
 * (test/fixtures/crds/, see its README), with ajv. Two things the API server does that a plain
 * JSON-schema check does not are added here: unknown fields are errors (as `kubectl apply`'s
 * default strict field validation makes them, rather than pruning them silently), and
 * `metadata.name` must be a DNS-1123 subdomain. The `x-kubernetes-*` keywords (list and map
 * types, CEL rules) are left to the API server (ajv's `strict: false`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { ROOT } from "./cli.js";

const FILES: Record<string, string> = {
  ServiceMonitor: "servicemonitors.v1.schema.json",
  PodMonitor: "podmonitors.v1.schema.json",
  PrometheusRule: "prometheusrules.v1.schema.json",
};

/** Every object schema that lists its properties, and does not say to keep unknown ones, refuses others. */
function strictFields(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strictFields);
  if (schema === null || typeof schema !== "object") return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema))
    out[k] = k === "properties" ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strictFields(s)])) : strictFields(v);
  if (out.type === "object" && out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"])
    out.additionalProperties = false;
  return out;
}

/**
 * The CRDs' `pattern`s are Go RE2, checked by the API server; one spells case-insensitivity as a
 * `(?i)` after the anchor (`^(?i)(abort|warn)?$`, `partial_response_strategy`), which JavaScript
 * writes as the `i` flag on the whole pattern (the same here: nothing before it but `^`).
 */
const re2Like = Object.assign(
  (pattern: string, flags: string) => (pattern.includes("(?i)") ? new RegExp(pattern.replace("(?i)", ""), `${flags}i`) : new RegExp(pattern, flags)),
  {
    code: "re2Like",
  },
);

const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: re2Like } });
for (const f of ["int32", "int64", "date-time"]) ajv.addFormat(f, true);
const validators = new Map<string, ValidateFunction>();

function validator(kind: string): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    const file = FILES[kind];
    if (!file) throw new Error(`no CRD schema for kind ${kind}`);
    const schema = strictFields(JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "crds", file), "utf8")));
    // The object's metadata is the API server's ObjectMeta; the CRD leaves it to `type: object`.
    schema.properties.metadata = {
      type: "object",
      required: ["name"],
      properties: { name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$" } },
    };
    schema.required = [...new Set([...(schema.required ?? []), "apiVersion", "kind", "metadata", "spec"])];
    v = ajv.compile(schema);
    validators.set(kind, v);
  }
  return v;
}

/** The schema errors of a resource of one of the CRDs' kinds, as `path: message` lines (none when valid). */
export function crdErrors(resource: any): string[] {
  if (resource?.apiVersion !== "monitoring.coreos.com/v1") return [`apiVersion: ${resource?.apiVersion} is not monitoring.coreos.com/v1`];
  const v = validator(resource.kind);
  if (v(resource)) return [];
  return (v.errors ?? []).map(
    (e: ErrorObject) => `${e.instancePath || "/"}: ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`,
  );
}

export const CRD_KINDS = Object.keys(FILES);
