/**
 * The discovery examples under docs/examples/discovery/: each is rebuilt from its catalog (and
 * config) as `obsgen build` builds it, compared with the committed output, and checked by the
 * real tool: `promtool check config` on each prometheus.yml (with its rule files, and the
 * example targets files beside it), the CRDs' JSON schemas on each ServiceMonitor, PodMonitor and
 * PrometheusRule. `npx vitest run -u test/discovery/examples.test.ts` rewrites the outputs.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load-config.js";
import type { EmittedFile } from "../../src/emit/serialize.js";
import { compile } from "../../src/pipeline/compile.js";
import { ROOT, tempDir } from "../helpers/cli.js";
import { crdErrors } from "../helpers/crds.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

const EXAMPLES = join(ROOT, "docs", "examples", "discovery");

/** Each example and the part of its output it commits (under its `out/`). */
const VARIANTS: readonly { name: string; commits: readonly string[] }[] = [
  { name: "static", commits: ["prometheus/prometheus.yml"] },
  { name: "file-sd", commits: ["prometheus/prometheus.yml"] },
  { name: "kubernetes-sd", commits: ["prometheus/prometheus.yml"] },
  { name: "service-monitor", commits: ["kubernetes/service-monitors/", "kubernetes/prometheus-rules/"] },
  { name: "pod-monitor", commits: ["kubernetes/pod-monitors/"] },
];

async function build(name: string): Promise<readonly EmittedFile[]> {
  const dir = join(EXAMPLES, name);
  const configFile = join(dir, "obsgen.config.ts");
  const config = existsSync(configFile) ? (await loadConfig(configFile)).value : null;
  const c = await compile({ entry: join(dir, "catalog", "index.ts"), config, today: "2026-01-01" });
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  if (!c.files || errors.length > 0) throw new Error(`example ${name} does not build: ${JSON.stringify(errors)}`);
  return c.files;
}

function committed(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

const built = new Map<string, readonly EmittedFile[]>();
for (const v of VARIANTS) built.set(v.name, await build(v.name));
const kept = (v: (typeof VARIANTS)[number]) =>
  built.get(v.name)!.filter((f) => v.commits.some((c) => f.path === c || (c.endsWith("/") && f.path.startsWith(c))));

describe("the discovery examples", () => {
  for (const v of VARIANTS) {
    it(`rebuilds the ${v.name} example's committed output exactly, and nothing else is committed`, async () => {
      const files = kept(v);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) await expect(f.contents).toMatchFileSnapshot(join(EXAMPLES, v.name, "out", f.path));
      expect(committed(join(EXAMPLES, v.name, "out"))).toEqual(files.map((f) => f.path).sort());
    });
  }

  it("gives the ServiceMonitor example one ServiceMonitor per shipped service, labelled for kube-prometheus-stack in monitoring", () => {
    const monitors = built.get("service-monitor")!.filter((f) => f.path.startsWith("kubernetes/service-monitors/"));
    const docs = monitors.map((f) => yaml.load(f.contents) as any);
    expect(docs.map((d) => d.spec.selector.matchLabels["app.kubernetes.io/name"]).sort()).toEqual([
      "execution-engine",
      "market-data",
      "risk-manager",
      "signal-bridge",
    ]);
    for (const d of docs) {
      expect(d.metadata).toMatchObject({ namespace: "monitoring", labels: { release: "kube-prometheus-stack" } });
      expect(d.spec.namespaceSelector).toEqual({ matchNames: ["py-rt"] });
      expect(d.spec.endpoints[0].port).toBe("metrics");
    }
  });
});

describe("the CRs of the discovery examples against the prometheus-operator CRD schemas", () => {
  for (const v of VARIANTS) {
    it(`validates every ServiceMonitor, PodMonitor and PrometheusRule of the ${v.name} example`, () => {
      const crs = built
        .get(v.name)!
        .filter((f) => f.path.startsWith("kubernetes/") && !f.path.startsWith("kubernetes/dashboards/"))
        .map((f) => ({ path: f.path, doc: yaml.load(f.contents) as any }));
      if (v.name === "service-monitor" || v.name === "pod-monitor") expect(crs.length).toBeGreaterThan(4);
      for (const { path, doc } of crs) expect(crdErrors(doc), path).toEqual([]);
    });
  }
});

