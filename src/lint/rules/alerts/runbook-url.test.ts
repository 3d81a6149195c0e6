import { describe, expect, it } from "vitest";
import { fromTemplate, lintCase, testRule } from "../../../../test/helpers/rule-tester.js";
import { resolveCatalog } from "../../../model/resolve.js";
import { runLint } from "../../engine.js";
import { LINT_FIXTURE_CATALOG } from "../../fixture-catalog.js";
import { catalogLintInput } from "../../input/catalog.js";
import rule, { pageOf } from "./runbook-url.js";

const ann = (runbook_url?: string) => ({ summary: "s", description: "d", ...(runbook_url === undefined ? {} : { runbook_url }) });

// Rule files, linted against the fixture catalog (runbooks at https://runbooks.example.com/fixture, no alerts).
testRule(rule, {
  valid: [
    { name: "a rule file linking to another site", expr: "up == 0", annotations: ann("https://wiki.example.com/x") },
    { name: "a rule file linking through a template", expr: "up == 0", annotations: ann("{{ $externalURL }}/runbooks/x") },
    { name: "a rule file without runbook_url (alerts/annotations reports it)", expr: "up == 0", annotations: ann() },
    { name: "a rule file linked while no catalog is given", expr: "up == 0", annotations: ann("https://runbooks.example.com/fixture/gone"), noCatalog: true },
    { name: "a recording rule", expr: "sum(up)", kind: "record" },
  ],
  invalid: [
    {
      name: "a rule file whose runbook_url is not a URL, with or without a catalog",
      expr: "up == 0",
      annotations: ann("see wiki"),
      errors: [{ messageId: "url", message: "see wiki" }],
    },
    {
      name: "a runbook_url that is not a URL, without a catalog",
      expr: "up == 0",
      annotations: ann("see wiki"),
      noCatalog: true,
      errors: [{ messageId: "url" }],
    },
    {
      name: "a rule file linking to a page the catalog does not generate",
      expr: "up == 0",
      annotations: ann("https://runbooks.example.com/fixture/instance-down"),
      errors: [{ messageId: "unknownPage", message: "`instance-down`" }],
    },
    {
      name: "a rule file linking to a missing page with an anchor",
      expr: "up == 0",
      annotations: ann("https://runbooks.example.com/fixture/instance-down#steps"),
      errors: [{ messageId: "unknownPage", message: "`instance-down`" }],
    },
  ],
});

