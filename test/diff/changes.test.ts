/**
 * One baseline/head pair per change kind: the fixture catalog, one field mutated, and the finding
 * it must produce with exactly the consumers that depend on what changed.
 */
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/diff/change.js";
import { diffCatalogs } from "../../src/diff/diff.js";
import { CHANGE_KINDS, type ChangeKindId, changeKind } from "../../src/diff/kinds.js";
import { consumerLine, diffBase, docOf } from "./fixture.js";

interface Expected {
  readonly id: ChangeKindId;
  readonly subject: string;
  /** Every consumer, as {@link consumerLine} writes it; omitted: not checked. */
  readonly consumers?: readonly string[];
  readonly hint?: RegExp;
}

interface Case {
  readonly name: string;
  readonly base?: (c: any) => void;
  readonly head: (c: any) => void;
  readonly expect: readonly Expected[];
  /** Change ids the pair must not produce. */
  readonly not?: readonly ChangeKindId[];
}

const checkout = (c: any) => c.services[0];
const alertNamed = (c: any, name: string) => checkout(c).alerts.find((a: any) => a.name === name);
const sloNamed = (c: any, name: string) => c.slos.find((s: any) => s.name === name);
const renameAll = (c: any, from: string, to: string) => JSON.parse(JSON.stringify(c).replaceAll(from, to));

const SLO_RULE = "job:slo_checkout_success:ratio_rate15m";
const LATENCY_RULE = "job:slo_checkout_latency:p99_rate5m";