/** Whether this promtool knows `kubernetes_sd_configs` (Debian's build leaves Kubernetes discovery out). */
async function promtoolHasKubernetes(dir: string): Promise<{ has: boolean; stderr: string }> {
  const f = join(dir, "k8s-probe.yml");
  writeFileSync(f, "scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs:\n      - role: pod\n");
  const r = await run("promtool", ["check", "config", f]);
  return { has: r.status === 0, stderr: r.stderr };
}

/**
 * The fields Prometheus 2.42 and 3 read in a `kubernetes_sd_configs` entry that obsgen writes
 * (`SDConfig` and `NamespaceDiscovery` in
 * https://github.com/prometheus/prometheus/blob/v2.42.0/discovery/kubernetes/kubernetes.go), for a
 * promtool built without Kubernetes discovery.
 */
function kubernetesSdProblems(entry: any): string[] {
  const out: string[] = [];
  for (const k of Object.keys(entry)) if (!["role", "namespaces"].includes(k)) out.push(`unknown field ${k}`);
  if (!["endpoints", "endpointslice", "service", "pod", "node", "ingress"].includes(entry.role)) out.push(`role ${entry.role}`);
  if (entry.namespaces !== undefined) {
    for (const k of Object.keys(entry.namespaces)) if (!["names", "own_namespace"].includes(k)) out.push(`unknown field namespaces.${k}`);
    if (!Array.isArray(entry.namespaces.names) || entry.namespaces.names.some((n: unknown) => typeof n !== "string")) out.push("namespaces.names");
  }
  return out;
}

describeWithTool("promtool", "promtool check config on the discovery examples' prometheus.yml", () => {
  for (const v of VARIANTS.filter((x) => x.commits.includes("prometheus/prometheus.yml"))) {
    it(`passes the ${v.name} example's prometheus.yml, with its rule files${v.name === "file-sd" ? " and the example targets files" : ""}`, async () => {
      const dir = tempDir("obsgen-discovery-");
      for (const f of built.get(v.name)!.filter((x) => x.path.startsWith("prometheus/"))) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.contents);
      }
      const targets = join(EXAMPLES, v.name, "targets");
      if (existsSync(targets)) cpSync(targets, join(dir, "prometheus", "targets"), { recursive: true });
      const config = join(dir, "prometheus", "prometheus.yml");
      const doc = yaml.load(built.get(v.name)!.find((f) => f.path === "prometheus/prometheus.yml")!.contents) as any;
      const kubernetes = doc.scrape_configs.filter((j: any) => j.kubernetes_sd_configs);
      const probe = await promtoolHasKubernetes(dir);
      if (kubernetes.length > 0 && !probe.has) {
        // Debian's promtool refuses the field itself; check everything else with it, and the
        // Kubernetes entries against the fields Prometheus reads.
        expect(probe.stderr).toMatch(/field kubernetes_sd_configs not found/);
        for (const j of kubernetes) for (const e of j.kubernetes_sd_configs) expect(kubernetesSdProblems(e), j.job_name).toEqual([]);
        for (const j of kubernetes) {
          delete j.kubernetes_sd_configs;
          j.static_configs = [];
        }
        writeFileSync(config, yaml.dump(doc));
      }
      const r = await run("promtool", ["check", "config", config]);
      expect(`${r.stdout}${r.stderr}`, r.stderr).toMatch(/SUCCESS/);
      expect(r.status, r.stderr).toBe(0);
      // Every targets file the config names exists and was checked (a missing one is only a warning).
      expect(r.stdout + r.stderr).not.toMatch(/WARNING/);
    });
  }
});
