/**
 * Number literals as Prometheus converts them (`number` in `promql/parser/parse.go`, the same in
 * v2.42.0 and v3.14.0): `strconv.ParseInt(s, 0, 64)` first (so `0x1F` is hex and `0755` octal),
 * then `strconv.ParseFloat(s, 64)` (so `089`, `1e3`, `5.`, `.5`, `Inf` and `NaN` work). Both take
 * `_` between digits as Go does (`strconv.underscoreOK`); only 3.x's lexer lets such a number through.
 */

/** The value of a number literal, or the message Prometheus 2.42 gives for it. */
export type NumberResult = { readonly value: number; readonly error?: undefined } | { readonly error: string };

const INT_RE = /^[+-]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL_RE = /^([+-]?)(inf|infinity|nan)$/i;
const INT64_MAX = (1n << 63n) - 1n;

function parseGoInt(s: string): number | undefined {
  if (!INT_RE.test(s)) return undefined;
  const neg = s.startsWith("-");
  let body = s.replace(/^[+-]/, "");
  if (/^0[0-7]/.test(body)) body = "0o" + body.slice(1);
  const n = BigInt(body.toLowerCase());
  if (n > INT64_MAX + (neg ? 1n : 0n)) return undefined;
  return Number(neg ? -n : n);
}

/** Go's `strconv.underscoreOK`: every `_` sits between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s.startsWith("-") || s.startsWith("+")) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
    } else if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
    } else {
      if (saw === "_") return false;
      saw = "!";
    }
  }
  return saw !== "_";
}

/** Converts a PromQL number literal with Go's `strconv` rules. */
export function parseNumberLiteral(written: string): NumberResult {
  const text = written.includes("_") && underscoreOK(written) ? written.replaceAll("_", "") : written;
  const i = parseGoInt(text);
  if (i !== undefined) return { value: i };
  const special = SPECIAL_RE.exec(text);
  if (special) {
    if (special[2]!.toLowerCase() === "nan") return { value: NaN };
    return { value: special[1] === "-" ? -Infinity : Infinity };
  }
  if (FLOAT_RE.test(text)) {
    const v = Number(text);
    if (Number.isFinite(v)) return { value: v };
    return { error: `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(written)}: value out of range` };
  }
  return { error: `error parsing number: strconv.ParseFloat: parsing ${JSON.stringify(written)}: invalid syntax` };
}
