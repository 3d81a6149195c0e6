/**
 * Discovery and scraping per service and environment: what the catalog accepts, what
 * prometheus.yml and the prometheus-operator target write from it, and which ports clash.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/load-config.js";
import { emitPrometheusConfig } from "../../src/emit/prometheus-config.js";
import { emitPrometheusOperatorTarget } from "../../src/emit/targets/prometheus-operator.js";
import { checkTargets } from "../../src/emit/targets/check.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess } from "../helpers/cli.js";

type Mutation = (c: any) => void;
const resolved = (mutate: Mutation, env?: string) => {
  const c = baseCatalog();
  mutate(c);
  return resolveCatalog(c, env ? { environment: { name: env, from: "`--env`" } } : {});
};
const errors = (mutate: Mutation, env?: string) =>
  resolved(mutate, env)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.path}: ${d.message}`);
const jobs = (mutate: Mutation, env?: string): any[] => {
  const r = resolved(mutate, env);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return (yaml.load(emitPrometheusConfig(r.value)[0]!.contents) as any).scrape_configs;
};
const k8s = (extra: Record<string, unknown> = {}) => ({
  kubernetes: { role: "endpoints", namespaces: ["shop"], selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } }, port: "metrics", ...extra },
});

describe("scrape settings", () => {
  it("writes a job's scrape_interval, scrape_timeout, metrics_path and scheme only where they differ from Prometheus's defaults", () => {
    const [checkout, payments] = jobs((c) => (c.services[0].scrape = { interval: "30s", timeout: "20s", path: "/internal/metrics", scheme: "https" }));
    expect(checkout).toMatchObject({ scrape_interval: "30s", scrape_timeout: "20s", metrics_path: "/internal/metrics", scheme: "https" });
    expect(Object.keys(payments)).toEqual(["job_name", "metrics_path", "static_configs"]);
  });

  it("leaves scrape_timeout out when it is what Prometheus derives: 10s, or the interval when that is shorter", () => {
    const [a, b] = jobs((c) => {
      c.services[0].scrape = { interval: "5s" };
      c.services[1].scrape = { interval: "1m", timeout: "10s" };
    });
    expect(a).toMatchObject({ scrape_interval: "5s" });
    expect(a.scrape_timeout).toBeUndefined();
    expect(b.scrape_timeout).toBeUndefined();
    const model = resolved((c) => (c.services[0].scrape = { interval: "5s" })).value!;
    expect(model.services.find((s) => s.name === "checkout")!.scrape).toEqual({ interval: "5s", timeout: "5s", path: "/metrics", scheme: "http" });
  });

  it("refuses a timeout longer than the interval, naming both and where the interval comes from", () => {
    expect(errors((c) => (c.services[0].scrape = { timeout: "20s" }))).toEqual([
      "catalog/scrape-timeout services.checkout.scrape.timeout: the scrape timeout 20s is longer than the scrape interval 15s (the catalog's `prometheus.scrapeInterval`): Prometheus refuses such a config",
    ]);
    expect(errors((c) => (c.services[0].scrape = { interval: "5s", timeout: "6s" }))[0]).toMatch(
      /6s is longer than the scrape interval 5s \(`scrape.interval`\)/,
    );
  });

  it("refuses a zero interval and a path without its leading slash", () => {
    expect(errors((c) => (c.services[0].scrape = { interval: "0s", path: "metrics" })).map((e) => e.split(":")[0])).toEqual([
      "catalog/schema services.checkout.scrape.interval",
      "catalog/schema services.checkout.scrape.path",
    ]);
  });
});

describe("discovery in prometheus.yml", () => {
  it("keeps today's job for a service without discovery: its host and metrics port, labelled with its service label", () => {
    expect(jobs(() => {})[0]).toEqual({
      job_name: "checkout",
      metrics_path: "/metrics",
      static_configs: [{ targets: ["localhost:8080"], labels: { service: "checkout" } }],
    });
  });

  it("writes static targets, and file_sd_configs with the service label set by relabelling", () => {
    const [checkout, payments] = jobs((c) => {
      c.services[0].discovery = { static: ["web-1:8080", "[::1]:9100"] };
      c.services[1].label = "pay";
      c.services[1].discovery = { file: { files: ["targets/*.json"], refreshInterval: "30s" } };
    });
    expect(checkout.static_configs).toEqual([{ targets: ["web-1:8080", "[::1]:9100"], labels: { service: "checkout" } }]);
    expect(payments.file_sd_configs).toEqual([{ files: ["targets/*.json"], refresh_interval: "30s" }]);
    expect(payments.relabel_configs).toEqual([{ target_label: "service", replacement: "pay" }]);
  });

  it("keeps only the Kubernetes targets of the service: its selector on the Service's labels, its port name, then labels them", () => {
    const [job] = jobs((c) => {
      c.services[0].label = "check_out";
      c.services[0].discovery = k8s({
        selector: {
          matchLabels: { "app.kubernetes.io/name": "checkout", "app.kubernetes.io/version": "1.2" },
          matchExpressions: [
            { key: "track", operator: "NotIn", values: ["canary", "test"] },
            { key: "team", operator: "Exists" },
            { key: "legacy", operator: "DoesNotExist" },
            { key: "tier", operator: "In", values: ["web"] },
          ],
        },
      });
    });
    expect(job.job_name).toBe("checkout");
    expect(job.kubernetes_sd_configs).toEqual([{ role: "endpoints", namespaces: { names: ["shop"] } }]);
    const label = "__meta_kubernetes_service_label_";
    const present = "__meta_kubernetes_service_labelpresent_";
    expect(job.relabel_configs).toEqual([
      { source_labels: [`${label}app_kubernetes_io_name`, `${present}app_kubernetes_io_name`], regex: "(checkout);true", action: "keep" },
      // A label value's `.` is matched literally.
      { source_labels: [`${label}app_kubernetes_io_version`, `${present}app_kubernetes_io_version`], regex: "(1\\.2);true", action: "keep" },
      { source_labels: [`${label}track`, `${present}track`], regex: "(canary|test);true", action: "drop" },
      { source_labels: [`${present}team`], regex: "true", action: "keep" },
      { source_labels: [`${present}legacy`], regex: "true", action: "drop" },
      { source_labels: [`${label}tier`, `${present}tier`], regex: "(web);true", action: "keep" },
      { source_labels: ["__meta_kubernetes_endpoint_port_name"], regex: "metrics", action: "keep" },
      { source_labels: ["__meta_kubernetes_pod_phase"], regex: "(Failed|Succeeded)", action: "drop" },
      { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
      { target_label: "service", replacement: "check_out" },
    ]);
  });

  it("reads each role's own meta labels: pods' labels and container port for `pod`, the slice's port for `endpointslice`", () => {
    const sources = (role: string) => jobs((c) => (c.services[0].discovery = k8s({ role })))[0].relabel_configs.map((r: any) => r.source_labels?.[0]);
    expect(sources("pod").slice(0, 2)).toEqual(["__meta_kubernetes_pod_label_app_kubernetes_io_name", "__meta_kubernetes_pod_container_port_name"]);
    expect(sources("endpointslice")[1]).toBe("__meta_kubernetes_endpointslice_port_name");
    expect(sources("service")).toEqual([
      "__meta_kubernetes_service_label_app_kubernetes_io_name",
      "__meta_kubernetes_service_port_name",
      "__meta_kubernetes_namespace",
      undefined,
    ]);
  });

  it("leaves namespaces out (every namespace) when the catalog names none", () => {
    expect(
      jobs((c) => (c.services[0].discovery = { kubernetes: { role: "pod", selector: { matchLabels: { app: "checkout" } }, port: "metrics" } }))[0]
        .kubernetes_sd_configs,
    ).toEqual([{ role: "pod" }]);
  });

  it("refuses an empty selector, a bad port name, a bad target and a targets file Prometheus would not read", () => {
    expect(
      errors((c) => {
        c.services[0].discovery = k8s({ selector: {}, port: "Metrics_Port" });
        c.services[1].discovery = { static: ["payments", "pay:99999"] };
      }).map((e) => e.split(":")[0]),
    ).toEqual([
      "catalog/schema services.checkout.discovery.kubernetes.selector",
      "catalog/schema services.checkout.discovery.kubernetes.port",
      "catalog/schema services.payments.discovery.static[0]",
      "catalog/schema services.payments.discovery.static[1]",
    ]);
    expect(errors((c) => (c.services[0].discovery = { file: { files: ["targets/*/a.json", "t.txt"] } })).map((e) => e.split(":")[0])).toEqual([
      "catalog/schema services.checkout.discovery.file.files[0]",
      "catalog/schema services.checkout.discovery.file.files[1]",
    ]);
    expect(
      errors(
        (c) =>
          (c.services[0].discovery = k8s({
            selector: {
              matchExpressions: [
                { key: "a", operator: "In" },
                { key: "b", operator: "Exists", values: ["x"] },
              ],
            },
          })),
      ),
    ).toEqual([
      "catalog/schema services.checkout.discovery.kubernetes.selector.matchExpressions[0].values: `In` needs at least one value",
      "catalog/schema services.checkout.discovery.kubernetes.selector.matchExpressions[1].values: `Exists` takes no values",
    ]);
  });

  it("refuses two kinds of discovery at once", () => {
    expect(errors((c) => (c.services[0].discovery = { static: ["a:1"], file: { files: ["a.json"] } }))).toEqual([
      "catalog/schema services.checkout.discovery: gives `static` and `file`: a service is discovered one way",
    ]);
  });
});

