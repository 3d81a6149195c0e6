/**
 * Bad input: every problem is reported with its catalog path (or file:line:col), a hint, and
 * exit code 1; usage errors exit 2; nothing is written.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runBinaryAsync, runInProcess, tempDir } from "../helpers/cli.js";

type Mutation = (c: any) => void;

const cases: { name: string; mutate: Mutation; path: string; message: RegExp; code: string }[] = [
  {
    name: "a duplicate metric name",
    mutate: (c) => {
      c.services[1].metrics = { dup: { type: "counter", name: "checkout_requests_total", help: "Again" } };
    },
    path: "services.payments.metrics.dup.name",
    message: /metric name "checkout_requests_total" is already declared at services\.checkout\.metrics\.requests/,
    code: "catalog/duplicate-metric",
  },
  {
    name: "a metric whose name collides with a histogram's _count series",
    mutate: (c) => {
      c.services[1].metrics = { cnt: { type: "counter", name: "checkout_request_latency_ms_count", help: "Clash" } };
    },
    path: "services.payments.metrics.cnt.name",
    message: /already declared/,
    code: "catalog/duplicate-metric",
  },
  {
    name: "a duplicate alert name",
    mutate: (c) => {
      c.services[1].alerts = [structuredClone(c.services[0].alerts[0])];
    },
    path: "services.payments.alerts.CheckoutSlow",
    message: /alert "CheckoutSlow" is already declared at services\.checkout\.alerts\.CheckoutSlow/,
    code: "catalog/duplicate-alert",
  },
  {
    name: "an invalid metric name",
    mutate: (c) => {
      c.services[0].metrics.requests.name = "checkout-requests";
    },
    path: "services.checkout.metrics.requests.name",
    message: /not a valid Prometheus metric name/,
    code: "catalog/schema",
  },
  {
    name: "a metric name with the reserved __ prefix",
    mutate: (c) => {
      c.services[0].metrics.requests.name = "__requests_total";
    },
    path: "services.checkout.metrics.requests.name",
    message: /reserves for internal use/,
    code: "catalog/schema",
  },
  {
    name: "an invalid label name",
    mutate: (c) => {
      c.services[0].metrics.requests.labels = { "http-status": ["ok"] };
    },
    path: "services.checkout.metrics.requests.labels.http-status",
    message: /label name "http-status" is not a valid Prometheus label name/,
    code: "catalog/schema",
  },
  {
    name: "the reserved label le",
    mutate: (c) => {
      c.services[0].metrics.requests.labels = { le: ["1"] };
    },
    path: "services.checkout.metrics.requests.labels.le",
    message: /is reserved/,
    code: "catalog/schema",
  },
  {
    name: "the reserved label quantile",
    mutate: (c) => {
      c.services[0].metrics.requests.labels = { quantile: ["0.5"] };
    },
    path: "services.checkout.metrics.requests.labels.quantile",
    message: /is reserved/,
    code: "catalog/schema",
  },
  {
    name: "a label with the __ prefix",
    mutate: (c) => {
      c.services[0].metrics.requests.labels = { __tenant: ["a"] };
    },
    path: "services.checkout.metrics.requests.labels.__tenant",
    message: /reserves for internal use/,
    code: "catalog/schema",
  },
  {
    name: "unsorted buckets",
    mutate: (c) => {
      c.services[0].metrics.request_latency.buckets = [10, 100, 50, 250];
    },
    path: "services.checkout.metrics.request_latency.buckets[2]",
    message: /must be strictly increasing: 50 comes after 100/,
    code: "catalog/schema",
  },
  {
    name: "duplicate buckets",
    mutate: (c) => {
      c.services[0].metrics.request_latency.buckets = [10, 50, 50, 250];
    },
    path: "services.checkout.metrics.request_latency.buckets[2]",
    message: /must be strictly increasing: bucket 50 appears twice/,
    code: "catalog/schema",
  },
  {
    name: "a threshold that refers to an unknown parameter",
    mutate: (c) => {
      c.services[0].alerts[0].condition.threshold = { param: "max_latncy" };
    },
    path: "services.checkout.alerts.CheckoutSlow.condition.threshold",
    message: /refers to unknown parameter "max_latncy"/,
    code: "catalog/unknown-parameter",
  },
  {
    name: "a threshold that refers to an unknown label value",
    mutate: (c) => {
      c.services[0].alerts[0].condition.where = { method: "PUT" };
    },
    path: "services.checkout.alerts.CheckoutSlow.condition.where.method",
    message: /value "PUT" is not one of the values declared for label "method"/,
    code: "catalog/unknown-label-value",
  },
  {
    name: "a matcher on a label the metric does not have",
    mutate: (c) => {
      c.services[0].alerts[0].condition.where = { verb: "POST" };
    },
    path: "services.checkout.alerts.CheckoutSlow.condition.where.verb",
    message: /label "verb" is not declared on metric checkout_request_latency_ms/,
    code: "catalog/unknown-label",
  },
  {
    name: "an alert on an unknown metric",
    mutate: (c) => {
      c.services[0].alerts[0].condition.metric = "checkout_latency_ms";
    },
    path: "services.checkout.alerts.CheckoutSlow.condition.metric",
    message: /refers to metric "checkout_latency_ms", which the catalog does not declare/,
    code: "catalog/unknown-metric",
  },
  {
    name: "a quantile condition on a counter",
    mutate: (c) => {
      c.services[0].alerts[0].condition.metric = "checkout_requests_total";
      c.services[0].alerts[0].condition.where = {};
    },
    path: "services.checkout.alerts.CheckoutSlow.condition.metric",
    message: /a quantile condition needs a histogram, but checkout_requests_total is a counter/,
    code: "catalog/metric-type",
  },
  {
    name: "an invalid `for` duration",
    mutate: (c) => {
      c.services[0].alerts[0].for = "5 minutes";
    },
    path: "services.checkout.alerts.CheckoutSlow.for",
    message: /not a valid Prometheus duration/,
    code: "catalog/schema",
  },
  {
    name: "a `for` duration longer than Prometheus can hold",
    mutate: (c) => {
      c.services[0].alerts[0].for = "293y";
    },
    path: "services.checkout.alerts.CheckoutSlow.for",
    message: /is longer than a Prometheus duration can be \(at most 292y\)/,
    code: "catalog/schema",
  },
  {
    name: "an invalid window duration",
    mutate: (c) => {
      c.services[0].alerts[0].condition.window = "1.5m";
    },
    path: "services.checkout.alerts.CheckoutSlow.condition.window",
    message: /not a valid Prometheus duration/,
    code: "catalog/schema",
  },
  {
    name: "two services on one port",
    mutate: (c) => {
      c.services[1].metricsPort = 8080;
    },
    path: "services.payments.metricsPort",
    message: /port 8080 on localhost is already used by checkout \(metrics\)/,
    code: "catalog/port-clash",
  },
  {
    name: "Alertmanager on a service's port",
    mutate: (c) => {
      c.alertmanager.port = 8081;
    },
    path: "alertmanager.port",
    message: /port 8081 on localhost is already used by payments \(metrics\)/,
    code: "catalog/port-clash",
  },
  {
    name: "an unknown field (a typo)",
    mutate: (c) => {
      c.services[0].metrics.requests.hlep = "typo";
    },
    path: "services.checkout.metrics.requests",
    message: /unknown field `hlep`/,
    code: "catalog/schema",
  },
  {
    name: "an alert owned by an undeclared team",
    mutate: (c) => {
      c.services[0].alerts[0].team = "mobile";
    },
    path: "services.checkout.alerts.CheckoutSlow.team",
    message: /team "mobile" is not declared/,
    code: "catalog/unknown-team",
  },
];

describe("obsgen build rejects bad catalogs", () => {
  it("builds the base catalog of these cases (so each failure below is caused by its mutation)", async () => {
    const { dir, entry } = writeCatalog(baseCatalog());
    const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
    // Its lint warnings (a unit spelled `_ms`, no runbook URL) are printed; it has no error.
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
  });

  for (const c of cases) {
    it(`reports ${c.name} with its catalog path and exits 1`, async () => {
      const catalog = baseCatalog();
      c.mutate(catalog);
      const { dir, entry } = writeCatalog(catalog);
      const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
      expect(r.code).toBe(1);
      const line = r.stderr.split("\n").find((l) => l.includes(`[${c.code}]`));
      expect(line, r.stderr).toBeDefined();
      expect(line).toContain(`${c.path}: `);
      expect(line).toMatch(c.message);
      expect(r.stderr).toMatch(/nothing was written/);
      expect(existsSync(join(dir, "out"))).toBe(false);
    });
  }

  it("reports every problem, not just the first", async () => {
    const catalog = baseCatalog();
    catalog.services[0].metrics.request_latency.buckets = [10, 5];
    catalog.services[0].metrics.requests.name = "bad-name";
    catalog.services[0].alerts[0].for = "soon";
    const { dir, entry } = writeCatalog(catalog);
    const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("services.checkout.metrics.request_latency.buckets[1]");
    expect(r.stderr).toContain("services.checkout.metrics.requests.name");
    expect(r.stderr).toContain("services.checkout.alerts.CheckoutSlow.for");
    expect(r.stderr).toMatch(/3 errors; nothing was written/);
  });

  it("reports every cross-reference problem together", async () => {
    const catalog = baseCatalog();
    catalog.services[1].metricsPort = 8080;
    catalog.services[0].alerts[0].condition.threshold = { param: "nope" };
    catalog.services[0].alerts[0].condition.where = { method: "PUT" };
    const { dir, entry } = writeCatalog(catalog);
    const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    for (const code of ["catalog/port-clash", "catalog/unknown-parameter", "catalog/unknown-label-value"]) {
      expect(r.stderr).toContain(`[${code}]`);
    }
  });

  it("names the file, line and column of a catalog that does not compile", async () => {
    const { dir, entry } = writeCatalog("export default {\n  name: 'x',\n  services: [,,\n");
    const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/catalog\/index\.ts:\d+:\d+: the catalog does not compile/);
  });

  it("names the catalog file and the line of a catalog that throws while loading", async () => {
    const { dir, entry } = writeCatalog(`import { thresholds } from "./thresholds.js";\nexport default { name: "x", value: thresholds() };\n`, {
      "thresholds.ts": `export function thresholds(): number {\n  throw new Error("budget file missing");\n}\n`,
    });
    const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/thresholds\.ts:2:9: the catalog threw while loading: budget file missing \[catalog\/load\]/);
  });

  it("names the file, line and column of a throw while loading wherever the catalog and the working directory are", async () => {
    // Each depth apart: the bundle's source map must not count its sources from the working
    // directory, nor from the bundle's own folder in the OS temp folder.
    const base = tempDir("obsgen-throw-depth-");
    const cwd = join(base, "work", "a", "b", "c");
    mkdirSync(cwd, { recursive: true });
    for (const where of [join(base, "p", "catalog"), join(base, "p", "q", "r", "s", "t", "u", "catalog")]) {
      mkdirSync(where, { recursive: true });
      writeFileSync(join(where, "index.ts"), 'import { budget } from "./orders.js";\nexport default { name: "x", budget };\n');
      writeFileSync(join(where, "orders.ts"), '// Orders\n\nexport const budget: number = (() => {\n  throw new Error("budget file missing");\n})();\n');
      const r = await runBinaryAsync(["build", "--catalog", join(where, "index.ts"), "--out", join(base, "out")], cwd);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error ${join(where, "orders.ts")}:4:9: the catalog threw while loading: budget file missing [catalog/load]`);
    }
  });

  it("says so when the catalog file does not exist", async () => {
    const dir = writeCatalog(baseCatalog()).dir;
    const r = await runInProcess(["build", "--catalog", join(dir, "nope.ts"), "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/catalog file .*nope\.ts does not exist/);
    expect(r.stderr).toMatch(/hint: pass --catalog/);
  });

  it("says so when the catalog has no default export", async () => {
    const { dir, entry } = writeCatalog("export const x = 1;\n");
    const r = await runInProcess(["build", "--catalog", entry, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has no default export/);
  });

  it("exits 2 on a usage error (unknown option), as the real binary", async () => {
    const r = await runBinaryAsync(["build", "--frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it("exits 2 on an unknown command", async () => {
    const r = await runBinaryAsync(["bulid"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'bulid'/);
  });

  it("exits 1 from the real binary on an invalid catalog", async () => {
    const catalog = baseCatalog();
    catalog.services[0].metrics.request_latency.buckets = [10, 5];
    const { dir, entry } = writeCatalog(catalog);
    const r = await runBinaryAsync(["build", "--catalog", entry, "--out", join(dir, "out")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("services.checkout.metrics.request_latency.buckets[1]: must be strictly increasing");
  });
});
