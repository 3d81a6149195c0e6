/**
 * Exact decimal output: generated files never show binary floating-point noise such as
 * `0.9990000000000001`. Values are rounded to 12 significant digits (noise from a few float
 * operations sits in the 15th-17th) and printed without exponent.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (Object.is(n, -0) || n === 0) return "0";
  const rounded = Number(n.toPrecision(12));
  const s = String(rounded);
  if (!/e/i.test(s)) return s;
  // Expand exponent notation (1e-7, 1e+21) into plain decimals.
  const [mantissa, expStr] = s.split(/e/i) as [string, string];
  const exp = Number(expStr);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const pointAt = (mantissa.replace("-", "").indexOf(".") === -1 ? mantissa.replace("-", "").length : mantissa.replace("-", "").indexOf(".")) + exp;
  let out: string;
  if (pointAt <= 0) out = `0.${"0".repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) out = digits + "0".repeat(pointAt - digits.length);
  else out = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return (negative ? "-" : "") + out;
}

/** Digits after the decimal point in the shortest decimal form of `n`. */
function decimals(n: number): number {
  const s = String(n);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]) + (s.split("e")[0]!.split(".")[1]?.length ?? 0);
  return s.split(".")[1]?.length ?? 0;
}

/** Multiplies two decimals exactly (`0.95 * 100000` → `95000`, never `95000.00000000001`). */
export function mulExact(a: number, b: number): number {
  return Number((a * b).toFixed(Math.min(100, decimals(a) + decimals(b))));
}

/** Subtracts two decimals exactly (`100 - 99.95` → `0.05`). */
export function subExact(a: number, b: number): number {
  return Number((a - b).toFixed(Math.min(100, Math.max(decimals(a), decimals(b)))));
}
