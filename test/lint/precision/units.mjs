// The lint runs a user of each corpus project would make: one per project folder, as a team lints
// its own rules. awesome-prometheus-alerts ships one folder per exporter and the mixins site one
// per mixin (each copied into a team's repository alone), Prometheus's test data is one fixture
// per file, kube-prometheus and thanos are one project each.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** `{ name, path }` for every lint run, `path` absolute, `name` relative to the corpus, sorted. */
export function corpusUnits(corpus) {
  const units = [];
  const dirs = (p) => readdirSync(p).filter((n) => statSync(join(p, n)).isDirectory()).sort();
  const files = (p) => readdirSync(p, { recursive: true }).map(String).filter((n) => statSync(join(p, n)).isFile()).sort();
  for (const d of dirs(join(corpus, "awesome-prometheus-alerts", "dist", "rules"))) units.push(`awesome-prometheus-alerts/dist/rules/${d}`);
  for (const d of dirs(join(corpus, "monitoring-mixins-website", "assets"))) units.push(`monitoring-mixins-website/assets/${d}`);
  for (const f of files(join(corpus, "prometheus"))) units.push(`prometheus/${f}`);
  units.push("kube-prometheus", "thanos");
  return units.sort().map((name) => ({ name, path: join(corpus, name) }));
}

/** mulberry32: a small seeded generator, so the sample is the same on every machine. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
