/**
 * The Prometheus versions obsgen models, and what differs between them. This is the one place
 * that names a Prometheus version: everything version-dependent (PromQL syntax, rule-file fields,
 * label spellings at ingestion, range-selector arithmetic in rule tests) reads it from here.
 *
 * - "2.42": Prometheus v2.42.0 (225c611), the promtool Debian ships and CI runs.
 * - "3": Prometheus v3.14.0 (d7598b7), the newest 3.x release modelled; where an earlier 3.x
 *   differs, the field's comment says so.
 */

import { formatGoFloat, plainDecimal } from "./go/float.js";
import { PROMQL_2_42, PROMQL_3_14, PROMQL_FEATURES, type PromqlFeature, type PromqlSyntax } from "./promql-syntax.js";
import { RULE_FILES_2_42, RULE_FILES_3_14, type RuleFileDialect } from "./rule-files.js";

export const PROMETHEUS_VERSIONS = ["2.42", "3"] as const;
export type PrometheusVersion = (typeof PROMETHEUS_VERSIONS)[number];
export { PROMQL_FEATURES, type PromqlFeature, type PromqlSyntax, type RuleFileDialect };

export interface PrometheusSemantics {
  readonly version: PrometheusVersion;
  /** The release whose behaviour is modelled, for messages: "Prometheus 2.42", "Prometheus 3.14". */
  readonly release: string;
  /** The upstream tag modelled. */
  readonly tag: string;
  /**
   * `le` of classic histograms and `quantile` of summaries are stored in their float spelling
   * (`le="100"` is stored as `le="100.0"`), whatever the scrape protocol. Prometheus 3.0,
   * model/textparse/openmetricsparse.go `normalizeFloatsInLabelValues`; in 2.42 only protobuf
   * scrapes gave that spelling.
   */
  readonly normalizesBucketLabels: boolean;
  /**
   * Range selectors and the lookback delta are left-open: a sample exactly at the window's start
   * is not in it. Prometheus 3.0, promql/engine.go `matrixIterSlice` (PR #13904); closed in 2.42.
   */
  readonly leftOpenRanges: boolean;
  /**
   * Native histograms are a stable feature, turned on per scrape job by `scrape_native_histograms`
   * (config/config.go `ScrapeConfig`, v3.8.0 line 752, v3.14.0 line 790). 2.40 to 2.55 have them only
   * as an experiment behind `--enable-feature=native-histograms` (v2.40.0 release notes), which
   * obsgen does not target: a catalog with a native-only histogram must target 3 alone.
   * https://prometheus.io/docs/specs/native_histograms/ ("Starting with v3.8.0, native histograms
   * are supported as a stable feature … Starting with v3.9, the feature flag is a true no-op").
   */
  readonly nativeHistograms: boolean;
  /** The PromQL its parser accepts, and the flags that gate parts of it (see promql-syntax.ts). */
  readonly promql: PromqlSyntax;
  /** The rule-file fields and names `promtool check rules` accepts (see rule-files.ts). */
  readonly ruleFiles: RuleFileDialect;
}

export const SEMANTICS: Readonly<Record<PrometheusVersion, PrometheusSemantics>> = {
  "2.42": {
    version: "2.42",
    release: "Prometheus 2.42",
    tag: "v2.42.0",
    normalizesBucketLabels: false,
    leftOpenRanges: false,
    nativeHistograms: false,
    promql: PROMQL_2_42,
    ruleFiles: RULE_FILES_2_42,
  },
  "3": {
    version: "3",
    release: "Prometheus 3.14",
    tag: "v3.14.0",
    normalizesBucketLabels: true,
    leftOpenRanges: true,
    nativeHistograms: true,
    promql: PROMQL_3_14,
    ruleFiles: RULE_FILES_3_14,
  },
};

/** The release "3" follows, as users write it: "3.14". */
const NEWEST_RELEASE = SEMANTICS["3"].tag.replace(/^v/, "").replace(/\.0$/, "");

/**
 * What each `prometheus.version` value stands for, for hints and help texts:
 * `"3" is every Prometheus 3.x (modelled on 3.14), "2.42" every 2.x`.
 */
