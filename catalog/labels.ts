import { open } from "obsgen";

/**
 * Labels several metrics share. Where the spec lists values as `a|b|c` the label is closed;
 * where it shows a single example (`symbol="AAPL"`, `exchange="alpaca"`) the label is open,
 * with a bound on how many values it takes.
 */
export const symbol = open(100, { examples: ["AAPL"], description: "Traded instrument" });
export const exchange = open(3, { examples: ["alpaca"], description: "Trading venue: Alpaca, plus a backup venue" });
export const orderType = ["market", "limit"] as const;
export const signalType = ["buy", "sell", "hold"] as const;

/**
 * The `service` label values that the system metrics carry themselves (spec 2.5). The scrape
 * configuration attaches the same values as its `service` target label, so queries such as
 * `system_cpu_usage_percent{service="execution_engine"}` (spec 9.2) work on every metric.
 */
export const serviceLabel = ["market_data", "signal_bridge", "risk_manager", "execution_engine"] as const;
