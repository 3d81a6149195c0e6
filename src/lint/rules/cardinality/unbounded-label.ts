/**
 * cardinality/unbounded-label: labels whose values are identifiers or free text (a trade id, an
 * order id, an error message) create one series per value, without bound.
 */
import { defineRule } from "../../types.js";

/** Label names that hold per-event identifiers or free text. */
const UNBOUNDED = /(^|_)(id|ids|uuid|guid|email|message|msg|url|uri|ip|address|timestamp|token|session|trace|span|request)$/;

export default defineRule({
  meta: {
    id: "cardinality/unbounded-label",
    severity: "warning",
    impact: "risk",
    description: "Open labels holding identifiers or free text (`trade_id`, `error_message`) make a series per event.",
    messages: {
      unbounded:
        "label {{label}} of {{name}} holds {{what}}: every new value is a new series that lives until the process restarts; record it in logs or traces instead",
    },
    needsCatalog: true,
  },
  metric({ metric, report }) {
    for (const l of metric.labels) {
      if (l.kind !== "open") continue;
      const m = UNBOUNDED.exec(l.name);
      if (!m) continue;
      const word = m[2]!;
      const what = ["message", "msg"].includes(word) ? "free text" : "an identifier per event";
      report({ messageId: "unbounded", data: { label: l.name, name: metric.name, what } });
    }
  },
});