export const VERSION_MEANINGS = `"3" is every Prometheus 3.x (modelled on ${NEWEST_RELEASE}), "2.42" every 2.x`;

/** The values `--prometheus` takes, for its help: `"3" (3.14), "2.42", or "2.42,3" for both`. */
export const VERSION_CHOICES = `"3" (${NEWEST_RELEASE}), "2.42", or "${PROMETHEUS_VERSIONS.join(",")}" for both`;

/**
 * What lint judges against: one or more Prometheus versions (an expression or rule file must pass
 * every one) and the PromQL `--enable-feature` flags the servers run with.
 */
export interface PrometheusTarget {
  readonly versions: readonly PrometheusVersion[];
  readonly features: readonly PromqlFeature[];
}

/**
 * The version `obsgen lint` judges rule files and dashboards by when neither `--prometheus` nor a
 * catalog says: 3, the version most installations run. 2.42's extra rejections (quoted names,
 * numbers as durations, newer functions) would be false errors for them; 2.42's users pass
 * `--prometheus 2.42`.
 */
export const DEFAULT_LINT_TARGET: PrometheusTarget = { versions: ["3"], features: [] };

/** The rule-file dialect of the first version of {@link DEFAULT_LINT_TARGET}: what rule-file checks use when given none. */
export function defaultRuleFileDialect(): RuleFileDialect {
  return SEMANTICS[DEFAULT_LINT_TARGET.versions[0]!].ruleFiles;
}

/**
 * The versions a catalog is linted against until the catalog or obsgen.config.ts says
 * (`prometheus.version`): every modelled version, as the emitters target by default
 * (`DEFAULT_TARGETED_VERSIONS`).
 */
export const DEFAULT_CATALOG_TARGET: PrometheusTarget = { versions: [...PROMETHEUS_VERSIONS], features: [] };

/** The versions named by `--prometheus` or a catalog's `prometheus.version`: `"3"`, `"2.42"`, or a list. */
export function parsePrometheusVersions(value: unknown): { versions: PrometheusVersion[] } | { error: string } {
  const raw = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [value];
  const versions: PrometheusVersion[] = [];
  for (const item of raw) {
    const v = typeof item === "string" ? item.trim() : item;
    // "3.14" and "v3" are common spellings of what the "3" model covers; "2.42.0" of "2.42".
    const normal =
      typeof v === "string"
        ? v
            .replace(/^v/, "")
            .replace(/^(2\.42)\.0$/, "$1")
            .replace(/^3(?:\.14(?:\.0)?)?$/, "3")
        : v;
    if (!PROMETHEUS_VERSIONS.includes(normal as PrometheusVersion)) {
      return {
        error: `unknown Prometheus version ${JSON.stringify(item)}: obsgen models ${PROMETHEUS_VERSIONS.map((x) => `"${x}"`).join(" and ")} ("3" is Prometheus 3.14)`,
      };
    }
    if (!versions.includes(normal as PrometheusVersion)) versions.push(normal as PrometheusVersion);
  }
  if (versions.length === 0) return { error: "no Prometheus version given" };
  return { versions };
}

/**
 * The flags named by `--enable-feature` (comma-separated, repeatable, as Prometheus takes them) that
 * matter to PromQL, checked against the versions: a flag none of them knows is an error.
 */
export function parsePromqlFeatures(values: readonly string[], versions: readonly PrometheusVersion[]): { features: PromqlFeature[] } | { error: string } {
  const features: PromqlFeature[] = [];
  for (const name of values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "")) {
    if (!PROMQL_FEATURES.includes(name as PromqlFeature)) {
      return { error: `unknown PromQL feature "${name}": obsgen knows ${PROMQL_FEATURES.join(", ")}` };
    }
    if (!versions.some((v) => SEMANTICS[v].promql.flags.has(name as PromqlFeature))) {
      return { error: `${versions.map((v) => SEMANTICS[v].release).join(" and ")} ${versions.length > 1 ? "have" : "has"} no feature "${name}"` };
    }
    if (!features.includes(name as PromqlFeature)) features.push(name as PromqlFeature);
  }
  return { features };
}

