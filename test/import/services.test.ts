import { describe, expect, it } from "vitest";
import { buildInventory, type InventoryMetric } from "../../src/import/inventory.js";
import { type ImportedService, importServices, PLACEHOLDER_METRICS_PORT, serviceNameOf, serviceOfMetric } from "../../src/import/services.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { loadRuleFile } from "../../src/rulefile/index.js";

function fromConfig(text: string, jobs: Parameters<typeof importServices>[0]["jobs"] = []) {
  return importServices({ prometheusConfig: { file: "prometheus.yml", text }, jobs });
}

/** The services as the writer prints them (`defineService({...})`), without the importer's own fields. */
function declared(services: readonly ImportedService[]) {
  return services.map(({ job: _job, origin: _origin, portKnown: _portKnown, ...s }) => s);
}

/** The services resolve in a catalog: the catalog's schema and its checks (ports, discovery) accept them. */
function expectResolves(services: readonly ImportedService[]): void {
  const r = resolveCatalog({ name: "imported", teams: ["ops"], services: declared(services) });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
}

function codes(diagnostics: readonly { code: string }[]): string[] {
  return diagnostics.map((d) => d.code);
}

describe("services from a prometheus.yml", () => {
  it("reads a static job with one target as the service's host and metricsPort, at the job's file:line:col", () => {
    const { services, diagnostics } = fromConfig(`global:
  scrape_interval: 15s
scrape_configs:
  - job_name: checkout
    static_configs:
      - targets: ["checkout-1.internal:9101"]
`);
    expect(diagnostics).toEqual([]);
    expect(services).toEqual([
      {
        name: "checkout",
        description: "Scrape job checkout (imported from prometheus.yml)",
        host: "checkout-1.internal",
        metricsPort: 9101,
        portKnown: true,
        job: "checkout",
        origin: { file: "prometheus.yml", line: 4, column: 15 },
      },
    ]);
    expectResolves(services);
  });

  it("reads several static targets as a static discovery, its port from the targets, and the global scrape interval apart", () => {
    const { services, globalScrapeInterval, diagnostics } = fromConfig(`global: { scrape_interval: 15s }
scrape_configs:
  - job_name: api
    scrape_interval: 5s
    scrape_timeout: 4s
    metrics_path: /internal/metrics
    scheme: https
    static_configs:
      - targets: ["api-1:8080", "api-2:8080"]
      - targets: ["api-3:8080"]
`);
    expect(diagnostics).toEqual([]);
    expect(globalScrapeInterval).toBe("15s");
    expect(declared(services)).toEqual([
      {
        name: "api",
        description: "Scrape job api (imported from prometheus.yml)",
        metricsPort: 8080,
        discovery: { static: ["api-1:8080", "api-2:8080", "api-3:8080"] },
        scrape: { interval: "5s", timeout: "4s", path: "/internal/metrics", scheme: "https" },
      },
    ]);
    expectResolves(services);
  });

  it("gives a job without a timeout the global scrape_timeout where the catalog's default would differ", () => {
    const { services } = fromConfig(`global: { scrape_interval: 15s, scrape_timeout: 5s }
scrape_configs:
  - job_name: api
    static_configs: [{ targets: ["a:80"] }]
  - job_name: fast
    scrape_interval: 2s
    static_configs: [{ targets: ["b:80"] }]
  - job_name: own
    scrape_timeout: 7s
    static_configs: [{ targets: ["c:80"] }]
`);
    // Prometheus: the global 5s; 2s for the 2s job (capped at its interval), which is the catalog's default too.
    expect(services.map((s) => s.scrape)).toEqual([{ timeout: "5s" }, { interval: "2s" }, { timeout: "7s" }]);
    const r = resolveCatalog({ name: "imported", teams: ["ops"], prometheus: { scrapeInterval: "15s" }, services: declared(services) });
    expect(r.value!.services.map((s) => s.scrape.timeout)).toEqual(["5s", "2s", "7s"]);
  });

  it("reports static target labels and targets the catalog refuses, keeping the rest", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: db
    static_configs:
      - targets: ["db-1:9187", "http://db-2:9187"]
        labels: { dc: eu-1 }
`);
    expect(services[0]!.host).toBe("db-1");
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["import/service-discovery", 5, 17],
      ["import/service-discovery", 4, 32],
    ]);
  });

  it("reads file_sd_configs as a file discovery whose metricsPort is a placeholder claiming no port", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: billing
    file_sd_configs:
      - files: ["targets/billing.json", "targets/billing-*.yml"]
        refresh_interval: 1m
  - job_name: ledger
    file_sd_configs:
      - files: ["targets/ledger.json"]
`);
    expect(declared(services)).toEqual([
      {
        name: "billing",
        description: "Scrape job billing (imported from prometheus.yml)",
        metricsPort: PLACEHOLDER_METRICS_PORT,
        discovery: { file: { files: ["targets/billing.json", "targets/billing-*.yml"], refreshInterval: "1m" } },
      },
      {
        name: "ledger",
        description: "Scrape job ledger (imported from prometheus.yml)",
        metricsPort: PLACEHOLDER_METRICS_PORT,
        discovery: { file: { files: ["targets/ledger.json"] } },
      },
    ]);
    expect(services.map((s) => s.portKnown)).toEqual([false, false]);
    expect(codes(diagnostics)).toEqual(["import/service-port", "import/service-port"]);
    // Two services with the same placeholder port: file discovery claims no host, so no port clash.
    expectResolves(services);
  });

  it("reads kubernetes_sd_configs with a label selector and a port name from the relabel rules people write", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: checkout
    kubernetes_sd_configs:
      - role: endpoints
        namespaces: { names: [shop] }
    relabel_configs:
      - source_labels: [__meta_kubernetes_service_label_app]
        action: keep
        regex: checkout
      - source_labels: [__meta_kubernetes_service_label_tier]
        action: keep
        regex: (web|api)
      - source_labels: [__meta_kubernetes_service_label_canary]
        action: drop
        regex: "true"
      - source_labels: [__meta_kubernetes_endpoint_port_name]
        action: keep
        regex: metrics
      - action: labelmap
        regex: __meta_kubernetes_service_label_(.+)
`);
    expect(declared(services)).toEqual([
      {
        name: "checkout",
        description: "Scrape job checkout (imported from prometheus.yml)",
        metricsPort: PLACEHOLDER_METRICS_PORT,
        discovery: {
          kubernetes: {
            role: "endpoints",
            namespaces: ["shop"],
            selector: {
              matchLabels: { app: "checkout" },
              matchExpressions: [
                { key: "tier", operator: "In", values: ["web", "api"] },
                { key: "canary", operator: "NotIn", values: ["true"] },
              ],
            },
            port: "metrics",
          },
        },
      },
    ]);
    // The labelmap is not the catalog's to say: reported, with the placeholder port.
    expect(diagnostics.map((d) => [d.code, d.message.includes("relabel_configs[4]")])).toEqual([
      ["import/service-discovery", true],
      ["import/service-port", false],
    ]);
    expectResolves(services);
  });

  it("reads back the relabelling obsgen itself writes for a pod discovery (labelpresent twins, finished pods dropped)", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: worker
    kubernetes_sd_configs:
      - role: pod
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_name, __meta_kubernetes_pod_labelpresent_app_kubernetes_io_name]
        action: keep
        regex: (worker);true
      - source_labels: [__meta_kubernetes_pod_labelpresent_track]
        action: drop
        regex: "true"
      - source_labels: [__meta_kubernetes_pod_container_port_name]
        action: keep
        regex: metrics
      - source_labels: [__meta_kubernetes_pod_phase]
        action: drop
        regex: Failed|Succeeded
      - target_label: service
        replacement: worker
`);
    expect(services[0]!.discovery).toEqual({
      kubernetes: {
        role: "pod",
        selector: { matchLabels: { app_kubernetes_io_name: "worker" }, matchExpressions: [{ key: "track", operator: "DoesNotExist" }] },
        port: "metrics",
      },
    });
    expect(codes(diagnostics)).toEqual(["import/service-port"]);
    expectResolves(services);
  });

  it("does not make a service of a job that keeps every annotated pod, and says why", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: kubernetes-pods
    kubernetes_sd_configs:
      - role: pod
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
        action: keep
        regex: "true"
`);
    expect(services).toEqual([]);
    const notAService = diagnostics.find((d) => d.code === "import/not-a-service");
    expect(notAService).toMatchObject({ severity: "warning", file: "prometheus.yml", line: 2, column: 15 });
    expect(notAService!.message).toContain("label selector");
  });

  it("does not make a service of a Kubernetes job without a port name, or of a node role", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: api
    kubernetes_sd_configs: [{ role: service }]
    relabel_configs:
      - { source_labels: [__meta_kubernetes_service_label_app], action: keep, regex: api }
  - job_name: kubelet
    kubernetes_sd_configs: [{ role: node }]
`);
    expect(services).toEqual([]);
    expect(diagnostics.filter((d) => d.code === "import/not-a-service").map((d) => d.line)).toEqual([2, 6]);
  });

  it("gives a job discovered in a way the catalog cannot say a targets file to write, and says so", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: search
    consul_sd_configs:
      - server: consul:8500
        services: [search]
`);
    expect(declared(services)).toEqual([
      {
        name: "search",
        description: "Scrape job search (imported from prometheus.yml)",
        metricsPort: PLACEHOLDER_METRICS_PORT,
        discovery: { file: { files: ["targets/search.json"] } },
      },
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "import/service-discovery", line: 4, column: 7 });
    expect(diagnostics[0]!.message).toContain("consul_sd_configs");
    expectResolves(services);
  });

  it("reads the service label a static target or a relabel rule sets, keeping it only where it is not the default", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: order-api
    static_configs:
      - targets: ["a:80"]
        labels: { service: order_api }
  - job_name: billing
    file_sd_configs: [{ files: [billing.json] }]
    relabel_configs:
      - target_label: service
        replacement: payments
`);
    expect(services.map((s) => [s.name, s.label])).toEqual([
      ["order-api", undefined],
      ["billing", "payments"],
    ]);
    expect(codes(diagnostics)).toEqual(["import/service-port"]);
    expectResolves(services);
  });

  it("keeps the last of two service labels, as Prometheus's relabelling does, and says so", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: api
    static_configs:
      - targets: ["a:80"]
        labels: { service: web }
    relabel_configs:
      - target_label: service
        replacement: api_v2
`);
    expect(services[0]!.label).toBe("api_v2");
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["import/service-discovery", 2]]);
  });

  it("reports the scrape settings it does not keep", () => {
    const { diagnostics } = fromConfig(`scrape_configs:
  - job_name: api
    honor_labels: true
    basic_auth: { username: u, password_file: /p }
    static_configs: [{ targets: ["api:80"] }]
`);
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([["import/service-scrape", 3]]);
    expect(diagnostics[0]!.message).toContain("honor_labels, basic_auth");
  });

  it("gives YAML errors and a job without a name at file:line:col, as errors", () => {
    expect(fromConfig("scrape_configs:\n  - job_name: [a\n").diagnostics[0]).toMatchObject({ code: "import/prometheus-config", severity: "error", line: 3 });
    const { services, diagnostics } = fromConfig("scrape_configs:\n  - static_configs: [{ targets: ['a:1'] }]\n");
    expect(services).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ code: "import/prometheus-config", severity: "error", line: 2, column: 5 });
  });

  it("warns of a job the rules match on that no scrape job has", () => {
    const { diagnostics } = fromConfig("scrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ['api:80'] }]\n", [
      { job: "api", uses: [{ file: "rules.yml", line: 3, column: 10 }] },
      { job: "gone", uses: [{ file: "rules.yml", line: 9, column: 12 }] },
    ]);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "import/unknown-job", file: "rules.yml", line: 9, column: 12 })]);
  });
});

describe("job names as catalog service names", () => {
  it.each([
    ["checkout", "checkout"],
    ["kubernetes-pods", "kubernetes-pods"],
    ["node_exporter", "node-exporter"],
    ["Kube.API", "kube-api"],
    ["blackbox/http_2xx", "blackbox-http-2xx"],
    ["2fa-service", "fa-service"],
    ["___", "service"],
  ])("names job %j service %j", (job, name) => {
    expect(serviceNameOf(job)).toBe(name);
  });

  it("renames a job that is not kebab-case, warning that kept rules read the old job until the scrape job is renamed", () => {
    const { services, diagnostics } = fromConfig(`scrape_configs:
  - job_name: node_exporter
    static_configs: [{ targets: ["db-1:9100"] }]
`);
    expect(services.map((s) => [s.name, s.job])).toEqual([["node-exporter", "node_exporter"]]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: "import/service-name", severity: "warning", line: 2, column: 15 });
    expect(diagnostics[0]!.message).toContain('up{job="node_exporter"}');
    expectResolves(services);
  });

  it("makes names unique when two jobs come to the same one", () => {
    const { services } = fromConfig(`scrape_configs:
  - job_name: node-exporter
    static_configs: [{ targets: ["a:9100"] }]
  - job_name: node_exporter
    static_configs: [{ targets: ["b:9100"] }]
`);
    expect(services.map((s) => s.name)).toEqual(["node-exporter", "node-exporter-2"]);
    expectResolves(services);
  });
});

describe("services from the rules' job values alone", () => {
  it("makes one service per job, discovered from a targets file, with a placeholder port", () => {
    const { services, diagnostics } = importServices({
      jobs: [
        { job: "node_exporter", uses: [{ file: "rules.yml", line: 5, column: 20 }] },
        { job: "api", uses: [{ file: "rules.yml", line: 9, column: 14 }] },
      ],
    });
    expect(services.map((s) => [s.name, s.job, s.portKnown, s.discovery])).toEqual([
      ["api", "api", false, { file: { files: ["targets/api.json"] } }],
      ["node-exporter", "node_exporter", false, { file: { files: ["targets/node-exporter.json"] } }],
    ]);
    expect(codes(diagnostics).sort()).toEqual(["import/service-name", "import/service-port", "import/service-port"]);
    expectResolves(services);
  });
});

describe("the service of a metric", () => {
  const services = importServices({
    jobs: [
      { job: "api", uses: [] },
      { job: "db", uses: [] },
    ],
  }).services;

  function metric(exprs: string[], name: string): InventoryMetric {
    const text = `groups:\n  - name: g\n    rules:\n${exprs.map((e, i) => `      - alert: A${i}\n        expr: '${e}'\n`).join("")}`;
    const { inventory } = buildInventory({ ruleFiles: [{ file: "r.yml", loaded: loadRuleFile("r.yml", text) }] });
    return inventory.metrics.find((m) => m.name === name)!;
  }

  it("is the service whose job every use pins", () => {
    expect(
      serviceOfMetric(
        metric(['rate(http_requests_total{job="api"}[5m]) > 1', 'sum by (job) (http_requests_total{job="api", code="500"}) > 0'], "http_requests_total"),
        services,
      ),
    ).toBe("api");
  });

  it("is none when one use does not pin the job", () => {
    expect(
      serviceOfMetric(metric(['rate(http_requests_total{job="api"}[5m]) > 1', "sum by (job) (http_requests_total) > 0"], "http_requests_total"), services),
    ).toBeUndefined();
  });

  it("is none when the uses pin different jobs, or a job no service has", () => {
    expect(serviceOfMetric(metric(['x_total{job="api"} > 1', 'x_total{job="db"} > 1'], "x_total"), services)).toBeUndefined();
    expect(serviceOfMetric(metric(['x_total{job="cache"} > 1'], "x_total"), services)).toBeUndefined();
  });

  it("reads dashboard queries as well as rules: each query's selectors pin the job, or not", () => {
    const dashboard = (exprs: string[]) => ({
      file: "d.json",
      value: { title: "d", panels: exprs.map((expr, i) => ({ id: i + 1, type: "timeseries", targets: [{ expr }] })) },
    });
    const of = (exprs: string[]) => buildInventory({ dashboards: [dashboard(exprs)] }).inventory.metrics.find((m) => m.name === "x_total")!;
    expect(serviceOfMetric(of(['rate(x_total{job="db"}[$__rate_interval])', 'sum(x_total{job="db"})']), services)).toBe("db");
    expect(serviceOfMetric(of(['rate(x_total{job="db"}[$__rate_interval]) / rate(x_total[5m])']), services)).toBeUndefined();
  });

  it("is none when the job is only grouped by, not matched", () => {
    expect(serviceOfMetric(metric(["sum by (job) (x_total) > 1"], "x_total"), services)).toBeUndefined();
  });
});
