/**
 * A small catalog whose SLOs cover every row of docs/slo-export.md's table: an availability
 * objective, a ratio SLO, latency SLOs on a classic histogram (at a bucket edge) and on a native
 * one, a ratio SLO on a shared group's metric (no owning service), and the two kinds the formats
 * cannot express (gauge, manual). `obsgen build` writes its Sloth and OpenSLO files to
 * ../sloth/ and ../openslo/ (test/slo-export/example.test.ts rebuilds and compares them).
 */
import { counter, defineCatalog, defineService, gauge, histogram, slo } from "obsgen";

const requests = counter({
  name: "shop_checkout_requests_total",
  help: "Checkout requests by outcome",
  labels: { status: ["ok", "error"] },
});

const latency = histogram({
  name: "shop_checkout_duration_seconds",
  help: "Checkout request latency",
  unit: "seconds",
  buckets: [0.1, 0.25, 0.5, 1],
});

const payment = histogram({
  name: "shop_payment_duration_seconds",
  help: "Payment provider latency",
  unit: "seconds",
  buckets: [0.5, 1, 2],
  native: true,
});

const basket = gauge({ name: "shop_basket_conversion_ratio", help: "Share of baskets checked out", unit: "ratio" });

const edgeRequests = counter({
  name: "shop_edge_requests_total",
  help: "Requests through the edge proxy by outcome",
  labels: { code: ["2xx", "4xx", "5xx"] },
});

export default defineCatalog({
  name: "shop",
  description: "A web shop",
  teams: ["web", "edge"],
  sloPeriod: "30d",
  prometheus: { version: "3" },
  runbooks: { baseUrl: "https://runbooks.example.com/shop" },
  services: [
    defineService({
      name: "checkout",
      description: "Checkout API",
      metricsPort: 8080,
      availability: 99.9,
      team: "web",
      metrics: { requests, latency, payment, basket },
    }),
  ],
  groups: [{ name: "edge", description: "Edge proxy", exposedBy: ["checkout"], metrics: { edge_requests: edgeRequests } }],
  slos: [
    slo({ kind: "ratio", name: "checkout-success", description: "99.5% of checkouts succeed", metric: requests, good: { status: "ok" }, objective: 99.5, window: "5m" }),
    slo({ kind: "latency", name: "checkout-latency", description: "p99 checkout under 250ms", metric: latency, quantile: 0.99, threshold: 0.25, window: "5m" }),
    slo({ kind: "latency", name: "payment-latency", description: "p95 payment under 1s", metric: payment, quantile: 0.95, threshold: 1, window: "5m" }),
    slo({ kind: "ratio", name: "edge-availability", team: "edge", description: "99.9% of edge requests are not 5xx", metric: edgeRequests, good: { code: ["2xx", "4xx"] }, objective: 99.9, window: "5m" }),
    slo({ kind: "gauge", name: "basket-conversion", description: "Basket conversion above 20%", metric: basket, objective: 0.2, window: "1h" }),
    slo({ kind: "manual", name: "support-response", description: "Support answers within a day", objective: "1 day", reason: "Support tickets are not metrics" }),
  ],
});
