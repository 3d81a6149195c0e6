/** docs/diff.md cannot drift from the code: its change-kind table is the registry's. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { CHANGE_KINDS } from "../../src/diff/kinds.js";
import { ROOT } from "../helpers/cli.js";

const doc = readFileSync(join(ROOT, "docs", "diff.md"), "utf8");

it("documents every change kind with its level and categories, in the registry's order", () => {
  const rows = [...doc.matchAll(/^\| `([a-z]+\/[a-z-]+)` \| (breaking|warning|info) \| ([A-Z, ]+) \| /gm)].map((m) => [m[1], m[2], m[3]!.split(", ")]);
  expect(rows).toEqual(CHANGE_KINDS.map((k) => [k.id, k.level, [...k.categories]]));
});

it("documents the command's options", () => {
  for (const option of ["--against", "--head", "--catalog", "--format", "--fail-on"]) expect(doc).toContain(option);
});
