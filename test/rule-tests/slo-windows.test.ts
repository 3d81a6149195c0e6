/**
 * The SLO recording rules, run by promtool: the long windows (1d, 3d, the period) computed from
 * the recorded 5-minute series agree with the raw computation they replace, exactly on steady
 * traffic and within docs/slos.md's bound on varying traffic; the metadata series hold the
 * objective, budget and burn; and a window over a recorded series holds the points docs/slos.md
 * counts, on each version's window semantics.
 */
import { describe, expect, it } from "vitest";
import { emitPrometheusRules } from "../../src/emit/prometheus-rules.js";
import { toYaml } from "../../src/emit/serialize.js";
import { rangeSamples, samplesOf } from "../../src/emit/rule-tests/promql-model.js";
import { baseCatalog } from "../helpers/catalogs.js";
import { describeWithTool } from "../helpers/tools.js";
import { promtoolTest, resolved } from "./fixture.js";

const MIN = 60_000;
/** Evaluated at 1d 10m: every long window reaches back past the input's first day. */
const AT_MIN = 24 * 60 + 10;

/** A ratio SLO (98%: budget 0.02) and an availability SLO (99%) on the checkout service, rules evaluated every minute. */
function sloCatalog(): any {
  const c = baseCatalog();
  c.services[0].availability = 99;
  c.services[0].team = "web";
  c.prometheus = { port: 9090, scrapeInterval: "1m", evaluationInterval: "1m" };
  c.slos = [
    {
      kind: "ratio",
      name: "checkout-success",
      description: "Checkout requests succeed",
      metric: "checkout_requests_total",
      good: { status: "ok" },
      objective: 98,
      window: "5m",
      team: "web",
    },
  ];
  return c;
}

const model = resolved(sloCatalog());
const sloGroup = model.ruleGroups.find((g) => g.kind === "recording")!.name;

/** A counter's values per minute from per-minute increments. */
function counter(perMinute: (minute: number) => number): string {
  let v = 0;
  const out: number[] = [];
  for (let m = 0; m <= AT_MIN; m++) {
    out.push(v);
    v += perMinute(m + 1);
  }
  return out.join(" ");
}

/** Two-hour cycles: an hour of 100 requests a minute (5 failing), an hour of 10 (5 failing). */
const busy = (minute: number) => Math.floor((minute - 1) / 60) % 2 === 0;
const varyingOk = (m: number) => (busy(m) ? 95 : 5);
const varyingError = () => 5;

/** The raw-series error ratio over `w`, as the rules computed it before (and still do under a day). */
const rawRatio = (w: string) => `(1 - (sum(rate(checkout_requests_total{status="ok"}[${w}])) / sum(rate(checkout_requests_total[${w}]))))`;
const rawUnavailability = (w: string) => `(1 - avg(avg_over_time(up{job="checkout"}[${w}])))`;
const rec = (record: string, slo: string) => `${record}{slo="${slo}"}`;

interface ExprTest {
  readonly expr: string;
  readonly value: number;
  readonly labels?: string;
}

function testFile(input: { series: string; values: string }[], tests: readonly ExprTest[]): string {
  return toYaml({
    rule_files: [`${sloGroup}.yml`],
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: input,
        promql_expr_test: tests.map((t) => ({
          expr: t.expr,
          eval_time: `${AT_MIN}m`,
          exp_samples: [{ labels: t.labels ?? "{}", value: t.value }],
        })),
      },
    ],
  });
}

