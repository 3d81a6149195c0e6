/**
 * How each service is discovered and scraped: the build's environment, each service's discovery
 * in it, its scrape settings with Prometheus's defaults, and the ports that clash on one host.
 */
import { formatDuration, parseDuration } from "../compat/go/duration.js";
import { isSingleDiscovery } from "./discovery.js";
import { type Ctx, err } from "./resolve-context.js";
import type { ResolvedDiscovery, ResolvedScrape } from "./resolved.js";
import type { CatalogSpec, DiscoverySpec } from "./schema.js";

type ServiceSpec = CatalogSpec["services"][number];

/** The environment a build asks for, and who asked (for messages): `--env`, or the config's `environment`. */
export interface EnvironmentRequest {
  readonly name: string;
  readonly from: string;
}

/**
 * Prometheus's default `scrape_timeout`, 10s, capped at the interval (2.42 and 3:
 * `GlobalConfig.UnmarshalYAML` and `ScrapeConfig.Validate` in
 * https://github.com/prometheus/prometheus/blob/v2.42.0/config/config.go).
 */
export const PROMETHEUS_DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;

/** The `scrape_timeout` Prometheus gives a job that sets none: the global timeout (10s, or the global interval when shorter), capped at the job's interval. */
export function defaultScrapeTimeoutMs(globalIntervalMs: number, jobIntervalMs: number): number {
  return Math.min(PROMETHEUS_DEFAULT_SCRAPE_TIMEOUT_MS, globalIntervalMs, jobIntervalMs);
}

/** The environment of this build: the one asked for, else the first declared; null when the catalog declares none. */
export function chooseEnvironment(ctx: Ctx, catalog: CatalogSpec, request: EnvironmentRequest | undefined): string | null {
  const declared = catalog.environments ?? [];
  if (request === undefined) return declared[0] ?? null;
  if (!declared.includes(request.name)) {
    err(
      ctx,
      "catalog/unknown-environment",
      "environments",
      declared.length === 0
        ? `${request.from} asks for the environment "${request.name}", but the catalog declares no \`environments\``
        : `${request.from} asks for the environment "${request.name}", which is not one of the catalog's environments: ${declared.join(", ")}`,
      declared.length === 0 ? "declare it in the catalog's `environments`, or build without an environment" : `use one of: ${declared.join(", ")}`,
    );
    return null;
  }
  return request.name;
}

/** Where a service's discovery for `env` was written, and what it is (the default when it has none). */
function discoveryOf(s: ServiceSpec, env: string | null): { spec: DiscoverySpec | undefined; path: string } {
  const base = `services.${s.name}.discovery`;
  if (s.discovery === undefined) return { spec: undefined, path: `services.${s.name}.metricsPort` };
  if (isSingleDiscovery(s.discovery)) return { spec: s.discovery as DiscoverySpec, path: base };
  const byEnv = s.discovery as Record<string, DiscoverySpec>;
  return env !== null && byEnv[env] !== undefined ? { spec: byEnv[env], path: `${base}.${env}` } : { spec: undefined, path: base };
}

/** A per-environment `discovery` names only declared environments and gives each of them one. */
export function checkDiscoveryEnvironments(ctx: Ctx, catalog: CatalogSpec): void {
  const declared = catalog.environments ?? [];
  for (const s of catalog.services) {
    if (s.discovery === undefined || isSingleDiscovery(s.discovery)) continue;
    const byEnv = s.discovery as Record<string, DiscoverySpec>;
    const path = `services.${s.name}.discovery`;
    if (declared.length === 0) {
      err(
        ctx,
        "catalog/unknown-environment",
        path,
        `gives a discovery per environment (${Object.keys(byEnv).join(", ") || "none"}), but the catalog declares no \`environments\``,
        "declare them in the catalog's `environments`, or give one discovery such as `{ static: [...] }`",
      );
      continue;
    }
    for (const env of Object.keys(byEnv)) {
      if (!declared.includes(env))
        err(ctx, "catalog/unknown-environment", `${path}.${env}`, `"${env}" is not one of the catalog's environments`, `use one of: ${declared.join(", ")}`);
    }
    const missing = declared.filter((e) => byEnv[e] === undefined);
    if (missing.length > 0)
      err(
        ctx,
        "catalog/missing-discovery",
        path,
        `has no discovery for the environment${missing.length > 1 ? "s" : ""} ${missing.map((e) => `"${e}"`).join(", ")}`,
        "give every environment the catalog declares a discovery, or one discovery for all of them",
      );
  }
}

