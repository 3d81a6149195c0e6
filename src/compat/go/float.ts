/**
 * Go's float formatting, `strconv.FormatFloat`, reproduced exactly for the formats Prometheus
 * alert templates and label values reach: shortest digits (`prec` -1) and fixed precisions of
 * 'e', 'f' and 'g'.
 *
 * Mirrors `genericFtoa`, `formatDigits`, `fmtE` and `fmtF` in Go's strconv/ftoa.go (go1.19, the
 * toolchain promtool 2.42 is built with). Digits with a fixed precision are rounded from the exact
 * binary value, half to even on an exact tie (what strconv's Ryū fixed path and its
 * multiprecision fallback both do): `%.4g` of 1.5625 is `1.562`, where JavaScript's
 * `toPrecision(4)` gives `1.563`. The shortest digits are JavaScript's, which pick the same
 * digits as Go's shortest mode (closest to the value, among the shortest that round-trip).
 */

/** A decimal `0.d × 10^dp`, as Go's strconv keeps it: `d` without leading or trailing zeros, `""` for zero. */
export interface GoDecimal {
  readonly d: string;
  readonly dp: number;
}

function trimZeros(d: string, dp: number): GoDecimal {
  const t = d.replace(/0+$/, "");
  return t === "" ? { d: "", dp: 0 } : { d: t, dp };
}

/** The exact decimal expansion of a finite non-negative double (every double is a finite decimal). */
export function exactDecimal(x: number): GoDecimal {
  if (!(x >= 0) || !Number.isFinite(x)) throw new Error(`exactDecimal needs a finite non-negative number, got ${x}`);
  if (x === 0) return { d: "", dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  // x = mant × 2^e2; for e2 < 0, mant × 2^e2 = mant × 5^-e2 / 10^-e2.
  if (e2 >= 0) {
    const s = (mant << BigInt(e2)).toString();
    return trimZeros(s, s.length);
  }
  const s = (mant * 5n ** BigInt(-e2)).toString();
  return trimZeros(s, s.length + e2);
}

/** The shortest decimal that parses back to `x` (finite, non-negative). */
export function shortestDecimal(x: number): GoDecimal {
  if (x === 0) return { d: "", dp: 0 };
  const [mantissa, exp] = x.toExponential().split("e") as [string, string];
  return trimZeros(mantissa.replace(".", ""), Number(exp) + 1);
}

/** Go's `decimal.Round(nd)`: keep `nd` digits, rounding half to even (the decimal is exact). */
export function roundDecimal(a: GoDecimal, nd: number): GoDecimal {
  if (nd < 0 || nd >= a.d.length) return a;
  const digit = a.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (digit === 5 && nd + 1 === a.d.length) up = nd > 0 && (a.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = digit >= 5;
  if (!up) return trimZeros(a.d.slice(0, nd), a.dp);
  let i = nd - 1;
  while (i >= 0 && a.d[i] === "9") i--;
  if (i < 0) return { d: "1", dp: a.dp + 1 };
  return trimZeros(a.d.slice(0, i) + String.fromCharCode(a.d.charCodeAt(i) + 1), a.dp);
}

function fmtE(neg: boolean, d: GoDecimal, prec: number, e: "e" | "E"): string {
  let out = neg ? "-" : "";
  out += d.d.length > 0 ? d.d[0] : "0";
  if (prec > 0) {
    out += ".";
    const m = Math.min(d.d.length, prec + 1);
    let i = 1;
    if (i < m) {
      out += d.d.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) out += "0";
  }
  let exp = d.d.length === 0 ? 0 : d.dp - 1;
  const sign = exp < 0 ? "-" : "+";
  exp = Math.abs(exp);
  return `${out}${e}${sign}${exp < 10 ? `0${exp}` : String(exp)}`;
}

function fmtF(neg: boolean, d: GoDecimal, prec: number): string {
  let out = neg ? "-" : "";
  if (d.dp > 0) {
    const m = Math.min(d.d.length, d.dp);
    out += d.d.slice(0, m) + "0".repeat(d.dp - m);
  } else out += "0";
  if (prec > 0) {
    out += ".";
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i;
      out += j >= 0 && j < d.d.length ? d.d[j] : "0";
    }
  }
  return out;
}

export type GoFloatFormat = "e" | "E" | "f" | "g" | "G";

/**
 * `strconv.FormatFloat(x, fmt, prec, 64)`: `prec` -1 is the shortest representation.
 * `formatGoFloat(1234567, "g", -1)` is `1.234567e+06`; `formatGoFloat(0.125, "g", 2)` is `0.12`.
 */
export function formatGoFloat(x: number, fmt: GoFloatFormat, prec: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "+Inf";
  if (x === -Infinity) return "-Inf";
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const shortest = prec < 0;
  let digs: GoDecimal;
  if (shortest) {
    digs = shortestDecimal(a);
    if (fmt === "e" || fmt === "E") prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === "f") prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else {
    digs = exactDecimal(a);
    if (fmt === "e" || fmt === "E") digs = roundDecimal(digs, prec + 1);
    else if (fmt === "f") digs = roundDecimal(digs, digs.dp + prec);
    else {
      if (prec === 0) prec = 1;
      digs = roundDecimal(digs, prec);
    }
  }
  if (fmt === "e" || fmt === "E") return fmtE(neg, digs, prec, fmt);
  if (fmt === "f") return fmtF(neg, digs, prec);
  // %g: the exponent form when the exponent is below -4 or at least the precision (6 for the
  // shortest form); trailing zeros are not printed.
  const nd = digs.d.length;
  let eprec = prec;
  if (eprec > nd && nd >= digs.dp) eprec = nd;
  if (shortest) eprec = 6;
  const exp = digs.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    return fmtE(neg, digs, prec - 1, fmt === "g" ? "e" : "E");
  }
  if (prec > digs.dp) prec = nd;
  return fmtF(neg, digs, Math.max(prec - digs.dp, 0));
}

/**
 * A float as a plain decimal: the shortest digits that read back to the same double, never an
 * exponent (`5000`, `0.0000001`, `1000000000000000000000`). Go's `strconv.FormatFloat(f, 'f', -1, 64)`,
 * which Prometheus 3's OTLP receiver writes for `le` and `quantile`
 * (storage/remote/otlptranslator/prometheusremotewrite/helper.go, v3.14.0 lines 332 and 506); and
 * Rust's `{}` of an f64, which the prometheus crate (0.13, src/encoder/text.rs:
 * `upper_bound.to_string()`) writes for `le`.
 */
export function plainDecimal(f: number): string {
  return formatGoFloat(f, "f", -1);
}