/**
 * How Prometheus 3 spells a float label value (`le`, `quantile`) at ingestion: `1` → `1.0`,
 * `100` → `100.0`, `0.5` → `0.5`, `1e-05`, `1e+06`, `+Inf`. Mirrors `labels.FormatOpenMetricsFloat`
 * (model/labels/float.go, v3.14.0): the fixed cases 1, 0, -1, NaN and ±Inf, else Go's
 * `strconv.FormatFloat(f, 'g', -1, 64)` with `.0` appended when the result has neither `.` nor `e`.
 */
export function formatOpenMetricsFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 1) return "1.0";
  if (f === 0) return "0.0";
  if (f === -1) return "-1.0";
  const s = formatGoFloat(f, "g", -1);
  return s.includes(".") || s.includes("e") ? s : `${s}.0`;
}

// ---------------------------------------------------------------------------------------------
// What obsgen emits differently by targeted version (docs/prometheus-versions.md): the versions a
// catalog targets, the spellings a matcher naming a bucket must accept, the rule-group fields a
// release loads, the promtool test-file fields, and the window arithmetic of rule tests.

/** `prometheus.version` in the catalog and obsgen.config.ts: one version, or several (output right on each). */
export type PrometheusVersionSetting = PrometheusVersion | readonly PrometheusVersion[];

/**
 * The versions a catalog targets when neither it nor obsgen.config.ts sets `prometheus.version`:
 * all of them. Output right on every version is right wherever it runs, whatever a team upgrades
 * to: bucket matchers accept both spellings, rule tests hold under both window arithmetics, and
 * rule groups carry only fields 2.42 loads.
 */
export const DEFAULT_TARGETED_VERSIONS: readonly PrometheusVersion[] = PROMETHEUS_VERSIONS;

/** A `prometheus.version` setting as a list: each version once, in `PROMETHEUS_VERSIONS` order. */
export function targetedVersions(setting: PrometheusVersionSetting | undefined): PrometheusVersion[] {
  if (setting === undefined) return [...DEFAULT_TARGETED_VERSIONS];
  const given: readonly PrometheusVersion[] = typeof setting === "string" ? [setting] : setting;
  return PROMETHEUS_VERSIONS.filter((v) => given.includes(v));
}

/**
 * The oldest release each modelled version stands for, as a deploy target's `version`: output for
 * "3" loads on every 3.x release, so it may use what 3.0 loads and no more.
 */
export const OLDEST_RELEASE: Readonly<Record<PrometheusVersion, string>> = { "2.42": "2.42", "3": "3.0" };

/**
 * The modelled version a release (a deploy target's `version`, such as "2.53" or "3.2") stores
 * bucket labels as: every 2.x as 2.42 (from the text format, as exposed), every 3.x as 3.0 and
 * later do (normalised; PR #15164 is in 3.0.0 and every later tag).
 */
export function modelledVersionOf(release: string): PrometheusVersion {
  return Number(release.split(".")[0]) >= 3 ? "3" : "2.42";
}

/**
 * The release since which Prometheus loads each optional rule-group field (a rule file with a
 * field it does not know fails to load: model/rulefmt/rulefmt.go decodes with KnownFields(true)).
 * `query_offset`: v2.53.0 (PR #14061); group `labels`: v3.0.0 (commit f253d36361, PR #11474).
 */
export const RULE_GROUP_FIELD_SINCE = { query_offset: "2.53", labels: "3.0" } as const;

/** Compares dotted versions numerically: `2.9` < `2.42` < `3.0`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether every release a modelled version stands for loads a rule-group field (`OLDEST_RELEASE`). */
export function loadsRuleGroupField(version: PrometheusVersion, field: keyof typeof RULE_GROUP_FIELD_SINCE): boolean {
  return compareVersions(OLDEST_RELEASE[version], RULE_GROUP_FIELD_SINCE[field]) >= 0;
}

