// `npm run bench [-- cold|rules|scale ...]`: obsgen against baselines measured in the same run.
//  cold   Cold `obsgen lint` and `obsgen build` (a new process each run) on the shipped catalog
//         vs a bare `node -e 0`, the floor of any Node CLI. Goals: lint <= 2.5x, build <= 3x.
//         Measured with the caches warm (the pre-commit case: the transpiled catalog and its cache
//         key, and V8's code cache of the CLI, all in the OS temp dir), and separately for a
//         first-ever run (TMPDIR set to an empty folder, so nothing is cached).
//  rules  `obsgen lint` on a generated file of 10,000 alerting rules vs `promtool check rules`
//         on it. Goals: at most 0.5x promtool's wall time and at most its peak memory.
//  scale  `obsgen build` on generated catalogs of 200 and 2,000 metrics: time and peak memory
//         must grow no worse than linearly (2,000 / 200 at most 12x).
// Commands of one comparison run alternately, RUNS times each (BENCH_RUNS, default 7), after one
// warm-up round; min/median/max are printed. Peak memory is the maximum resident set size
// reported by GNU time (`apt-get install time`). BENCH_JSON=<file> also writes the figures.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCatalog } from "./generate-catalog.mjs";
import { writeRules } from "./generate-rules.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = join(root, "bench", ".tmp");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = "/usr/bin/time";
const ALL = ["cold", "rules", "scale"];
const selected = process.argv.slice(2).length ? process.argv.slice(2) : ALL;
for (const s of selected) {
  if (!ALL.includes(s)) {
    console.error(`unknown benchmark "${s}"; use any of ${ALL.join(", ")}`);
    process.exit(2);
  }
}

function which(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim() || null;
}

/**
 * A command to measure: `argv` (or `prepare()` returning { argv, env, cleanup } for each run, e.g. a
 * fresh output folder), and the exit status it must end with.
 */
function run(cmd) {
  const p = cmd.prepare ? cmd.prepare() : { argv: cmd.argv };
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "%M", ...p.argv], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, ...p.env },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  p.cleanup?.();
  const rss = Number((r.stderr.trim().split("\n").pop() ?? "").trim());
  if (cmd.status !== undefined && r.status !== cmd.status) {
    throw new Error(`${p.argv.join(" ")} exited ${r.status}, expected ${cmd.status}\n${r.stderr.slice(0, 2000)}`);
  }
  return { wall, rss };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmtS = (x) => `${(x * 1000).toFixed(0)}ms`;
const fmtM = (kib) => `${(kib / 1024).toFixed(1)}MiB`;
const line = (name, xs, fmt) => {
  const s = stats(xs);
  return `  ${name.padEnd(40)} min ${fmt(s.min).padStart(9)}  median ${fmt(s.median).padStart(9)}  max ${fmt(s.max).padStart(9)}`;
};

