import { describe, expect, it } from "vitest";
import { parseModelDuration, parsePromqlDuration } from "./duration.js";

describe("durations", () => {
  it.each<[string, number]>([
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["1m60s", 120_000],
    ["100ms", 100],
    ["1s5ms", 1005],
    ["2w", 1_209_600_000],
    ["1y", 31_536_000_000],
    ["01m", 60_000],
    ["106751d", 106_751 * 86_400_000],
    ["292y", 292 * 31_536_000_000],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parsePromqlDuration(text)).toEqual({ ms });
  });

  it.each<[string, string]>([
    ["1.5m", 'not a valid duration string: "1.5m"'],
    ["5m1h", 'not a valid duration string: "5m1h"'],
    ["5M", 'not a valid duration string: "5M"'],
    ["1m1m", 'not a valid duration string: "1m1m"'],
    ["-5m", 'not a valid duration string: "-5m"'],
    ["0s", "duration must be greater than 0"],
    ["0m0s", "duration must be greater than 0"],
    ["293y", "duration out of range"],
    ["106752d", "duration out of range"],
    ["99999999999999999999s", "duration out of range"],
    ["", "empty duration string"],
  ])("rejects %j: %s", (text, error) => {
    expect(parsePromqlDuration(text)).toEqual({ error });
  });

  it("allows a bare 0 in model.ParseDuration, which PromQL never reaches", () => {
    expect(parseModelDuration("0")).toEqual({ ms: 0 });
    expect(parseModelDuration("0s")).toEqual({ ms: 0 });
  });
});
