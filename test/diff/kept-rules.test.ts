/**
 * `obsgen diff` over rule groups kept as written (`ruleGroups`), and a kept alert becoming a
 * catalog alert: the fixture catalog with kept groups, one field mutated per case, and the
 * changes it must (and must not) produce.
 */
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/diff/change.js";
import { readCatalogDoc } from "../../src/diff/catalog-doc.js";
import { diffCatalogs } from "../../src/diff/diff.js";
import { type ChangeKindId, changeKind } from "../../src/diff/kinds.js";
import { declaredJsonOf, diffBase, docOf } from "./fixture.js";

/** The fixture with two kept groups: an alert twice in one group (by severity), a recording rule, a group of its own. */
function keptBase(): any {
  const c = diffBase();
  c.prometheus = { ...c.prometheus, version: "3" };
  c.ruleGroups = [
    {
      name: "checkout-kept",
      file: "checkout-kept",
      interval: "30s",
      rules: [
        {
          alert: "CheckoutDown",
          expr: 'up{job="checkout"} == 0',
          for: "5m",
          labels: { severity: "warning", team: "web" },
          annotations: { summary: "Checkout is down", description: "{{ $labels.instance }} is down" },
        },
        {
          alert: "CheckoutDown",
          expr: 'up{job="checkout"} == 0',
          for: "15m",
          labels: { severity: "critical", team: "web" },
          annotations: { summary: "Checkout is down for long" },
        },
        { record: "job:checkout_requests:rate5m", expr: "sum by (job) (rate(checkout_requests_total[5m]))", labels: {} },
      ],
    },
    {
      name: "checkout-latency",
      rules: [
        {
          alert: "CheckoutSlow",
          expr: "histogram_quantile(0.99, sum by (le) (rate(checkout_request_latency_ms_bucket[5m]))) > 250",
          labels: { severity: "warning" },
          annotations: { summary: "Checkout is slow", runbook_url: "https://runbooks.example.com/shop/checkout-slow" },
        },
      ],
    },
  ];
  return c;
}

const kept = (c: any, group: string) => c.ruleGroups.find((g: any) => g.name === group);
const rule = (c: any, group: string, i: number) => kept(c, group).rules[i];

/** The catalog alert a kept CheckoutDown becomes: same query, obsgen's labels and annotations. */
const typedCheckoutDown = (expr: string) => ({
  name: "CheckoutDown",
  priority: "P1",
  team: "web",
  for: "5m",
  summary: "Checkout is down",
  description: "{{ $labels.instance }} is down",
  action: "Restart the checkout pods",
  condition: { kind: "expr", expr, metrics: [] },
});

function diff(head: (c: any) => void, base: (c: any) => void = () => {}): Change[] {
  const b = keptBase();
  base(b);
  const h = keptBase();
  base(h);
  head(h);
  return diffCatalogs(docOf(b), docOf(h));
}

const ids = (changes: readonly Change[]) => changes.map((c) => `${c.id} ${c.subject.name}`);

/** The one change of `id`, with its registry level and categories. */
function only(changes: readonly Change[], id: ChangeKindId, subject: string): Change {
  const found = changes.filter((c) => c.id === id && c.subject.name === subject);
  expect(found.length, `${id} ${subject} among:\n${ids(changes).join("\n")}`).toBe(1);
  expect(found[0]!.level).toBe(changeKind(id).level);
  expect(found[0]!.categories).toEqual(changeKind(id).categories);
  return found[0]!;
}

