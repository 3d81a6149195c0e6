import { describe, expect, it } from "vitest";
import { formatDuration, formatModelDuration, isValidDuration, parseDuration, parseModelDuration, parsePromqlDuration } from "./duration.js";

describe("model.ParseDuration", () => {
  it.each<[string, number]>([
    ["0", 0],
    ["0s", 0],
    ["30s", 30_000],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["01h", 3_600_000],
    ["1m60s", 120_000],
    ["1s5ms", 1005],
    ["1m30s500ms", 90_500],
    ["1d", 86_400_000],
    ["2w", 1_209_600_000],
    ["1y", 31_536_000_000],
    ["1d2h3m4s5ms", 93_784_005],
    ["106751d", 9_223_286_400_000],
    ["292y", 292 * 31_536_000_000],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseModelDuration(text)).toEqual({ ms });
    expect(parseDuration(text)).toBe(ms);
  });

  // Messages as promtool 2.42 prints them.
  it.each<[string, string]>([
    ["", "empty duration string"],
    ["5", 'not a valid duration string: "5"'],
    ["1.5h", 'not a valid duration string: "1.5h"'],
    ["5 m", 'not a valid duration string: "5 m"'],
    ["5mins", 'not a valid duration string: "5mins"'],
    ["1m1h", 'not a valid duration string: "1m1h"'],
    ["1h1h", 'not a valid duration string: "1h1h"'],
    ["-5m", 'not a valid duration string: "-5m"'],
    ["1H", 'not a valid duration string: "1H"'],
    ["5m\t", 'not a valid duration string: "5m\\t"'],
    ["106752d", "duration out of range"],
    ["293y", "duration out of range"],
    ["300000y", "duration out of range"],
    ["99999999999999999999s", "duration out of range"],
    ["99999999999999999999y", "duration out of range"],
  ])("rejects %j: %s", (text, error) => {
    expect(parseModelDuration(text)).toEqual({ error });
    expect(parseDuration(text)).toBeUndefined();
    expect(isValidDuration(text)).toBe(false);
  });

  it("rejects a total that overflows although each count fits, as Go's running check does", () => {
    // 292y is 9_208_512_000_000 ms; 25w more passes 2^63-1 ns (9_223_372_036_854 ms), 24w does not.
    expect(parseModelDuration("292y25w")).toEqual({ error: "duration out of range" });
    expect(parseModelDuration("292y24w")).toEqual({ ms: 292 * 31_536_000_000 + 24 * 604_800_000 });
  });
});

describe("PromQL durations", () => {
  it("refuses zero, which model.ParseDuration allows", () => {
    expect(parsePromqlDuration("0s")).toEqual({ error: "duration must be greater than 0" });
    expect(parsePromqlDuration("0m0s")).toEqual({ error: "duration must be greater than 0" });
    expect(parsePromqlDuration("5m")).toEqual({ ms: 300_000 });
    expect(parsePromqlDuration("5m1h")).toEqual({ error: 'not a valid duration string: "5m1h"' });
  });
});

describe("formatting", () => {
  it("writes each unit as large as it goes", () => {
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(90_000)).toBe("1m30s");
    expect(formatDuration(86_400_000 + 3_600_000)).toBe("1d1h");
    expect(formatDuration(90 * 86_400_000)).toBe("12w6d");
  });
});

describe("model.Duration.String", () => {
  // Expected spellings follow prometheus/common v0.39.0 model/time.go: years and weeks only when exact.
  it.each<[number, string]>([
    [0, "0s"],
    [1, "1ms"],
    [90_000, "1m30s"],
    [3_600_000, "1h"],
    [90 * 86_400_000, "90d"],
    [91 * 86_400_000, "13w"],
    [365 * 86_400_000, "1y"],
    [366 * 86_400_000, "366d"],
    [14 * 86_400_000 + 1000, "14d1s"],
    [93_784_005, "1d2h3m4s5ms"],
  ])("writes %d ms as %s", (ms, text) => {
    expect(formatModelDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
