import { describe, expect, it } from "vitest";
import { assignPanelIds, fnv1a32, panelIdCandidate } from "./panel-ids.js";

/** Two identities whose hashes agree in their low 31 bits (found by counting up), for the collision cases. */
const COLLIDING = ["metric m620098 rate", "metric m808216 rate"] as const;

describe("panel ids", () => {
  it("hash with 32-bit FNV-1a, as its published test vectors say", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
  });

  it("give each identity the 31 bits of its own hash, whatever other identities are there and in what order", () => {
    const keys = ['row "Traffic"', 'panel "Traffic" "Requests"', "metric checkout_requests_total rate", 'slo "checkout" availability'];
    const all = assignPanelIds(keys);
    for (const k of keys) expect(all.get(k), k).toBe(fnv1a32(k) & 0x7fffffff);
    expect(assignPanelIds([...keys].reverse())).toEqual(all);
    expect(assignPanelIds(keys.slice(2)).get(keys[3]!)).toBe(all.get(keys[3]!));
  });

  it("move the later of two colliding identities to the hash of `<identity>#1`, in whichever order they come", () => {
    const [a, b] = COLLIDING;
    expect(panelIdCandidate(a, 0)).toBe(panelIdCandidate(b, 0));
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const ids = assignPanelIds(order);
      expect(ids.get(a)).toBe(panelIdCandidate(a, 0));
      expect(ids.get(b)).toBe(panelIdCandidate(b, 1));
      expect(ids.get(b)).not.toBe(ids.get(a));
    }
  });

  it("give one id to an identity listed twice", () => {
    expect([...assignPanelIds(["x", "x", "y"]).keys()]).toEqual(["x", "y"]);
  });
});
