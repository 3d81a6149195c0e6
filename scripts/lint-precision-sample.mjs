// Draws the judged sample behind obsgen lint's precision figure (test/lint/precision/), and counts
// the default findings per rule id on the corpus.
//
//   node scripts/lint-precision-sample.mjs counts            findings per rule id, one lint run per project
//   node scripts/lint-precision-sample.mjs draw [--seed N] [--size N] [--per-rule N]
//                                                            a seeded sample, every rule id in it, as JSON
//
// Run `npm run build` first: it lints with bin/obsgen.js, as a user would. The corpus is
// ../shared/corpus/rules beside the checkout.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { corpusUnits, seeded } from "../test/lint/precision/units.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = join(ROOT, "..", "shared", "corpus", "rules");

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Every default finding of every project's lint run, files relative to the corpus. */
function findings() {
  const out = [];
  for (const unit of corpusUnits(CORPUS)) {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "obsgen.js"), "lint", unit.path, "--format", "json"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${unit.name}: exit ${r.status}: ${r.stderr}`);
    for (const d of JSON.parse(r.stdout).diagnostics) {
      out.push({
        unit: unit.name,
        file: relative(CORPUS, resolve(ROOT, d.file)).replaceAll("\\", "/"),
        line: d.line ?? null,
        ruleId: d.ruleId,
        severity: d.severity,
        message: d.message,
      });
    }
  }
  return out;
}

function counts(all) {
  const by = new Map();
  for (const f of all) by.set(f.ruleId, (by.get(f.ruleId) ?? 0) + 1);
  return Object.fromEntries([...by].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** Every rule id gets up to `perRule` findings at random; the rest of `size` is drawn from all that is left. */
function draw(all, seed, size, perRule) {
  const random = seeded(seed);
  const pick = (list) => list.splice(Math.floor(random() * list.length), 1)[0];
  const byRule = new Map();
  for (const f of all) (byRule.get(f.ruleId) ?? byRule.set(f.ruleId, []).get(f.ruleId)).push(f);
  const chosen = [];
  for (const id of [...byRule.keys()].sort()) {
    const list = byRule.get(id);
    for (let i = 0; i < perRule && list.length > 0; i++) chosen.push(pick(list));
  }
  const rest = [...byRule.keys()].sort().flatMap((id) => byRule.get(id));
  while (chosen.length < size && rest.length > 0) chosen.push(pick(rest));
  const key = (f) => `${f.unit}\u0000${f.file}\u0000${String(f.line).padStart(6, "0")}\u0000${f.ruleId}\u0000${f.message}`;
  return chosen.sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((f) => ({ ...f, verdict: null, reason: "" }));
}

if (!existsSync(CORPUS)) {
  console.error(`no corpus at ${CORPUS}`);
  process.exit(2);
}
const all = findings();
if (process.argv[2] === "counts") {
  console.log(JSON.stringify({ total: all.length, byRule: counts(all) }, null, 2));
} else if (process.argv[2] === "draw") {
  const seed = option("--seed", 20261206);
  const sample = draw(all, seed, option("--size", 160), option("--per-rule", 8));
  console.log(JSON.stringify({ seed, population: all.length, byRule: counts(all), sample }, null, 2));
} else {
  console.error("usage: node scripts/lint-precision-sample.mjs counts | draw [--seed N] [--size N] [--per-rule N]");
  process.exit(2);
}