describe("environments", () => {
  const twoEnvs: Mutation = (c) => {
    c.environments = ["production", "staging"];
    c.services[0].discovery = { production: k8s(), staging: { static: ["staging-1:8080"] } };
  };

  it("builds the first declared environment unless one is asked for", () => {
    expect(resolved(twoEnvs).value!.environment).toBe("production");
    expect(jobs(twoEnvs)[0].kubernetes_sd_configs).toBeDefined();
    expect(jobs(twoEnvs, "staging")[0].static_configs).toEqual([{ targets: ["staging-1:8080"], labels: { service: "checkout" } }]);
    // A service with one discovery has it in every environment.
    expect(jobs(twoEnvs, "staging")[1].static_configs[0].targets).toEqual(["localhost:8081"]);
  });

  it("refuses an environment the catalog does not declare, saying who asked for it", () => {
    expect(errors(twoEnvs, "prod")).toEqual([
      'catalog/unknown-environment environments: `--env` asks for the environment "prod", which is not one of the catalog\'s environments: production, staging',
    ]);
    expect(errors(() => {}, "prod")[0]).toMatch(/the catalog declares no `environments`/);
  });

  it("refuses a per-environment discovery that misses a declared environment or names an undeclared one", () => {
    expect(
      errors((c) => {
        c.environments = ["production", "staging"];
        c.services[0].discovery = { production: k8s(), qa: { static: ["qa:8080"] } };
      }),
    ).toEqual([
      'catalog/unknown-environment services.checkout.discovery.qa: "qa" is not one of the catalog\'s environments',
      'catalog/missing-discovery services.checkout.discovery: has no discovery for the environment "staging"',
    ]);
    expect(errors((c) => (c.services[0].discovery = { production: k8s() }))[0]).toMatch(/catalog declares no `environments`/);
  });

  it("refuses an environment named like a kind of discovery, and one listed twice", () => {
    expect(errors((c) => (c.environments = ["static", "prod", "prod"])).map((e) => e.split(":")[0])).toEqual([
      "catalog/schema environments[0]",
      "catalog/schema environments[2]",
    ]);
  });

  it("takes the environment from obsgen.config.ts, and `--env` over it, in `obsgen build`", async () => {
    const c = baseCatalog();
    twoEnvs(c);
    const { dir, entry } = writeCatalog(c);
    const config = join(dir, "obsgen.config.ts");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(config, 'export default { environment: "staging" };\n');
    const built = async (args: string[]) => {
      const r = await runInProcess(["--config", config, "build", "--catalog", entry, "--out", join(dir, "out"), ...args]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(dir, "out", "prometheus", "prometheus.yml"), "utf8");
    };
    expect(await built([])).toContain("staging-1:8080");
    expect(await built(["--env", "production"])).toContain("kubernetes_sd_configs");
    const bad = await runInProcess(["--config", config, "build", "--catalog", entry, "--out", join(dir, "out2"), "--env", "qa"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/environments: `--env` asks for the environment "qa".*\[catalog\/unknown-environment\]/);
    expect(validateConfig({ environment: "" }, "obsgen.config.ts").diagnostics[0]?.path).toBe("environment");
  });
});

describe("ports", () => {
  it("lets services on different hosts share a port", () => {
    expect(
      errors((c) => {
        c.services[0].host = "web-1";
        c.services[1].host = "web-2";
        c.services[1].metricsPort = 8080;
      }),
    ).toEqual([]);
  });

  it("lets Kubernetes- and file-discovered services share any port: they are on no host the catalog knows", () => {
    expect(
      errors((c) => {
        c.services[0].metricsPort = 9090;
        c.services[0].discovery = k8s();
        c.services[1].metricsPort = 9093;
        c.services[1].discovery = { file: { files: ["t.json"] } };
      }),
    ).toEqual([]);
  });

  it("names both services of a clash between static targets, with the first one's catalog path", () => {
    expect(
      errors((c) => {
        c.services[0].discovery = { static: ["db-1:9100"] };
        c.services[1].discovery = { static: ["db-2:9100", "DB-1:9100"] };
      }),
    ).toEqual([
      "catalog/port-clash services.payments.discovery.static[1]: port 9100 on DB-1 is already used by checkout (metrics) at services.checkout.discovery.static[0]",
    ]);
  });

  it("checks each environment's hosts on their own, naming the environment", () => {
    expect(
      errors((c) => {
        c.environments = ["production", "staging"];
        c.services[0].discovery = { production: { static: ["a:9100"] }, staging: { static: ["b:9100"] } };
        c.services[1].discovery = { production: { static: ["b:9100"] }, staging: { static: ["b:9100"] } };
      }),
    ).toEqual([
      'catalog/port-clash services.payments.discovery.staging.static[0]: port 9100 on b in the environment "staging" is already used by checkout (metrics) at services.checkout.discovery.staging.static[0]',
    ]);
  });
});

describe("the prometheus-operator target's monitors", () => {
  const target = (extra: Record<string, unknown> = {}) =>
    validateConfig(
      { targets: [{ kind: "prometheus-operator", namespace: "monitoring", labels: { release: "kube-prometheus-stack" }, ...extra }] },
      "obsgen.config.ts",
    ).value!.targets[0] as any;
  const monitors = (mutate: Mutation) => {
    const model = resolved(mutate).value!;
    return emitPrometheusOperatorTarget(model, target(), {})
      .filter((f) => /monitors\//.test(f.path))
      .map((f) => ({ path: f.path, doc: yaml.load(f.contents) as any }));
  };

  it("writes a ServiceMonitor for an endpoints-discovered service whose relabelings set `job` and `service` to what the rules query", () => {
    const [m, ...rest] = monitors((c) => {
      c.services[0].label = "check_out";
      c.services[0].scrape = { interval: "30s" };
      c.services[0].discovery = k8s();
    });
    expect(rest).toEqual([]);
    expect(m!.path).toBe("kubernetes/service-monitors/shop-checkout.yaml");
    expect(m!.doc).toEqual({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: {
        name: "shop-checkout",
        namespace: "monitoring",
        labels: { "app.kubernetes.io/managed-by": "obsgen", "app.kubernetes.io/part-of": "shop", release: "kube-prometheus-stack" },
      },
      spec: {
        namespaceSelector: { matchNames: ["shop"] },
        selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } },
        endpoints: [
          {
            port: "metrics",
            path: "/metrics",
            scheme: "http",
            interval: "30s",
            scrapeTimeout: "10s",
            relabelings: [
              { action: "replace", targetLabel: "service", replacement: "check_out" },
              { action: "replace", targetLabel: "job", replacement: "checkout" },
            ],
          },
        ],
      },
    });
  });

  it("writes a PodMonitor for role pod, asks for EndpointSlice discovery for role endpointslice, and selects every namespace when none is named", () => {
    const ms = monitors((c) => {
      c.services[0].discovery = { kubernetes: { role: "pod", selector: { matchLabels: { app: "checkout" } }, port: "metrics" } };
      c.services[1].discovery = k8s({ role: "endpointslice" });
    });
    expect(ms.map((m) => `${m.path} ${m.doc.kind}`)).toEqual([
      "kubernetes/pod-monitors/shop-checkout.yaml PodMonitor",
      "kubernetes/service-monitors/shop-payments.yaml ServiceMonitor",
    ]);
    expect(ms[0]!.doc.spec.namespaceSelector).toEqual({ any: true });
    expect(ms[0]!.doc.spec.podMetricsEndpoints[0].relabelings[1]).toEqual({ action: "replace", targetLabel: "job", replacement: "checkout" });
    expect(ms[1]!.doc.spec.serviceDiscoveryRole).toBe("EndpointSlice");
  });

  it("writes no monitor for a statically discovered service", () => {
    expect(monitors(() => {})).toEqual([]);
  });

  it("warns that the operator has no `service` role", () => {
    const model = resolved((c) => (c.services[0].discovery = k8s({ role: "service" }))).value!;
    const config = validateConfig({ targets: [{ kind: "prometheus-operator" }] }, "obsgen.config.ts").value!;
    expect(checkTargets(model, config, "obsgen.config.ts").map((d) => `${d.severity} ${d.code} ${d.path}`)).toEqual([
      "warning target/service-role services.checkout.discovery",
    ]);
  });
});
