import type { LogQueryDef } from "obsgen";

/**
 * The critical log queries of spec 3.5 (Lucene, for Kibana/Elasticsearch), each shown in the
 * runbooks of the services it concerns. The spec's `target` values are the services' Rust crate
 * names (`risk_manager`, `market_data`, …).
 */
export const logQueries: readonly LogQueryDef[] = [
  {
    name: "All errors",
    description: "Every error logged in the last 5 minutes.",
    query: "level:ERROR AND timestamp:[now-5m TO now]",
  },
  {
    name: "Order rejections",
    query: 'fields.message:"Order rejection" OR fields.rejection_reason:*',
    services: ["execution-engine"],
  },
  {
    name: "Circuit breaker triggers",
    query: 'target:risk_manager AND fields.message:"Circuit breaker triggered"',
    services: ["risk-manager"],
  },
  {
    name: "API rate limits",
    query: 'fields.status_code:429 OR fields.error_message:*"rate limit"*',
    services: ["execution-engine"],
  },
  {
    name: "High latency",
    description: "Critical-path operations slower than 1ms.",
    query: "fields.latency_us:>1000 AND target:(execution_engine OR risk_manager)",
    services: ["execution-engine", "risk-manager"],
  },
  {
    name: "WebSocket disconnections",
    query: 'target:market_data AND (level:ERROR OR level:WARN) AND fields.message:*"disconnect"*',
    services: ["market-data"],
  },
];