describe("obsgen diff over kept rule groups", () => {
  it("finds nothing between a catalog with kept groups and itself", () => {
    expect(diff(() => {})).toEqual([]);
  });

  it("finds nothing when a kept expression is only spelled differently", () => {
    const changes = diff((c) => {
      rule(c, "checkout-kept", 0).expr = 'up{job="checkout"}==0';
      rule(c, "checkout-kept", 2).expr = "sum(rate(checkout_requests_total[5m])) by (job)";
      rule(c, "checkout-latency", 0).expr = "histogram_quantile(0.99, sum(rate(checkout_request_latency_ms_bucket[5m])) by (le)) > 250.0";
    });
    expect(ids(changes)).toEqual([]);
  });

  it("reports a kept alert's changed query with both texts", () => {
    const c = only(
      diff((c) => {
        rule(c, "checkout-latency", 0).expr = "histogram_quantile(0.95, sum by (le) (rate(checkout_request_latency_ms_bucket[5m]))) > 250";
      }),
      "alert/expr-changed",
      "CheckoutSlow",
    );
    expect(c.before).toBe("histogram_quantile(0.99, sum by (le) (rate(checkout_request_latency_ms_bucket[5m]))) > 250");
    expect(c.after).toBe("histogram_quantile(0.95, sum by (le) (rate(checkout_request_latency_ms_bucket[5m]))) > 250");
    expect(c.path).toBe("ruleGroups.checkout-latency.rules[0].expr");
    expect(c.message).toContain("kept group checkout-latency");
  });

  it("reports a kept recording rule's changed expression", () => {
    const c = only(
      diff((c) => {
        rule(c, "checkout-kept", 2).expr = "sum by (job) (rate(checkout_requests_total[1m]))";
      }),
      "recording/expr-changed",
      "job:checkout_requests:rate5m",
    );
    expect(c.after).toBe("sum by (job) (rate(checkout_requests_total[1m]))");
  });

  it("pairs repeated alert names by occurrence: removing the second reports only it", () => {
    const changes = diff((c) => {
      kept(c, "checkout-kept").rules.splice(1, 1);
    });
    expect(ids(changes)).toEqual(["alert/removed CheckoutDown"]);
    expect(changes[0]!.path).toBe("ruleGroups.checkout-kept.rules[1]");
    expect(changes[0]!.level).toBe("breaking");
    expect(changes[0]!.message).toContain('"Checkout is down for long"');
  });

  it("reports kept alerts and recording rules added and removed", () => {
    const changes = diff((c) => {
      kept(c, "checkout-kept").rules.splice(2, 1);
      kept(c, "checkout-latency").rules.push(
        { alert: "CheckoutQueueStuck", expr: "max(checkout_queue_depth) > 500", labels: {}, annotations: {} },
        { record: "job:checkout_queue_depth:max", expr: "max by (job) (checkout_queue_depth)", labels: {} },
      );
    });
    expect(ids(changes).sort()).toEqual([
      "alert/added CheckoutQueueStuck",
      "recording/added job:checkout_queue_depth:max",
      "recording/removed job:checkout_requests:rate5m",
    ]);
    only(changes, "recording/removed", "job:checkout_requests:rate5m");
  });

  it("reports `for` lengthened and shortened, and keep_firing_for", () => {
    const changes = diff((c) => {
      rule(c, "checkout-kept", 0).for = "10m";
      rule(c, "checkout-kept", 1).for = "10m";
      rule(c, "checkout-latency", 0).keepFiringFor = "5m";
    });
    expect(ids(changes).sort()).toEqual([
      "alert/for-lengthened CheckoutDown",
      "alert/for-shortened CheckoutDown",
      "alert/keep-firing-for-changed CheckoutSlow",
    ]);
    expect(only(changes, "alert/keep-firing-for-changed", "CheckoutSlow").message).toMatch(/resolves later/);
  });

  it("treats `for` written another way, or absent and 0s, as the same", () => {
    expect(
      ids(
        diff((c) => {
          rule(c, "checkout-kept", 0).for = "300s";
          rule(c, "checkout-latency", 0).for = "0s";
        }),
      ),
    ).toEqual([]);
  });

  it("reports each label added, removed or changed, severity on its own", () => {
    const changes = diff((c) => {
      const r = rule(c, "checkout-kept", 0);
      r.labels = { severity: "critical", owner: "shop" };
    });
    expect(ids(changes).sort()).toEqual(["alert/routing-changed CheckoutDown", "alert/routing-changed CheckoutDown", "alert/severity-changed CheckoutDown"]);
    const routing = changes.filter((c) => c.id === "alert/routing-changed").map((c) => c.message);
    expect(routing).toEqual([
      'CheckoutDown (kept group checkout-kept): label owner="shop" is added',
      'CheckoutDown (kept group checkout-kept): label team="web" is removed',
    ]);
  });

  it("reports annotations added, removed and changed, and runbook_url on its own", () => {
    const changes = diff((c) => {
      const r = rule(c, "checkout-latency", 0);
      r.annotations = { summary: "Checkout is slower than 250ms", description: "p99 {{ $value }}", runbook_url: "https://runbooks.example.com/shop/slow" };
    });
    expect(ids(changes).sort()).toEqual(["alert/annotations-changed CheckoutSlow", "runbook/url-changed CheckoutSlow"]);
    const c = only(changes, "alert/annotations-changed", "CheckoutSlow");
    expect(c.message).toBe("CheckoutSlow (kept group checkout-latency): annotations summary changed, description added");
    expect(c.after).toEqual({ description: "p99 {{ $value }}", summary: "Checkout is slower than 250ms" });
  });

  it("reports a kept recording rule's static labels changed", () => {
    const c = only(
      diff((c) => {
        rule(c, "checkout-kept", 2).labels = { source: "kept" };
      }),
      "recording/labels-changed",
      "job:checkout_requests:rate5m",
    );
    expect(c.message).toContain('adds source="kept"');
  });

  it("reports a group's file, interval, limit and query_offset, and an interval spelled otherwise as none", () => {
    const changes = diff((c) => {
      Object.assign(kept(c, "checkout-kept"), { file: "shop", interval: "1m", limit: 10, queryOffset: "1m" });
      kept(c, "checkout-latency").interval = "1m";
    });
    expect(ids(changes).sort()).toEqual([
      "group/file-changed checkout-kept",
      "group/interval-changed checkout-kept",
      "group/interval-changed checkout-latency",
      "group/limit-changed checkout-kept",
      "group/query-offset-changed checkout-kept",
    ]);
    expect(only(changes, "group/file-changed", "checkout-kept").message).toContain("written to shop.yml (was checkout-kept.yml)");
    expect(only(changes, "group/interval-changed", "checkout-latency").message).toContain("every 1m (was global evaluation_interval)");
    expect(ids(diff((c) => (kept(c, "checkout-kept").interval = "30000ms")))).toEqual([]);
  });

  it("reports a group added or removed, and each of its rules", () => {
    const changes = diff((c) => {
      c.ruleGroups = c.ruleGroups.filter((g: any) => g.name !== "checkout-latency");
      c.ruleGroups.push({ name: "queue", rules: [{ record: "job:checkout_queue_depth:max", expr: "max by (job) (checkout_queue_depth)", labels: {} }] });
    });
    expect(ids(changes).sort()).toEqual([
      "alert/removed CheckoutSlow",
      "group/added queue",
      "group/removed checkout-latency",
      "recording/added job:checkout_queue_depth:max",
    ]);
    only(changes, "group/removed", "checkout-latency");
    only(changes, "group/added", "queue");
  });

  it("reports a rule moved to another group as moved, not removed and added", () => {
    const changes = diff((c) => {
      const [slow] = kept(c, "checkout-latency").rules.splice(0, 1);
      const [rate] = kept(c, "checkout-kept").rules.splice(2, 1);
      kept(c, "checkout-kept").rules.push(slow);
      kept(c, "checkout-latency").rules.push(rate);
    });
    expect(ids(changes).sort()).toEqual(["alert/group-changed CheckoutSlow", "recording/group-changed job:checkout_requests:rate5m"]);
    const c = only(changes, "alert/group-changed", "CheckoutSlow");
    expect(c.message).toContain("from kept group checkout-latency (checkout-latency.yml) to kept group checkout-kept (checkout-kept.yml)");
    expect(c.message).toContain("evaluated every 30s (was global evaluation_interval)");
    expect(c.after).toEqual({ group: "checkout-kept", file: "checkout-kept" });
  });
});

