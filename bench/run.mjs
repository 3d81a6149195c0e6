// `npm run bench [-- cold|rules|scale|onefile|test|suite ...]`: obsgen against baselines measured in
// the same run. With no names it runs them all, the test suite's timing included (about 6 minutes in
// all on two cores); `npm run bench -- cold rules onefile` and the like run a few in seconds.
//  cold     Cold `obsgen lint` and `obsgen build` (a new process each run) on the shipped catalog
//           vs a bare `node -e 0`, the floor of any Node CLI. Goals: lint <= 2.5x, build <= 3x.
//           Measured with the caches warm (the pre-commit case: the transpiled catalog and its cache
//           key, and V8's code cache of the CLI, all in the OS temp dir), and separately for a
//           first-ever run (TMPDIR set to an empty folder, so nothing is cached).
//  rules    `obsgen lint` on a generated file of 10,000 alerting rules vs `promtool check rules`
//           on it. Goals: at most 0.5x promtool's wall time and at most its peak memory.
//  scale    `obsgen build` on generated catalogs of 200 and 2,000 metrics: time and peak memory
//           must grow no worse than linearly (2,000 / 200 at most 12x).
//  onefile  `obsgen lint <file>` on one ordinary rule file of about 50 rules from the corpus
//           (../shared/corpus/rules: of the plain rule files promtool accepts, the one whose rule
//           count is closest to 50, ties by path; a generated 50-rule file without ../shared) vs
//           `promtool check rules` on it and vs `node -e 0`. Goal: lint <= 2x node -e 0. obsgen
//           lint exits 1 on a file with errors: the status of the warm-up run is required of every run.
//  test     `obsgen test` on the shipped catalog vs `promtool test rules` on the very files it hands
//           to promtool (recorded once through OBSGEN_PROMTOOL). Goal: at most 1.2x.
//  suite    Wall time of the fast test tier (`npm run test:fast`, goal 60 s) and of the full suite
//           (`npm test`, goal 180 s), BENCH_SUITE_RUNS times each (default 1, no warm-up round).
// Commands of one comparison run alternately, RUNS times each (BENCH_RUNS, default 7), after one
// warm-up round; min/median/max are printed. A ratio is taken per round (run i of one command over
// run i of the other: they ran next to each other, on the machine in the same state), and its
// min/median/max printed; a goal is judged on the median. Peak memory is the maximum resident set
// size reported by GNU time (`apt-get install time`). BENCH_JSON=<file> also writes the figures.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { writeCatalog } from "./generate-catalog.mjs";
import { generateRules, writeRules } from "./generate-rules.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = join(root, "bench", ".tmp");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = "/usr/bin/time";
const SUITE_RUNS = Number(process.env.BENCH_SUITE_RUNS ?? 1);
const ALL = ["cold", "rules", "scale", "onefile", "test", "suite"];
/** What `npm run bench` runs with no names: every benchmark, so every goal's ratio is printed. */
const DEFAULT = ALL;
const selected = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT;
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
 * fresh output folder), the folder to run it in (`cwd`, default the repository), and the exit
 * status it must end with (`"warm-up"`: whichever the warm-up run ended with).
 */
