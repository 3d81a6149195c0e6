/**
 * What PromQL each modelled Prometheus version parses: the syntax it knows, the experimental
 * `--enable-feature` flags that gate parts of it, and since which release each later addition
 * exists (for "needs Prometheus X or later" messages). `prometheus.ts` points here; the PromQL
 * front end (src/promql) reads these facts and names no version itself.
 *
 * Sources: `promql/parser/lex.go`, `generated_parser.y` and `parse.go` at v2.42.0 (225c611) and
 * v3.14.0 (d7598b7); the "since" releases from the CHANGELOG entries and tags cited per field.
 */

/**
 * `--enable-feature` values that change what the PromQL parser accepts (v3.14.0
 * `cmd/prometheus/main.go` `setFeatureListOptions`, mapped to `parser.Options` in
 * `promql/parser/parse.go` lines 44–49).
 */
export const PROMQL_FEATURES = [
  "promql-experimental-functions",
  "promql-extended-range-selectors",
  "promql-binop-fill-modifiers",
  "promql-duration-expr",
] as const;
export type PromqlFeature = (typeof PROMQL_FEATURES)[number];

/** A release as `major.minor` (`"2.54"`), for "since" comparisons. */
export type Release = `${number}.${number}`;

/** Whether release `a` is `b` or later. */
export function releaseAtLeast(a: Release, b: Release): boolean {
  const [am, an] = a.split(".").map(Number) as [number, number];
  const [bm, bn] = b.split(".").map(Number) as [number, number];
  return am !== bm ? am > bm : an >= bn;
}

/**
 * PromQL syntax added after Prometheus 2.42, each with the release that added it and, when it is
 * experimental in the newest modelled release, the flag that turns it on.
 */
export const PROMQL_ADDITIONS = {
  /** `{"my.metric", "a.b"="c"}` and `by ("a.b")`: on by default since 3.0 (#14705, #15258; grammar since 2.51/2.55 behind `utf8-names`). */
  quotedNames: { since: "3.0" },
  /** `foo[5]`, `offset 1.5`, `@ 100s`, `1h` as a number (#9138, 2.54; stable in 3.0). */
  numbersAndDurations: { since: "2.54" },
  /** `1_000_000` (#12821, 2.54). */
  numberUnderscores: { since: "2.54" },
  /** Native-histogram trim operators `</` and `>/` (#17904, 3.11; no flag, `lex.go` lines 205–206). */
  trimOperators: { since: "3.11" },
  /** `foo[5m+1m]`, `foo[step()]`, `offset -(1m)`: 3.4 behind `promql-duration-expr` (#16249), on by default since 3.14 (#19033). */
  durationExpressions: { since: "3.4", flag: "promql-duration-expr", defaultSince: "3.14" },
  /** `limitk`, `limit_ratio` (#12503, 2.54; `ItemType.IsExperimentalAggregator`). */
  limitAggregations: { since: "2.54", flag: "promql-experimental-functions" },
  /** `anchored` / `smoothed` range-selector modifiers (#16457, 3.7; `parse.go` `setAnchored`/`setSmoothed`). */
  extendedRangeSelectors: { since: "3.7", flag: "promql-extended-range-selectors" },
  /** `fill(v)`, `fill_left(v)`, `fill_right(v)` binary-operator modifiers (#17644, 3.10; `parse.go` `newBinaryExpression`). */
  binopFillModifiers: { since: "3.10", flag: "promql-binop-fill-modifiers" },
} as const satisfies Record<string, { since: Release; flag?: PromqlFeature; defaultSince?: Release }>;
export type PromqlAddition = keyof typeof PROMQL_ADDITIONS;

/** The PromQL one version parses. */
export interface PromqlSyntax {
  /** `major.minor` of the release modelled. */
  readonly release: Release;
  /** For messages: "Prometheus 2.42". */
  readonly name: string;
  /** The additions this version's parser has (gated ones only with their flag, see {@link PromqlSyntax.flags}). */
  readonly additions: ReadonlySet<PromqlAddition>;
  /** The `--enable-feature` values this version knows. */
  readonly flags: ReadonlySet<PromqlFeature>;
  /**
   * Flags that are on without being given: `promql-duration-expr` in 3.14's binaries, which build
   * `parser.Options{ExperimentalDurationExpr: true}` (`cmd/prometheus/main.go`, `cmd/promtool/main.go`
   * lines 67–69) and ignore the flag.
   */
  readonly defaultFlags: ReadonlySet<PromqlFeature>;
}

const ALL_ADDITIONS = Object.keys(PROMQL_ADDITIONS) as PromqlAddition[];

/** Prometheus 2.42's PromQL: none of the additions, no flags. */
export const PROMQL_2_42: PromqlSyntax = {
  release: "2.42",
  name: "Prometheus 2.42",
  additions: new Set(),
  flags: new Set(),
  defaultFlags: new Set(),
};

/** Prometheus 3.14's PromQL, as its binaries parse it. */
export const PROMQL_3_14: PromqlSyntax = {
  release: "3.14",
  name: "Prometheus 3.14",
  additions: new Set(ALL_ADDITIONS),
  flags: new Set(PROMQL_FEATURES),
  defaultFlags: new Set(["promql-duration-expr"]),
};

/** Whether `syntax` with the flags `enabled` has `addition` (and its flag, if it needs one). */
export function hasAddition(syntax: PromqlSyntax, enabled: ReadonlySet<PromqlFeature>, addition: PromqlAddition): boolean {
  if (!syntax.additions.has(addition)) return false;
  const flag: PromqlFeature | undefined = (PROMQL_ADDITIONS[addition] as { flag?: PromqlFeature }).flag;
  return flag === undefined || enabled.has(flag) || syntax.defaultFlags.has(flag);
}

/**
 * The release an addition needs, for messages: "Prometheus 2.54 or later", "Prometheus 3.7 or later
 * with --enable-feature=promql-extended-range-selectors", "Prometheus 3.14 or later (3.4 to 3.13
 * with --enable-feature=promql-duration-expr)".
 */
export function needsMessage(addition: PromqlAddition): string {
  const a: { since: Release; flag?: PromqlFeature; defaultSince?: Release } = PROMQL_ADDITIONS[addition];
  if (a.flag === undefined) return `Prometheus ${a.since} or later`;
  if (a.defaultSince !== undefined) {
    const [m, n] = a.defaultSince.split(".").map(Number) as [number, number];
    return `Prometheus ${a.defaultSince} or later (${a.since} to ${m}.${n - 1} with --enable-feature=${a.flag})`;
  }
  return `Prometheus ${a.since} or later with --enable-feature=${a.flag}`;
}

/** The flag an addition needs where it is not on by default, if any. */
export function additionFlag(addition: PromqlAddition): PromqlFeature | undefined {
  return (PROMQL_ADDITIONS[addition] as { flag?: PromqlFeature }).flag;
}
