// The shipped py_rt catalog, each service scraped on the hosts it runs on (static_configs).
// Ports are unique per host only: the four services and two node exporters share hosts.
import { defineCatalog } from "obsgen";
import shipped from "../../../../../catalog/index.js";

const hosts: Record<string, readonly string[]> = {
  "execution-engine": ["trade-1.internal:9093", "trade-2.internal:9093"],
  "market-data": ["feed-1.internal:9090"],
  "risk-manager": ["trade-1.internal:9092", "trade-2.internal:9092"],
  "signal-bridge": ["feed-1.internal:9091"],
};

export default defineCatalog({
  ...shipped,
  services: shipped.services.map((s) => ({
    ...s,
    discovery: { static: hosts[s.name]! },
    // The market data feed is scraped more often; its timeout stays under the interval.
    ...(s.name === "market-data" ? { scrape: { interval: "5s", timeout: "4s" } } : {}),
  })),
});
