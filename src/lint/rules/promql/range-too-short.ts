/**
 * promql/range-too-short: `rate()` and its kin need at least two samples in the window; a range
 * shorter than twice the scrape interval often holds one, and the result is empty.
 */
import { formatDuration } from "../../../compat/go/duration.js";
import { walk } from "../../../promql/walk.js";
import { defineRule } from "../../types.js";

/** Functions that compute from two or more samples of their range. */
const NEEDS_TWO_SAMPLES = new Set(["rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear", "resets", "changes"]);

export default defineRule({
  meta: {
    id: "promql/range-too-short",
    severity: "warning",
    impact: "risk",
    description: "Ranges of `rate`, `increase`, `deriv`… span at least two scrape intervals.",
    needsCatalog: true,
    messages: {
      short:
        "{{fn}}() over [{{range}}] with a {{scrape}} scrape interval sees at most {{samples}} sample(s) and often returns nothing; use at least [{{min}}] (4 intervals, [{{safe}}], is safer)",
    },
  },
  rule({ ast, input, report }) {
    if (!ast) return;
    const scrape = input.scrapeIntervalMs;
    walk(ast, (n) => {
      if (n.type !== "FunctionCall" || !NEEDS_TWO_SAMPLES.has(n.name.name)) return;
      const arg = n.args[0];
      if (arg?.type !== "MatrixSelector") return;
      // A range that depends on the query (`x[step()]`) is not judged.
      if (arg.rangeMs === undefined || arg.rangeMs >= 2 * scrape) return;
      report({
        messageId: "short",
        data: {
          fn: n.name.name,
          range: formatDuration(arg.rangeMs),
          scrape: formatDuration(scrape),
          samples: Math.max(1, Math.floor(arg.rangeMs / scrape)),
          min: formatDuration(2 * scrape),
          safe: formatDuration(4 * scrape),
        },
        span: { from: arg.rangeSpan.from, to: arg.rangeSpan.to },
      });
    });
  },
});
