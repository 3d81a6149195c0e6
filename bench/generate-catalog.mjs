// Generates a catalog folder of N metrics written with the public authoring API (`import … from
// "obsgen"`), in the proportions of the shipped catalog: services of 10 metrics (4 counters,
// 3 gauges, 3 histograms) with one alert per metric, an SLO per service, and one hand-written
// dashboard per 5 services (a row per service, a panel per metric). obsgen adds its generated
// per-service and SLO dashboards on top, as it does for the shipped catalog.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PER_SERVICE = 10;
const SERVICES_PER_DASHBOARD = 5;
const pad = (i) => String(i).padStart(4, "0");

function serviceFile(s) {
  const id = `svc${pad(s)}`;
  const team = `team${s % 4}`;
  const m = [];
  const alerts = [];
  const panels = [];
  for (let k = 0; k < PER_SERVICE; k++) {
    const key = `m${k}`;
    const base = `${id}_metric${k}`;
    switch (k % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        m.push(`const ${key} = counter({ name: "${base}_total", help: "Events of kind ${k} in ${id}", labels: { status: ["ok", "error"], region: region } });`);
        alerts.push(
          k % 2 === 0
            ? `alert({ name: "${pascal(id)}Errors${k}", priority: "P1", team: "${team}", for: "5m", condition: ratio(${key}, { window: "5m", numerator: { status: "error" } }).above(0.05), summary: "Error ratio of ${base} high", description: "Error ratio {{ $value | humanizePercentage }}", action: "Check ${id}" })`
            : `alert({ name: "${pascal(id)}Rate${k}", priority: "P2", team: "${team}", for: "10m", condition: rate(${key}, { window: "5m", by: ["region"] }).above(100), summary: "Rate of ${base} high", description: "{{ $value }} per second in {{ $labels.region }}", action: "Check ${id}" })`,
        );
        panels.push(
          `panel.timeseries({ title: "${base} rate", description: "Per-second rate by status.", targets: [rate(${key}, { window: W, by: ["status"] })] })`,
        );
        break;
      case 4:
      case 5:
      case 6:
        m.push(`const ${key} = gauge({ name: "${base}_bytes", help: "Size ${k} of ${id}", unit: "bytes", labels: { region: region } });`);
        alerts.push(
          `alert({ name: "${pascal(id)}Size${k}", priority: "P2", team: "${team}", for: "15m", condition: value(${key}, { aggregate: "max", by: ["region"] }).above(params.max_bytes), summary: "Size ${base} large", description: "{{ $value | humanize1024 }}B in {{ $labels.region }}", action: "Free space on ${id}" })`,
        );
        panels.push(`panel.stat({ title: "${base}", description: "Current size.", targets: [value(${key}, { aggregate: "max" })] })`);
        break;
      default:
        m.push(
          `const ${key} = histogram({ name: "${base}_seconds", help: "Latency ${k} of ${id}", unit: "seconds", buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5], labels: { method: ["GET", "POST"] } });`,
        );
        alerts.push(
          `alert({ name: "${pascal(id)}Slow${k}", priority: "P1", team: "${team}", for: "5m", condition: quantile(${key}, 0.99, { window: "5m", where: { method: "POST" } }).above(params.latency_budget), summary: "p99 of ${base} above budget", description: "p99 is {{ $value }}s", action: "Check ${id} dependencies" })`,
        );
        panels.push(`panel.timeseries({ title: "${base} p99", description: "p99 latency.", targets: [quantile(${key}, 0.99, { window: W })] })`);
    }
  }
  return {
    id,
    source: `import { alert, counter, defineService, gauge, histogram, panel, quantile, rate, ratio, row, value } from "obsgen";
import { params, region } from "./shared.js";

const W = "$__rate_interval";
${m.join("\n")}

export const ${id}Metrics = { ${Array.from({ length: PER_SERVICE }, (_, k) => `m${k}`).join(", ")} };

export const ${id} = defineService({
  name: "${id.replace("svc", "svc-")}",
  description: "Generated service ${s}",
  metricsPort: ${20000 + s},
  availability: 99.9,
  team: "${team}",
  metrics: ${id}Metrics,
  alerts: [
    ${alerts.join(",\n    ")},
  ],
});

export const ${id}Row = row("${id}", [
  ${panels.join(",\n  ")},
]);
`,
  };
}

const pascal = (id) => id.charAt(0).toUpperCase() + id.slice(1);

/** Writes catalog/index.ts and its modules under `dir`; returns the entry file. */
export function writeCatalog(dir, metrics) {
  const services = Math.max(1, Math.ceil(metrics / PER_SERVICE));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "shared.ts"),
    `import { defineParameters } from "obsgen";

export const region = ["eu", "us", "ap"] as const;

export const params = defineParameters({
  max_bytes: { default: 1073741824, unit: "bytes", description: "Largest tolerated size" },
  latency_budget: { default: 0.5, unit: "seconds", description: "p99 latency budget" },
});
`,
  );
  const ids = [];
  for (let s = 0; s < services; s++) {
    const f = serviceFile(s);
    ids.push(f.id);
    writeFileSync(join(dir, `${f.id}.ts`), f.source);
  }
  const dashboards = [];
  for (let d = 0; d * SERVICES_PER_DASHBOARD < services; d++) {
    const rows = ids.slice(d * SERVICES_PER_DASHBOARD, (d + 1) * SERVICES_PER_DASHBOARD).map((id) => `${id}Row`);
    dashboards.push(
      `dashboard({ title: "Overview ${d}", description: "Services ${d * SERVICES_PER_DASHBOARD} to ${d * SERVICES_PER_DASHBOARD + rows.length - 1}.", rows: [${rows.join(", ")}] })`,
    );
  }
  writeFileSync(
    join(dir, "index.ts"),
    `import { dashboard, defineCatalog, slo } from "obsgen";
import { params } from "./shared.js";
${ids.map((id) => `import { ${id}, ${id}Metrics, ${id}Row } from "./${id}.js";`).join("\n")}

export default defineCatalog({
  name: "gen${metrics}",
  description: "Generated catalog of ${metrics} metrics for benchmarks",
  teams: ["team0", "team1", "team2", "team3"],
  parameters: params,
  services: [${ids.join(", ")}],
  slos: [
    ${ids
      .map(
        (id, s) =>
          `slo({ kind: "latency", name: "${id}-latency", team: "team${s % 4}", description: "p99 under 1s", metric: ${id}Metrics.m7, quantile: 0.99, threshold: 1, window: "5m", for: "5m" })`,
      )
      .join(",\n    ")},
  ],
  dashboards: [
    ${dashboards.join(",\n    ")},
  ],
  prometheus: { port: 9090 },
  alertmanager: { port: 9093 },
});
`,
  );
  return join(dir, "index.ts");
}
