/**
 * What the discovery fields of a service (`services[].discovery`, `services[].scrape`) may hold,
 * as the tools reading them accept it: Prometheus's `static_configs`, `file_sd_configs` and
 * `kubernetes_sd_configs`, and the Kubernetes names a ServiceMonitor or PodMonitor carries.
 * Pure checks returning the problem (message and hint) or undefined; the zod schema
 * (`schema.ts`) calls them, the resolver picks a service's discovery for the build's environment.
 */
import { hostProblem } from "./hosts.js";

export interface DiscoveryProblem {
  readonly message: string;
  readonly hint?: string;
}

/** The kinds of discovery, which are also the keys that tell one discovery from a per-environment record. */
export const DISCOVERY_KINDS = ["static", "file", "kubernetes"] as const;

/** Kubernetes discovery roles obsgen writes (Prometheus's `kubernetes_sd_configs` `role`; `node` and `ingress` scrape no service). */
export const KUBERNETES_ROLES = ["endpoints", "endpointslice", "pod", "service"] as const;
export type KubernetesRole = (typeof KUBERNETES_ROLES)[number];

/** Kubernetes label selector operators (apimachinery `LabelSelectorOperator`). */
export const SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"] as const;

/** A static target, `host:port`: the host as `services[].host` accepts it, and a port from 1 to 65535. */
export function staticTargetProblem(target: string): DiscoveryProblem | undefined {
  const m = /^(.*):([0-9]+)$/.exec(target);
  if (!m)
    return {
      message: 'must be `host:port`, such as "api-1.internal:9100"',
      hint: "give the host and the port of the metrics endpoint, without scheme or path",
    };
  const port = Number(m[2]);
  if (port < 1 || port > 65535 || m[2]!.startsWith("0")) return { message: `has the port ${m[2]}: a port is a number from 1 to 65535` };
  const host = hostProblem(m[1]!);
  return host ? { message: `has the host "${m[1]}", which ${host.message}`, hint: host.hint } : undefined;
}

/**
 * A `file_sd_configs` file: Prometheus 2.42 and 3 accept a path or a glob in the last path
 * segment only, ending in `.json`, `.yml` or `.yaml` (`patFileSDName` in
 * https://github.com/prometheus/prometheus/blob/v2.42.0/discovery/file/file.go).
 */
export function sdFileProblem(file: string): DiscoveryProblem | undefined {
  if (!/^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/.test(file)) {
    return {
      message:
        "must be a file path ending in `.json`, `.yml` or `.yaml`, with at most one `*` and only in its last segment (what Prometheus's file discovery accepts)",
      hint: 'for example "targets/api.json" or "targets/*.yml"; relative paths are relative to prometheus.yml\'s folder',
    };
  }
  return undefined;
}

/**
 * A Kubernetes port name (apimachinery `IsValidPortName`, an IANA service name): at most 15
 * lowercase letters, digits and `-`, with a letter, no `-` at either end and no `--`.
 */
export function portNameProblem(name: string): DiscoveryProblem | undefined {
  if (name.length >= 1 && name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes("--")) return undefined;
  return {
    message: "must be a Kubernetes port name: at most 15 lowercase letters, digits and `-`, with at least one letter, no `-` at either end and no `--`",
    hint: 'use the `name` of the container or Service port that serves the metrics, such as "metrics"',
  };
}

const K8S_NAME_PART = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
/** A Kubernetes label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export const K8S_LABEL_KEY_RE = new RegExp(`^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?${K8S_NAME_PART}$`);
/** A Kubernetes label value: empty, or at most 63 of letters, digits, `-`, `_`, `.`, alphanumeric at both ends. */
export const K8S_LABEL_VALUE_RE = new RegExp(`^(${K8S_NAME_PART})?$`);
/** A Kubernetes namespace name (a DNS-1123 label). */
export const K8S_NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A label name as Prometheus's Kubernetes discovery writes it into a meta label
 * (`__meta_kubernetes_pod_label_<name>`): every character outside `[a-zA-Z0-9_]` becomes `_`
 * (`strutil.SanitizeLabelName`, https://github.com/prometheus/prometheus/blob/v2.42.0/util/strutil/strconv.go;
 * the operator's `sanitizeLabelName` does the same).
 */
export function sanitizedLabelName(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, "_");
}

/** Names an environment may have: not a kind of discovery, which would make `discovery` ambiguous. */
export function environmentNameProblem(name: string): DiscoveryProblem | undefined {
  if ((DISCOVERY_KINDS as readonly string[]).includes(name)) {
    return {
      message: `cannot be "${name}": it is a kind of discovery, and \`discovery: { ${name}: … }\` would be read as one`,
      hint: 'name the environment otherwise, such as "production" or "staging"',
    };
  }
  return undefined;
}

/** Whether a service's `discovery` value is one discovery (its key is a kind) rather than a record per environment. */
export function isSingleDiscovery(value: unknown): boolean {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).some((k) => (DISCOVERY_KINDS as readonly string[]).includes(k))
  );
}
