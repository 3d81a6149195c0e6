/**
 * The catalog accepts only what the tools reading the output accept: each class of value a
 * consumer refuses (promtool, amtool, Prometheus's config loader, Grafana, cargo, npm, the file
 * systems of Linux, macOS and Windows) is a catalog error naming the path and what to do, exit
 * code 1 and nothing written; the values at the edge of each rule are accepted, and the real tool
 * accepts their output.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/load-config.js";
import { checkEmittedPaths, emitOutput } from "../../src/emit/index.js";
import { defaultRulePrefix } from "../../src/model/conventions.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog, writeCatalog } from "../helpers/catalogs.js";
import { runInProcess, tempDir } from "../helpers/cli.js";
import { run } from "../helpers/spawn.js";
import { describeWithTool } from "../helpers/tools.js";

type Mutation = (c: any) => void;

/** The errors of a catalog, as `code path` lines. */
function errorsOf(mutate: Mutation): string[] {
  const c = baseCatalog();
  mutate(c);
  return resolveCatalog(c)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.code} ${d.path}`);
}

function diagnosticsOf(mutate: Mutation) {
  const c = baseCatalog();
  mutate(c);
  return resolveCatalog(c).diagnostics.filter((d) => d.severity === "error");
}

/** Builds the catalog into a fresh folder with the real command. */
async function build(mutate: Mutation, extraArgs: string[] = []) {
  const c = baseCatalog();
  mutate(c);
  const { dir, entry } = writeCatalog(c);
  const out = join(dir, "out");
  const r = await runInProcess(["build", "--catalog", entry, "--out", out, ...extraArgs]);
  return { ...r, out, dir };
}

const alert0 = (c: any) => c.services[0].alerts[0];
const withTests = (c: any) => {
  alert0(c).tests = [{ inputSeries: [{ series: "checkout_requests_total", values: "0+1x5" }], checks: [{ evalTime: "1m", firing: [] }] }];
};

/** A real tool, asynchronous (test/helpers/spawn.ts). */
function tool(cmd: string, args: string[]) {
  return run(cmd, args);
}

describe("a lone surrogate in any text", () => {
  const cases: { where: string; mutate: Mutation; path: string }[] = [
    { where: "an alert's summary", mutate: (c) => (alert0(c).summary = "slow \uD800 checkout"), path: "services.checkout.alerts.CheckoutSlow.summary" },
    {
      where: "a custom alert label's value",
      mutate: (c) => (alert0(c).labels = { tier: "gold\uDC00" }),
      path: "services.checkout.alerts.CheckoutSlow.labels.tier",
    },
    { where: "a metric's help", mutate: (c) => (c.services[0].metrics.requests.help = "\uDBFFRequests"), path: "services.checkout.metrics.requests.help" },
    {
      where: "a closed label value",
      mutate: (c) => (c.services[0].metrics.requests.labels.status = ["ok", "err\uD83D"]),
      path: "services.checkout.metrics.requests.labels.status[1]",
    },
    {
      where: "a runbook step",
      mutate: (c) => (alert0(c).runbook = { steps: ["look \uDE00 here"] }),
      path: "services.checkout.alerts.CheckoutSlow.runbook.steps[0]",
    },
    { where: "a parameter's description", mutate: (c) => (c.parameters.max_latency.description = "budget\uD800"), path: "parameters.max_latency.description" },
    { where: "an annotation's name", mutate: (c) => (alert0(c).annotations = { ["x\uD800"]: "y" }), path: "services.checkout.alerts.CheckoutSlow.annotations" },
  ];
  for (const c of cases) {
    it(`is refused in ${c.where}, naming the path`, () => {
      expect(errorsOf(c.mutate)).toContain(`catalog/invalid-text ${c.path}`);
    });
  }

  it("is refused by the build with exit code 1, a hint, and nothing written", async () => {
    const r = await build((c) => (alert0(c).description = "p99 \uD800 {{ $value }}"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/services\.checkout\.alerts\.CheckoutSlow\.description: holds a lone UTF-16 surrogate \(U\+D800 at character 5\)/);
    expect(r.stderr).toMatch(/hint: remove it, or write the whole character/);
    expect(existsSync(r.out)).toBe(false);
  });

  it("is refused in obsgen.config.ts too", () => {
    const r = validateConfig({ rules: { labels: { env: "prod\uD800" } } }, "obsgen.config.ts");
    expect(r.diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual(["config/invalid-text rules.labels.env"]);
  });

  it("leaves a whole character written as its surrogate pair alone", () => {
    expect(errorsOf((c) => (alert0(c).summary = "slow checkout \uD83D\uDE00"))).toEqual([]);
  });
});

describeWithTool("promtool", "promtool refuses what the surrogate rule refuses and accepts a surrogate pair", () => {
  it("promtool refuses a rule file holding an escaped lone surrogate (the consumer rule this mirrors)", async () => {
    const dir = tempDir();
    const f = join(dir, "r.yml");
    writeFileSync(f, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: "x\\uD800y"\n');
    const r = await tool("promtool", ["check", "rules", f]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/invalid Unicode character escape code/);
  });

  it("promtool accepts the rule file of an alert whose summary holds an emoji", async () => {
    const r = await build((c) => (alert0(c).summary = "slow checkout \uD83D\uDE00"));
    expect(r.code, r.stderr).toBe(0);
    const check = await tool("promtool", ["check", "rules", join(r.out, "prometheus", "rules", "shop_high_priority.yml")]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});

describe("annotation and label names", () => {
  it("refuses an annotation name that is not a label name (Prometheus's rule loader requires one)", () => {
    const ds = diagnosticsOf((c) => (alert0(c).annotations = { "bad key": "x", "1st": "y", "dash-ed": "z", ok_name: "w" }));
    expect(ds.map((d) => `${d.code} ${d.path}`).sort()).toEqual([
      "catalog/schema services.checkout.alerts.CheckoutSlow.annotations.1st",
      "catalog/schema services.checkout.alerts.CheckoutSlow.annotations.bad key",
      "catalog/schema services.checkout.alerts.CheckoutSlow.annotations.dash-ed",
    ]);
    expect(ds[0]!.message).toMatch(/annotation name ".*" is not a valid Prometheus label name, which Prometheus requires of annotation names/);
  });

  it("refuses invalid custom alert label names and invalid names in a hand-written test's expected alert", () => {
    expect(
      errorsOf((c) => {
        alert0(c).labels = { "bad key": "x" };
        withTests(c);
        alert0(c).tests[0].checks[0].firing = [{ labels: { "a b": "1" }, annotations: { "c d": "2" } }];
      }).sort(),
    ).toEqual([
      "catalog/schema services.checkout.alerts.CheckoutSlow.labels.bad key",
      "catalog/schema services.checkout.alerts.CheckoutSlow.tests[0].checks[0].firing[0].annotations.c d",
      "catalog/schema services.checkout.alerts.CheckoutSlow.tests[0].checks[0].firing[0].labels.a b",
    ]);
  });
});

describeWithTool("promtool", "promtool on annotation names", () => {
  it("refuses `bad key` as an annotation name (the consumer rule this mirrors)", async () => {
    const dir = tempDir();
    const f = join(dir, "r.yml");
    writeFileSync(f, 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          "bad key": x\n');
    const r = await tool("promtool", ["check", "rules", f]);
    expect(r.stdout + r.stderr).toMatch(/invalid annotation name: bad key/);
  });

  it("accepts the rule file of an alert with the annotation names the schema accepts, `__`-prefixed included", async () => {
    const r = await build((c) => (alert0(c).annotations = { __internal: "x", dashboard_2: "y", _x: "z" }));
    expect(r.code, r.stderr).toBe(0);
    const check = await tool("promtool", ["check", "rules", join(r.out, "prometheus", "rules", "shop_high_priority.yml")]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});

describe("hosts", () => {
  const refused: [string, RegExp][] = [
    ["example.com:8080/metrics?x=1#", /a path, query or fragment/],
    ["http://api.internal", /not a URL/],
    ["api.internal:8080", /give the port in its own field/],
    ["::1", /IPv6 address without brackets/],
    ["[::1", /does not end with `\]`/],
    ["[fe80::1%eth0]", /IPv6 zone/],
    ["[not-v6]", /not an IPv6 address/],
    ["api internal", /white space/],
    ["user@api.internal", /without credentials/],
    ["1.2.3.999", /not an IPv4 address/],
    ["010.0.0.1", /not an IPv4 address/],
    ["-api.internal", /not starting or ending with `-`/],
    ["api..internal", /empty part/],
    [`${"a".repeat(64)}.internal`, /at most 63/],
    ["", /must not be empty/],
  ];
  for (const [host, message] of refused) {
    it(`refuses the service host ${JSON.stringify(host)} with a hint`, () => {
      const ds = diagnosticsOf((c) => (c.services[0].host = host));
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/schema services.checkout.host"]);
      expect(ds[0]!.message).toMatch(message);
      expect(ds[0]!.hint).toMatch(/host name|brackets|host alone|routable/);
    });
  }

  it("refuses the same in alertmanager.host", () => {
    expect(errorsOf((c) => (c.alertmanager.host = "example.com:8080/metrics?x=1#"))).toEqual(["catalog/schema alertmanager.host"]);
  });

  it("sees a port clash between `localhost` and `[::1]`, and between host names that differ in case", () => {
    expect(errorsOf((c) => ((c.services[1].host = "[::1]"), (c.services[1].metricsPort = 8080)))).toEqual(["catalog/port-clash services.payments.metricsPort"]);
    expect(
      errorsOf((c) => {
        c.services[0].host = "API.internal";
        c.services[1].host = "api.internal";
        c.services[1].metricsPort = 8080;
      }),
    ).toEqual(["catalog/port-clash services.payments.metricsPort"]);
  });
});

describeWithTool("promtool", "promtool check config on the hosts the schema accepts", () => {
  it("refuses the brief's host (the consumer rule this mirrors)", async () => {
    const dir = tempDir();
    const f = join(dir, "prometheus.yml");
    writeFileSync(f, "scrape_configs:\n  - job_name: x\n    static_configs:\n      - targets: ['example.com:8080/metrics?x=1#:8080']\n");
    const r = await tool("promtool", ["check", "config", f]);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/is not a valid hostname/);
  });

  const accepted = ["api.internal", "10.0.0.5", "[::1]", "[2001:db8::5]", "metrics_exporter", "checkout.svc.cluster.local.", "API.Example.COM"];
  it(`accepts a prometheus.yml scraping ${accepted.join(", ")}, with Alertmanager on [::1]`, async () => {
    const r = await build((c) => {
      c.services = accepted.map((host, i) => ({ name: `svc-${i}`, description: "S", host, metricsPort: 8100 + i }));
      c.services[0].metrics = baseCatalog().services[0].metrics;
      c.services[0].alerts = baseCatalog().services[0].alerts;
      c.alertmanager = { host: "[::1]", port: 9093 };
    });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(r.out, "prometheus", "prometheus.yml"), "utf8");
    expect(text).toContain("[2001:db8::5]:8103");
    const check = await tool("promtool", ["check", "config", join(r.out, "prometheus", "prometheus.yml")]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});

describe("templates of every alert", () => {
  it("refuses `{{ unclosed` in an alert that has hand-written tests (the planner renders none of its templates)", () => {
    const ds = diagnosticsOf((c) => {
      withTests(c);
      alert0(c).description = "{{ unclosed";
    });
    expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/template services.checkout.alerts.CheckoutSlow.description"]);
    expect(ds[0]!.message).toBe(
      'annotation "description" is not a template Prometheus can parse: template: __alert_CheckoutSlow:1: function "unclosed" not defined',
    );
    expect(ds[0]!.hint).toMatch(/write a literal `\{\{`/);
  });

  it("refuses a broken template in a custom label value and a custom annotation, at their paths", () => {
    expect(
      errorsOf((c) => {
        withTests(c);
        alert0(c).labels = { tier: "{{ $labels.tier " };
        alert0(c).annotations = { dashboard: "{{ end }}" };
      }).sort(),
    ).toEqual([
      "catalog/template services.checkout.alerts.CheckoutSlow.annotations.dashboard",
      "catalog/template services.checkout.alerts.CheckoutSlow.labels.tier",
    ]);
  });

  it("reports a template in runbooks.baseUrl once, not once per alert", () => {
    expect(
      errorsOf((c) => {
        c.runbooks = { baseUrl: "https://runbooks.example.com/{{.Broken" };
        c.services[1].alerts = [{ ...structuredClone(alert0(c)), name: "PaymentsSlow" }];
      }),
    ).toEqual(["catalog/template runbooks.baseUrl"]);
  });

  it("fails the build with exit code 1 instead of writing a rule file promtool refuses", async () => {
    const r = await build((c) => {
      withTests(c);
      alert0(c).description = "{{ unclosed";
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/services\.checkout\.alerts\.CheckoutSlow\.description: annotation "description" is not a template Prometheus can parse/);
    expect(existsSync(r.out)).toBe(false);
  });

  it("accepts the templates promtool accepts, `define` and pipelines included", () => {
    expect(
      errorsOf((c) => {
        withTests(c);
        alert0(c).description = '{{ define "x" }}y{{ end }}{{ $value | humanize }} on {{ $labels.instance }} {{ "{{" }}';
      }),
    ).toEqual([]);
  });
});

describe("the catalog version", () => {
  const refused: [string, string | null][] = [
    ["v1.2.0", "1.2.0"],
    ["1.2", "1.2.0"],
    ["01.2.3", "1.2.3"],
    ["=1.0.0-rc.1", "1.0.0-rc.1"],
    ["1.2.0-01", null],
    ["1.2.0-a..b", null],
    ["latest", null],
    ["9007199254740992.0.0", null],
  ];
  for (const [version, suggestion] of refused) {
    it(`refuses ${JSON.stringify(version)}${suggestion ? `, suggesting "${suggestion}"` : ""}`, () => {
      const ds = diagnosticsOf((c) => (c.version = version));
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/schema version"]);
      expect(ds[0]!.message).toMatch(/is not a SemVer 2\.0 version/);
      expect(ds[0]!.hint).toBe(suggestion ? `write "${suggestion}"` : 'write a version such as "1.2.0" or "1.2.0-rc.1"');
    });
  }

  it("accepts SemVer 2.0 versions with pre-release and build parts", () => {
    for (const version of ["0.0.0", "1.2.0", "1.2.0-rc.1", "1.2.0-0.3.7", "1.2.0-x-y.7z+build.001", "9007199254740991.0.0"]) {
      expect(
        errorsOf((c) => (c.version = version)),
        version,
      ).toEqual([]);
    }
  });
});

describeWithTool("cargo", "cargo reads the version the schema accepts", () => {
  const metadata = (dir: string) => tool("sh", ["-c", `cd '${dir}' && cargo metadata --offline --no-deps --format-version 1`]);

  it("cargo accepts the generated Cargo.toml of version 1.2.0-rc.1+build.5 and refuses it with v1.2.0 (the consumer rule this mirrors)", async () => {
    const r = await build((c) => (c.version = "1.2.0-rc.1+build.5"));
    expect(r.code, r.stderr).toBe(0);
    const crate = join(r.out, "rust");
    const ok = await metadata(crate);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).packages[0].version).toBe("1.2.0-rc.1+build.5");
    const manifest = join(crate, "Cargo.toml");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace('version = "1.2.0-rc.1+build.5"', 'version = "v1.2.0"'));
    const bad = await metadata(crate);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/unexpected character 'v'/);
  });
});

describe("names that become files and folders", () => {
  const refusedNames = ["..", ".", ".hidden", "shop.", "con", "NUL", "com1", "aux.d", "-", "_._"];
  for (const name of refusedNames) {
    it(`refuses the catalog name ${JSON.stringify(name)}`, () => {
      const ds = diagnosticsOf((c) => (c.name = name));
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/schema name"]);
      expect(ds[0]!.hint).toMatch(/such as `py_rt`/);
    });
  }

  it("accepts a catalog name with dots and dashes, giving a prefix the prefix rule accepts", async () => {
    const r = await build((c) => (c.name = "Shop.EU-west"));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(r.out, "prometheus", "rules", "shop_eu_west_high_priority.yml"))).toBe(true);
    expect(readFileSync(join(r.out, "grafana", "provisioning", "dashboards.yml"), "utf8")).toContain("path: /var/lib/grafana/dashboards/Shop.EU-west");
  });

  it("defaults the rule group prefix to one `prometheus.ruleGroupPrefix` would accept, for any valid name", () => {
    for (const name of ["py_rt", "Shop.EU-west", "9lives", "2024-ops", "_x_", "a"]) {
      const prefix = defaultRulePrefix(name);
      expect(prefix, name).toMatch(/^[a-z][a-z0-9_]*$/);
      const c = baseCatalog();
      c.name = name;
      c.prometheus.ruleGroupPrefix = prefix;
      expect(
        resolveCatalog(c).diagnostics.filter((d) => d.severity === "error"),
        name,
      ).toEqual([]);
    }
    expect(defaultRulePrefix("2024-ops")).toBe("catalog_2024_ops");
  });

  it("refuses a rule group prefix whose rule files would be longer than file systems allow", () => {
    const ds = diagnosticsOf((c) => (c.prometheus.ruleGroupPrefix = `p${"x".repeat(240)}`));
    const file = ds.find((d) => d.code === "catalog/file-name")!;
    expect(file.path).toBe("prometheus.ruleGroupPrefix");
    expect(file.message).toMatch(/_high_priority\.yml, whose file name is 259 bytes long; file systems allow 255/);
    // The generated dashboards' uids, cut at 40 characters, collide too: the hint names the prefix.
    const uid = ds.find((d) => d.code === "catalog/duplicate-dashboard")!;
    expect(uid.hint).toMatch(/set a shorter `prometheus\.ruleGroupPrefix`/);
  });

  it("refuses service and group names too long for their stub files, and accepts Windows device names (the stubs rename those files)", () => {
    const long = `s${"x".repeat(253)}`;
    const ds = diagnosticsOf((c) => {
      c.services[1].name = long;
      c.groups = [{ name: `g${"x".repeat(253)}`, description: "d", exposedBy: ["checkout"], metrics: {} }];
    });
    expect(ds.map((d) => `${d.code} ${d.path}`).sort()).toEqual([`catalog/schema groups.g${"x".repeat(253)}.name`, `catalog/schema services.${long}.name`]);
    expect(ds[0]!.message).toMatch(/\.rs is 257 bytes long; file systems allow 255/);
    expect(
      errorsOf((c) => {
        c.services[1].name = "con";
        c.groups = [{ name: "nul", description: "d", exposedBy: ["checkout"], metrics: {} }];
      }),
    ).toEqual([]);
  });

  it("refuses an alert whose runbook page would be a Windows device, the index, or too long a name", () => {
    const ds = diagnosticsOf((c) => {
      const a = alert0(c);
      c.services[1].alerts = [
        { ...structuredClone(a), name: "Con" },
        { ...structuredClone(a), name: "Readme" },
        { ...structuredClone(a), name: `A${"b".repeat(260)}` },
      ];
    });
    expect(ds.map((d) => `${d.code} ${d.path}`).sort()).toEqual([
      "catalog/file-collision services.payments.alerts.Readme.name",
      `catalog/file-name services.payments.alerts.A${"b".repeat(260)}.name`,
      "catalog/file-name services.payments.alerts.Con.name",
    ]);
    expect(ds.find((d) => d.path!.endsWith("Con.name"))!.message).toMatch(/runbooks\/con\.md, whose file name is the device name CON/);
    expect(ds.find((d) => d.path!.endsWith("Readme.name"))!.message).toMatch(
      /the runbooks' index and alert "Readme" have the runbook pages runbooks\/README\.md and runbooks\/readme\.md/,
    );
  });
});

describe("collisions of output paths", () => {
  it("reports two alerts sharing a runbook page as a catalog error naming both, where the build crashed before", async () => {
    const r = await build((c) => (c.services[1].alerts = [{ ...structuredClone(alert0(c)), name: "Checkout_Slow" }]));
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/obsgen bug/);
    expect(r.stderr).toMatch(
      /services\.payments\.alerts\.Checkout_Slow\.name: alert "CheckoutSlow" \(services\.checkout\.alerts\.CheckoutSlow\) and alert "Checkout_Slow" both have the runbook page runbooks\/checkout-slow\.md \[catalog\/file-collision\]/,
    );
  });

  it("reports dashboard uids that differ only in case, naming both dashboards", () => {
    const ds = diagnosticsOf((c) => {
      const panel = { type: "stat", title: "P", description: "d", targets: [{ kind: "expr", expr: "up" }] };
      c.dashboards = [
        { title: "One", uid: "Trading", description: "d", rows: [{ title: "r", panels: [panel] }] },
        { title: "Two", uid: "trading", description: "d", rows: [{ title: "r", panels: [panel] }] },
      ];
    });
    expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/duplicate-dashboard dashboards[1]"]);
    expect(ds[0]!.message).toBe(
      'dashboard uid "trading" differs only in case from "Trading" of dashboards[0]: their files grafana/dashboards/shop/trading.json and grafana/dashboards/shop/Trading.json are one file on macOS and Windows',
    );
  });

  for (const uid of ["CON", "nul", "aux", "com1", "Lpt9", "prn"]) {
    it(`refuses the dashboard uid ${uid}, a Windows device name`, () => {
      const panel = { type: "stat", title: "P", description: "d", targets: [{ kind: "expr", expr: "up" }] };
      const ds = diagnosticsOf((c) => (c.dashboards = [{ title: "One", uid, description: "d", rows: [{ title: "r", panels: [panel] }] }]));
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/schema dashboards[0].uid"]);
      expect(ds[0]!.message).toMatch(/device name Windows reserves/);
    });
  }

  it("the last-resort check reports exact and case-only path collisions and unsafe names as diagnostics, and lets emitters write hidden files", () => {
    const ds = checkEmittedPaths([
      "grafana/a.json",
      "grafana/A.json",
      "runbooks/x.md",
      "runbooks/x.md",
      "grafana/aux.json",
      "ok/.gitignore",
      "rust/../x.rs",
      "a/b./c",
    ]);
    expect(ds.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "build/path-name: the generated path a/b. ends with `.` or a space, which Windows drops (two names would be one file)",
      "build/path-collision: generated files grafana/A.json and grafana/a.json differ only in case: they are one file on macOS and Windows",
      "build/path-name: the generated path grafana/aux.json is the device name AUX, which Windows reserves with any extension",
      "build/path-collision: two generated files would both be written to runbooks/x.md",
      "build/path-name: the generated path rust/.. is `..`, which a path reads as the parent folder",
    ]);
    expect(ds.every((d) => d.severity === "error" && d.hint)).toBe(true);
  });

  it("the shipped catalog's output passes the last-resort check", () => {
    const model = resolveCatalog(baseCatalog()).value!;
    const r = emitOutput(model);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.length).toBeGreaterThan(10);
  });
});

describe("secrets", () => {
  const alerting = (pagerduty: string, slackFile: string, channel: string) => ({
    receivers: { page: { pagerduty: [{ routingKeyFile: pagerduty }], slack: [{ apiUrlFile: slackFile, channel }] } },
    teams: { web: { P0: "page", P1: "page", P2: "page" } },
    defaultReceiver: "page",
  });
  const OK_KEY = "/etc/alertmanager/secrets/pagerduty-web.key";
  const OK_URL = "/etc/alertmanager/secrets/slack-web.url";
  const SLACK_SECRET = "XyZ0aBcD1eFgH2iJkL3mNoP4";
  const HEX_KEY = "0123456789abcdef0123456789abcdef";

  const refusedFiles: [string, string][] = [
    ["a Slack webhook URL path with its token", `hooks.slack.com/services/T0AB12CD3/B0EF45GH6/${SLACK_SECRET}`],
    ["a Slack webhook URL", `https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/${SLACK_SECRET}`],
    ["a raw PagerDuty routing key (32 hexadecimal digits)", HEX_KEY],
    ["a routing key inside a path", `/etc/alertmanager/${HEX_KEY}`],
    ["a token-like run of letters and digits", `secrets/${SLACK_SECRET}`],
    ["a domain name first, like a URL without its scheme", "events.pagerduty.com/v2/enqueue"],
    ["a path with a space", "/etc/secret file.key"],
    ["a query string", "/etc/key?x=1"],
  ];
  for (const [what, value] of refusedFiles) {
    it(`refuses ${what} as a secret file path, explaining the rule without repeating it`, () => {
      const ds = diagnosticsOf((c) => (c.alerting = alerting(value, OK_URL, "#web")));
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/schema alerting.receivers.page.pagerduty[0].routingKeyFile"]);
      expect(ds[0]!.message).toMatch(/^must be the path of a file holding the secret, not the secret itself: /);
      expect(ds[0]!.hint).toMatch(/put the secret in a file Alertmanager can read/);
      expect(JSON.stringify(ds)).not.toContain(SLACK_SECRET);
      expect(JSON.stringify(ds)).not.toContain(HEX_KEY);
    });
  }

  const refusedChannels: [string, string][] = [
    ["a Slack token", "#xoxb-1234567890-ABCDEFghij"],
    ["a token-like run", `#alerts-${SLACK_SECRET}`],
    ["a webhook URL", `https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/${SLACK_SECRET}`],
    ["white space", "#trading alerts"],
    ["upper case, which Slack channel names do not have", "#Trading"],
  ];
  for (const [what, channel] of refusedChannels) {
    it(`refuses a Slack channel holding ${what}`, () => {
      const ds = diagnosticsOf((c) => (c.alerting = alerting(OK_KEY, OK_URL, channel)));
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual(["catalog/schema alerting.receivers.page.slack[0].channel"]);
      expect(ds[0]!.message).toMatch(/^must be a Slack channel/);
      expect(JSON.stringify(ds)).not.toContain(SLACK_SECRET);
    });
  }

  it("accepts secret file paths and channels of the usual forms", () => {
    for (const [key, url, channel] of [
      [OK_KEY, OK_URL, "#trading-alerts"],
      ["secrets/pd.key", "./slack.url", "@jane.doe"],
      ["../secrets/pd-2024.key", "/run/secrets/slack_alerts@v2.url", "C024BE91L"],
    ] as const) {
      expect(
        errorsOf((c) => (c.alerting = alerting(key, url, channel))),
        `${key} ${url} ${channel}`,
      ).toEqual([]);
    }
  });

  const urlCases: [string, Mutation, string, string][] = [
    [
      "runbooks.baseUrl with user:password@",
      (c) => (c.runbooks = { baseUrl: "https://bob:hunter22@runbooks.example.com/shop" }),
      "runbooks.baseUrl",
      "hunter22",
    ],
    [
      "runbooks.baseUrl with a token as user",
      (c) => (c.runbooks = { baseUrl: "https://ghp0token0value@runbooks.example.com" }),
      "runbooks.baseUrl",
      "ghp0token0value",
    ],
    ["grafana.baseUrl with user:password@", (c) => (c.grafana = { baseUrl: "http://admin:s3cr3tpw@localhost:3000" }), "grafana.baseUrl", "s3cr3tpw"],
    [
      "a URL with ?access_token= in a description",
      (c) => (alert0(c).description = "see https://wiki.example.com/p?access_token=abc123tok"),
      "services.checkout.alerts.CheckoutSlow.description",
      "abc123tok",
    ],
    [
      "a URL with a password in a runbook step",
      (c) => (alert0(c).runbook = { steps: ["psql postgres://app:pa55word@db/app"] }),
      "services.checkout.alerts.CheckoutSlow.runbook.steps[0]",
      "pa55word",
    ],
    [
      "a Slack webhook URL in an annotation",
      (c) => (alert0(c).annotations = { chat: `https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/${SLACK_SECRET}` }),
      "services.checkout.alerts.CheckoutSlow.annotations.chat",
      SLACK_SECRET,
    ],
  ];
  for (const [what, mutate, path, secret] of urlCases) {
    it(`refuses ${what}, without repeating the credential`, () => {
      const ds = diagnosticsOf(mutate);
      expect(ds.map((d) => `${d.code} ${d.path}`)).toEqual([`catalog/credentials ${path}`]);
      expect(ds[0]!.hint).toMatch(/remove the credentials/);
      expect(JSON.stringify(ds)).not.toContain(secret);
    });
  }

  it("refuses a base URL with a query (obsgen appends paths to it), and one that is no http(s) URL", () => {
    expect(errorsOf((c) => (c.grafana = { baseUrl: "https://grafana.example.com?orgId=1" }))).toEqual(["catalog/schema grafana.baseUrl"]);
    expect(errorsOf((c) => (c.runbooks = { baseUrl: "ftp://runbooks.example.com" }))).toEqual(["catalog/schema runbooks.baseUrl"]);
  });

  it("accepts URLs without credentials, an ssh URL's user name, and a query without credential-like names", () => {
    expect(
      errorsOf((c) => {
        c.runbooks = { baseUrl: "/runbooks" };
        c.grafana = { baseUrl: "https://grafana.example.com:3000/sub" };
        alert0(c).runbook = { steps: ["clone ssh://git@github.com/acme/ops.git", "open https://grafana.example.com/d/x?orgId=1&viewPanel=2"] };
      }),
    ).toEqual([]);
  });

  it("refuses credentials in obsgen.config.ts's runbooks.baseUrl, and in any other config text", () => {
    const r = validateConfig(
      {
        runbooks: { baseUrl: "https://bob:hunter22@runbooks.example.com" },
        targets: [{ kind: "prometheus-operator", annotations: { note: "https://x.example.com/?api_key=k" } }],
      },
      "obsgen.config.ts",
    );
    expect(r.diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual(["config/credentials runbooks.baseUrl", "config/credentials targets[0].annotations.note"]);
    expect(JSON.stringify(r.diagnostics)).not.toContain("hunter22");
  });

  it("writes nothing when a URL carries credentials: no output ever holds them", async () => {
    const r = await build((c) => (c.runbooks = { baseUrl: "https://bob:hunter22@runbooks.example.com/shop" }));
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("hunter22");
    expect(existsSync(r.out)).toBe(false);
  });
});

describeWithTool("amtool", "amtool on the receivers the schema accepts", () => {
  it("amtool check-config accepts the alertmanager.yml of every accepted secret path and channel form", async () => {
    const r = await build((c) => {
      c.alerting = {
        receivers: {
          page: { pagerduty: [{ routingKeyFile: "/etc/alertmanager/secrets/pd.key" }], slack: [{ apiUrlFile: "secrets/slack.url", channel: "@jane.doe" }] },
          chat: {
            slack: [
              { apiUrlFile: "../s/slack_2@v2.url", channel: "C024BE91L" },
              { apiUrlFile: "./s.url", channel: "#trading-alerts" },
            ],
          },
        },
        teams: { web: { P0: "page", P1: "chat", P2: "chat" } },
        defaultReceiver: "chat",
      };
    });
    expect(r.code, r.stderr).toBe(0);
    const file = join(r.out, "alertmanager", "alertmanager.yml");
    // amtool reads the secret files: give it empty ones where the paths point.
    for (const p of ["secrets/slack.url", "../s/slack_2@v2.url", "./s.url"]) {
      const f = join(dirname(file), p);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, "https://example.invalid/hook\n");
    }
    const check = await tool("amtool", ["check-config", file]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });
});
