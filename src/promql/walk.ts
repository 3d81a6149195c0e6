/**
 * Walking the PromQL syntax tree, and the questions lint rules ask of it: which selectors
 * are inside which functions and aggregations, and which labels an aggregation keeps.
 */
import { type AggregateExpr, type Expr, type FunctionCall, type MatrixSelector, selectsSeries, type SubqueryExpr, type VectorSelector } from "./ast.js";

/** The direct sub-expressions of a node, in source order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.type) {
    case "BinaryExpr":
      return [e.lhs, e.rhs];
    case "FunctionCall":
    case "AggregateExpr":
      return e.args;
    case "MatrixSelector":
      return [e.vector];
    case "SubqueryExpr":
    case "UnaryExpr":
    case "ParenExpr":
      return [e.expr];
    case "NumberLiteral":
    case "StringLiteral":
    case "VectorSelector":
      return [];
  }
}

/**
 * Visits every node depth-first, parents before children, children in source order.
 * `ancestors` runs from the root to the node's parent. Return `false` from `enter` to skip
 * the node's subtree.
 */
export function walk(root: Expr, enter: (node: Expr, ancestors: readonly Expr[]) => boolean | void): void {
  visit(root, enter, []);
}

/** {@link walk}'s recursion, without a closure or a children array per node (lint walks every tree many times). */
function visit(node: Expr, enter: (node: Expr, ancestors: readonly Expr[]) => boolean | void, path: Expr[]): void {
  if (enter(node, path) === false) return;
  path.push(node);
  switch (node.type) {
    case "BinaryExpr":
      visit(node.lhs, enter, path);
      visit(node.rhs, enter, path);
      break;
    case "FunctionCall":
    case "AggregateExpr":
      for (const c of node.args) visit(c, enter, path);
      break;
    case "MatrixSelector":
      visit(node.vector, enter, path);
      break;
    case "SubqueryExpr":
    case "UnaryExpr":
    case "ParenExpr":
      visit(node.expr, enter, path);
      break;
    case "NumberLiteral":
    case "StringLiteral":
    case "VectorSelector":
      break;
  }
  path.pop();
}

/** Every node of the tree in the order {@link walk} visits them. */
export function nodes(root: Expr): Expr[] {
  const out: Expr[] = [];
  walk(root, (n) => {
    out.push(n);
  });
  return out;
}

/** A vector selector with the context lint rules ask about. */
export interface SelectorUse {
  readonly selector: VectorSelector;
  /** The range selector wrapping it (`x[5m]`), if any. */
  readonly range?: MatrixSelector;
  /** The nearest subquery it is inside (`max_over_time(rate(x[5m])[1h:])`), if any. */
  readonly subquery?: SubqueryExpr;
  /**
   * Function calls and aggregations it is nested in, innermost first: for
   * `sum(rate(x[5m]))` that is `[rate(...), sum(...)]`.
   */
  readonly enclosing: readonly (FunctionCall | AggregateExpr)[];
  /** Every ancestor, root first. */
  readonly ancestors: readonly Expr[];
}

/** Every vector selector in the tree, in source order, with its enclosing calls and aggregations. */
export function selectorUses(root: Expr): readonly SelectorUse[] {
  // Several lint rules ask this of every expression: computed once per tree.
  let uses = selectorUsesByTree.get(root);
  if (uses === undefined) {
    uses = Object.freeze(collectSelectorUses(root));
    selectorUsesByTree.set(root, uses);
  }
  return uses;
}

const selectorUsesByTree = new WeakMap<Expr, readonly SelectorUse[]>();

function collectSelectorUses(root: Expr): SelectorUse[] {
  const out: SelectorUse[] = [];
  walk(root, (node, ancestors) => {
    if (node.type !== "VectorSelector") return;
    const parent = ancestors[ancestors.length - 1];
    const enclosing: (FunctionCall | AggregateExpr)[] = [];
    let subquery: SubqueryExpr | undefined;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (a.type === "FunctionCall" || a.type === "AggregateExpr") enclosing.push(a);
      else if (a.type === "SubqueryExpr" && subquery === undefined) subquery = a;
    }
    out.push({
      selector: node,
      ...(parent?.type === "MatrixSelector" ? { range: parent } : {}),
      ...(subquery ? { subquery } : {}),
      enclosing,
      ancestors: ancestors.slice(),
    });
  });
  return out;
}

/** The innermost function call a selector is an argument of, at any depth (`rate` in `sum(rate(x[5m]))`). */
export function innermostFunction(use: SelectorUse): FunctionCall | undefined {
  return use.enclosing.find((e): e is FunctionCall => e.type === "FunctionCall");
}

/**
 * The labels on an aggregation's output series: exactly the listed ones (`only`), or all of
 * the input's except the listed ones (`allExcept`).
 */
export type LabelSet = { readonly kind: "only"; readonly labels: readonly string[] } | { readonly kind: "allExcept"; readonly labels: readonly string[] };

/**
 * Which labels survive an aggregation: `sum by (a)` keeps only `a`; `sum without (a)` keeps
 * all but `a` and the metric name; `sum` keeps none. `topk`, `bottomk`, `limitk` and `limit_ratio`
 * return input series unchanged, and `count_values("v", ...)` adds the label `v`.
 */
export function aggregationOutputLabels(agg: AggregateExpr): LabelSet {
  if (selectsSeries(agg.op)) return { kind: "allExcept", labels: [] };
  const listed = agg.grouping?.labels.map((l) => l.name) ?? [];
  const extra = agg.op === "count_values" && agg.param?.type === "StringLiteral" ? agg.param.value : undefined;
  if (agg.grouping?.kind === "without") {
    const dropped = [...new Set([...listed, "__name__"])].filter((l) => l !== extra);
    return { kind: "allExcept", labels: dropped };
  }
  return { kind: "only", labels: [...new Set(extra === undefined ? listed : [...listed, extra])] };
}
