/** `obsgen import`: writes a catalog and its report, refuses folders it did not write, and says what is wrong with its usage. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { quote } from "../../src/import/write-catalog.js";
import { runInProcess, tempDir } from "../helpers/cli.js";

const RULES = `groups:
  - name: example
    interval: 30s
    rules:
      - alert: ErrorsHigh
        expr: sum by (job) (rate(http_errors_total{code="500"}[5m])) > 1
        for: 5m
        labels:
          severity: page
        annotations:
          summary: "Errors on {{ $labels.job }}"
`;

function input(): string {
  const dir = tempDir();
  writeFileSync(join(dir, "app.yml"), RULES);
  return dir;
}

describe("obsgen import", () => {
  it("writes index.ts, a rules file, a metric group, IMPORT.md and its marker, and prints the summary", async () => {
    const dir = input();
    const out = join(dir, "catalog");
    const r = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out, "--name", "shop"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 alerts \(0 typed, 1 expr\).*1 metrics declared, 0 unknown/);
    expect(readFileSync(join(out, "index.ts"), "utf8")).toContain('name: "shop"');
    expect(readFileSync(join(out, "rules", "app.ts"), "utf8")).toContain("metrics: [app.httpErrorsTotal]");
    expect(readFileSync(join(out, "metrics", "app.ts"), "utf8")).toContain('name: "http_errors_total"');
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toMatch(/\| page \| 1 \| P0 \|/);
    expect(existsSync(join(out, ".obsgen-import"))).toBe(true);
  });

  it("refuses a non-empty folder it did not write, and replaces an earlier import only with --force", async () => {
    const dir = input();
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "mine\n");
    const refused = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", mine]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not written by obsgen import: nothing was written/);
    expect(readFileSync(join(mine, "notes.txt"), "utf8")).toBe("mine\n");
    const out = join(dir, "catalog");
    expect((await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out])).code).toBe(0);
    const again = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/earlier import.*--force/);
    expect((await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", out, "--force"])).code).toBe(0);
  });

  it("exits 2 naming a --rules path that does not exist, and a malformed --severity table", async () => {
    const dir = input();
    const missing = await runInProcess(["import", "--rules", join(dir, "nope.yml"), "--out", join(dir, "c")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--rules .*nope\.yml: no such file or folder/);
    const bad = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--severity", "page=P9", "--out", join(dir, "c")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--severity: "page=P9"/);
  });
});

describe("obsgen import and the file system", () => {
  it("reports a folder it cannot make (under a regular file) as the user's error, without a stack trace", async () => {
    const dir = input();
    writeFileSync(join(dir, "afile"), "a regular file\n");
    const r = await runInProcess(["import", "--rules", join(dir, "app.yml"), "--out", join(dir, "afile", "catalog")]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|please report|^\s+at /m);
    expect(r.stderr).toMatch(/^error .*afile.*: .* \[io\/[a-z-]+\]\n  hint: .+/m);
  });
});

describe("obsgen import on input with errors", () => {
  it("writes the catalog and its report, prints each error at file:line:col, and exits 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "g.yml"), "groups:\n  - name: g\n    labels:\n      team: a\n    rules:\n      - record: x:y\n        expr: up\n");
    const out = join(dir, "catalog");
    const r = await runInProcess(["import", "--rules", join(dir, "g.yml"), "--out", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error .*g\.yml:2:5: group "g" has labels .* \[import\/group-labels\]$/m);
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toMatch(/\| error \| .*g\.yml:2:5 \| group "g" has labels/);
    expect(readFileSync(join(out, "IMPORT.md"), "utf8")).toMatch(/\| .*g\.yml \| rules\/g\.ts \| 1 \| 0 \| 0 \| 1 \|/);
  });
});

describe("the writer's string literals", () => {
  it("read back exactly: newlines, backticks, ${, backslashes, quotes and U+2028", () => {
    for (const s of ["a\nb", "`x`", "${y}", "a\\b", 'say "hi"', "it's", "line\u2028sep\u2029", "tab\there\r"]) {
      const q = quote(s);
      expect(q).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(new Function(`return ${q};`)()).toBe(s);
    }
    expect(quote('a "b" c')).toBe("'a \"b\" c'");
  });
});