describe("obsgen diff over kept rule groups across a managed metric rename", () => {
  it("finds no change in a kept rule that only follows a renamedFrom", () => {
    const changes = diff((c) => {
      Object.assign(c, JSON.parse(JSON.stringify(c).replaceAll("checkout_request_latency_ms", "checkout_request_duration_ms")));
      c.services[0].metrics.request_latency.renamedFrom = { name: "checkout_request_latency_ms", until: "2026-09-30" };
    });
    expect(ids(changes).filter((s) => s.startsWith("alert/") || s.startsWith("recording/"))).toEqual([]);
    expect(ids(changes)).toContain("metric/renamed checkout_request_latency_ms");
  });
});

describe("obsgen diff when a kept alert becomes a catalog alert", () => {
  const toTyped = (expr: string) => (c: any) => {
    kept(c, "checkout-kept").rules.splice(0, 1);
    c.services[0].alerts.push(typedCheckoutDown(expr));
  };

  it("reports one change naming what the emitted rule gains and loses, the same query after normalising", () => {
    const changes = diff(toTyped('up{job="checkout"}==0'));
    expect(ids(changes)).toEqual(["alert/kept-to-typed CheckoutDown"]);
    const c = only(changes, "alert/kept-to-typed", "CheckoutDown");
    expect(c.path).toBe("services.checkout.alerts.CheckoutDown");
    expect(c.message).toMatch(
      /^CheckoutDown moves from kept group checkout-kept \(checkout-kept\.yml\) to obsgen's group \S+ \(\S+\.yml\), as a catalog alert: /,
    );
    expect(c.message).toContain("the same query after normalising");
    expect(c.message).toMatch(/gains labels priority="P1", service="checkout"/);
    expect(c.message).toMatch(/gains annotations action, runbook_url/);
    expect(c.message).not.toContain("for 5m");
    const before = c.before as any;
    const after = c.after as any;
    expect(before).toMatchObject({ group: "checkout-kept", file: "checkout-kept", for: "5m", labels: { severity: "warning", team: "web" } });
    expect(after.labels).toMatchObject({ priority: "P1", team: "web" });
    expect(after.group).toBe(after.file);
  });

  it("says when the catalog alert queries something else, and what `for` becomes", () => {
    const changes = diff((c) => {
      toTyped('up{job="checkout"} == 0 or absent(up{job="checkout"})')(c);
      c.services[0].alerts.at(-1).for = "2m";
    });
    expect(ids(changes)).toEqual(["alert/kept-to-typed CheckoutDown"]);
    const c = only(changes, "alert/kept-to-typed", "CheckoutDown");
    expect(c.message).toContain('another query: up{job="checkout"} == 0 → up{job="checkout"} == 0 or absent(up{job="checkout"})');
    expect(c.message).toContain("for 5m → 2m (pages sooner)");
  });

  it("reports a catalog alert replaced by a kept alert of the same name the other way round", () => {
    const changes = diff((c) => {
      c.services[0].alerts = c.services[0].alerts.filter((a: any) => a.name !== "CheckoutDown");
      kept(c, "checkout-kept").rules.unshift(...keptBase().ruleGroups[0].rules.slice(0, 1));
    }, toTyped('up{job="checkout"} == 0'));
    expect(ids(changes)).toEqual(["alert/typed-to-kept CheckoutDown"]);
    const c = only(changes, "alert/typed-to-kept", "CheckoutDown");
    expect(c.path).toBe("ruleGroups.checkout-kept.rules[0]");
    expect(c.message).toMatch(/loses labels priority="P1", service="checkout"/);
    expect(c.message).toContain("as a kept alert");
  });

  it("keeps the catalog alert's own changes apart when a kept alert of another name goes", () => {
    const changes = diff((c) => {
      kept(c, "checkout-latency").rules = [];
      c.services[0].alerts.push({ ...typedCheckoutDown('up{job="checkout"} == 0'), name: "CheckoutUnavailable" });
    });
    expect(ids(changes).sort()).toEqual(["alert/added CheckoutUnavailable", "alert/removed CheckoutSlow"]);
  });
});