/** A service's discovery in `env`, defaulted: `host:metricsPort` when it gives none. */
export function resolveDiscovery(s: ServiceSpec, env: string | null): ResolvedDiscovery {
  const { spec } = discoveryOf(s, env);
  if (spec === undefined) return { kind: "static", targets: [`${s.host}:${s.metricsPort}`] };
  if ("static" in spec) return { kind: "static", targets: [...spec.static] };
  if ("file" in spec) return { kind: "file", files: [...spec.file.files], refreshInterval: spec.file.refreshInterval ?? null };
  const k = spec.kubernetes;
  return {
    kind: "kubernetes",
    role: k.role,
    namespaces: [...(k.namespaces ?? [])],
    selector: {
      matchLabels: { ...(k.selector.matchLabels ?? {}) },
      matchExpressions: (k.selector.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: [...(e.values ?? [])] })),
    },
    port: k.port,
  };
}

/** A service's scrape settings with Prometheus's defaults; a timeout longer than the interval is an error (Prometheus refuses the config). */
export function resolveScrape(ctx: Ctx, catalog: CatalogSpec, s: ServiceSpec): ResolvedScrape {
  const globalMs = parseDuration(catalog.prometheus.scrapeInterval) ?? 0;
  const interval = s.scrape?.interval ?? catalog.prometheus.scrapeInterval;
  const intervalMs = parseDuration(interval) ?? 0;
  let timeout = s.scrape?.timeout;
  if (timeout !== undefined && (parseDuration(timeout) ?? 0) > intervalMs) {
    err(
      ctx,
      "catalog/scrape-timeout",
      `services.${s.name}.scrape.timeout`,
      `the scrape timeout ${timeout} is longer than the scrape interval ${interval} (${s.scrape?.interval !== undefined ? "`scrape.interval`" : "the catalog's `prometheus.scrapeInterval`"}): Prometheus refuses such a config`,
      "make `scrape.timeout` at most the interval, or lengthen `scrape.interval`",
    );
  }
  timeout ??= formatDuration(defaultScrapeTimeoutMs(globalMs, intervalMs));
  return { interval, timeout, path: s.scrape?.path ?? "/metrics", scheme: s.scrape?.scheme ?? "http" };
}

/** `host:port` split at its last `:` (an IPv6 host keeps its brackets). */
function splitTarget(target: string): { host: string; port: number } {
  const i = target.lastIndexOf(":");
  return { host: target.slice(0, i), port: Number(target.slice(i + 1)) };
}

/**
 * Ports are unique per host: two endpoints on one host cannot both listen on a port, while
 * services on different hosts may share one (every node exporter on 9100). A service found by
 * file or Kubernetes discovery is on no host the catalog knows, and claims none. Checked in every
 * environment the catalog declares, each its own set of hosts.
 */
export function checkPorts(ctx: Ctx, catalog: CatalogSpec): void {
  const envs: (string | null)[] = catalog.environments?.length ? [...catalog.environments] : [null];
  const reported = new Set<string>();
  for (const env of envs) {
    const used = new Map<string, { owner: string; path: string }>();
    const claim = (host: string, port: number, owner: string, path: string) => {
      // "localhost", "127.0.0.1" and "[::1]" are one host, and host names ignore case.
      const h = host === "127.0.0.1" || host === "[::1]" ? "localhost" : host.toLowerCase().replace(/\.$/, "");
      const key = `${h}:${port}`;
      const prev = used.get(key);
      if (!prev) {
        used.set(key, { owner, path });
        return;
      }
      const where = env !== null ? ` in the environment "${env}"` : "";
      const message = `port ${port} on ${host}${where} is already used by ${prev.owner} at ${prev.path}`;
      if (reported.has(`${path} ${message}`)) return;
      reported.add(`${path} ${message}`);
      err(ctx, "catalog/port-clash", path, message, "give each endpoint on a host its own port, or put the services on different hosts");
    };
    catalog.services.forEach((s) => {
      const { spec, path } = discoveryOf(s, env);
      let hosts: string[] = [];
      // A per-environment discovery missing this environment is reported on its own.
      if (spec === undefined && s.discovery !== undefined) return;
      if (spec === undefined) {
        hosts = [s.host];
        claim(s.host, s.metricsPort, `${s.name} (metrics)`, path);
      } else if ("static" in spec) {
        spec.static.forEach((t, i) => {
          const { host, port } = splitTarget(t);
          if (!hosts.includes(host)) hosts.push(host);
          claim(host, port, `${s.name} (metrics)`, `${path}.static[${i}]`);
        });
      }
      // The process runs beside its metrics endpoint, on each host the service is on.
      if (s.processPort) for (const h of hosts) claim(h, s.processPort.port, `${s.name} (${s.processPort.protocol})`, `services.${s.name}.processPort.port`);
    });
    claim("localhost", catalog.prometheus.port, "the Prometheus server", "prometheus.port");
    claim(catalog.alertmanager.host, catalog.alertmanager.port, "Alertmanager", "alertmanager.port");
  }
}
