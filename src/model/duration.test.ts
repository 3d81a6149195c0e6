import { describe, expect, it } from "vitest";
import { formatDuration, isValidDuration, parseDuration } from "./duration.js";

describe("Prometheus durations", () => {
  it.each([
    ["0", 0],
    ["0s", 0],
    ["30s", 30_000],
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["2w", 14 * 86_400_000],
    ["1y", 365 * 86_400_000],
    ["1m30s500ms", 90_500],
  ])("reads %s as %d ms", (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(["", "5", "1.5m", "5 m", "m", "30m1h", "5mins", "-5m", "1h1h"])("rejects %j", (s) => {
    expect(isValidDuration(s)).toBe(false);
  });

  it("formats milliseconds canonically", () => {
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(86_400_000 + 3_600_000)).toBe("1d1h");
  });
});