/** The fixture catalog with alerts on http_requests_total; `extra` overrides catalog fields. */
function catalogWithAlerts(alerts: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  const raw = structuredClone(LINT_FIXTURE_CATALOG) as any;
  raw.services[0].alerts = alerts.map((a) => ({
    priority: "P1",
    team: "ops",
    for: "5m",
    summary: "s",
    description: "d",
    action: "a",
    condition: { kind: "rate", metric: "http_requests_total", window: "5m", op: ">", threshold: 1 },
    ...a,
  }));
  Object.assign(raw, extra);
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

function catalogFindings(model: ReturnType<typeof catalogWithAlerts>) {
  return runLint(catalogLintInput(model, "catalog/index.ts", "2026-01-01"), { only: [rule.meta.id] }).filter((d) => d.code === rule.meta.id);
}

/** The message id whose template rendered `message`. */
function messageIdOf(message: string): string | undefined {
  return Object.keys(rule.meta.messages).find((id) => fromTemplate(rule, id, message));
}

describe("alerts/runbook-url on a catalog", () => {
  const cases: { name: string; alerts: Record<string, unknown>[]; extra?: Record<string, unknown>; expected: { messageId: string; path: string }[] }[] = [
    { name: "accepts alerts whose runbook_url obsgen generates from runbooks.baseUrl", alerts: [{ name: "ApiErrors" }, { name: "ApiSlow" }], expected: [] },
    {
      name: "accepts an alert linking to the page of another alert of the catalog",
      alerts: [{ name: "ApiErrors" }, { name: "ApiSlow", annotations: { runbook_url: "https://runbooks.example.com/fixture/api-errors" } }],
      expected: [],
    },
    {
      name: "leaves alerts without runbook_url to alerts/annotations when the catalog sets no runbooks.baseUrl",
      alerts: [{ name: "ApiErrors" }, { name: "ApiSlow" }],
      extra: { runbooks: undefined },
      expected: [],
    },
    {
      name: "reports an alert whose annotations point its runbook_url elsewhere",
      alerts: [{ name: "ApiErrors", annotations: { runbook_url: "https://wiki.example.com/api" } }],
      expected: [{ messageId: "notGenerated", path: "services.api.alerts.ApiErrors (annotations.runbook_url)" }],
    },
    {
      name: "reports an alert linking to a page no alert generates",
      alerts: [{ name: "ApiErrors", annotations: { runbook_url: "https://runbooks.example.com/fixture/api-down" } }],
      expected: [{ messageId: "unknownPage", path: "services.api.alerts.ApiErrors (annotations.runbook_url)" }],
    },
    {
      name: "leaves an alert with an empty runbook_url to alerts/annotations",
      alerts: [{ name: "ApiErrors", annotations: { runbook_url: " " } }],
      expected: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = catalogFindings(catalogWithAlerts(c.alerts, c.extra));
      expect(found.map((d) => ({ messageId: messageIdOf(d.message), path: d.path }))).toEqual(c.expected);
      for (const d of found) expect(d.severity).toBe("warning");
    });
  }

  it("is silenced by a silence on the alert", () => {
    const model = catalogWithAlerts([
      {
        name: "ApiErrors",
        annotations: { runbook_url: "https://wiki.example.com/api" },
        silence: [{ rule: "alerts/runbook-url", reason: "kept on the wiki" }],
      },
    ]);
    expect(catalogFindings(model)).toEqual([]);
  });

  it("tells how to silence a finding on the alert", () => {
    const [d] = catalogFindings(catalogWithAlerts([{ name: "ApiErrors", annotations: { runbook_url: "https://wiki.example.com/api" } }]));
    expect(d?.hint).toContain('rule: "alerts/runbook-url"');
  });
});

describe("a missing runbook link", () => {
  it("is one finding, from alerts/annotations, that says to set runbooks.baseUrl on a catalog", () => {
    const model = catalogWithAlerts([{ name: "ApiErrors" }], { runbooks: undefined });
    const found = runLint(catalogLintInput(model, "catalog/index.ts", "2026-01-01"), { only: ["alerts/annotations", "alerts/runbook-url"] });
    expect(found.map((d) => [d.code, d.path])).toEqual([["alerts/annotations", "services.api.alerts.ApiErrors (annotations)"]]);
    expect(found[0]!.message).toMatch(/has no `runbook_url`: set `runbooks.baseUrl`/);
  });

  it("is one finding in a rule file, and a link that is not a URL is one finding too", () => {
    const input = (runbook: string | undefined) =>
      lintCase({ expr: "up == 0", kind: "alert", annotations: ann(runbook), noCatalog: true }, ["alerts/annotations", "alerts/runbook-url"]).map((d) => d.code);
    expect(input(undefined)).toEqual(["alerts/annotations"]);
    expect(input("see wiki")).toEqual(["alerts/runbook-url"]);
  });
});

describe("pageOf", () => {
  it("reads the slug of a URL under the base URL, without anchor, query, trailing slash or .md", () => {
    expect(pageOf("https://r.example/x/high-order-latency", "https://r.example/x")).toBe("high-order-latency");
    expect(pageOf("https://r.example/x/high-order-latency#steps", "https://r.example/x")).toBe("high-order-latency");
    expect(pageOf("https://r.example/x/high-order-latency/?a=1", "https://r.example/x")).toBe("high-order-latency");
    expect(pageOf("https://r.example/x/high-order-latency.md", "https://r.example/x")).toBe("high-order-latency");
  });
  it("returns null for a URL outside the base URL, including a sibling path with the same prefix", () => {
    expect(pageOf("https://r.example/other/a", "https://r.example/x")).toBeNull();
    expect(pageOf("https://r.example/xy/a", "https://r.example/x")).toBeNull();
  });
});