const CASES: readonly Case[] = [
  {
    name: "a removed metric breaks every alert, recording rule, SLO and stub reading it",
    head: (c) => {
      delete checkout(c).metrics.queue;
      checkout(c).alerts = checkout(c).alerts.filter((a: any) => a.name !== "CheckoutQueueDeep");
    },
    expect: [
      { id: "metric/removed", subject: "checkout_queue_depth", consumers: ["alert CheckoutQueueDeep", "stub checkout_queue_depth"] },
      { id: "alert/removed", subject: "CheckoutQueueDeep" },
    ],
  },
  {
    name: "a metric replaced under another name without renamedFrom is removed + added, with a hint",
    head: (c) => Object.assign(c, renameAll(c, "checkout_queue_depth", "checkout_queue_length")),
    expect: [
      {
        id: "metric/removed",
        subject: "checkout_queue_depth",
        consumers: ["alert CheckoutQueueDeep", "stub checkout_queue_depth"],
        hint: /declare renamedFrom: \{ name: "checkout_queue_depth", until: "YYYY-MM-DD" \} on checkout_queue_length/,
      },
      { id: "metric/added", subject: "checkout_queue_length", consumers: ["stub checkout_queue_length"] },
    ],
    not: ["metric/renamed"],
  },
  {
    name: "a declared renamedFrom is a managed rename, not a removal",
    head: (c) => {
      Object.assign(c, renameAll(c, "checkout_requests_total", "checkout_http_requests_total"));
      checkout(c).metrics.requests.renamedFrom = { name: "checkout_requests_total", until: "2026-09-30" };
    },
    expect: [
      {
        id: "metric/renamed",
        subject: "checkout_requests_total",
        consumers: ["stub checkout_requests_total: renamed checkout_http_requests_total"],
        hint: /before 2026-09-30/,
      },
    ],
    // Alerts, SLOs and recording rules that only follow the rename are unchanged.
    not: ["metric/removed", "metric/added", "recording/added", "recording/expr-changed", "alert/expr-changed", "slo/indicator-changed"],
  },
  {
    name: "a renamed metric's other changes are compared against its old declaration",
    head: (c) => {
      Object.assign(c, renameAll(c, "checkout_queue_depth", "checkout_queue_length"));
      checkout(c).metrics.queue.renamedFrom = { name: "checkout_queue_depth", until: "2026-09-30" };
      checkout(c).metrics.queue.help = "Orders waiting in line";
    },
    expect: [
      { id: "metric/renamed", subject: "checkout_queue_depth" },
      { id: "metric/help-changed", subject: "checkout_queue_length" },
    ],
    not: ["metric/removed"],
  },
  {
    name: "dropping renamedFrom ends the rename: the old name is no longer recorded",
    base: (c) => {
      checkout(c).metrics.queue.renamedFrom = { name: "checkout_queue_len", until: "2026-01-31" };
      alertNamed(c, "CheckoutSloBurn").condition.expr = "min(job:slo_checkout_success:ratio_rate15m) < 0.99 or max(checkout_queue_len) > 500";
    },
    head: (c) => {
      delete checkout(c).metrics.queue.renamedFrom;
    },
    expect: [{ id: "metric/rename-ended", subject: "checkout_queue_len", consumers: ["alert CheckoutSloBurn"] }],
    not: ["recording/removed"],
  },
  {
    name: "a type change breaks the queries and the stub",
    head: (c) => {
      checkout(c).metrics.queue.type = "counter";
      checkout(c).metrics.queue.name = "checkout_queue_depth";
    },
    expect: [{ id: "metric/type-changed", subject: "checkout_queue_depth", consumers: ["alert CheckoutQueueDeep", "stub checkout_queue_depth"] }],
  },
  {
    name: "a unit change under the same name puts every threshold in the old unit off",
    head: (c) => {
      checkout(c).metrics.request_latency.unit = "seconds";
    },
    expect: [
      {
        id: "metric/unit-changed",
        subject: "checkout_request_latency_ms",
        consumers: ["alert CheckoutFastShare", "alert CheckoutSlow", `recording-rule ${LATENCY_RULE}`, "slo checkout-latency"],
      },
    ],
  },
  {
    name: "a new HELP text concerns the stub only",
    head: (c) => {
      checkout(c).metrics.requests.help = "HTTP requests to checkout";
    },
    expect: [{ id: "metric/help-changed", subject: "checkout_requests_total", consumers: ["stub checkout_requests_total"] }],
  },
  {
    name: "a service that stops exposing a shared metric, and one that starts",
    head: (c) => {
      c.groups[0].exposedBy = ["checkout"];
      c.services.push({ name: "refunds", description: "Refunds", metricsPort: 8082 });
      c.groups.push({ name: "refund-system", description: "x", exposedBy: ["refunds"], metrics: {} });
    },
    expect: [{ id: "metric/exposure-removed", subject: "process_memory_mb", consumers: [] }],
  },
  {
    name: "a service that starts exposing a shared metric",
    head: (c) => {
      c.services.push({ name: "refunds", description: "Refunds", metricsPort: 8082 });
      c.groups[0].exposedBy = ["checkout", "payments", "refunds"];
    },
    expect: [{ id: "metric/exposure-added", subject: "process_memory_mb" }],
  },
  {
    name: "a removed label breaks only the consumers that name it: by, matchers, $labels",
    head: (c) => {
      checkout(c).metrics.requests.labels = { status: ["ok", "error"], route: { open: true, maxValues: 20 } };
    },
    expect: [
      {
        id: "label/removed",
        subject: "checkout_requests_total{method}",
        consumers: [
          'alert CheckoutErrorsByMethod: annotations.description: $labels.method, method=~"GET|POST", sum by (method)',
          "stub checkout_requests_total: label method",
        ],
        hint: null as never,
      },
    ],
  },
  {
    name: "a label removed and another added on one metric is removed + added, with a hint",
    head: (c) => {
      checkout(c).metrics.requests.labels = { status: ["ok", "error"], http_method: ["GET", "POST"], route: { open: true, maxValues: 20 } };
    },
    expect: [
      { id: "label/removed", subject: "checkout_requests_total{method}", hint: /http_method is added on the same metric; if method was renamed/ },
      { id: "label/added", subject: "checkout_requests_total{http_method}", consumers: ["stub checkout_requests_total: label http_method"] },
    ],
  },
  {
    name: "a label read by an SLO and a ratio alert lists them with where they name it",
    head: (c) => {
      checkout(c).metrics.requests.labels = { method: ["GET", "POST"], route: { open: true, maxValues: 20 } };
      checkout(c).alerts = checkout(c).alerts.filter((a: any) => !["CheckoutErrors", "CheckoutLowSuccess"].includes(a.name));
      c.slos = c.slos.filter((s: any) => s.name !== "checkout-success");
    },
    expect: [
      {
        id: "label/removed",
        subject: "checkout_requests_total{status}",
        consumers: [
          'alert CheckoutErrors: status="error"',
          'alert CheckoutErrorsByMethod: status="error"',
          'alert CheckoutLowSuccess: status="ok"',
          `recording-rule ${SLO_RULE}: status="ok"`,
          "slo checkout-success: good.status",
          "stub checkout_requests_total: label status",
        ],
      },
    ],
  },
  {
    name: "a removed label value breaks the matchers that select it, regexes included",
    head: (c) => {
      checkout(c).metrics.requests.labels.method = ["POST"];
    },
    expect: [
      {
        id: "label/value-removed",
        subject: 'checkout_requests_total{method="GET"}',
        consumers: ['alert CheckoutErrorsByMethod: method=~"GET|POST"', 'stub checkout_requests_total: method: "GET"'],
      },
    ],
  },
  {
    name: "a removed value used by an SLO reaches the SLO, its recorded series and what reads it",
    head: (c) => {
      checkout(c).metrics.requests.labels.status = ["success", "error"];
      alertNamed(c, "CheckoutLowSuccess").condition.numerator = { status: "success" };
      sloNamed(c, "checkout-success").good = { status: "success" };
    },
    expect: [
      {
        id: "label/value-removed",
        subject: 'checkout_requests_total{status="ok"}',
        consumers: [
          'alert CheckoutLowSuccess: status="ok"',
          `alert CheckoutSloBurn via ${SLO_RULE}`,
          `recording-rule ${SLO_RULE}: status="ok"`,
          'slo checkout-success: good.status: "ok"',
          'stub checkout_requests_total: status: "ok"',
        ],
      },
      { id: "label/value-added", subject: 'checkout_requests_total{status="success"}', consumers: ['stub checkout_requests_total: status: "success"'] },
    ],
  },
  {
    name: "labels declared in another order change the stubs' parameter order",
    head: (c) => {
      checkout(c).metrics.requests.labels = { method: ["GET", "POST"], status: ["ok", "error"], route: { open: true, maxValues: 20 } };
    },
    expect: [{ id: "label/reordered", subject: "checkout_requests_total", consumers: ["stub checkout_requests_total"] }],
  },
  {
    name: "a closed label that becomes open widens the stub type",
    head: (c) => {
      checkout(c).metrics.requests.labels.method = { open: true, maxValues: 10 };
    },
    expect: [{ id: "label/kind-changed", subject: "checkout_requests_total{method}", consumers: ["stub checkout_requests_total: label method"] }],
  },
  {
    name: "an open label's bound changes the series estimate only",
    head: (c) => {
      checkout(c).metrics.requests.labels.route = { open: true, maxValues: 50 };
    },
    expect: [{ id: "label/max-values-changed", subject: "checkout_requests_total{route}", consumers: [] }],
  },
  {
    name: "a moved bucket edge changes every quantile and breaks le matchers on it",
    head: (c) => {
      checkout(c).metrics.request_latency.buckets = [10, 50, 100, 200, 500];
    },
    expect: [
      {
        id: "bucket/moved",
        subject: 'checkout_request_latency_ms{le="250"}',
        consumers: [
          'alert CheckoutFastShare: le="250"',
          "alert CheckoutSlow: histogram_quantile",
          `recording-rule ${LATENCY_RULE}: histogram_quantile`,
          "slo checkout-latency: quantile 0.99",
        ],
      },
    ],
    not: ["bucket/removed", "bucket/added"],
  },
  {
    name: "a removed bucket edge",
    head: (c) => {
      checkout(c).metrics.request_latency.buckets = [10, 50, 100, 500];
    },
    expect: [
      {
        id: "bucket/removed",
        subject: 'checkout_request_latency_ms{le="250"}',
        consumers: [
          'alert CheckoutFastShare: le="250"',
          "alert CheckoutSlow: histogram_quantile",
          `recording-rule ${LATENCY_RULE}: histogram_quantile`,
          "slo checkout-latency: quantile 0.99",
        ],
      },
    ],
  },
  {
    name: "an added bucket edge",
    head: (c) => {
      checkout(c).metrics.request_latency.buckets = [10, 50, 100, 250, 500, 1000];
    },
    expect: [{ id: "bucket/added", subject: 'checkout_request_latency_ms{le="1000"}' }],
    not: ["bucket/moved", "bucket/removed"],
  },
  {
    name: "a removed alert, with the queries on its ALERTS series",
    head: (c) => {
      checkout(c).alerts = checkout(c).alerts.filter((a: any) => a.name !== "CheckoutErrors");
      alertNamed(c, "CheckoutSloBurn").condition.expr = 'min(job:slo_checkout_success:ratio_rate15m) < 0.99 unless on () ALERTS{alertname="CheckoutErrors"}';
    },
    expect: [{ id: "alert/removed", subject: "CheckoutErrors", consumers: ['alert CheckoutSloBurn: alertname="CheckoutErrors"'] }],
  },
  {
    name: "an alert with the same expression and labels under a new name is a rename, and its runbook moves",
    head: (c) => {
      alertNamed(c, "CheckoutErrors").name = "CheckoutFailures";
    },
    expect: [
      { id: "alert/renamed", subject: "CheckoutErrors", consumers: [] },
      { id: "runbook/slug-changed", subject: "CheckoutFailures" },
    ],
    not: ["alert/removed", "alert/added"],
  },
  {
    name: "a raised parameter loosens a > threshold",
    head: (c) => {
      c.parameters.max_latency.default = 300;
    },
    expect: [{ id: "alert/threshold-loosened", subject: "CheckoutSlow" }],
  },
  {
    name: "a lowered > threshold is tightened",
    head: (c) => {
      alertNamed(c, "CheckoutErrors").condition.threshold = 0.01;
    },
    expect: [{ id: "alert/threshold-tightened", subject: "CheckoutErrors" }],
  },
  {
    name: "a lowered < threshold is loosened",
    head: (c) => {
      alertNamed(c, "CheckoutLowSuccess").condition.threshold = 0.8;
    },
    expect: [{ id: "alert/threshold-loosened", subject: "CheckoutLowSuccess" }],
    not: ["alert/expr-changed"],
  },
  {
    name: "an == threshold that changes is neither looser nor tighter",
    base: (c) => {
      alertNamed(c, "CheckoutQueueDeep").condition.op = "==";
    },
    head: (c) => {
      alertNamed(c, "CheckoutQueueDeep").condition.op = "==";
      alertNamed(c, "CheckoutQueueDeep").condition.threshold = 0;
    },
    expect: [{ id: "alert/threshold-changed", subject: "CheckoutQueueDeep" }],
  },
  {
    name: "a changed comparator",
    head: (c) => {
      alertNamed(c, "CheckoutQueueDeep").condition.op = ">=";
    },
    expect: [{ id: "alert/comparator-changed", subject: "CheckoutQueueDeep" }],
  },
  {
    name: "a longer window is a changed query",
    head: (c) => {
      alertNamed(c, "CheckoutErrors").condition.window = "10m";
    },
    expect: [{ id: "alert/expr-changed", subject: "CheckoutErrors" }],
  },
  {
    name: "a raw expression changed beyond its threshold",
    head: (c) => {
      alertNamed(c, "CheckoutErrorsByMethod").condition.expr = 'sum by (method) (rate(checkout_requests_total{status="error"}[10m])) > 1';
    },
    expect: [{ id: "alert/expr-changed", subject: "CheckoutErrorsByMethod" }],
  },
  {
    name: "a longer for pages later",
    head: (c) => {
      alertNamed(c, "CheckoutSlow").for = "10m";
    },
    expect: [{ id: "alert/for-lengthened", subject: "CheckoutSlow" }],
  },
  {
    name: "a shorter for pages sooner",
    head: (c) => {
      alertNamed(c, "CheckoutSlow").for = "1m";
    },
    expect: [{ id: "alert/for-shortened", subject: "CheckoutSlow" }],
  },
  {
    name: "a new severity",
    head: (c) => {
      alertNamed(c, "CheckoutSlow").severity = "critical";
    },
    expect: [{ id: "alert/severity-changed", subject: "CheckoutSlow" }],
  },
  {
    name: "another team and priority reroute the page",
    head: (c) => {
      alertNamed(c, "CheckoutSlow").team = "payments";
      alertNamed(c, "CheckoutSlow").priority = "P0";
      alertNamed(c, "CheckoutSlow").severity = "warning"; // P1's default word: the severity stays
    },
    expect: [
      { id: "alert/routing-changed", subject: "CheckoutSlow" },
      { id: "alert/routing-changed", subject: "CheckoutSlow" },
    ],
    not: ["alert/severity-changed"],
  },
  {
    name: "a changed summary",
    head: (c) => {
      alertNamed(c, "CheckoutSlow").summary = "Checkout p99 above budget";
    },
    expect: [{ id: "alert/annotations-changed", subject: "CheckoutSlow" }],
  },
  {
    name: "a new runbook base URL changes every runbook_url",
    head: (c) => {
      c.runbooks.baseUrl = "https://wiki.example.com/runbooks";
    },
    expect: [{ id: "runbook/url-changed", subject: "CheckoutSlow" }],
  },
  {
    name: "a new alert",
    head: (c) => {
      checkout(c).alerts.push({ ...alertNamed(c, "CheckoutSlow"), name: "CheckoutVerySlow", for: "15m" });
    },
    expect: [{ id: "alert/added", subject: "CheckoutVerySlow" }],
  },
  {
    name: "a removed SLO stops recording its series, which an alert reads",
    head: (c) => {
      c.slos = c.slos.filter((s: any) => s.name !== "checkout-success");
    },
    expect: [
      { id: "slo/removed", subject: "checkout-success", consumers: [`alert CheckoutSloBurn via ${SLO_RULE}`, `recording-rule ${SLO_RULE}`] },
      { id: "recording/removed", subject: SLO_RULE, consumers: ["alert CheckoutSloBurn"] },
    ],
  },
  {
    name: "a new SLO records a new series",
    head: (c) => {
      c.slos.push({ kind: "gauge", name: "queue-short", description: "Queue short", metric: "checkout_queue_depth", objective: 10, window: "5m" });
    },
    expect: [
      { id: "slo/added", subject: "queue-short" },
      { id: "recording/added", subject: "job:slo_queue_short:avg_over_time5m" },
    ],
  },
  {
    name: "an SLO whose good events change records another expression",
    head: (c) => {
      checkout(c).metrics.requests.labels.status = ["ok", "error", "cached"];
      sloNamed(c, "checkout-success").good = { status: ["ok", "cached"] };
    },
    expect: [
      { id: "slo/indicator-changed", subject: "checkout-success" },
      { id: "recording/expr-changed", subject: SLO_RULE, consumers: ["alert CheckoutSloBurn"] },
    ],
  },
  {
    name: "a lower objective is easier to meet",
    head: (c) => {
      sloNamed(c, "checkout-success").objective = 98;
    },
    expect: [{ id: "slo/objective-loosened", subject: "checkout-success" }],
  },
  {
    name: "a lower latency threshold is harder to meet",
    head: (c) => {
      sloNamed(c, "checkout-latency").threshold = 200;
    },
    expect: [{ id: "slo/objective-tightened", subject: "checkout-latency" }],
  },
  {
    name: "a new SLO window renames its recorded series",
    head: (c) => {
      sloNamed(c, "checkout-success").window = "30m";
    },
    expect: [
      { id: "slo/window-changed", subject: "checkout-success" },
      { id: "recording/removed", subject: SLO_RULE, consumers: ["alert CheckoutSloBurn"] },
    ],
  },
  {
    name: "a manual SLO's objective text",
    head: (c) => {
      sloNamed(c, "checkout-uptime").objective = "99.95% per month";
    },
    expect: [{ id: "slo/objective-changed", subject: "checkout-uptime" }],
  },
];

