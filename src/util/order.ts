/**
 * Ordering of strings in everything obsgen writes or prints: by Unicode code point, never by the
 * machine's locale. `String.prototype.localeCompare` without a locale follows `LC_ALL`/`LANG`
 * (under `et_EE` "z" sorts between "s" and "t"), which would make the same catalog build
 * differently on two machines.
 */

/** Maps a UTF-16 code unit at or above U+D800 so that surrogates sort after U+E000–U+FFFF, as code points do. */
function rank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/**
 * Compares two strings by code point: -1, 0 or 1. Plain `<` compares UTF-16 code units, which
 * puts U+10000 and above (stored as surrogates, U+D800–U+DFFF) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = rank(x);
      y = rank(y);
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
