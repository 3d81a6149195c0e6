/**
 * Go's `fmt` verbs for float64 values, as Prometheus alert templates reach them: `{{ $value }}`
 * prints a float64 with `%v` (strconv 'g' with the shortest digits that parse back, switching to
 * an exponent when it is below -4 or at least 6: `1234567` → `1.234567e+06`), the humanize
 * functions use `%.4g`, and `printf` takes `%f`, `%e`, `%g` and `%v` with a precision.
 *
 * Mirrors the verb handling of `(*pp).fmtFloat` in fmt/print.go and the sign handling of
 * `(*fmt).fmtFloat` in fmt/format.go (go1.19); the digits come from `formatGoFloat` (float.ts,
 * strconv/ftoa.go).
 */
import { formatGoFloat } from "./float.js";

/** `fmt.Sprint(x)` of a float64 (`%v`): what `{{ $value }}` prints. */
export function goV(x: number): string {
  return formatGoFloat(x, "g", -1);
}

/** `fmt.Sprintf("%.<prec>g", x)`. */
export function goG(x: number, prec: number): string {
  return formatGoFloat(x, "g", prec);
}

/** A `printf` argument: Prometheus templates hand it float64 values and strings. */
export type GoValue = number | string;

export class GoFormatError extends Error {}

/**
 * `fmt.Sprintf` for the verbs templates use on values and labels: `%v`, `%s` (strings),
 * `%f`/`%F`, `%e`/`%E`, `%g`/`%G` with an optional precision, and `%%`. Flags, widths and other
 * verbs throw `GoFormatError` (they are not reproduced), as do wrong argument types or counts,
 * which Go would print as `%!verb(...)` noise.
 */
export function goSprintf(format: string, args: readonly GoValue[]): string {
  let out = "";
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      out += c;
      continue;
    }
    const m = /^%(\.(\d*))?([a-zA-Z%])/.exec(format.slice(i));
    if (!m) throw new GoFormatError(`printf format "${format}": only %v, %s, %f, %e, %g with an optional precision are supported`);
    i += m[0].length - 1;
    const verb = m[3]!;
    if (verb === "%") {
      if (m[1] !== undefined) throw new GoFormatError(`printf format "${format}": %% takes no precision`);
      out += "%";
      continue;
    }
    const prec = m[1] === undefined ? -1 : Number(m[2] || "0");
    if (argi >= args.length) throw new GoFormatError(`printf format "${format}" has more verbs than arguments`);
    const arg = args[argi++]!;
    if (typeof arg === "string") {
      if (verb !== "s" && verb !== "v") throw new GoFormatError(`printf format "${format}": %${verb} of a string`);
      out += prec >= 0 ? [...arg].slice(0, prec).join("") : arg;
      continue;
    }
    switch (verb) {
      case "v":
        out += formatGoFloat(arg, "g", prec);
        break;
      case "f":
      case "F":
        out += formatGoFloat(arg, "f", prec < 0 ? 6 : prec);
        break;
      case "e":
      case "E":
        out += formatGoFloat(arg, verb, prec < 0 ? 6 : prec);
        break;
      case "g":
      case "G":
        out += formatGoFloat(arg, verb, prec);
        break;
      default:
        throw new GoFormatError(`printf format "${format}": %${verb} of a number is not supported`);
    }
  }
  if (argi < args.length) throw new GoFormatError(`printf format "${format}" has fewer verbs than arguments`);
  return out;
}
