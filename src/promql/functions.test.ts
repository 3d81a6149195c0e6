import { describe, expect, it } from "vitest";
import { analyze } from "./check.js";
import { FUNCTIONS, arity, getFunction, type FunctionSignature } from "./functions.js";
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

const all = [...FUNCTIONS.values()];

describe("the 2.42 function table", () => {
  it("has the 70 functions of Prometheus 2.42, none experimental", () => {
    expect(all).toHaveLength(70);
    expect(all.filter((f) => f.experimental)).toEqual([]);
    expect(getFunction("holt_winters")?.argTypes).toEqual(["matrix", "scalar", "scalar"]);
  });

  it.each(all.map((f) => [f.name, f] as const))("accepts %s with its fewest and most arguments", (_, f) => {
    const { min, max } = arity(f);
    expect(analyze(call(f, min)).errors).toEqual([]);
    const most = Number.isFinite(max) ? max : min + 2;
    expect(analyze(call(f, most)).errors).toEqual([]);
  });

  it.each(all.map((f) => [f.name, f] as const))("rejects %s with one argument too few or too many", (_, f) => {
    const { min, max } = arity(f);
    if (min > 0) {
      const message = f.variadic === 0 ? `expected ${min} argument(s)` : `expected at least ${min} argument(s)`;
      expect(analyze(call(f, min - 1)).errors.map((e) => e.message)).toEqual([`${message} in call to "${f.name}", got ${min - 1}`]);
    }
    if (Number.isFinite(max)) {
      const message = f.variadic === 0 ? `expected ${max} argument(s)` : `expected at most ${max} argument(s)`;
      expect(analyze(call(f, max + 1)).errors.map((e) => e.message)).toEqual([`${message} in call to "${f.name}", got ${max + 1}`]);
    }
  });

  it.each(all.filter((f) => f.argTypes.length > 0).map((f) => [f.name, f] as const))(
    "rejects %s with a wrong argument type in each position",
    (_, f) => {
      f.argTypes.forEach((t, i) => {
        const args = f.argTypes.map((u, j) => (j === i ? WRONG[t] : SAMPLE[u]));
        const text = `${f.name}(${args.join(", ")})`;
        const errs = analyze(text).errors;
        expect(errs.map((e) => text.slice(e.from, e.to))).toEqual([WRONG[t]]);
        expect(errs[0]?.message).toMatch(new RegExp(`^expected type .* in call to function "${f.name}", got `));
      });
    },
  );

  it.each([
    "sort_by_label",
    "sort_by_label_desc",
    "info",
    "double_exponential_smoothing",
    "mad_over_time",
    "first_over_time",
    "histogram_avg",
    "histogram_stddev",
    "histogram_stdvar",
    "histogram_quantiles",
    "ts_of_max_over_time",
    "start_timestamp",
    "step",
    "range",
  ])("reports %s, added after 2.42, as an unknown function", (name) => {
    const text = `${name}(up)`;
    expect(analyze(text).errors).toEqual([{ message: `unknown function with name "${name}"`, from: 0, to: name.length }]);
  });
});
