/**
 * The external tools the fast test tier does without, and how to recognise one being run: a small
 * module of its own, as the fast tier's per-file setup (fast-tier-setup.ts) loads it for every
 * test file, and the analysis in tiers.ts needs the TypeScript compiler.
 */
import { basename } from "node:path";

/**
 * The external programs the fast tier does without: the Prometheus tools, Rust's cargo, and
 * processes that take seconds or need more than the checkout (tsc over a project, npm/npx, git).
 * Node running obsgen's own binary is not one: it is the program under test.
 */
export const TOOLS = ["promtool", "amtool", "prometheus", "alertmanager", "cargo", "tsc", "npm", "npx", "git"] as const;
export type Tool = (typeof TOOLS)[number];

/** The tool a program name or path runs (`/usr/bin/promtool`, `node_modules/typescript/bin/tsc`), if any. */
export function toolOfProgram(program: string): Tool | null {
  const p = program.trim().split(/\s+/)[0] ?? "";
  const name = basename(p);
  if (name === "prometheus-alertmanager") return "alertmanager";
  if ((TOOLS as readonly string[]).includes(name)) return name as Tool;
  if (/typescript\/(bin\/tsc|lib\/tsc\.js)$/.test(p)) return "tsc";
  if (/npm\/bin\/(npm|npx)-cli\.js$/.test(p)) return p.includes("npx-cli") ? "npx" : "npm";
  return null;
}
