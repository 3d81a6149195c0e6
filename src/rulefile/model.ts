/**
 * Typed model of a Prometheus rule file as Prometheus (2.42 or 3.14) reads it, with the position of every value,
 * for checks and lint rules to run on. Produced by `decode.ts`; never mutated.
 */
import type { SourcePosition } from "./parse.js";

export type { SourcePosition } from "./parse.js";

/** How a scalar is written in the file. */
export type ScalarStyle = "plain" | "single-quoted" | "double-quoted" | "literal" | "folded";

/** A string value read from the file, with where it is. */
export interface TextValue {
  /** The value as Prometheus sees it (an anchor name for an alias in `record`/`alert`/`expr`, see decode.ts). */
  readonly value: string;
  /** Where the value's node starts (for quoted and block scalars: the quote or `|`/`>` indicator). */
  readonly position: SourcePosition;
  /** 0-based offsets of the node's source text in the file, end exclusive. */
  readonly range: readonly [number, number];
  /** Scalar style; undefined when the value is not a scalar in the file (an alias, a mapping, a sequence). */
  readonly style?: ScalarStyle;
}

/** A Prometheus duration (`5m`, `1h30m`) read from the file. */
export interface DurationValue {
  /** As written. */
  readonly text: string;
  readonly milliseconds: number;
  readonly position: SourcePosition;
  /** 0-based offset of the value in the file. */
  readonly offset: number;
}

/** An integer read from the file. */
export interface IntegerValue {
  readonly value: number;
  readonly position: SourcePosition;
  /** 0-based offset of the value in the file. */
  readonly offset: number;
}

/** One entry of a `labels` or `annotations` mapping. */
export interface LabelEntry {
  readonly name: TextValue;
  readonly value: TextValue;
}

/**
 * `alerting` when `alert` is set, else `recording` when `record` is set (Prometheus's own order), else
 * `unknown`.
 */
export type RuleKind = "alerting" | "recording" | "unknown";

export interface Rule {
  /** 1-based index in its group, as promtool counts (entries that decode to nothing are skipped). */
  readonly index: number;
  readonly kind: RuleKind;
  /** The alert name if set, else the record name, else "" (promtool's rule name in messages). */
  readonly name: string;
  readonly record?: TextValue;
  readonly alert?: TextValue;
  readonly expr?: TextValue;
  readonly for?: DurationValue;
  readonly keepFiringFor?: DurationValue;
  /** In file order. */
  readonly labels: readonly LabelEntry[];
  /** In file order. */
  readonly annotations: readonly LabelEntry[];
  /** Where the rule's mapping starts. */
  readonly position: SourcePosition;
  /** 0-based offset of `position`. */
  readonly offset: number;
}

export interface RuleGroup {
  /** The group name ("" when missing). */
  readonly name: string;
  readonly nameValue?: TextValue;
  readonly interval?: DurationValue;
  /** Evaluate the group's queries this far in the past (3.x; 2.53 and later). */
  readonly queryOffset?: DurationValue;
  readonly limit?: IntegerValue;
  /** Labels added to every rule of the group, a rule's own winning (3.0 and later). In file order. */
  readonly labels: readonly LabelEntry[];
  readonly rules: readonly Rule[];
  /** Where the group's mapping starts. */
  readonly position: SourcePosition;
  /** 0-based offset of `position`. */
  readonly offset: number;
  /**
   * 0-based index of the YAML document the group is in. Group names must be unique, and the duplicate-rules
   * lint runs, per document: each PrometheusRule object becomes its own rule file.
   */
  readonly document: number;
}

/**
 * `plain`: a rule file as `promtool check rules` reads it (first YAML document only).
 * `prometheus-rule`: Kubernetes PrometheusRule objects (`monitoring.coreos.com/v1`), groups under `spec.groups`.
 */
export type RuleFileFormat = "plain" | "prometheus-rule";

export interface RuleFile {
  readonly path: string;
  readonly format: RuleFileFormat;
  /** The groups Prometheus would load, in file order. */
  readonly groups: readonly RuleGroup[];
}