function findings(c: Case): Change[] {
  const base = diffBase();
  c.base?.(base);
  const head = diffBase();
  c.base?.(head);
  c.head(head);
  return diffCatalogs(docOf(base), docOf(head));
}

describe("obsgen diff classifies each kind of change", () => {
  it("finds nothing between a catalog and itself", () => {
    expect(diffCatalogs(docOf(diffBase()), docOf(diffBase()))).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const changes = findings(c);
      const summary = changes.map((x) => `${x.id} ${x.subject.name}`);
      for (const e of c.expect) {
        const matching = changes.filter((x) => x.id === e.id && x.subject.name === e.subject);
        expect(matching.length, `${e.id} ${e.subject} among:\n${summary.join("\n")}`).toBeGreaterThan(0);
        const found = matching[0]!;
        expect(found.level).toBe(changeKind(e.id).level);
        expect(found.categories).toEqual(changeKind(e.id).categories);
        if (e.consumers) expect(found.consumers.map(consumerLine)).toEqual(e.consumers);
        if (e.hint === (null as never)) expect(found.hint).toBeNull();
        else if (e.hint) expect(found.hint ?? "").toMatch(e.hint);
      }
      for (const id of c.not ?? [])
        expect(
          summary.filter((s) => s.startsWith(`${id} `)),
          `no ${id}`,
        ).toEqual([]);
    });
  }

  it("covers every change kind in this table, the dashboard tests or the kept-rule tests", () => {
    const dashboardKinds = CHANGE_KINDS.map((k) => k.id).filter((id) => id.startsWith("dashboard/") || id.startsWith("panel/"));
    // Only kept rule groups (`ruleGroups`) produce these: test/diff/kept-rules.test.ts has their cases.
    const keptKinds = [
      ...CHANGE_KINDS.map((k) => k.id).filter((id) => id.startsWith("group/")),
      "alert/kept-to-typed",
      "alert/typed-to-kept",
      "alert/group-changed",
      "alert/keep-firing-for-changed",
      "recording/labels-changed",
      "recording/group-changed",
    ];
    const covered = new Set([...CASES.flatMap((c) => c.expect.map((e) => e.id)), ...dashboardKinds, ...keptKinds]);
    expect(CHANGE_KINDS.map((k) => k.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