/** promtool on one test file beside the rule files; asynchronous, as a day of evaluations takes seconds. */
async function promtool(name: string, contents: string) {
  const files = emitPrometheusRules(model).map((f) => ({ path: f.path.replace(/^prometheus\/rules\//, ""), contents: f.contents }));
  const r = await promtoolTest([...files, { path: name, contents }], [name]);
  return { status: r.status, output: r.output };
}

/** `abs(a - b) <= bound` as a promtool check: 1 when it holds (labels dropped by `sum`). */
const within = (a: string, b: string, bound: number): ExprTest => ({ expr: `sum(abs(${a} - on () ${b}) <= bool ${bound})`, value: 1 });
const beyond = (a: string, b: string, bound: number): ExprTest => ({ expr: `sum(abs(${a} - on () ${b}) > bool ${bound})`, value: 1 });

describe("the SLO rules of a catalog with a ratio and an availability SLO", () => {
  it("compute 1d, 3d and 30d from the recorded 5-minute series and nothing raw", () => {
    const long = model.recordingRules.filter((r) => /^slo:sli_error:ratio_rate(1d|3d|30d)$/.test(r.record));
    expect(long.map((r) => `${r.record} ${r.labels.slo}`)).toEqual([
      "slo:sli_error:ratio_rate1d checkout-availability",
      "slo:sli_error:ratio_rate1d checkout-success",
      "slo:sli_error:ratio_rate30d checkout-availability",
      "slo:sli_error:ratio_rate30d checkout-success",
      "slo:sli_error:ratio_rate3d checkout-availability",
      "slo:sli_error:ratio_rate3d checkout-success",
    ]);
    for (const r of long) expect(r.expr).not.toMatch(/checkout_requests_total|up\{/);
  });

  it("hold one point per evaluation in a window over a recorded series: W/interval + 1 on 2.42, W/interval on 3", () => {
    // A recorded series has a sample at every evaluation, so one sits exactly on the window's start.
    const recorded = samplesOf(
      Array.from({ length: AT_MIN + 1 }, () => 1),
      MIN,
    );
    expect(rangeSamples(recorded, AT_MIN * MIN, 24 * 60 * MIN, "2.42")).toHaveLength(1441);
    expect(rangeSamples(recorded, AT_MIN * MIN, 24 * 60 * MIN, "3")).toHaveLength(1440);
  });
});

describeWithTool("promtool", "promtool test rules on the SLO recording rules", () => {
  const steady = [
    { series: 'checkout_requests_total{status="ok"}', values: counter(() => 99) },
    { series: 'checkout_requests_total{status="error"}', values: counter(() => 1) },
    // Ten instances, one of them down throughout: 10% of the scrapes fail, at every moment.
    ...Array.from({ length: 10 }, (_, i) => ({ series: `up{job="checkout", instance="i${i}"}`, values: `${i === 0 ? 0 : 1}+0x${AT_MIN}` })),
  ];

  /** The long windows against the raw computation they replace. */
  const longWindows: ExprTest[] = [];
  for (const w of ["1d", "3d", "30d"]) {
    longWindows.push(within(rec(`slo:sli_error:ratio_rate${w}`, "checkout-success"), rawRatio(w), 1e-12));
    longWindows.push(within(rec(`slo:sli_error:ratio_rate${w}`, "checkout-availability"), rawUnavailability(w), 1e-12));
  }
  // Not vacuous: the error ratios are the input's 1% and 10%.
  longWindows.push(within(rec("slo:sli_error:ratio_rate1d", "checkout-success"), "vector(0.01)", 1e-12));
  longWindows.push(within(rec("slo:sli_error:ratio_rate1d", "checkout-availability"), "vector(0.1)", 1e-12));
  // The points docs/slos.md counts: 2.42 closes the window, 1441 evaluations in a day at 1m.
  longWindows.push({ expr: `count_over_time(${rec("slo:sli_total_events:rate5m", "checkout-success")}[1d])`, value: 1441, labels: '{slo="checkout-success"}' });

  /** The metadata series: the objective, budget and period, and the burn of the input's known error ratios. */
  const labels = '{service="checkout", slo="checkout-success", team="web"}';
  const metadata: ExprTest[] = [
    { expr: rec("slo:objective:ratio", "checkout-success"), value: 0.98, labels: `{__name__="slo:objective:ratio", ${labels.slice(1)}` },
    { expr: rec("slo:error_budget:ratio", "checkout-success"), value: 0.02, labels: `{__name__="slo:error_budget:ratio", ${labels.slice(1)}` },
    { expr: rec("slo:time_period:days", "checkout-success"), value: 30, labels: `{__name__="slo:time_period:days", ${labels.slice(1)}` },
    {
      expr: rec("slo:error_budget:ratio", "checkout-availability"),
      value: 0.01,
      labels: '{__name__="slo:error_budget:ratio", service="checkout", slo="checkout-availability", team="web"}',
    },
    // 1% errors against a 2% budget: burning at half the sustainable rate, half the budget left.
    within(rec("slo:current_burn_rate:ratio", "checkout-success"), "vector(0.5)", 1e-9),
    within(rec("slo:period_burn_rate:ratio", "checkout-success"), "vector(0.5)", 1e-9),
    within(rec("slo:period_error_budget_remaining:ratio", "checkout-success"), "vector(0.5)", 1e-9),
    // 10% of scrapes failing against a 1% budget: ten times too fast, nine budgets overspent.
    within(rec("slo:period_error_budget_remaining:ratio", "checkout-availability"), "vector(-9)", 1e-9),
    {
      expr: rec("obsgen_slo_info", "checkout-success"),
      value: 1,
      labels: `{__name__="obsgen_slo_info", kind="ratio", objective="98", period="30d", ${labels.slice(1)}`,
    },
  ];

  /**
   * Both sets of checks on the steady input read one promtool run: its cost is the day of rule
   * evaluations over the input, the same for both; the checks at the end are what differ. A
   * failing check fails both tests, and promtool's output names it.
   */
  let steadyRun: ReturnType<typeof promtool> | undefined;
  const onSteady = () => {
    steadyRun ??= promtool("steady.test.yml", testFile(steady, [...longWindows, ...metadata]));
    return steadyRun;
  };

  it("the long windows equal the raw-series computation on steady input", async () => {
    const r = await onSteady();
    expect(r.status, r.output).toBe(0);
  });

  it("the long windows stay within the stated bound of the raw computation on varying traffic, where an average of 5-minute ratios does not", async () => {
    const input = [
      { series: 'checkout_requests_total{status="ok"}', values: counter(varyingOk) },
      { series: 'checkout_requests_total{status="error"}', values: counter(varyingError) },
      // Down ten minutes in every two hours, at the start of the busy hour.
      { series: 'up{job="checkout"}', values: Array.from({ length: AT_MIN + 1 }, (_, m) => (m % 120 < 10 ? 0 : 1)).join(" ") },
    ];
    // docs/slos.md: |R - r| <= 2Δ(e_max + r·n_max) / (N - 2Δ·n_max) for event SLOs, 2Δ/W for availability;
    // Δ = 5m, W = 1d; per minute e_max = 5, n_max = 100; over the day N = 12 × (6000 + 600) events, r = 7200 / N.
    const n = 12 * (6000 + 600);
    const r = 7200 / n;
    const eventBound = (2 * 5 * (5 + r * 100)) / (n - 2 * 5 * 100);
    const availabilityBound = (2 * 5) / (24 * 60);
    const tests: ExprTest[] = [
      within(rec("slo:sli_error:ratio_rate1d", "checkout-success"), rawRatio("1d"), eventBound),
      within(rec("slo:sli_error:ratio_rate1d", "checkout-availability"), rawUnavailability("1d"), availabilityBound),
      // Sloth's average of the 5-minute ratios weighs the quiet hour's 50% like the busy hour's 5%.
      beyond(`avg_over_time(${rec("slo:sli_error:ratio_rate5m", "checkout-success")}[1d])`, rawRatio("1d"), 10 * eventBound),
    ];
    const out = await promtool("varying.test.yml", testFile(input, tests));
    expect(out.status, out.output).toBe(0);
  });

  it("the metadata series hold the objective, the budget, the period and the burn of a known error ratio", async () => {
    const r = await onSteady();
    expect(r.status, r.output).toBe(0);
  });
});
