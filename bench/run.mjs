// `npm run bench`: obsgen against baselines measured in the same run.
//  1. `obsgen lint` on a generated file of 10,000 alerting rules vs `promtool check rules` on it:
//     wall time and peak memory (ratio goal: at most 0.5x the wall time, at most 1x the memory).
//  2. Cold `obsgen lint` on the shipped catalog (the pre-commit case) vs a bare `node -e 0`.
// Each command runs RUNS times, alternating, after one warm-up; min/median/max are printed.
// Peak memory is the maximum resident set size reported by GNU time (`apt-get install time`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeRules } from "./generate-rules.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = "/usr/bin/time";

function which(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim() || null;
}

/** Runs a command once; returns wall seconds and peak RSS in KiB. */
function measure(argv, expectStatus) {
  const r = spawnSync(TIME, ["-f", "%e %M", ...argv], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split("\n").pop() ?? "";
  const [wall, rss] = last.split(" ").map(Number);
  if (expectStatus !== undefined && r.status !== expectStatus) {
    throw new Error(`${argv.join(" ")} exited ${r.status}, expected ${expectStatus}\n${r.stderr.slice(0, 2000)}`);
  }
  return { wall, rss };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = (x, unit) => (unit === "s" ? `${x.toFixed(3)}s` : `${(x / 1024).toFixed(1)}MiB`);
const row = (name, xs, unit) => {
  const s = stats(xs);
  return `  ${name.padEnd(34)} min ${fmt(s.min, unit)}  median ${fmt(s.median, unit)}  max ${fmt(s.max, unit)}`;
};

function compare(title, a, b) {
  // Warm-up (page cache, Node's compile cache).
  measure(a.argv);
  measure(b.argv);
  const A = { wall: [], rss: [] };
  const B = { wall: [], rss: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [cmd, acc] of [
      [a, A],
      [b, B],
    ]) {
      const m = measure(cmd.argv, cmd.status);
      acc.wall.push(m.wall);
      acc.rss.push(m.rss);
    }
  }
  console.log(`\n${title} (${RUNS} runs each)`);
  console.log(row(`${a.name} wall`, A.wall, "s"));
  console.log(row(`${b.name} wall`, B.wall, "s"));
  console.log(row(`${a.name} peak RSS`, A.rss, "kb"));
  console.log(row(`${b.name} peak RSS`, B.rss, "kb"));
  const w = stats(A.wall).median / stats(B.wall).median;
  const m = stats(A.rss).max / stats(B.rss).max;
  console.log(`  ratio wall (median)  ${a.name} / ${b.name} = ${w.toFixed(2)}x`);
  console.log(`  ratio peak RSS (max) ${a.name} / ${b.name} = ${m.toFixed(2)}x`);
  return { wall: w, rss: m };
}

if (!existsSync(TIME)) {
  console.error("bench needs GNU time at /usr/bin/time: apt-get install time");
  process.exit(2);
}
const obsgen = [process.execPath, join(root, "bin", "obsgen.js")];
const results = {};

const rules = writeRules(join(root, "bench", ".tmp", "rules-10k.yml"), 10_000);
if (which("promtool")) {
  results.lint10k = compare(
    "obsgen lint vs promtool check rules, 10,000 alerting rules",
    { name: "obsgen lint", argv: [...obsgen, "lint", rules, "--format", "json"], status: 0 },
    { name: "promtool check rules", argv: ["promtool", "check", "rules", rules], status: 0 },
  );
} else {
  console.log("\npromtool not found (apt-get install prometheus): skipping the promtool comparison");
}

results.catalog = compare(
  "cold obsgen lint on the shipped catalog vs node -e 0",
  { name: "obsgen lint (catalog)", argv: [...obsgen, "lint"], status: 0 },
  { name: "node -e 0", argv: [process.execPath, "-e", "0"], status: 0 },
);

console.log("\nsummary");
if (results.lint10k) {
  console.log(`  lint 10k rules: ${results.lint10k.wall.toFixed(2)}x promtool's wall time (goal <= 0.5x), ${results.lint10k.rss.toFixed(2)}x its peak memory (goal <= 1x)`);
}
console.log(`  lint catalog:   ${results.catalog.wall.toFixed(2)}x a bare node start`);
