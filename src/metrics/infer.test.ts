import { describe, expect, it } from "vitest";
import { inferFromName } from "./infer.js";

describe("inferFromName", () => {
  it("types a name by the Prometheus and OpenMetrics suffix conventions, saying which", () => {
    const cases: Array<[string, string, string, string]> = [
      ["http_requests_total", "http_requests_total", "counter", ""],
      ["rpc_seconds_bucket", "rpc_seconds", "histogram", "bucket"],
      ["rpc_seconds_count", "rpc_seconds", "unknown", "count"],
      ["rpc_seconds_sum", "rpc_seconds", "unknown", "sum"],
      ["build_info", "build", "info", "info"],
      ["http_requests_created", "http_requests", "unknown", "created"],
    ];
    for (const [name, family, type, part] of cases) {
      const r = inferFromName(name);
      expect([r?.metric.name, r?.metric.type, r?.part], name).toEqual([family, type, part]);
      expect(r?.metric.from.type.origin, name).toBe("inferred");
      expect(r?.metric.from.type.reason, name).toMatch(/suffix$/);
    }
  });

  it("leaves alone recording-rule names (a colon), names without a convention, and a bare suffix", () => {
    for (const name of ["job:http_requests_total:rate5m", "queue_depth", "_total", "up"]) expect(inferFromName(name), name).toBeUndefined();
  });
});
