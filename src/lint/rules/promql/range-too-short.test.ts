import { testRule } from "../../../../test/helpers/rule-tester.js";
import rule from "./range-too-short.js";

// The fixture catalog scrapes every 30s. Without a catalog the scrape interval is unknown: silent.
testRule(rule, {
  valid: [
    { expr: "rate(http_requests_total[1m]) > 1" },
    { expr: "increase(http_requests_total[5m]) > 1" },
    { name: "max_over_time needs one sample only", expr: "max_over_time(queue_depth[30s]) > 10" },
    { name: "no catalog, so no known scrape interval", expr: "rate(http_requests_total[30s]) > 1", noCatalog: true },
    { name: "a range that depends on the query (3.x)", expr: "rate(http_requests_total[step()]) > 1", prometheus: ["3"] },
  ],
  invalid: [
    { expr: "rate(http_requests_total[45s]) > 1", errors: [{ messageId: "short", message: "at least [1m]", span: [25, 28] }] },
    { name: "irate over one interval", expr: "irate(http_requests_total[30s]) > 1", errors: [{ messageId: "short", span: [26, 29] }] },
    {
      name: "a range in seconds (3.x)",
      expr: "rate(http_requests_total[45]) > 1",
      prometheus: ["3"],
      errors: [{ messageId: "short", message: "over [45s]", span: [25, 27] }],
    },
  ],
});
