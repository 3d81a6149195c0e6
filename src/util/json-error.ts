/**
 * Where JSON text stops being JSON. `JSON.parse`'s messages name a position only sometimes, and in
 * words that change between Node releases (`Unexpected token 'x', "..." is not valid JSON`): this
 * scanner, run after `JSON.parse` has failed, finds the first offset where RFC 8259's grammar is
 * broken, so the error can say file:line:col.
 */

export interface JsonSyntaxError {
  /** 0-based offset of the first character that cannot continue the JSON text (the length at an early end). */
  readonly offset: number;
  readonly message: string;
}

const WS = new Set([" ", "\t", "\n", "\r"]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** The first syntax error of `text`, or undefined when it is valid JSON. A leading byte order mark is skipped, as the readers decode it away. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const describe = (at: number): string => (at >= text.length ? "the text ends" : `unexpected ${JSON.stringify(text[at])}`);
  const fail = (what: string): never => {
    throw new Stop(i, `${describe(i)} where ${what} was expected`);
  };
  const skip = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const string = (): void => {
    if (text[i] !== '"') fail("a string");
    i++;
    STRING_BODY.lastIndex = i;
    STRING_BODY.exec(text);
    i = STRING_BODY.lastIndex;
    if (text[i] !== '"') {
      if (i < text.length && text[i] === "\\") throw new Stop(i, "an invalid escape in a string");
      if (i < text.length) throw new Stop(i, "a control character in a string (escape it)");
      throw new Stop(i, "the text ends inside a string");
    }
    i++;
  };
  // Iterative over nesting depth: a deep document must not overflow the stack.
  const stack: Array<"{" | "["> = [];
  /** One value; on a container's opening, its first member's key, then its first value (the loop below does the rest). */
  const value = (): void => {
    for (;;) {
      skip();
      const c = text[i];
      if (c === "{" || c === "[") {
        i++;
        skip();
        if (text[i] === (c === "{" ? "}" : "]")) {
          i++;
          return;
        }
        stack.push(c);
        if (c === "{") {
          string();
          skip();
          if (text[i] !== ":") fail("`:`");
          i++;
        }
        continue;
      }
      if (c === '"') {
        string();
        return;
      }
      for (const word of ["true", "false", "null"]) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return;
        }
      }
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m && m[0] !== "" && m[0] !== "-") {
        i = NUMBER.lastIndex;
        return;
      }
      fail("a value");
    }
  };
  try {
    value();
    for (;;) {
      skip();
      const open = stack[stack.length - 1];
      if (open === undefined) break;
      const close = open === "{" ? "}" : "]";
      if (text[i] === close) {
        i++;
        stack.pop();
        continue;
      }
      if (text[i] !== ",") fail(`\`,\` or \`${close}\``);
      i++;
      if (open === "{") {
        skip();
        string();
        skip();
        if (text[i] !== ":") fail("`:`");
        i++;
      }
      value();
    }
    if (i < text.length) throw new Stop(i, `${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}

/** 1-based line and column of a 0-based offset (lines end at `\n`). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}
