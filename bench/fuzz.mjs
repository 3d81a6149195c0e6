// `node bench/fuzz.mjs [--mutants 30000] [--seed 1] [--workers 2] [--hang-ms 60000]`: mutation
// fuzzing of `obsgen lint` at a larger scale than the committed test (test/lint/fuzz.test.ts), with
// the same mutations and pipeline (test/helpers/lint-fuzz.ts, bundled here with esbuild; one mutant
// in five also against the shipped catalog). Mutants of
// the rule corpus (../shared/corpus/rules) are linted in worker threads; a worker that reports
// nothing for --hang-ms is a hang (its mutant is saved, the worker replaced). Prints mutants run,
// crashes, hangs, the slowest mutant and peak memory; failing mutants go to bench/.tmp/fuzz/.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "bench", ".tmp", "fuzz");
mkdirSync(out, { recursive: true });

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MUTANTS = option("mutants", 30_000);
const SEED = option("seed", 1);
const WORKERS = option("workers", 2);
const HANG_MS = option("hang-ms", 60_000);
const CORPUS = join(root, "..", "shared", "corpus", "rules");

// The worker: the test's harness, bundled, linting the mutants it is given.
const workerSource = `
import { parentPort, workerData } from "node:worker_threads";
import { corpusFiles, lintBytes, mutate, random, shippedCatalog } from ${JSON.stringify(join(root, "test", "helpers", "lint-fuzz.ts"))};
const files = corpusFiles(workerData.corpus, 20_000);
const catalog = await shippedCatalog(workerData.root);
parentPort.on("message", (i) => {
  const rnd = random(workerData.seed * 1_000_003 + i);
  const { path, bytes: original } = files[Math.floor(rnd() * files.length)];
  const bytes = mutate(original, rnd);
  parentPort.postMessage({ i, path, bytes, state: "started" });
  const t = performance.now();
  try {
    // One mutant in five against the shipped catalog too, as the test does.
    const r = lintBytes(path, bytes);
    if (i % 5 === 0) lintBytes(path, bytes, catalog);
    parentPort.postMessage({ i, state: "done", ms: performance.now() - t, findings: r.findings, heap: process.memoryUsage().heapUsed });
  } catch (e) {
    parentPort.postMessage({ i, state: "crashed", ms: performance.now() - t, error: String(e && e.stack || e) });
  }
});
`;
const bundle = join(out, "worker.mjs");
await build({
  stdin: { contents: workerSource, resolveDir: root, loader: "js", sourcefile: "fuzz-worker.mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: bundle,
  logLevel: "warning",
  // esbuild (which loads the catalog) is a native package: loaded from node_modules, not bundled.
  external: ["esbuild"],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});

const started = performance.now();
let next = 0;
let done = 0;
const crashes = [];
const hangs = [];
let slowest = { ms: 0, i: -1, path: "" };
let peakWorkerHeap = 0;

function save(kind, m, detail) {
  const file = join(out, `${kind}-${m.i}.yml`);
  writeFileSync(file, m.bytes);
  return `${file} (mutant ${m.i} of ${m.path})${detail ? `: ${detail}` : ""}`;
}

await new Promise((resolve) => {
  let running = 0;
  const startWorker = () => {
    const worker = new Worker(bundle, { workerData: { corpus: CORPUS, seed: SEED, root } });
    running++;
    let current = null;
    let timer = null;
    const feed = () => {
      if (next >= MUTANTS) {
        worker.terminate();
        return;
      }
      worker.postMessage(next++);
    };
    worker.on("message", (m) => {
      if (m.state === "started") {
        current = m;
        timer = setTimeout(() => {
          hangs.push(save("hang", current));
          done++;
          worker.terminate();
          startWorker();
        }, HANG_MS);
        return;
      }
      clearTimeout(timer);
      done++;
      if (m.state === "crashed") crashes.push(save("crash", current, m.error.split("\n").slice(0, 3).join(" | ")));
      if (m.ms > slowest.ms) slowest = { ms: m.ms, i: m.i, path: current.path };
      if (m.heap > peakWorkerHeap) peakWorkerHeap = m.heap;
      if (done % 5000 === 0) console.log(`  ${done} mutants…`);
      feed();
    });
    worker.on("error", (e) => {
      // An error outside a mutant (the worker failed to start): nothing more can run.
      console.error(`fuzz worker failed: ${e && e.stack ? e.stack : e}`);
      process.exit(2);
    });
    worker.on("exit", () => {
      running--;
      if (running === 0 && next >= MUTANTS) resolve();
    });
    feed();
  };
  for (let w = 0; w < WORKERS; w++) startWorker();
});

const seconds = (performance.now() - started) / 1000;
console.log(`obsgen lint fuzzing: seed ${SEED}, ${WORKERS} workers`);
console.log(`  mutants run      ${done}`);
console.log(`  crashes          ${crashes.length}`);
console.log(`  hangs            ${hangs.length} (no result within ${HANG_MS / 1000} s)`);
console.log(`  slowest mutant   ${Math.round(slowest.ms)} ms (mutant ${slowest.i} of ${slowest.path.replace(`${CORPUS}/`, "")})`);
console.log(
  `  peak memory      ${Math.round(process.resourceUsage().maxRSS / 1024)} MB resident (process), ${Math.round(peakWorkerHeap / 1e6)} MB largest worker heap after a mutant`,
);
console.log(`  time             ${seconds.toFixed(1)} s (${((seconds * 1000 * WORKERS) / Math.max(done, 1)).toFixed(1)} ms per mutant per worker)`);
for (const c of [...crashes, ...hangs].slice(0, 20)) console.log(`  ${c}`);
process.exit(crashes.length + hangs.length > 0 ? 1 : 0);
