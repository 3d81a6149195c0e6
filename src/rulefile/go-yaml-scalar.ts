/**
 * How Go's yaml.v3 (which promtool 2.42 decodes rule files with) types a scalar: the tag it resolves to
 * and what it accepts for an `int` field. Only used where the type matters to promtool: `limit`, and the
 * tag printed in "cannot unmarshal !!str `x` into int" messages.
 *
 * Upstream: https://github.com/go-yaml/yaml/blob/v3.0.1/resolve.go and decode.go (`d.scalar`).
 */
import { isMap, isScalar, isSeq, Scalar } from "yaml";
import type { YamlNode } from "./parse.js";

export type GoYamlTag = "!!null" | "!!bool" | "!!int" | "!!float" | "!!timestamp" | "!!str" | "!!map" | "!!seq";

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const BOOLS = new Set(["true", "True", "TRUE", "false", "False", "FALSE"]);
const SPECIAL_FLOATS = new Set([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"]);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/;
const TIMESTAMP = /^\d{4}-\d{1,2}-\d{1,2}(?:(?:[Tt]| +)\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d*)?(?:Z|[-+]\d{1,2}(?::\d{2})?)?)?$/;

/** The integer a Go `ParseInt(s, 0, 64)`/`ParseUint` would read, or undefined. */
function goInteger(plain: string): bigint | undefined {
  if (!GO_INT.test(plain)) return undefined;
  const negative = plain.startsWith("-");
  let body = plain.replace(/^[-+]/, "");
  if (/^0[0-7]+$/.test(body)) body = `0o${body.slice(1)}`;
  if (/^0[oO]$/.test(body)) return undefined;
  const v = BigInt(body.replace(/^0([xXbBoO])/, (_m, p: string) => `0${p.toLowerCase()}`));
  const value = negative ? -v : v;
  return value >= -(2n ** 63n) && value < 2n ** 64n ? value : undefined;
}

/** The tag yaml.v3 gives a node (explicit `!!` tags win). */
export function goYamlTag(node: YamlNode): GoYamlTag | string {
  if (isMap(node)) return "!!map";
  if (isSeq(node)) return "!!seq";
  if (!isScalar(node)) return "!!str";
  if (node.tag !== undefined) return node.tag.replace(/^tag:yaml\.org,2002:/, "!!");
  if (node.type !== Scalar.PLAIN) return "!!str";
  const plain = String(node.source ?? "");
  if (NULLS.has(plain)) return "!!null";
  if (BOOLS.has(plain)) return "!!bool";
  if (SPECIAL_FLOATS.has(plain)) return "!!float";
  const digits = plain.replaceAll("_", "");
  if (goInteger(digits) !== undefined) return "!!int";
  if (YAML_FLOAT.test(digits)) return "!!float";
  if (TIMESTAMP.test(plain)) return "!!timestamp";
  return "!!str";
}

/**
 * What yaml.v3 stores in an `int` field: ints that fit int64, floats truncated when they fit, 0 for null;
 * undefined when it reports "cannot unmarshal".
 */
export function goYamlInt(node: YamlNode): number | undefined {
  const tag = goYamlTag(node);
  const plain = isScalar(node) ? String(node.source ?? "").replaceAll("_", "") : "";
  switch (tag) {
    case "!!null":
      return 0;
    case "!!int": {
      const v = goInteger(plain);
      return v !== undefined && v < 2n ** 63n ? Number(v) : undefined;
    }
    case "!!float": {
      const f = Number(plain.replace(/^([-+]?)\./, "$10."));
      return Number.isFinite(f) && Math.abs(f) < 2 ** 63 ? Math.trunc(f) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * yaml.v3's text for a value in a type error: the scalar, cut to 7 characters and "..." past 10;
 * nothing for collections.
 */
export function goYamlTypeErrorValue(node: YamlNode, tag: string): string {
  if (tag === "!!map" || tag === "!!seq" || !isScalar(node)) return "";
  const value = String(node.source ?? "");
  return value.length > 10 ? ` \`${value.slice(0, 7)}...\`` : ` \`${value}\``;
}
