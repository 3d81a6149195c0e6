import { describe, expect, it } from "vitest";
import { jsonSyntaxError, lineColumn } from "./json-error.js";

describe("jsonSyntaxError", () => {
  it("finds nothing in valid JSON, however deep", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', "[]", "{}", '  "s"  ', `${"[".repeat(100_000)}${"]".repeat(100_000)}`]) {
      expect(jsonSyntaxError(text), text.slice(0, 40)).toBeUndefined();
    }
  });

  it("finds the first character that cannot continue the text, and what was expected there", () => {
    const cases: Array<[string, number, string]> = [
      ['{"a": x}', 6, 'unexpected "x" where a value was expected'],
      ["[1,2,]", 5, 'unexpected "]" where a value was expected'],
      ["[1 2]", 3, 'unexpected "2" where `,` or `]` was expected'],
      ['{"a" 1}', 5, 'unexpected "1" where `:` was expected'],
      ['{"a":1}}', 7, 'unexpected "}" after the end of the JSON value'],
      ['"a\\qb"', 2, "an invalid escape in a string"],
      ['"a\tb"', 2, "a control character in a string (escape it)"],
      ['{"a": "b', 8, "the text ends inside a string"],
      ['{"a": 1', 7, "the text ends where `,` or `}` was expected"],
      ["-", 0, 'unexpected "-" where a value was expected'],
    ];
    for (const [text, offset, message] of cases) {
      expect(jsonSyntaxError(text), text).toEqual({ offset, message });
      expect(() => JSON.parse(text), text).toThrow();
    }
  });

  it("maps an offset to a line and column", () => {
    expect(lineColumn("ab\ncd\n", 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn("ab", 0)).toEqual({ line: 1, column: 1 });
  });
});
