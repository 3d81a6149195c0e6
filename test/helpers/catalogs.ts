/** Small catalogs written to temporary folders, for failure-path tests. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./cli.js";

/** A minimal valid catalog as plain data (what the helpers produce), easy to break one field at a time. */
export function baseCatalog(): any {
  return {
    name: "shop",
    teams: ["web"],
    parameters: { max_latency: { default: 250, unit: "milliseconds", description: "Latency budget" } },
    services: [
      {
        name: "checkout",
        description: "Checkout API",
        metricsPort: 8080,
        metrics: {
          request_latency: {
            type: "histogram",
            name: "checkout_request_latency_ms",
            help: "Request latency",
            unit: "milliseconds",
            buckets: [10, 50, 100, 250, 500],
            labels: { method: ["GET", "POST"] },
          },
          requests: {
            type: "counter",
            name: "checkout_requests_total",
            help: "Requests",
            labels: { status: ["ok", "error"] },
          },
        },
        alerts: [
          {
            name: "CheckoutSlow",
            priority: "P1",
            team: "web",
            for: "5m",
            summary: "Checkout is slow",
            description: "p99 is {{ $value }}ms",
            action: "Check the database",
            condition: {
              kind: "quantile",
              metric: "checkout_request_latency_ms",
              quantile: 0.99,
              window: "5m",
              where: { method: "POST" },
              op: ">",
              threshold: { param: "max_latency" },
            },
          },
        ],
      },
      { name: "payments", description: "Payments API", metricsPort: 8081 },
    ],
    alertmanager: { port: 9093 },
    prometheus: { port: 9090 },
  };
}

/** Writes `export default <value>` (or the given TypeScript source) as catalog/index.ts in a new temp folder. */
export function writeCatalog(value: unknown, extraFiles: Record<string, string> = {}): { dir: string; entry: string } {
  const dir = tempDir("obsgen-catalog-");
  mkdirSync(join(dir, "catalog"), { recursive: true });
  const entry = join(dir, "catalog", "index.ts");
  writeFileSync(entry, typeof value === "string" ? value : `export default ${JSON.stringify(value, null, 2)};\n`);
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(dir, "catalog", name), text);
  return { dir, entry };
}
