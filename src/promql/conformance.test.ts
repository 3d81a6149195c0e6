/**
 * Syntax verdicts against Prometheus's own test expressions (../shared/conformance):
 *
 * - promql-2.42/cases.tsv: 1,044 expressions from v2.42.0's tests, with Debian promtool 2.42's verdict;
 * - promql-3/cases.tsv: 2,557 expressions from v3.14.0's tests, with what v3.14.0's binaries accept
 *   (`valid_prometheus_3_14`: no flag, duration expressions on), what the parser accepts with all four
 *   experimental options (`valid_with_flag`), and the one option each flag-gated case needs (`flag`);
 * - promql-3/from-2.42-tests.tsv: the 1,044 expressions of 2.42's tests, judged by 3.14's binaries.
 *
 * Every disagreement must be listed in {@link KNOWN_DIFFERENCES} with the reason; a new one fails.
 * The expressions in the tables' skipped.tsv (invalid UTF-8, a lone carriage return) are left out:
 * a JavaScript string cannot hold Go's invalid bytes.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type PrometheusVersion, PROMQL_FEATURES, type PromqlFeature, promqlDialect } from "../compat/prometheus.js";
import { analyze } from "./check.js";

const DIR = fileURLToPath(new URL("../../../shared/conformance/", import.meta.url));
const TABLES = ["promql-2.42/cases.tsv", "promql-3/cases.tsv", "promql-3/from-2.42-tests.tsv"].map((t) => `${DIR}${t}`);

/**
 * Expressions (by table and id) where obsgen's verdict differs from the table's, and why. Empty: every
 * case agrees. An entry here that agrees again fails the test too, so the list stays true.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

/** The `flag` column's `parser.Options` field, as the `--enable-feature` value that sets it. */
const OPTION_FLAGS: Readonly<Record<string, PromqlFeature>> = {
  EnableExperimentalFunctions: "promql-experimental-functions",
  ExperimentalDurationExpr: "promql-duration-expr",
  EnableExtendedRangeSelectors: "promql-extended-range-selectors",
  EnableBinopFillModifiers: "promql-binop-fill-modifiers",
};

type Row = Readonly<Record<string, string>>;

function rows(path: string): Row[] {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const head = lines[0]!.split("\t");
  return lines.slice(1).map((l) => Object.fromEntries(l.split("\t").map((v, i) => [head[i], v])));
}

function valid(expr: string, version: PrometheusVersion, features: readonly PromqlFeature[] = []): boolean {
  return analyze(expr, promqlDialect(version, features)).errors.length === 0;
}

interface Verdicts {
  readonly total: number;
  /** `table#id: expression (want valid|invalid)` for each disagreement. */
  readonly disagreements: string[];
}

/** Compares obsgen's verdicts with a table column; `key` names the case in {@link KNOWN_DIFFERENCES}. */
function compare(table: string, cases: readonly Row[], want: (r: Row) => boolean, got: (expr: string, r: Row) => boolean, idColumn = "id"): Verdicts {
  const disagreements: string[] = [];
  for (const r of cases) {
    const expr = JSON.parse(r.expression!) as string;
    if (got(expr, r) !== want(r)) disagreements.push(`${table}#${r[idColumn]}`);
  }
  return { total: cases.length, disagreements };
}

function expectAgreement(name: string, v: Verdicts): void {
  const agree = v.total - v.disagreements.length;
  console.log(`${name}: ${agree}/${v.total} agree (${((100 * agree) / v.total).toFixed(2)}%)`);
  const known = Object.keys(KNOWN_DIFFERENCES).filter((k) => k.startsWith(`${name}#`));
  expect(v.disagreements.sort(), "disagreements not in KNOWN_DIFFERENCES (or listed ones that now agree)").toEqual(known.sort());
  expect(agree / v.total).toBeGreaterThanOrEqual(0.99);
}

const present = TABLES.every((t) => existsSync(t));
if (!present && process.env.OBSGEN_REQUIRE_TOOLS === "1") {
  // CI lays shared/ beside the clone: missing tables there are a failure, not a skip.
  it("needs the PromQL conformance tables", () => {
    throw new Error(`PromQL conformance tables not found under ${DIR}`);
  });
} else if (!present) console.warn(`[skipped] PromQL conformance: tables not found under ${DIR}`);

describe.skipIf(!present)("PromQL syntax verdicts against Prometheus's own test expressions", () => {
  const v242 = present ? rows(TABLES[0]!) : [];
  const v3 = present ? rows(TABLES[1]!) : [];
  const from242 = present ? rows(TABLES[2]!) : [];

  it("agrees with promtool 2.42 on the 1,044 expressions of 2.42's tests, with --prometheus 2.42", () => {
    expect(v242).toHaveLength(1044);
    expectAgreement(
      "promql-2.42",
      compare(
        "promql-2.42",
        v242,
        (r) => r.promtool_valid === "1",
        (e) => valid(e, "2.42"),
      ),
    );
  });

  it("agrees with Prometheus 3.14's binaries on the 2,557 expressions of 3.14's tests, with --prometheus 3 and no flag", () => {
    expect(v3).toHaveLength(2557);
    expectAgreement(
      "promql-3",
      compare(
        "promql-3",
        v3,
        (r) => r.valid_prometheus_3_14 === "1",
        (e) => valid(e, "3"),
      ),
    );
  });

  it("agrees with Prometheus 3.14's parser with every experimental flag on", () => {
    expectAgreement(
      "promql-3-all-flags",
      compare(
        "promql-3-all-flags",
        v3,
        (r) => r.valid_with_flag === "1",
        (e) => valid(e, "3", PROMQL_FEATURES),
      ),
    );
  });

  it("accepts each flag-gated expression with its one flag, and refuses it with every other flag", () => {
    const gated = v3.filter((r) => r.flag !== "" && r.flag !== "ExperimentalDurationExpr");
    // 148 experimental functions, 84 range-selector modifiers, 57 fill modifiers.
    expect(gated).toHaveLength(289);
    expectAgreement(
      "promql-3-own-flag",
      compare(
        "promql-3-own-flag",
        gated,
        () => true,
        (e, r) => valid(e, "3", [OPTION_FLAGS[r.flag!]!]),
      ),
    );
    expectAgreement(
      "promql-3-other-flags",
      compare(
        "promql-3-other-flags",
        gated,
        () => false,
        (e, r) =>
          valid(
            e,
            "3",
            PROMQL_FEATURES.filter((f) => f !== OPTION_FLAGS[r.flag!]),
          ),
      ),
    );
  });

  it("accepts the duration expressions, which need no flag in 3.14's binaries", () => {
    const durations = v3.filter((r) => r.flag === "ExperimentalDurationExpr");
    expect(durations).toHaveLength(92);
    expectAgreement(
      "promql-3-duration-expr",
      compare(
        "promql-3-duration-expr",
        durations,
        () => true,
        (e) => valid(e, "3"),
      ),
    );
  });

  it("agrees with Prometheus 3.14's binaries on the 1,044 expressions of 2.42's tests", () => {
    expect(from242).toHaveLength(1044);
    expectAgreement(
      "from-2.42-tests",
      compare(
        "from-2.42-tests",
        from242,
        (r) => r.valid_prometheus_3_14 === "1",
        (e) => valid(e, "3"),
        "id_242",
      ),
    );
  });
});
