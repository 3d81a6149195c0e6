/**
 * A small catalog of awkward names for the stub generators: a service named like a Rust keyword
 * (`match`) and one named like a group (`system`), labels named `type` and `value`, closed values
 * that are numbers, keywords, or differ only in punctuation or case, one label with different
 * values on two metrics, a metric key that is a JavaScript reserved word, metrics without labels,
 * and help text with quotes, backslashes and a comment terminator. Plain data, resolved like any
 * catalog; its stubs must compile and pass their own tests.
 */
export const EDGE_CATALOG = {
  name: "edge-case.shop",
  teams: ["ops"],
  services: [
    {
      name: "match",
      description: "A service named like a Rust keyword",
      metricsPort: 8080,
      metrics: {
        delete: {
          type: "counter",
          name: "edge_deletes_total",
          help: 'Deletes, "quoted", with a \\ backslash and a */ comment end',
          labels: { type: ["a-b", "a_b", "1", "Self", "GET", "get"], value: { open: true, maxValues: 3 }, result: ["ok", "error"] },
        },
        kinds: {
          type: "counter",
          name: "edge_kinds_total",
          help: "Kinds",
          labels: { type: ["a-b", "a_b", "1", "Self", "GET", "get"], result: ["ok", "error"] },
        },
        wait: { type: "histogram", name: "edge_wait_seconds", help: "Wait time", unit: "seconds", buckets: [0.005, 0.5, 1] },
        sent: { type: "counter", name: "edge_sent_bytes_total", help: "Bytes sent", unit: "bytes" },
        level: { type: "gauge", name: "edge_level", help: "Level", labels: { result: ["up", "down"] } },
      },
    },
    { name: "system", description: "A service named like a group", metricsPort: 8081 },
  ],
  groups: [
    {
      name: "system",
      description: "Shared by both services",
      exposedBy: ["match", "system"],
      metrics: { up: { type: "gauge", name: "edge_up", help: "Up", labels: { service: ["match", "system"] } } },
    },
  ],
  prometheus: { port: 9090 },
  alertmanager: { port: 9093 },
};
