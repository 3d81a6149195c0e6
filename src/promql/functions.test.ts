import { describe, expect, it } from "vitest";
import { type PrometheusVersion, promqlDialect, SEMANTICS } from "../compat/prometheus.js";
import { analyze } from "./check.js";
import { arity, functionsOf, getFunction, type FunctionSignature } from "./functions.js";
import type { ValueType } from "./types.js";

const SAMPLE: Record<ValueType, string> = { vector: "up", matrix: "up[5m]", scalar: "1", string: '"s"' };
const WRONG: Record<ValueType, string> = { vector: "1", matrix: "up", scalar: "up", string: "1" };

/** A call with `n` arguments of the right types. */
function call(f: FunctionSignature, n: number): string {
  const args = Array.from({ length: n }, (_, i) => {
    const t = f.argTypes[Math.min(i, f.argTypes.length - 1)];
    return t === undefined ? "up" : SAMPLE[t];
  });
  return `${f.name}(${args.join(", ")})`;
}

/** `info`'s second argument is label matchers only, so the generic samples do not fit it. */
const SPECIAL = new Set(["info"]);

describe.each<PrometheusVersion>(["2.42", "3"])("the function table of version %s", (version) => {
  const syntax = SEMANTICS[version].promql;
  const all = [...functionsOf(syntax).values()];
  // Experimental functions are checked with their flag on.
  const dialect = promqlDialect(version, ["promql-experimental-functions"]);
  const check = (text: string) => analyze(text, dialect);

  it.each(all.filter((f) => !SPECIAL.has(f.name)).map((f) => [f.name, f] as const))("accepts %s with its fewest and most arguments", (_, f) => {
    const { min, max } = arity(f);
    expect(check(call(f, min)).errors).toEqual([]);
    const most = Number.isFinite(max) ? max : min + 2;
    expect(check(call(f, most)).errors).toEqual([]);
  });

  it.each(all.filter((f) => !SPECIAL.has(f.name)).map((f) => [f.name, f] as const))("rejects %s with one argument too few or too many", (_, f) => {
    const { min, max } = arity(f);
    if (min > 0) {
      const message = f.variadic === 0 ? `expected ${min} argument(s)` : `expected at least ${min} argument(s)`;
      expect(check(call(f, min - 1)).errors.map((e) => e.message)).toEqual([`${message} in call to "${f.name}", got ${min - 1}`]);
    }
    if (Number.isFinite(max)) {
      const message = f.variadic === 0 ? `expected ${max} argument(s)` : `expected at most ${max} argument(s)`;
      expect(check(call(f, max + 1)).errors.map((e) => e.message)).toEqual([`${message} in call to "${f.name}", got ${max + 1}`]);
    }
  });

  it.each(all.filter((f) => f.argTypes.length > 0 && !SPECIAL.has(f.name)).map((f) => [f.name, f] as const))(
    "rejects %s with a wrong argument type in each position",
    (_, f) => {
      f.argTypes.forEach((t, i) => {
        const args = f.argTypes.map((u, j) => (j === i ? WRONG[t] : SAMPLE[u]));
        const text = `${f.name}(${args.join(", ")})`;
        const errs = check(text).errors;
        expect(errs.map((e) => text.slice(e.from, e.to))).toEqual([WRONG[t]]);
        expect(errs[0]?.message).toMatch(new RegExp(`^expected type .* in call to function "${f.name}", got `));
      });
    },
  );
});

describe("the 2.42 function table", () => {
  const syntax = SEMANTICS["2.42"].promql;
  const all = [...functionsOf(syntax).values()];

  it("has the 70 functions of Prometheus 2.42, none experimental", () => {
    expect(all).toHaveLength(70);
    expect(all.filter((f) => f.experimental)).toEqual([]);
    expect(getFunction("holt_winters", syntax)?.argTypes).toEqual(["matrix", "scalar", "scalar"]);
  });

  it.each([
    ["sort_by_label", "2.49", true],
    ["sort_by_label_desc", "2.49", true],
    ["info", "2.55", true],
    ["double_exponential_smoothing", "3.0", true],
    ["mad_over_time", "2.49", true],
    ["first_over_time", "3.7", false],
    ["histogram_avg", "2.51", false],
    ["histogram_stddev", "2.47", false],
    ["histogram_stdvar", "2.47", false],
    ["histogram_quantiles", "3.11", true],
    ["ts_of_max_over_time", "3.5", true],
    ["start_timestamp", "3.14", true],
    ["step", "3.12", true],
    ["range", "3.12", true],
  ] as const)("reports %s, added in %s, as needing that release", (name, since, experimental) => {
    const text = `${name}(up)`;
    const flag = experimental ? " with --enable-feature=promql-experimental-functions" : "";
    expect(analyze(text, promqlDialect("2.42")).errors).toEqual([
      { message: `\`${name}\` needs Prometheus ${since} or later${flag}; Prometheus 2.42 does not have it`, from: 0, to: name.length },
    ]);
  });
});

describe("the 3.14 function table", () => {
  const syntax = SEMANTICS["3"].promql;
  const all = [...functionsOf(syntax).values()];

  it("has the 90 functions of Prometheus 3.14, 17 of them experimental, and no holt_winters", () => {
    expect(all).toHaveLength(90);
    expect(all.filter((f) => f.experimental).map((f) => f.name)).toEqual([
      "double_exponential_smoothing",
      "end",
      "histogram_quantiles",
      "info",
      "mad_over_time",
      "max_of",
      "min_of",
      "range",
      "sort_by_label",
      "sort_by_label_desc",
      "start",
      "start_timestamp",
      "step",
      "ts_of_first_over_time",
      "ts_of_last_over_time",
      "ts_of_max_over_time",
      "ts_of_min_over_time",
    ]);
    expect(getFunction("holt_winters", syntax)).toBeUndefined();
  });

  it("refuses an experimental function without promql-experimental-functions, naming the flag", () => {
    expect(analyze("mad_over_time(up[5m])", promqlDialect("3")).errors).toEqual([
      { message: 'function "mad_over_time" is experimental: it needs --enable-feature=promql-experimental-functions', from: 0, to: 13 },
    ]);
  });

  it("says holt_winters was renamed to double_exponential_smoothing, and that it needs the flag", () => {
    expect(analyze("holt_winters(x[1h], 0.5, 0.5)", promqlDialect("3")).errors).toEqual([
      {
        message:
          'unknown function with name "holt_winters": Prometheus 3.0 renamed it to double_exponential_smoothing, which needs --enable-feature=promql-experimental-functions',
        from: 0,
        to: 12,
      },
    ]);
  });

  it("checks info's second argument: label matchers only, which may match the empty string", () => {
    const d = promqlDialect("3", ["promql-experimental-functions"]);
    expect(analyze('info(up, {k=~".*"})', d).errors).toEqual([]);
    expect(analyze('info(up, foo{k="v"})', d).errors.map((e) => e.message)).toEqual(["expected label selectors only, got vector selector instead"]);
    expect(analyze("info(up, rate(x[5m]))", d).errors.map((e) => e.message)).toEqual(["expected label selectors only"]);
  });
});