function run(cmd) {
  const p = cmd.prepare ? cmd.prepare() : { argv: cmd.argv };
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ["-f", "%M", ...p.argv], {
    cwd: cmd.cwd ?? root,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, ...p.env },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  p.cleanup?.();
  const rss = Number((r.stderr.trim().split("\n").pop() ?? "").trim());
  if (cmd.status !== undefined && cmd.status !== "warm-up" && r.status !== cmd.status) {
    const output = `${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`;
    throw new Error(`${p.argv.join(" ")} exited ${r.status}, expected ${cmd.status}\n${output}`);
  }
  return { wall, rss, status: r.status };
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

/**
 * Runs the commands alternately, `runs` rounds after a warm-up round (none with `warmUp: false`);
 * prints their figures and returns them by name, with each round's figures in `rounds`.
 */
function measureAll(title, cmds, { runs = RUNS, warmUp = true } = {}) {
  if (warmUp) {
    // The page cache, the catalog transpile cache; and the exit status a command is held to.
    for (const c of cmds) {
      const m = run(c);
      if (c.status === "warm-up") c.status = m.status;
    }
  }
  const acc = new Map(cmds.map((c) => [c.name, { wall: [], rss: [] }]));
  for (let i = 0; i < runs; i++) {
    for (const c of cmds) {
      const m = run(c);
      acc.get(c.name).wall.push(m.wall);
      acc.get(c.name).rss.push(m.rss);
    }
  }
  console.log(`\n${title} (${runs} runs each${warmUp ? ", after a warm-up round" : ""})`);
  for (const c of cmds) console.log(line(`${c.name} wall`, acc.get(c.name).wall, fmtS));
  for (const c of cmds) console.log(line(`${c.name} peak RSS`, acc.get(c.name).rss, fmtM));
  const out = {};
  for (const [name, v] of acc) out[name] = { wall: stats(v.wall), rss: stats(v.rss), rounds: v };
  return out;
}

/** Round by round, `f` of the figures of that round (e.g. a[i] / b[i]). */
const perRound = (f, ...series) => series[0].map((_, i) => f(...series.map((s) => s[i])));

/** A ratio's min/median/max over the rounds, and the goal judged on its median. */
function ratioLine(label, ratios, goal) {
  const s = stats(ratios);
  const verdict = goal === undefined ? "" : s.median <= goal ? `  (goal <= ${goal}x: met)` : `  (goal <= ${goal}x: NOT met)`;
  const x = (v) => `${v.toFixed(2)}x`.padStart(7);
  return `  ${label.padEnd(52)} min ${x(s.min)}  median ${x(s.median)}  max ${x(s.max)}${verdict}`;
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
  const over = (name) => perRound((a, b) => a / b, r[name].rounds.wall, r[floor.name].rounds.wall);
  summary.push(ratioLine("cold lint, warm cache / node -e 0 (wall)", over("obsgen lint"), 2.5));
  summary.push(ratioLine("cold build, warm cache / node -e 0 (wall)", over("obsgen build"), 3));
  summary.push(ratioLine("cold lint, first-ever run / node -e 0 (wall)", over("obsgen lint (first-ever run)")));
  summary.push(ratioLine("cold build, first-ever run / node -e 0 (wall)", over("obsgen build (first-ever run)")));
  summary.push(ratioLine("--version / node -e 0 (wall)", over("obsgen --version")));
}

if (selected.includes("rules")) {
  const rules = writeRules(join(scratch, "rules-10k.yml"), 10_000);
  if (which("promtool")) {
    const r = measureAll("obsgen lint vs promtool check rules, 10,000 alerting rules", [
      { name: "obsgen lint", argv: [...obsgen, "lint", rules, "--format", "json"], status: 0 },
      { name: "promtool check rules", argv: ["promtool", "check", "rules", rules], status: 0 },
    ]);
    results.rules = r;
    const a = r["obsgen lint"].rounds;
    const b = r["promtool check rules"].rounds;
    summary.push(
      ratioLine(
        "lint 10k rules / promtool (wall)",
        perRound((x, y) => x / y, a.wall, b.wall),
        0.5,
      ),
    );
    summary.push(
      ratioLine(
        "lint 10k rules / promtool (peak RSS)",
        perRound((x, y) => x / y, a.rss, b.rss),
        1,
      ),
    );
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
  const s = r["obsgen build, 200 metrics"].rounds;
  const l = r["obsgen build, 2,000 metrics"].rounds;
  const f = r[floor.name].rounds;
  const ratio = (x, y) => x / y;
  const aboveFloor = (x, y, z) => (x - z) / (y - z);
  summary.push(ratioLine("build 2,000 / 200 metrics (wall)", perRound(ratio, l.wall, s.wall), 12));
  summary.push(ratioLine("build 2,000 / 200 metrics (peak RSS)", perRound(ratio, l.rss, s.rss), 12));
  summary.push(ratioLine("  the same above the node floor (wall)", perRound(aboveFloor, l.wall, s.wall, f.wall)));
  summary.push(ratioLine("  the same above the node floor (peak RSS)", perRound(aboveFloor, l.rss, s.rss, f.rss)));
}

/**
 * The corpus's ordinary rule file of about 50 rules: of the plain rule files promtool accepts
 * (promtool-verdicts.tsv, as test/helpers/corpus.ts reads it), the one whose rule count is closest
 * to 50, ties broken by path. Null without ../shared beside the checkout.
 */
function corpusRuleFile(target) {
  const corpus = join(root, "..", "shared", "corpus", "rules");
  const verdicts = join(corpus, "promtool-verdicts.tsv");
  if (!existsSync(verdicts)) return null;
  const [header, ...rows] = readFileSync(verdicts, "utf8").trim().split("\n");
  const col = Object.fromEntries(header.split("\t").map((name, i) => [name, i]));
  const files = rows
    .map((row) => row.split("\t"))
    .filter((c) => c[col.exit_code] === "0" && c[col.format] === "plain")
    .map((c) => ({ path: c[col.file], rules: Number(c[col.rules]) }))
    .sort((a, b) => Math.abs(a.rules - target) - Math.abs(b.rules - target) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return files[0] ? { file: join(corpus, files[0].path), shown: relative(root, join(corpus, files[0].path)), rules: files[0].rules } : null;
}

if (selected.includes("onefile")) {
  let picked = corpusRuleFile(50);
  if (picked) {
    console.log(`\nonefile: ${picked.shown}, ${picked.rules} rules (of the corpus's plain rule files promtool accepts, the closest to 50)`);
  } else {
    const file = join(scratch, "rules-50.yml");
    writeFileSync(file, generateRules(50));
    picked = { file, shown: relative(root, file), rules: 50 };
    console.log(`\nonefile: no ../shared/corpus/rules beside the checkout; a generated file of 50 rules instead (${picked.shown})`);
  }
  const lint = { name: "obsgen lint <file>", argv: [...obsgen, "lint", picked.file], status: "warm-up" };
  const cmds = [floor, lint];
  const promtool = which("promtool");
  if (promtool) cmds.push({ name: "promtool check rules <file>", argv: ["promtool", "check", "rules", picked.file], status: 0 });
  else console.log("promtool not found (apt-get install prometheus): skipping the promtool comparison");
  const r = measureAll(`obsgen lint on one rule file of ${picked.rules} rules vs node -e 0 and promtool check rules`, cmds);
  console.log(`  obsgen lint exited ${lint.status} on it in the warm-up round, and so in every run`);
  results.onefile = { file: picked.shown, rules: picked.rules, lintStatus: lint.status, ...r };
  const over = (a, b) => perRound((x, y) => x / y, r[a].rounds.wall, r[b].rounds.wall);
  summary.push(ratioLine("lint one 50-rule file / node -e 0 (wall)", over(lint.name, floor.name), 2));
  if (promtool) summary.push(ratioLine("lint one 50-rule file / promtool check rules (wall)", over(lint.name, "promtool check rules <file>")));
}

/**
 * The files `obsgen test` hands to promtool, and its arguments: `obsgen test` is run once with
 * OBSGEN_PROMTOOL set to a script that copies its working folder (the scratch folder obsgen writes
 * the rule and test files to) and records its arguments before running promtool.
 */
function recordObsgenTest() {
  const dest = join(scratch, "obsgen-test-files");
  rmSync(dest, { recursive: true, force: true });
  const recorder = join(scratch, "record-promtool.sh");
  writeFileSync(
    recorder,
    [
      "#!/bin/sh",
      'if [ "$1" = test ]; then',
      `  mkdir -p '${dest}' && cp -R . '${dest}/files' && printf '%s\\n' "$@" > '${dest}/argv'`,
      "fi",
      'exec promtool "$@"',
      "",
    ].join("\n"),
  );
  chmodSync(recorder, 0o755);
  const r = spawnSync(obsgen[0], [...obsgen.slice(1), "test", "--quiet"], { cwd: root, encoding: "utf8", env: { ...process.env, OBSGEN_PROMTOOL: recorder } });
  if (r.status !== 0 || !existsSync(join(dest, "argv"))) {
    throw new Error(`obsgen test (recording what it hands promtool) exited ${r.status}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  }
  return { cwd: join(dest, "files"), args: readFileSync(join(dest, "argv"), "utf8").trimEnd().split("\n") };
}

if (selected.includes("test")) {
  if (which("promtool")) {
    const handed = recordObsgenTest();
    const files = handed.args.filter((a) => a.endsWith(".yml"));
    console.log(`\ntest: obsgen test hands promtool ${files.length} test files (${files.join(", ")}); promtool runs on copies of them`);
    const r = measureAll("obsgen test vs promtool test rules on the same files, the shipped catalog", [
      { name: "obsgen test", argv: [...obsgen, "test"], status: 0 },
      { name: "promtool test rules", argv: ["promtool", ...handed.args], cwd: handed.cwd, status: 0 },
    ]);
    results.test = r;
    const ratios = perRound((x, y) => x / y, r["obsgen test"].rounds.wall, r["promtool test rules"].rounds.wall);
    summary.push(ratioLine("obsgen test / promtool test rules (wall)", ratios, 1.2));
  } else {
    console.log("\npromtool not found (apt-get install prometheus): skipping the obsgen test comparison");
  }
}

if (selected.includes("suite")) {
  const npm = which("npm") ?? "npm";
  const tiers = [
    { name: "npm run test:fast", argv: [npm, "run", "test:fast"], status: 0, goal: 60 },
    { name: "npm test", argv: [npm, "test"], status: 0, goal: 180 },
  ];
  const r = measureAll("the test suite: the fast tier and the full suite", tiers, { runs: SUITE_RUNS, warmUp: false });
  results.suite = r;
  for (const t of tiers) {
    const walls = r[t.name].rounds.wall;
    const s = stats(walls);
    const sec = (x) => `${x.toFixed(1)}s`.padStart(7);
    summary.push(`  ${`${t.name} (wall)`.padEnd(52)} min ${sec(s.min)}  median ${sec(s.median)}  max ${sec(s.max)}`);
    summary.push(
      ratioLine(
        `${t.name} / ${t.goal} s (wall)`,
        walls.map((w) => w / t.goal),
        1,
      ),
    );
  }
}

console.log("\nsummary");
for (const l of summary) console.log(l);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(results, null, 2)}\n`);
