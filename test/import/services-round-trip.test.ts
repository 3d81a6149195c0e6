/**
 * The prometheus.yml obsgen builds for each discovery example (docs/examples/discovery/, kept
 * equal to a fresh build by test/discovery/examples.test.ts) is imported into services, a catalog
 * is made of them, and the prometheus.yml built from that catalog scrapes the same jobs the same
 * way: every scrape config equal as data.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { emitPrometheusConfig } from "../../src/emit/prometheus-config.js";
import { importServices } from "../../src/import/services.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { ROOT } from "../helpers/cli.js";

const EXAMPLES = join(ROOT, "docs", "examples", "discovery");

function scrapeConfigs(text: string): unknown {
  return (yaml.load(text) as { scrape_configs: unknown }).scrape_configs;
}

describe("services imported from obsgen's own prometheus.yml", () => {
  for (const example of ["static", "file-sd", "kubernetes-sd"]) {
    it(`give back the ${example} example's scrape configs exactly`, () => {
      const text = readFileSync(join(EXAMPLES, example, "out", "prometheus", "prometheus.yml"), "utf8");
      const imported = importServices({ prometheusConfig: { file: "prometheus.yml", text }, jobs: [] });
      // Only notes that ports are placeholders: nothing of the scrape is lost.
      expect(imported.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
      expect(imported.services.length).toBeGreaterThan(1);
      const services = imported.services.map(({ job: _j, origin: _o, portKnown: _p, ...s }) => s);
      const resolved = resolveCatalog({
        name: "imported",
        teams: ["ops"],
        prometheus: { scrapeInterval: imported.globalScrapeInterval },
        services,
      });
      expect(resolved.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const rebuilt = emitPrometheusConfig(resolved.value!).find((f) => f.path.endsWith("prometheus.yml"))!;
      expect(scrapeConfigs(rebuilt.contents)).toEqual(scrapeConfigs(text));
    });
  }
});
