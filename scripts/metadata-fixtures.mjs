// Writes the metric metadata fixtures of test/fixtures/metadata/ from real programs: the small
// prom-client exporter there (exporter.mjs) serves /metrics on loopback; its text (0.0.4) and
// OpenMetrics expositions are saved as served, then a real Prometheus (the `prometheus` binary on
// PATH) scrapes it every second and its /api/v1/metadata and /api/v1/targets/metadata responses
// are saved as the server sent them. Run it again after changing the exporter:
//
//   node scripts/metadata-fixtures.mjs
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveOrders } from "../test/fixtures/metadata/exporter.mjs";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "metadata");

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function get(url, accept) {
  const r = await fetch(url, accept ? { headers: { accept } } : {});
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

const { server, port } = await serveOrders();
const exporter = `http://127.0.0.1:${port}/metrics`;
writeFileSync(join(DIR, "orders.prom"), await get(exporter, "text/plain;version=0.0.4"));
writeFileSync(join(DIR, "orders.openmetrics"), await get(exporter, "application/openmetrics-text;version=1.0.0"));

const work = mkdtempSync(join(tmpdir(), "obsgen-metadata-"));
const config = join(work, "prometheus.yml");
writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: orders\n    static_configs:\n      - targets: ["127.0.0.1:${port}"]\n`);
const web = await freePort();
const prometheus = spawn("prometheus", [`--config.file=${config}`, `--storage.tsdb.path=${join(work, "data")}`, `--web.listen-address=127.0.0.1:${web}`], {
  stdio: "ignore",
});
try {
  const api = `http://127.0.0.1:${web}/api/v1`;
  let targets;
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 500));
    targets = await get(`${api}/targets/metadata`).catch(() => undefined);
    if (targets && JSON.parse(targets).data.length > 0) break;
  }
  if (!targets || JSON.parse(targets).data.length === 0) throw new Error("Prometheus scraped nothing in 30 seconds");
  writeFileSync(join(DIR, "targets-metadata.json"), targets);
  writeFileSync(join(DIR, "api-metadata.json"), await get(`${api}/metadata`));
  console.log(`wrote ${DIR}: orders.prom, orders.openmetrics, api-metadata.json, targets-metadata.json (${await get(`${api}/status/buildinfo`)})`);
} finally {
  prometheus.kill();
  server.close();
  await new Promise((r) => prometheus.once("exit", r));
  rmSync(work, { recursive: true, force: true });
}
