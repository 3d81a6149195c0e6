import { defineParameters } from "obsgen";

/**
 * Named parameters that thresholds refer to (spec section 2.4 and 4.1). The spec fixes only
 * max_daily_loss ($5000, "configurable"); the other defaults are this catalog's choice and are
 * meant to be set per deployment.
 */
export const params = defineParameters({
  max_daily_loss: {
    default: 5000,
    unit: "dollars",
    description: "Largest tolerated unrealized loss in one trading day before trading halts (spec 4.1: $5000, configurable).",
  },
  max_position_size: {
    default: 100000,
    unit: "dollars",
    description: "Largest absolute value of one position. Not given by the spec; chosen here, set it per account.",
  },
  initial_capital: {
    default: 100000,
    unit: "dollars",
    description: "Capital the portfolio started the period with; the drawdown alert fires at 95% of it. Not given by the spec.",
  },
  max_open_positions: {
    default: 20,
    unit: "count",
    description: "Most positions open at once. Not given by the spec; chosen here.",
  },
});
