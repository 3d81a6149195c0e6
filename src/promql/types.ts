/**
 * PromQL value types, as Prometheus's parser names them (`promql/parser/value.go`, `ValueType`)
 * and as its error messages spell them (`DocumentedType` in `promql/parser/ast.go`).
 */

/** The four value types a PromQL expression can have. */
export type ValueType = "scalar" | "vector" | "matrix" | "string";

/**
 * The name Prometheus uses for a value type in user-facing errors:
 * `vector` is "instant vector" and `matrix` is "range vector" (`DocumentedType`).
 */
export function documentedType(t: ValueType): string {
  switch (t) {
    case "vector":
      return "instant vector";
    case "matrix":
      return "range vector";
    default:
      return t;
  }
}