/**
 * The release since which Prometheus loads each scrape-config field about native histograms (the
 * configuration is read strictly, `yaml.UnmarshalStrict` in config/config.go `Load`, so an older
 * release refuses the whole file):
 * - `scrape_native_histograms`: v3.8.0 (config/config.go line 752; v3.14.0 line 790). Before 3.8
 *   the `native-histograms` feature flag turned scraping on; from 3.9 the flag does nothing and
 *   this field is the only switch (v3.9.0 release notes, PR #17528).
 * - `always_scrape_classic_histograms`: v3.0.0 (line 676), the rename of 2.45's
 *   `scrape_classic_histograms`; keeps the classic series of a histogram also exposed natively.
 * - `convert_classic_histograms_to_nhcb`: v3.0.0 (line 678); stores each classic histogram scraped
 *   also as a native histogram with custom buckets (NHCB), the classic series kept only with
 *   `always_scrape_classic_histograms` (scrape/scrape.go v3.14.0 lines 1599-1606:
 *   `ConvertClassicHistogramsToNHCB`, `KeepClassicOnClassicAndNativeHistograms`).
 */
export const SCRAPE_CONFIG_FIELD_SINCE = {
  scrape_native_histograms: "3.8",
  always_scrape_classic_histograms: "3.0",
  convert_classic_histograms_to_nhcb: "3.0",
} as const;

/**
 * The release since which `promtool test rules` reads native-histogram input series
 * (`{{schema:0 count:4 sum:5 buckets:[1 2 1]}}`): v2.47.0 (commit f01718262a, PR #12668,
 * promql/parser/lex.go's histogram lexing). promtool 2.42, which runs obsgen's tests, refuses the
 * notation ("unexpected character in series sequence: '{'").
 */
export const PROMTOOL_NATIVE_HISTOGRAM_INPUT_SINCE = "2.47";

/**
 * The keys of a promtool unit-test file each version reads (cmd/promtool/unittest.go: v2.42.0
 * `unitTestFile` lines 111-116 and `testGroup` lines 143-151; v3.14.0 lines 160-166 and 214-223).
 * The file is read strictly (`yaml.UnmarshalStrict`, v2.42.0 line 72, v3.14.0 line 94), so a key
 * 2.42 lacks fails the whole file there.
 */
export const RULE_TEST_FILE_KEYS: Readonly<Record<PrometheusVersion, { readonly file: readonly string[]; readonly testGroup: readonly string[] }>> = {
  "2.42": {
    file: ["rule_files", "evaluation_interval", "group_eval_order", "tests"],
    testGroup: ["interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url", "name"],
  },
  "3": {
    file: ["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare"],
    testGroup: ["interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url", "name", "start_timestamp"],
  },
};

/**
 * The arithmetic of PromQL functions where the versions differ, beyond range windows
 * (`SEMANTICS[v].leftOpenRanges`); the rule-test evaluator (src/emit/rule-tests/promql-model.ts)
 * implements both.
 */
export interface QueryArithmetic {
  /**
   * The order in which `extrapolatedRate` (promql/functions.go) limits the extrapolation to the
   * window's start: v2.42.0 (lines 121-150) first clamps it at the counter's zero point, then
   * replaces a gap of 1.1 average sample intervals or more by half an interval; from v2.51.0
   * (commit 7f912db15a, PR #13725) and in v3.14.0 (lines 549-612) the threshold comes first,
   * then the zero-point clamp.
   */
  readonly rateStartLimit: "clamp-then-threshold" | "threshold-then-clamp";
  /**
   * How `bucketQuantile` (promql/quantile.go) makes classic bucket counts monotonic: v2.42.0
   * `ensureMonotonic` (line 345) raises each count to the running maximum; v3.14.0
   * `ensureMonotonicAndIgnoreSmallDeltas` (line 662) also takes a count within a relative 1e-12
   * of the last kept one as equal to it.
   */
  readonly bucketMonotonicity: "running-maximum" | "ignore-small-deltas";
  /**
   * How `sum` and `avg` add float samples (promql/engine.go `aggregation`): v2.42.0 adds them
   * plainly and keeps `avg` as a running mean (lines 2444-2487); v3.14.0 sums with Kahan-Neumaier
   * compensation (`kahansum.Inc`, util/kahansum/kahansum.go; engine.go lines 3705-3842), `avg` as
   * that sum over the count unless it overflows, and adds the compensation at the end (3897-3960).
   */
  readonly floatAggregation: "plain" | "kahan";
}

