/**
 * Every lint rule, in id order. The meta-test (registry.test.ts) holds each to its contract: id
 * equal to its path under rules/, a test and a doc beside it, doc examples that behave as they say.
 */
import abbreviatedUnit from "./rules/naming/abbreviated-unit.js";
import alertsAbsent from "./rules/alerts/absent.js";
import alertsAnnotations from "./rules/alerts/annotations.js";
import alertsFor from "./rules/alerts/for.js";
import alertsRunbookUrl from "./rules/alerts/runbook-url.js";
import baseUnit from "./rules/naming/base-unit.js";
import counterTotal from "./rules/naming/counter-total.js";
import groupInterval from "./rules/group/interval.js";
import promqlFragile from "./rules/promql/fragile.js";
import promqlImpossible from "./rules/promql/impossible.js";
import promqlNan from "./rules/promql/nan.js";
import promqlRegexp from "./rules/promql/regexp.js";
import reservedSuffix from "./rules/naming/reserved-suffix.js";
import ruleDependency from "./rules/rule/dependency.js";
import ruleDuplicate from "./rules/rule/duplicate.js";
import seriesBudget from "./rules/cardinality/series-budget.js";
import identifierGrouping from "./rules/cardinality/identifier-grouping.js";
import snakeCase from "./rules/naming/snake-case.js";
import syntax from "./rules/promql/syntax.js";
import typeInName from "./rules/naming/type-in-name.js";
import unboundedLabel from "./rules/cardinality/unbounded-label.js";
import unknownSilence from "./rules/lint/unknown-silence.js";
import labelValue from "./rules/promql/label-value.js";
import unknownLabel from "./rules/promql/unknown-label.js";
import unknownMetric from "./rules/promql/unknown-metric.js";
import bareCounter from "./rules/promql/bare-counter.js";
import histogramQuantileLe from "./rules/promql/histogram-quantile-le.js";
import leQuantileSpelling from "./rules/promql/le-quantile-spelling.js";
import quantileAboveBuckets from "./rules/promql/quantile-above-buckets.js";
import quantileBucketEdge from "./rules/promql/quantile-bucket-edge.js";
import rateOnCounter from "./rules/promql/rate-on-counter.js";
import rateOverAggregation from "./rules/promql/rate-over-aggregation.js";
import alertsComparison from "./rules/alerts/comparison.js";
import alertsTemplate from "./rules/alerts/template.js";
import rangeTooShort from "./rules/promql/range-too-short.js";
import resultType from "./rules/promql/result-type.js";
import grafanaDatasourceVariable from "./rules/grafana/datasource-variable.js";
import grafanaDuplicatePanelId from "./rules/grafana/duplicate-panel-id.js";
import grafanaDuplicateUid from "./rules/grafana/duplicate-uid.js";
import grafanaGridOverlap from "./rules/grafana/grid-overlap.js";
import grafanaPanelTargets from "./rules/grafana/panel-targets.js";
import grafanaPanelTitle from "./rules/grafana/panel-title.js";
import grafanaPanelUnit from "./rules/grafana/panel-unit.js";
import grafanaRateInterval from "./rules/grafana/rate-interval.js";
import grafanaUnitMismatch from "./rules/grafana/unit-mismatch.js";
import sloThresholdBucketEdge from "./rules/slo/threshold-bucket-edge.js";
import metricRenameExpired from "./rules/metric/rename-expired.js";
import type { LintRule } from "./types.js";
import { compareCodePoints } from "../util/order.js";

export const ALL_RULES: readonly LintRule[] = [
  metricRenameExpired,
  sloThresholdBucketEdge,
  grafanaDatasourceVariable,
  grafanaDuplicatePanelId,
  grafanaDuplicateUid,
  grafanaGridOverlap,
  grafanaPanelTargets,
  grafanaPanelTitle,
  grafanaPanelUnit,
  grafanaRateInterval,
  grafanaUnitMismatch,
  alertsAbsent,
  alertsAnnotations,
  alertsFor,
  alertsRunbookUrl,
  seriesBudget,
  identifierGrouping,
  unboundedLabel,
  groupInterval,
  unknownSilence,
  abbreviatedUnit,
  baseUnit,
  counterTotal,
  reservedSuffix,
  snakeCase,
  typeInName,
  promqlFragile,
  promqlImpossible,
  promqlNan,
  promqlRegexp,
  syntax,
  ruleDependency,
  ruleDuplicate,
  labelValue,
  unknownLabel,
  unknownMetric,
  bareCounter,
  histogramQuantileLe,
  leQuantileSpelling,
  quantileAboveBuckets,
  quantileBucketEdge,
  rateOnCounter,
  rateOverAggregation,
  alertsComparison,
  alertsTemplate,
  rangeTooShort,
  resultType,
].sort((a, b) => compareCodePoints(a.meta.id, b.meta.id));

export const RULES_BY_ID: ReadonlyMap<string, LintRule> = new Map(ALL_RULES.map((r) => [r.meta.id, r]));
export const RULE_IDS: ReadonlySet<string> = new Set(RULES_BY_ID.keys());
