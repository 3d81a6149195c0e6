/**
 * The `@prometheus-io/lezer-promql` parser, reconfigured in two places where its identifier
 * handling rejects what Prometheus (2.42 and 3.14) accepts (both done with lezer's documented
 * `configure({ specializers })`, replacing the grammar's own external specializers):
 *
 * - Any identifier followed by `(` may be a function call, not only the names lezer lists.
 *   2.42 parses `holt_winters(x[5m], 0.5, 0.5)` (dropped from lezer's list), 3.14 `min_of(1, 2)`
 *   (only a duration keyword in lezer's grammar), and both report
 *   `unknown function with name "foo"` for `foo(x)` instead of a syntax error. Such calls come
 *   out as `FunctionCall` nodes whose identifier node has a placeholder type; read names from the text.
 * - `offset` is a keyword only where an offset can follow; elsewhere it is a metric name
 *   (both accept `offset{job="a"}`).
 *
 * Locating the original specializers uses lezer's `specializerSpecs` field, which is not part of
 * its typed API; if it is missing the stock parser is used (and tests in this folder fail).
 *
 * {@link parseTree} also switches off a lezer safeguard that misfires on long PromQL: after 300
 * large reductions starting at one position (a long `a + b + c ...` chain of big operands,
 * around 10k characters) lezer forces the production closed, which turns a valid expression into
 * a syntax error. A second safeguard, cutting a parse stack deeper than 8,400 entries (around
 * 1,400 nested calls, or 930 `^` in a row), would do the same: {@link parseTree} stops before it
 * and says so, and the caller reports the expression as nested too deep.
 */
import type { LRParser, Stack } from "@lezer/lr";
import { Offset, parser as baseParser } from "@prometheus-io/lezer-promql";

type Specializer = (value: string, stack: Stack) => number;

interface SpecializerSpec {
  readonly external?: Specializer;
  readonly extend?: boolean;
  readonly get?: (value: string, stack?: Stack) => number;
}

function configure(base: LRParser): LRParser {
  const specs = (base as unknown as { specializerSpecs?: readonly SpecializerSpec[] }).specializerSpecs;
  if (!Array.isArray(specs)) return base;
  const keyword = specs.find((s) => s.external !== undefined && !s.extend)?.external;
  const contextual = specs.find((s) => s.external !== undefined && s.extend)?.external;
  const table = specs.find((s) => s.external === undefined && s.get !== undefined)?.get;
  if (keyword === undefined || contextual === undefined || table === undefined) return base;
  // The grammar's table stores (term << 1) | 1 for its conditional function names.
  const functionTerm = table("abs") >> 1;
  if (functionTerm <= 0) return base;

  const keywordOrOffset: Specializer = (value, stack) => {
    const term = keyword(value, stack);
    return term === Offset && !stack.canShift(Offset) ? -1 : term;
  };
  const contextualOrFunction: Specializer = (value, stack) => {
    const term = contextual(value, stack);
    if (term !== -1) return term;
    return stack.canShift(functionTerm) ? functionTerm : -1;
  };
  return base.configure({
    specializers: [
      { from: keyword, to: keywordOrOffset },
      { from: contextual, to: contextualOrFunction },
    ],
  });
}

/** The lezer PromQL parser, adjusted to Prometheus's identifier rules. */
export const promqlParser: LRParser = configure(baseParser);

type Tree = ReturnType<LRParser["parse"]>;

/**
 * Stack entries (three per parse state) past which {@link parseTree} gives up: lezer forces
 * reductions at 8,400 (`Rec.CutDepth` in @lezer/lr), and one step of the parse pushes a few entries.
 */
const STACK_GUARD = 7800;

/**
 * Parses `input` with {@link promqlParser}, without lezer's forced reduction of long chains.
 * Returns the offset the parse had reached instead of a tree when the input nests so deep that
 * lezer would cut its stack (and invent syntax errors).
 */
export function parseTree(input: string): Tree | { readonly tooDeepAt: number } {
  const parse = promqlParser.startParse(input);
  const internals = parse as unknown as { bigReductionCount?: number; stacks?: ReadonlyArray<{ stack?: readonly number[]; pos?: number }> };
  for (;;) {
    if (typeof internals.bigReductionCount === "number") internals.bigReductionCount = 0;
    for (const s of internals.stacks ?? []) {
      if ((s.stack?.length ?? 0) > STACK_GUARD) return { tooDeepAt: s.pos ?? 0 };
    }
    const tree = parse.advance();
    if (tree) return tree;
  }
}
