/**
 * Name rules promtool applies: 2.42's legacy ASCII names (`model.LabelName.IsValid`,
 * `model.IsValidMetricName` of prometheus/common v0.39), and 3.x's UTF-8 names
 * ({@link isValidUtf8Name}). Which one a version uses is in src/compat/rule-files.ts.
 */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A label or annotation name: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** A metric (recording rule) name: `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/**
 * A name under 3.x's UTF-8 validation (`model.UTF8Validation`, prometheus/common v0.70.1
 * `model/metric.go`): any non-empty valid UTF-8 string.
 */
export function isValidUtf8Name(name: string): boolean {
  return name !== "" && isValidUtf8(name);
}

/** Whether the string would be valid UTF-8 (no unpaired surrogate). */
export function isValidUtf8(value: string): boolean {
  // The look-behind is slow on long values; most have no surrogate at all.
  return !SURROGATE.test(value) || !LONE_SURROGATE.test(value);
}
