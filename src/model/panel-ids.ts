/**
 * Grafana panel ids from panel identities. A panel's id is a hash of its identity (the key
 * `conventions.ts` derives from what the panel shows), not its position, so removing or adding a
 * panel leaves every other panel's id, and every `viewPanel=<id>` link to it, as it was.
 *
 * Grafana takes any positive integer as a panel id (its dashboard schema types `id` as `uint32`,
 * unique within a dashboard; @grafana/schema's `Panel.id`); ids here are 1 to 2^31 - 1, which a
 * signed 32-bit integer holds too.
 */
import { compareCodePoints } from "../util/order.js";

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes of `text` (offset basis 2166136261, prime 16777619). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h;
}

/** The id an identity asks for on its `attempt`-th try (0 first): 31 bits of the hash; 0 is no id. */
export function panelIdCandidate(key: string, attempt: number): number {
  return fnv1a32(attempt === 0 ? key : `${key}#${attempt}`) & 0x7fffffff;
}

/**
 * Ids for the distinct identities of one dashboard (rows and panels share Grafana's id space).
 * Each identity takes the hash of itself; when that is 0 or taken, the hash of `<key>#1`, then
 * `<key>#2`… Identities are served in code-point order, so the ids depend only on the set of
 * identities, never on their order on the dashboard. Two identities collide with a chance of about
 * 1 in 2^31: then the one sorting later moves, even if it was there first; a dashboard of a hundred
 * panels has such a pair once in about 430,000.
 */
export function assignPanelIds(keys: Iterable<string>): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  for (const key of [...new Set(keys)].sort(compareCodePoints)) {
    for (let attempt = 0; ; attempt++) {
      const id = panelIdCandidate(key, attempt);
      if (id === 0 || taken.has(id)) continue;
      taken.add(id);
      ids.set(key, id);
      break;
    }
  }
  return ids;
}