export const QUERY_ARITHMETIC: Readonly<Record<PrometheusVersion, QueryArithmetic>> = {
  "2.42": { rateStartLimit: "clamp-then-threshold", bucketMonotonicity: "running-maximum", floatAggregation: "plain" },
  "3": { rateStartLimit: "threshold-then-clamp", bucketMonotonicity: "ignore-small-deltas", floatAggregation: "kahan" },
};

/**
 * How obsgen's metric stubs write a float label value (`le`) in the text exposition format: the
 * Rust stubs as `plainDecimal`, the TypeScript stubs as JavaScript's `String(f)` (prom-client 15,
 * lib/registry.js `formatLabels` puts the number in a template string), which takes an exponent
 * below 1e-6 and from 1e21 (`1e-7`, `1e+21`). Prometheus 2.x stores the value as exposed. Both
 * spellings, each once, plain first; `+Inf` for the last bucket.
 */
export function exposedFloatSpellings(f: number): string[] {
  const plain = plainDecimal(f);
  const js = Number.isFinite(f) ? String(f) : plain;
  return js === plain ? [plain] : [plain, js];
}

/**
 * The spelling a version stores for a float label value a stub exposes: 2.42 keeps the text as
 * exposed (the Rust stubs' `plainDecimal`: `le="5000"`); 3 normalises it (`le="5000.0"`,
 * `formatOpenMetricsFloat`). Rule tests write their input series this way.
 */
export function ingestedFloatLabel(f: number, version: PrometheusVersion): string {
  return SEMANTICS[version].normalizesBucketLabels ? formatOpenMetricsFloat(f) : plainDecimal(f);
}

/**
 * Every spelling a matcher that names a bucket bound (`le`) or quantile by value must accept, so
 * it matches on every targeted version: the stubs' exposed spellings always, and with 3 targeted
 * also 3's normalised one. A 3-only target keeps the 2.x spellings too: series stored before the
 * upgrade, received by remote write from a 2.x sender (stored as the sender stored them), or
 * through Prometheus 3's OTLP receiver (`plainDecimal`) carry them.
 *
 *   5000, ["2.42"]      → ["5000"]             le="5000"
 *   5000, ["3"]         → ["5000", "5000.0"]   le=~"5000|5000\\.0"
 *   0.5,  ["2.42", "3"] → ["0.5"]              le="0.5"
 *   1e6,  ["3"]         → ["1000000", "1e+06"] le=~"1000000|1e\\+06"
 */
export function floatLabelSpellings(f: number, versions: readonly PrometheusVersion[]): string[] {
  const out = exposedFloatSpellings(f);
  for (const v of versions) {
    const stored = ingestedFloatLabel(f, v);
    if (!out.includes(stored)) out.push(stored);
  }
  return out;
}

/** The PromQL a parser accepts: a release's syntax, with the `--enable-feature` flags that are on. */
export interface PromqlDialect {
  readonly syntax: PromqlSyntax;
  /** The flags on: those given that the release knows, and those on by default. */
  readonly flags: ReadonlySet<PromqlFeature>;
}

const dialects = new Map<string, PromqlDialect>();

/** The PromQL of `version` with `features` turned on (flags the version does not know are dropped). */
export function promqlDialect(version: PrometheusVersion, features: readonly PromqlFeature[] = []): PromqlDialect {
  const key = `${version}|${[...features].sort().join(",")}`;
  let d = dialects.get(key);
  if (d === undefined) {
    const syntax = SEMANTICS[version].promql;
    d = { syntax, flags: new Set([...syntax.defaultFlags, ...features.filter((f) => syntax.flags.has(f))]) };
    dialects.set(key, d);
  }
  return d;
}

/** The newest modelled PromQL with every flag on: the widest language, used to explain what an older version refuses. */
export const WIDEST_PROMQL: PromqlDialect = promqlDialect(PROMETHEUS_VERSIONS[PROMETHEUS_VERSIONS.length - 1]!, [...PROMQL_FEATURES]);

/** The PromQL callers get when they name no target: the catalog default's. */
export const DEFAULT_PROMQL: PromqlDialect = promqlDialect(DEFAULT_CATALOG_TARGET.versions[0]!, DEFAULT_CATALOG_TARGET.features);
