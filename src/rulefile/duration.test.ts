import { describe, expect, it } from "vitest";
import { parsePrometheusDuration } from "./duration.js";

describe("parsePrometheusDuration", () => {
  it.each([
    ["0", 0],
    ["0s", 0],
    ["90s", 90_000],
    ["1h30m", 5_400_000],
    ["01h", 3_600_000],
    ["2w", 1_209_600_000],
    ["1y", 31_536_000_000],
    ["1d2h3m4s5ms", 93_784_005],
    ["106751d", 9_223_286_400_000],
  ])("reads %s", (text, ms) => {
    expect(parsePrometheusDuration(text)).toEqual({ ok: true, milliseconds: ms });
  });

  // Messages as promtool 2.42 prints them.
  it.each([
    ["", "empty duration string"],
    ["5", 'not a valid duration string: "5"'],
    ["1.5h", 'not a valid duration string: "1.5h"'],
    ["1m1h", 'not a valid duration string: "1m1h"'],
    ["-5m", 'not a valid duration string: "-5m"'],
    ["1H", 'not a valid duration string: "1H"'],
    ["106752d", "duration out of range"],
    ["300000y", "duration out of range"],
    ["99999999999999999999y", "duration out of range"],
  ])("rejects %j", (text, error) => {
    expect(parsePrometheusDuration(text)).toEqual({ ok: false, error });
  });
});
