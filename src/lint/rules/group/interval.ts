/**
 * group/interval: a rule group evaluated less often than every 5 minutes leaves gaps, because
 * instant queries look back only 5 minutes (Prometheus's default lookback delta).
 */
import { parseDuration } from "../../../compat/go/duration.js";
import { defineRule } from "../../types.js";

const LOOKBACK_MS = 5 * 60_000;

export default defineRule({
  meta: {
    id: "group/interval",
    severity: "warning",
    impact: "risk",
    description: "Rule groups are evaluated at least every 5 minutes.",
    messages: {
      long: "group {{group}} is evaluated every {{interval}}, beyond the 5m lookback: its recorded series have gaps and its alerts can flap",
    },
  },
  group({ group, report }) {
    const ms = group.interval ? parseDuration(group.interval) : undefined;
    if (ms !== undefined && ms > LOOKBACK_MS && group.rules[0]) {
      report(group.rules[0], { messageId: "long", data: { group: group.name, interval: group.interval! }, field: "interval" });
    }
  },
});
