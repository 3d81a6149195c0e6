import { describe, expect, it } from "vitest";
import { globRegExp, inScopeOf, isUnder } from "./catalog-scope.js";

describe("catalog scope globs", () => {
  it("match `**` across folders and `*` within one name", () => {
    expect(globRegExp("rules/ours/**").test("rules/ours/a/b.yml")).toBe(true);
    expect(globRegExp("rules/**/shop-*.yml").test("rules/shop-a.yml")).toBe(true);
    expect(globRegExp("rules/*.yml").test("rules/a/b.yml")).toBe(false);
    expect(globRegExp("rules/ours/**").test("rules/oursx/a.yml")).toBe(false);
  });

  it("cover everything below a folder they name", () => {
    expect(globRegExp("rules/ours").test("rules/ours/a.yml")).toBe(true);
    expect(globRegExp("./rules/ours/").test("rules/ours/a.yml")).toBe(true);
  });

  it("are relative to their base folder, absolute ones too", () => {
    expect(inScopeOf({ patterns: ["rules/**"], base: "/p" }, "/p/rules/a.yml")).toBe(true);
    expect(inScopeOf({ patterns: ["rules/**"], base: "/p" }, "/q/rules/a.yml")).toBe(false);
    expect(inScopeOf({ patterns: ["/p/rules"], base: "/q" }, "/p/rules/a.yml")).toBe(true);
  });

  it("tell a file below a folder from one beside it", () => {
    expect(isUnder("/p/out/a.yml", "/p/out")).toBe(true);
    expect(isUnder("/p/outside/a.yml", "/p/out")).toBe(false);
    expect(isUnder("/p/a.yml", "/p/out")).toBe(false);
  });
});