/** Runs the commands alternately; prints their figures and returns them by name. */
function measureAll(title, cmds) {
  for (const c of cmds) run(c); // warm-up: page cache, the catalog transpile cache
  const acc = new Map(cmds.map((c) => [c.name, { wall: [], rss: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of cmds) {
      const m = run(c);
      acc.get(c.name).wall.push(m.wall);
      acc.get(c.name).rss.push(m.rss);
    }
  }
  console.log(`\n${title} (${RUNS} runs each)`);
  for (const c of cmds) console.log(line(`${c.name} wall`, acc.get(c.name).wall, fmtS));
  for (const c of cmds) console.log(line(`${c.name} peak RSS`, acc.get(c.name).rss, fmtM));
  const out = {};
  for (const [name, v] of acc) out[name] = { wall: stats(v.wall), rss: stats(v.rss) };
  return out;
}

function ratioLine(label, x, goal) {
  const verdict = goal === undefined ? "" : x <= goal ? `  (goal <= ${goal}x: met)` : `  (goal <= ${goal}x: NOT met)`;
  return `  ${label.padEnd(58)} ${x.toFixed(2)}x${verdict}`;
}

if (!existsSync(TIME)) {
  console.error("bench needs GNU time at /usr/bin/time: apt-get install time");
  process.exit(2);
}
mkdirSync(scratch, { recursive: true });
const obsgen = [process.execPath, join(root, "bin", "obsgen.js")];
const floor = { name: "node -e 0", argv: [process.execPath, "-e", "0"], status: 0 };
/** A fresh output folder per run, removed afterwards. */
const freshOut = (argv) => () => {
  const out = mkdtempSync(join(scratch, "out-"));
  return { argv: [...argv, "--out", out], cleanup: () => rmSync(out, { recursive: true, force: true }) };
};
/** An empty OS temp dir per run: nothing cached, as on a first-ever run. */
const firstEver = (argv) => () => {
  const tmp = mkdtempSync(join(tmpdir(), "obsgen-bench-tmp-"));
  const out = join(tmp, "out");
  const full = argv.includes("build") ? [...argv, "--out", out] : argv;
  return { argv: full, env: { TMPDIR: tmp }, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
};
const results = {};
const summary = [];

if (selected.includes("cold")) {
  const r = measureAll("cold start on the shipped catalog vs node -e 0", [
    floor,
    { name: "obsgen --version", argv: [...obsgen, "--version"], status: 0 },
    { name: "obsgen lint", argv: [...obsgen, "lint"], status: 0 },
    { name: "obsgen build", prepare: freshOut([...obsgen, "build"]), status: 0 },
    { name: "obsgen lint (first-ever run)", prepare: firstEver([...obsgen, "lint"]), status: 0 },
    { name: "obsgen build (first-ever run)", prepare: firstEver([...obsgen, "build"]), status: 0 },
  ]);
  results.cold = r;
  const f = r[floor.name].wall.median;
  const ratio = (name) => r[name].wall.median / f;
  summary.push(ratioLine("cold lint, warm cache / node -e 0 (median wall)", ratio("obsgen lint"), 2.5));
  summary.push(ratioLine("cold build, warm cache / node -e 0 (median wall)", ratio("obsgen build"), 3));
  summary.push(ratioLine("cold lint, first-ever run / node -e 0", ratio("obsgen lint (first-ever run)")));
  summary.push(ratioLine("cold build, first-ever run / node -e 0", ratio("obsgen build (first-ever run)")));
  summary.push(ratioLine("--version / node -e 0", ratio("obsgen --version")));
}

if (selected.includes("rules")) {
  const rules = writeRules(join(scratch, "rules-10k.yml"), 10_000);
  if (which("promtool")) {
    const r = measureAll("obsgen lint vs promtool check rules, 10,000 alerting rules", [
      { name: "obsgen lint", argv: [...obsgen, "lint", rules, "--format", "json"], status: 0 },
      { name: "promtool check rules", argv: ["promtool", "check", "rules", rules], status: 0 },
    ]);
    results.rules = r;
    const a = r["obsgen lint"];
    const b = r["promtool check rules"];
    summary.push(ratioLine("lint 10k rules / promtool (median wall)", a.wall.median / b.wall.median, 0.5));
    summary.push(ratioLine("lint 10k rules / promtool (max peak RSS)", a.rss.max / b.rss.max, 1));
  } else {
    console.log("\npromtool not found (apt-get install prometheus): skipping the promtool comparison");
  }
}

if (selected.includes("scale")) {
  const small = writeCatalog(join(scratch, "catalog-200", "catalog"), 200);
  const large = writeCatalog(join(scratch, "catalog-2000", "catalog"), 2000);
  const r = measureAll("obsgen build on generated catalogs of 200 and 2,000 metrics", [
    floor,
    { name: "obsgen build, 200 metrics", prepare: freshOut([...obsgen, "build", "--catalog", small]), status: 0 },
    { name: "obsgen build, 2,000 metrics", prepare: freshOut([...obsgen, "build", "--catalog", large]), status: 0 },
  ]);
  results.scale = r;
  const s = r["obsgen build, 200 metrics"];
  const l = r["obsgen build, 2,000 metrics"];
  const f = r[floor.name];
  summary.push(ratioLine("build 2,000 / 200 metrics (median wall)", l.wall.median / s.wall.median, 12));
  summary.push(ratioLine("build 2,000 / 200 metrics (max peak RSS)", l.rss.max / s.rss.max, 12));
  summary.push(ratioLine("  the same above the node floor (median wall)", (l.wall.median - f.wall.median) / (s.wall.median - f.wall.median)));
  summary.push(ratioLine("  the same above the node floor (max peak RSS)", (l.rss.max - f.rss.max) / (s.rss.max - f.rss.max)));
}

console.log("\nsummary");
for (const l of summary) console.log(l);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(results, null, 2)}\n`);
