/**
 * A small catalog of awkward names for the stub generators: a service named like a Rust keyword
 * (`match`), one named like a group (`system`) and one named like the folder's module file
 * (`mod`), labels named `type` and `value`, closed values that are numbers, keywords, or differ
 * only in punctuation or case, one label with different values on two metrics, a metric key that
 * is a JavaScript reserved word, metrics without labels, and help text with quotes, backslashes
 * and a comment terminator. In `mod`: a metric and labels named `self` (no raw identifier exists
 * for it), labels `self` and `self_` on one metric, labels `_` and `_1` (no letters to name a type
 * after), a value `ALL` (the enum's list of values), labels named like the module's own items and
 * imports (`SERVICE`, `metrics_server`), metric keys `a` and `g` (a lazy_static's struct
 * `A` meets the metric type `A`) and `start_metrics_server`, `require`; a group named `rt`, the
 * TypeScript modules' name for the runtime. Plain data, resolved like any catalog; its stubs must
 * compile and pass their own tests.
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
    {
      name: "mod",
      description: "A service named like Rust's module file",
      metricsPort: 8082,
      metrics: {
        self: {
          type: "counter",
          name: "edge_self_total",
          help: "Self",
          labels: { self: ["ALL", "x"], self_: { open: true, maxValues: 2 }, _: ["a"], _1: ["b"], SERVICE: ["c"], metrics_server: ["d"] },
        },
        a: { type: "counter", name: "edge_a_total", help: "A", labels: { a: ["q"] } },
        start_metrics_server: { type: "gauge", name: "edge_starts", help: "Starts" },
        require: { type: "counter", name: "edge_requires_total", help: "Requires" },
      },
    },
  ],
  groups: [
    {
      name: "rt",
      description: "A group named like the TypeScript runtime module",
      exposedBy: ["mod"],
      metrics: { g: { type: "gauge", name: "edge_g", help: "G" } },
    },
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