describe("obsgen diff against a catalog.json written before kept groups", () => {
  it("reads a document without `ruleGroups` and reports the head's groups and rules as added", () => {
    const old = declaredJsonOf(diffBase());
    delete old.ruleGroups;
    delete old.prometheus.versions;
    const changes = diffCatalogs(readCatalogDoc(old), docOf(keptBase()));
    expect(ids(changes).filter((s) => !s.startsWith("alert/") && !s.startsWith("recording/") && !s.startsWith("group/"))).toEqual([]);
    expect(
      ids(changes)
        .filter((s) => s.startsWith("group/"))
        .sort(),
    ).toEqual(["group/added checkout-kept", "group/added checkout-latency"]);
    expect(changes.filter((c) => c.id === "alert/added").length).toBe(3);
    expect(changes.filter((c) => c.id === "recording/added").length).toBe(1);
  });
});

describe("obsgen diff lists kept rules among the consumers", () => {
  it("names the kept alert whose query keeps a removed label", () => {
    const changes = diff(
      (c) => {
        c.services[0].metrics.requests.labels = { status: ["ok", "error"], route: { open: true, maxValues: 20 } };
        c.services[0].alerts = c.services[0].alerts.filter((a: any) => a.name !== "CheckoutErrorsByMethod");
        kept(c, "checkout-kept").rules.push({
          alert: "CheckoutErrorsKept",
          expr: 'sum by (method) (rate(checkout_requests_total{status="error"}[5m])) > 1',
          labels: {},
          annotations: {},
        });
      },
      (c) => {
        kept(c, "checkout-kept").rules.push({
          alert: "CheckoutErrorsKept",
          expr: 'sum by (method) (rate(checkout_requests_total{status="error"}[5m])) > 1',
          labels: {},
          annotations: {},
        });
      },
    );
    const removed = changes.find((c) => c.id === "label/removed" && c.subject.name === "checkout_requests_total{method}")!;
    expect(removed.consumers.map((c) => `${c.kind} ${c.name}: ${c.uses.join(", ")}`)).toContain("alert CheckoutErrorsKept: sum by (method)");
  });

  it("names the kept alert reading a kept recording rule that is no longer recorded", () => {
    const withReader = (c: any) =>
      kept(c, "checkout-latency").rules.push({ alert: "CheckoutNoTraffic", expr: "sum(job:checkout_requests:rate5m) == 0", labels: {}, annotations: {} });
    const changes = diff((c) => kept(c, "checkout-kept").rules.splice(2, 1), withReader);
    const c = only(changes, "recording/removed", "job:checkout_requests:rate5m");
    expect(c.consumers.map((x) => `${x.kind} ${x.name}`)).toEqual(["alert CheckoutNoTraffic"]);
  });
});

