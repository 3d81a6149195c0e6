/**
 * Exact decimal output: generated files never show binary floating-point noise such as
 * `0.9990000000000001`. Values go through 15 significant digits (what a double holds exactly)
 * and are printed without exponent for the ranges a catalog uses.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (Object.is(n, -0) || n === 0) return "0";
  const rounded = Number(n.toPrecision(15));
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

/** Multiplies two decimals without float noise (`0.95 * 100000` → `95000`). */
export function mulExact(a: number, b: number): number {
  return Number((a * b).toPrecision(15));
}

/** `100 - objective` etc. without noise (`100 - 99.95` → `0.05`). */
export function subExact(a: number, b: number): number {
  return Number((a - b).toPrecision(15));
}
