/**
 * The README documents `slo()`: every field of every SLO kind in the authoring types
 * (src/model/authoring.ts, `SloDef`) is named in its "Declaring an SLO" section.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../helpers/cli.js";

it("the README's SLO section names every field of every SLO kind", () => {
  const authoring = readFileSync(join(ROOT, "src", "model", "authoring.ts"), "utf8");
  const def = /export type SloDef =([\s\S]*?)\n\s*};\n/.exec(authoring)![1]!;
  const kinds = [...def.matchAll(/readonly kind: "(\w+)"/g)].map((m) => m[1]!);
  const fields = [...new Set([...def.matchAll(/readonly (\w+)\??:/g)].map((m) => m[1]!))];
  expect(kinds).toEqual(["latency", "ratio", "gauge", "manual"]);
  expect(fields.length).toBeGreaterThan(10);
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = /### Declaring an SLO\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
  expect([...kinds, ...fields].filter((f) => !section.includes(`\`${f}\``))).toEqual([]);
  // The units differ by kind, and a wrong guess is off by a factor of 100.
  expect(section).toMatch(/`ratio`[^\n]*\*\*percent\*\*/);
  expect(section).toMatch(/`gauge`[^\n]*\*\*gauge's own unit\*\*/);
});