describe("obsgen diff when a catalog alert's condition is rewritten as the same query", () => {
  const alertOf = (c: any, name: string) => c.services[0].alerts.find((a: any) => a.name === name);

  it("finds nothing when a typed condition becomes expr(…) printing the same query", () => {
    const changes = diffCatalogs(
      docOf(diffBase()),
      docOf(
        ((c) => {
          alertOf(c, "CheckoutErrors").condition = {
            kind: "expr",
            expr: 'sum(rate(checkout_requests_total{status="error"}[5m]))/sum(rate(checkout_requests_total[5m])) > 0.05',
            metrics: ["checkout_requests_total"],
          };
          return c;
        })(diffBase()),
      ),
    );
    expect(ids(changes)).toEqual([]);
  });

  it("finds nothing when expr(…) becomes a typed condition printing the same query", () => {
    const head = diffBase();
    alertOf(head, "CheckoutQueueDeep").condition = { kind: "expr", expr: "max(checkout_queue_depth) > 100", metrics: ["checkout_queue_depth"] };
    expect(ids(diffCatalogs(docOf(head), docOf(diffBase())))).toEqual([]);
  });

  it("still reports a typed condition rewritten as another query", () => {
    const head = diffBase();
    alertOf(head, "CheckoutQueueDeep").condition = { kind: "expr", expr: "avg(checkout_queue_depth) > 100", metrics: ["checkout_queue_depth"] };
    expect(ids(diffCatalogs(docOf(diffBase()), docOf(head)))).toEqual(["alert/expr-changed CheckoutQueueDeep"]);
  });
});
