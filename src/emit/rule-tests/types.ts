/**
 * The shape of a rule test case, between generators (and hand-written cases) and the emitter:
 * one promtool test group for one alert, fully expanded (labels and annotations exactly as
 * promtool must find them).
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { ResolvedAlert, ResolvedCatalog } from "../../model/resolved.js";

export interface RuleTestSeries {
  /** `metric{label="value", …}`. */
  readonly series: string;
  /** promtool's expanding notation: `0+60x20`. */
  readonly values: string;
}

export interface RuleTestAlert {
  /** Every label of the alert but `alertname` (promtool adds it). */
  readonly labels: Readonly<Record<string, string>>;
  /** Every annotation, expanded. */
  readonly annotations: Readonly<Record<string, string>>;
}

export interface RuleTestCheck {
  /** Prometheus duration from the start of the input series: `10m`. */
  readonly evalTime: string;
  /** The alert's firing instances then; empty: it must not fire. */
  readonly alerts: readonly RuleTestAlert[];
}

export interface RuleTestCase {
  /** promtool prints it when the case fails. */
  readonly name: string;
  /** Time between input samples. */
  readonly interval: string;
  readonly inputSeries: readonly RuleTestSeries[];
  readonly checks: readonly RuleTestCheck[];
  /** Rule groups besides the alert's own whose files the case loads (recording rules it reads). @default [] */
  readonly ruleGroups?: readonly string[];
}

/** What a generator says about one alert. */
export type GeneratorResult =
  | { readonly kind: "cases"; readonly cases: readonly RuleTestCase[] }
  /** It cannot test the alert: why (shown in the coverage report), and a diagnostic when the catalog must change. */
  | { readonly kind: "unsupported"; readonly reason: string; readonly diagnostic?: Diagnostic };

/**
 * A source of generated cases. `generate` returns null for alerts it does not handle, so the next
 * generator in `RULE_TEST_GENERATORS` is asked.
 */
export interface RuleTestGenerator {
  readonly id: string;
  generate(alert: ResolvedAlert, model: ResolvedCatalog): GeneratorResult | null;
}
