/**
 * Where things are in a JSON text already parsed with `JSON.parse`, which keeps no positions: the
 * line and column of a key, or of a key's string value, found by one pass over the text's string
 * tokens. Findings about a metadata file then point at what they rest on; the column matters, as
 * an API response saved with curl is one line.
 */

export interface JsonPosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export interface JsonLines {
  /** Where the first `"key":` starts. */
  keyAt(key: string): JsonPosition | undefined;
  /** Where the value of the first `"key": "value"` starts. */
  valueAt(key: string, value: string): JsonPosition | undefined;
}

/** Each string token of valid JSON text, whole (escapes included), and whether a colon follows it (a key). */
const STRING_TOKEN = /"((?:[^"\\]|\\.)*)"(\s*:)?/g;

export function jsonKeyLines(text: string): JsonLines {
  let keys: Map<string, number> | undefined;
  let values: Map<string, number> | undefined;
  let lineStarts: number[] | undefined;
  const positionOf = (offset: number): JsonPosition => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const index = (): void => {
    keys = new Map();
    values = new Map();
    let previousKey: string | undefined;
    // Just past the previous key's colon: its value follows with nothing but whitespace between.
    let colonEnd = 0;
    for (const m of text.matchAll(STRING_TOKEN)) {
      const s = JSON.parse(`"${m[1]}"`) as string;
      if (m[2] !== undefined) {
        if (!keys.has(s)) keys.set(s, m.index);
        previousKey = s;
        colonEnd = m.index + m[0].length;
        continue;
      }
      if (previousKey !== undefined && /^\s*$/.test(text.slice(colonEnd, m.index))) {
        const k = JSON.stringify([previousKey, s]);
        if (!values.has(k)) values.set(k, m.index);
      }
      previousKey = undefined;
    }
  };
  return {
    keyAt(key) {
      if (!keys) index();
      const at = keys!.get(key);
      return at === undefined ? undefined : positionOf(at);
    },
    valueAt(key, value) {
      if (!values) index();
      const at = values!.get(JSON.stringify([key, value]));
      return at === undefined ? undefined : positionOf(at);
    },
  };
}
