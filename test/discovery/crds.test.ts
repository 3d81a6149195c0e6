/**
 * The CRD schema check itself: the PrometheusRules of the all-targets golden pass it, and resources
 * broken in ways the API server refuses fail it (so a pass means something).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";
import { crdErrors } from "../helpers/crds.js";

const GOLDEN = join(ROOT, "test", "golden", "targets", "kubernetes", "prometheus-rules");

const serviceMonitor = () => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind: "ServiceMonitor",
  metadata: { name: "shop-checkout", namespace: "monitoring" },
  spec: {
    namespaceSelector: { matchNames: ["shop"] },
    selector: { matchLabels: { "app.kubernetes.io/name": "checkout" } },
    endpoints: [{ port: "metrics", interval: "15s", relabelings: [{ action: "replace", targetLabel: "service", replacement: "checkout" }] }],
  },
});

describe("the prometheus-operator CRD schemas", () => {
  it("accept every PrometheusRule of the prometheus-operator target's golden output", () => {
    const files = readdirSync(GOLDEN).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) expect(crdErrors(yaml.load(readFileSync(join(GOLDEN, f), "utf8"))), f).toEqual([]);
  });

  it("accept a well-formed ServiceMonitor (the base of the broken ones below)", () => {
    expect(crdErrors(serviceMonitor())).toEqual([]);
  });

  const broken: { what: string; mutate: (r: any) => void; error: RegExp }[] = [
    {
      what: "a port given as a number where the CRD wants a name",
      mutate: (r) => (r.spec.endpoints[0].port = 8080),
      error: /endpoints\/0\/port: must be string/,
    },
    { what: "an interval that is no duration", mutate: (r) => (r.spec.endpoints[0].interval = "15 seconds"), error: /interval: must match pattern/ },
    {
      what: "an unknown field (a typo of `endpoints`)",
      mutate: (r) => (r.spec.endpoint = r.spec.endpoints),
      error: /must NOT have additional properties \(endpoint\)/,
    },
    {
      what: "a relabeling action the operator does not know",
      mutate: (r) => (r.spec.endpoints[0].relabelings[0].action = "rename"),
      error: /action: must be equal to one of the allowed values/,
    },
    {
      what: "a scheme other than http or https",
      mutate: (r) => (r.spec.endpoints[0].scheme = "ftp"),
      error: /scheme: must be equal to one of the allowed values/,
    },
    { what: "a name that is no DNS subdomain", mutate: (r) => (r.metadata.name = "Shop_Checkout"), error: /metadata\/name: must match pattern/ },
  ];
  for (const b of broken) {
    it(`refuse a ServiceMonitor with ${b.what}`, () => {
      const r = serviceMonitor();
      b.mutate(r);
      const errors = crdErrors(r);
      expect(errors.join("\n")).toMatch(b.error);
    });
  }

  it("refuse a PodMonitor carrying a ServiceMonitor's `endpoints` instead of `podMetricsEndpoints`", () => {
    const r: any = { ...serviceMonitor(), kind: "PodMonitor" };
    expect(crdErrors(r).join("\n")).toMatch(/additional properties \(endpoints\)/);
  });
});
