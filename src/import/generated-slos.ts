/**
 * SLOs read back from the rules Sloth and Pyrra generate, when a team gives the generated rule
 * files rather than the SLO specs. Pure: parsed rule files in; the SLOs, the generated groups
 * they replace (the catalog's SLO generates its own recording and burn-rate rules, so the
 * importer does not keep those groups) and diagnostics out (docs/import.md, "SLOs from generated
 * rules").
 *
 * Each SLO's SLI query (the generated ratio of errors at its shortest window) is turned back into
 * the spec it came from, a Sloth `prometheus/v1` SLO with `{{.window}}` for the window, and read by
 * `importSlos`, so an indicator reads as ratio, latency, availability or raw exactly as it would
 * from the spec. A generated group that does not fit (a rule of another shape, no objective) is
 * kept as written, with a warning why; so are the groups of an SLO the catalog cannot express.
 *
 * Shapes read (written from their generators' documented output, not copied):
 * - Sloth (slok/sloth `internal/prometheus/conventions.go` and examples/_gen/*.yml): groups
 *   `sloth-slo-sli-recordings-<id>`, `sloth-slo-meta-recordings-<id>`, `sloth-slo-alerts-<id>`;
 *   records `slo:sli_error:ratio_rate<window>` labelled `sloth_id`, `sloth_service`, `sloth_slo`,
 *   `sloth_window`, whose expression is `(<error query>) / (<total query>)` for event SLIs or
 *   `(<error ratio query>)` for raw ones; the objective in `slo:objective:ratio` (`vector(0.999)`)
 *   or `sloth_slo_info`'s `sloth_objective` label; the period in `slo:time_period:days`.
 * - Pyrra (pyrra-dev/pyrra `slo/rules.go`): a group named after the SLO with records
 *   `<metric>:burnrate<window>` labelled `slo: <name>` (ratio `errors / total`, latency
 *   `(count - bucket{le}) / count`), its multi-window alerts
 *   `<m>:burnrate<s>{…} > (<f> * (1-<target>)) and <m>:burnrate<l>{…} > (<f> * (1-<target>))`
 *   (the objective), and a `<name>-increase` group of `<metric>:increase<period>` records and
 *   absent alerts (the period).
 */
import { stringify } from "yaml";
import { WIDEST_PROMQL } from "../compat/prometheus.js";
import { parseDuration } from "../compat/go/duration.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Expr } from "../promql/ast.js";
import { parsePromql } from "../promql/parse.js";
import type { LoadedRuleFile, Rule, RuleGroup } from "../rulefile/index.js";
import { type ImportedSlo, importSlos, SLO_IMPORT, type SloFormat } from "./slos.js";

export const GENERATED_SLO_IMPORT = {
  /** A generated group kept as written: it does not fit its generator's shape, or its SLO stays raw. */
  kept: "import/generated-slo-kept",
  /** Generated groups replaced by a catalog SLO (info). */
  consumed: "import/generated-slo",
} as const;

export interface GeneratedSloImport {
  readonly slos: readonly ImportedSlo[];
  /** The generated groups the catalog's SLOs replace: the importer does not keep them. */
  readonly consumedGroups: readonly ConsumedGroup[];
  /** The SLO period the generated rules give (Sloth's `slo:time_period:days`, Pyrra's `:increase<period>`); the first met. */
  readonly period: string | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** A generated group the catalog's SLO replaces, with the SLO it became (its name, or the availability's). */
export interface ConsumedGroup {
  readonly file: string;
  readonly group: string;
  readonly slo: string;
  readonly sloKind: "slo" | "availability";
}

interface Located {
  readonly file: string;
  readonly group: RuleGroup;
}

const SLOTH_PREFIX = { sli: "sloth-slo-sli-recordings-", meta: "sloth-slo-meta-recordings-", alerts: "sloth-slo-alerts-" } as const;
const SLOTH_SLI_RECORD = /^slo:sli_error:ratio_rate(.+)$/;
const PYRRA_BURNRATE = /^(.+):burnrate(.+)$/;
const PYRRA_INCREASE = /^(.+):increase(.+)$/;

/** Reads every set of Sloth- or Pyrra-generated groups in the files into SLOs. */
export function slosFromGeneratedRules(ruleFiles: readonly { file: string; loaded: LoadedRuleFile }[]): GeneratedSloImport {
  const out = { slos: [] as ImportedSlo[], consumedGroups: [] as ConsumedGroup[], periods: [] as string[], diagnostics: [] as Diagnostic[] };
  const groups: Located[] = ruleFiles.flatMap((f) => f.loaded.value.groups.map((group) => ({ file: f.file, group })));
  readSloth(out, groups);
  readPyrra(out, groups);
  reportDuplicates(out);
  return { slos: out.slos, consumedGroups: out.consumedGroups, period: out.periods[0], diagnostics: out.diagnostics };
}

type Out = { slos: ImportedSlo[]; consumedGroups: ConsumedGroup[]; periods: string[]; diagnostics: Diagnostic[] };

function labelsOf(rule: Rule): Record<string, string> {
  return Object.fromEntries(rule.labels.map((l) => [l.name.value, l.value.value]));
}

function keep(out: Out, at: Located, message: string, hint: string, rule?: Rule): void {
  const pos = rule?.position ?? at.group.position;
  out.diagnostics.push({
    code: GENERATED_SLO_IMPORT.kept,
    severity: "warning",
    message: `group ${at.group.name} is kept as written: ${message}`,
    hint,
    file: at.file,
    line: pos.line,
    column: pos.column,
  });
}

/** A ratio written as a float (`0.9990000000000001`) as the percentage it was written as (99.9). */
function percentOf(ratio: number): number {
  return Number((ratio * 100).toPrecision(12));
}

/**
 * The catalog names each SLO once (`catalog/duplicate-slo`), and Sloth names SLOs per service
 * (`availability` of checkout and of search): the second of two catalog SLOs of one name is
 * reported, as `importSlos` reports it. Availability objectives live on their services and may share a name.
 */
function reportDuplicates(out: Out): void {
  const seen = new Map<string, ImportedSlo["origin"]>();
  for (const s of out.slos) {
    if (s.kind === "availability") continue;
    const name = s.kind === "slo" ? s.spec.name : s.name;
    const first = seen.get(name);
    if (!first) {
      seen.set(name, s.origin);
      continue;
    }
    out.diagnostics.push({
      code: SLO_IMPORT.duplicate,
      severity: "warning",
      message: `SLO ${name} is read twice: here (service ${s.service}) and at ${first.file}:${first.line}:${first.column}; the catalog names each SLO once`,
      hint: "rename one of them when the catalog is written (such as `<service>-<name>`)",
      file: s.origin.file,
      line: s.origin.line,
      column: s.origin.column,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Sloth

function readSloth(out: Out, groups: readonly Located[]): void {
  const byId = new Map<string, { sli?: Located; meta?: Located; alerts?: Located }>();
  for (const g of groups) {
    for (const [part, prefix] of Object.entries(SLOTH_PREFIX) as [keyof typeof SLOTH_PREFIX, string][]) {
      if (!g.group.name.startsWith(prefix)) continue;
      const id = g.group.name.slice(prefix.length);
      const set = byId.get(id) ?? {};
      set[part] = g;
      byId.set(id, set);
    }
  }
  for (const [id, set] of byId) readSlothSlo(out, id, set);
}

function readSlothSlo(out: Out, id: string, set: { sli?: Located; meta?: Located; alerts?: Located }): void {
  const present = [set.sli, set.meta, set.alerts].filter((g): g is Located => g !== undefined);
  const keepAll = (message: string, hint: string, rule?: Rule) => {
    for (const g of present) keep(out, g, message, hint, g === present[0] ? rule : undefined);
  };
  if (!set.sli) {
    keepAll(
      `it looks generated by Sloth (SLO ${id}), but there is no group sloth-slo-sli-recordings-${id} with the SLI`,
      "import the rule file holding the SLI recordings with it",
    );
    return;
  }
  // The SLI recordings: every rule records slo:sli_error:ratio_rate<window>.
  const odd = set.sli.group.rules.find((r) => r.kind !== "recording" || !SLOTH_SLI_RECORD.test(r.record?.value ?? ""));
  if (odd) {
    keepAll(
      `rule ${odd.name || odd.index} of ${set.sli.group.name} is not a Sloth SLI recording (slo:sli_error:ratio_rate<window>)`,
      "import it as written, or regenerate it with Sloth",
      odd,
    );
    return;
  }
  // The SLI at its shortest window; the period recording (over the 5m one) reads no metric of its own.
  const slis = set.sli.group.rules
    .map((r) => ({ rule: r, labels: labelsOf(r), window: SLOTH_SLI_RECORD.exec(r.record!.value)![1]! }))
    .filter((s) => !(s.rule.expr?.value ?? "").includes("slo:sli_error:"))
    .sort((a, b) => (parseDuration(a.window) ?? Number.POSITIVE_INFINITY) - (parseDuration(b.window) ?? Number.POSITIVE_INFINITY));
  const sli = slis[0];
  const service = sli?.labels.sloth_service;
  const name = sli?.labels.sloth_slo;
  if (!sli || !service || !name || sli.labels.sloth_id !== id) {
    keepAll(
      `its SLI recordings do not carry the labels Sloth writes (sloth_id "${id}", sloth_service, sloth_slo)`,
      "import it as written, or regenerate it with Sloth",
      sli?.rule,
    );
    return;
  }
  const objective = slothObjective(set.meta);
  if (objective === undefined) {
    keepAll(
      `Sloth SLO ${name} has no objective to read (no slo:objective:ratio recording as vector(<ratio>) in sloth-slo-meta-recordings-${id})`,
      "import the meta recordings group with it, or declare the SLO by hand",
      sli.rule,
    );
    return;
  }
  const days = set.meta?.group.rules.find((r) => r.record?.value === "slo:time_period:days");
  const daysValue = days ? vectorValue(days.expr?.value ?? "") : undefined;
  if (daysValue !== undefined && Number.isInteger(daysValue) && daysValue > 0) out.periods.push(`${daysValue}d`);
  const team = set.alerts?.group.rules.map((r) => labelsOf(r).team).find((t) => t !== undefined) ?? sli.labels.team;
  const sliText = sli.rule.expr!.value;
  const query = splitSli(sliText);
  if ("reason" in query) {
    keepAll(`the SLI of Sloth SLO ${name} ${query.reason}`, "import it as written, or declare the SLO by hand", sli.rule);
    return;
  }
  const spec = slothSpec(service, name, objective, team, query, sli.window);
  settle(out, "sloth", `Sloth SLO ${name}`, present, sli.rule, set.sli.file, spec);
}

/** `slo:objective:ratio` as `vector(<ratio>)`, else `sloth_slo_info`'s `sloth_objective` (percent). */
function slothObjective(meta: Located | undefined): number | undefined {
  if (!meta) return undefined;
  const ratio = meta.group.rules.find((r) => r.record?.value === "slo:objective:ratio");
  const v = ratio ? vectorValue(ratio.expr?.value ?? "") : undefined;
  if (v !== undefined && v > 0 && v <= 1) return percentOf(v);
  const info = meta.group.rules.find((r) => r.record?.value === "sloth_slo_info");
  const pct = info ? Number(labelsOf(info).sloth_objective) : Number.NaN;
  return Number.isFinite(pct) && pct > 0 && pct <= 100 ? pct : undefined;
}

/** The number of `vector(<number>)`. */
function vectorValue(text: string): number | undefined {
  const m = /^\s*vector\(\s*([0-9.eE+-]+)\s*\)\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

type SliQuery = { events: { error: string; total: string } } | { raw: string } | { reason: string };

/**
 * The SLI's query as its spec had it: `(<error>) / (<total>)` as events, anything else as a raw
 * error ratio. Sloth and Pyrra both wrap it in parentheses; the text of each side is sliced from
 * the expression, so the spec's query is the one the generator was given.
 */
function splitSli(text: string): SliQuery {
  const { ast, errors } = parsePromql(text, WIDEST_PROMQL);
  if (!ast || errors.length > 0) return { reason: `is not valid PromQL${errors[0] ? `: ${errors[0].message}` : ""}` };
  let e: Expr = ast;
  while (e.type === "ParenExpr") e = e.expr;
  if (e.type === "BinaryExpr" && e.op === "/" && !e.matching && !e.bool) {
    const side = (x: Expr): string => {
      let s = x;
      while (s.type === "ParenExpr") s = s.expr;
      return text.slice(s.from, s.to);
    };
    return { events: { error: side(e.lhs), total: side(e.rhs) } };
  }
  return { raw: text.slice(e.from, e.to) };
}

/** Every range `[<window>]` as Sloth's `[{{.window}}]`. */
function withWindowPlaceholder(query: string, window: string): string {
  const escaped = window.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return query.replace(new RegExp(`\\[\\s*${escaped}\\s*\\]`, "g"), "[{{.window}}]");
}

function slothSpec(
  service: string,
  name: string,
  objective: number,
  team: string | undefined,
  query: Exclude<SliQuery, { reason: string }>,
  window: string,
): string {
  const sli =
    "events" in query
      ? { events: { error_query: withWindowPlaceholder(query.events.error, window), total_query: withWindowPlaceholder(query.events.total, window) } }
      : { raw: { error_ratio_query: withWindowPlaceholder(query.raw, window) } };
  return stringify({
    version: "prometheus/v1",
    service,
    slos: [{ name, objective, sli, ...(team !== undefined ? { alerting: { labels: { team } } } : {}) }],
  });
}

/**
 * Reads the rebuilt spec with `importSlos` and records the SLO at the SLI rule: a catalog SLO or
 * availability objective consumes the groups; a raw one keeps them, with the reader's warning.
 */
function settle(out: Out, format: SloFormat, what: string, groups: readonly Located[], sliRule: Rule, file: string, specText: string): void {
  const read = importSlos([{ file, text: specText }]);
  const at = { file, line: sliRule.position.line, column: sliRule.position.column };
  for (const d of read.diagnostics) out.diagnostics.push({ ...d, ...at });
  const slo = read.slos[0];
  if (!slo) {
    for (const g of groups) keep(out, g, `${what} could not be read back (see the diagnostic at its SLI)`, "import it as written, or declare the SLO by hand");
    return;
  }
  out.slos.push({ ...slo, origin: { format, ...at } } as ImportedSlo);
  if (slo.kind === "raw") {
    for (const g of groups)
      keep(
        out,
        g,
        `${what} is kept as a raw indicator, and the catalog generates no rules for it`,
        "keep the generated rules, or declare the SLO by hand as a ratio or latency SLO",
      );
    return;
  }
  const sloName = slo.kind === "slo" ? slo.spec.name : slo.name;
  for (const g of groups) out.consumedGroups.push({ file: g.file, group: g.group.name, slo: sloName, sloKind: slo.kind });
  const alerts = [...new Set(groups.flatMap((g) => g.group.rules.filter((r) => r.kind === "alerting").map((r) => r.alert!.value)))];
  out.diagnostics.push({
    code: GENERATED_SLO_IMPORT.consumed,
    severity: "info",
    message: `${what} is imported as a catalog SLO, which generates its own recording and burn-rate alert rules in place of the groups ${groups.map((g) => g.group.name).join(", ")}${alerts.length > 0 ? ` (alerts ${alerts.join(", ")} become obsgen's burn-rate alerts, with obsgen's names and labels)` : ""}`,
    hint: "route and silence the SLO's alerts by obsgen's names and labels (docs/slos.md)",
    ...at,
  });
}

// ---------------------------------------------------------------------------------------------
// Pyrra

function readPyrra(out: Out, groups: readonly Located[]): void {
  for (const g of groups) {
    const rules = g.group.rules;
    const burnrates = rules.filter((r) => r.kind === "recording" && PYRRA_BURNRATE.test(r.record?.value ?? "") && labelsOf(r).slo === g.group.name);
    if (burnrates.length === 0) continue;
    const name = g.group.name;
    const increase = groups.find((x) => x.group.name === `${name}-increase`);
    const present = increase ? [g, increase] : [g];
    const odd = rules.find((r) => (r.kind === "recording" ? !burnrates.includes(r) : r.kind !== "alerting" || !(r.expr?.value ?? "").includes(":burnrate")));
    if (odd) {
      keep(
        out,
        g,
        `rule ${odd.name || odd.index} is not one of the burn-rate recordings and alerts Pyrra generates for SLO ${name}`,
        "import it as written, or regenerate it with Pyrra",
        odd,
      );
      if (increase) keep(out, increase, `its SLO ${name}'s burn-rate group is kept`, "import it as written");
      continue;
    }
    const oddIncrease = increase?.group.rules.find((r) =>
      r.kind === "recording"
        ? !PYRRA_INCREASE.test(r.record?.value ?? "") || labelsOf(r).slo !== name
        : r.kind !== "alerting" || !(r.expr?.value ?? "").includes("absent("),
    );
    if (increase && oddIncrease) {
      for (const x of present)
        keep(
          out,
          x,
          `rule ${oddIncrease.name || oddIncrease.index} of ${increase.group.name} is not one of the increase recordings and absent alerts Pyrra generates`,
          "import it as written",
          x === increase ? oddIncrease : undefined,
        );
      continue;
    }
    // The objective: every burn-rate alert compares with `(<factor> * (1-<target>))`.
    const targets = new Set(
      rules
        .filter((r) => r.kind === "alerting")
        .flatMap((r) => [...(r.expr?.value ?? "").matchAll(/\(\s*1\s*-\s*([0-9.eE+-]+)\s*\)/g)].map((m) => Number(m[1]))),
    );
    if (targets.size !== 1) {
      for (const x of present)
        keep(
          out,
          x,
          targets.size === 0
            ? `Pyrra SLO ${name} has no burn-rate alert giving its objective (\`> (<factor> * (1-<target>))\`; alerting disabled?)`
            : `the burn-rate alerts of Pyrra SLO ${name} give different objectives`,
          "import it as written, or declare the SLO by hand",
        );
      continue;
    }
    const target = [...targets][0]!;
    if (!(target > 0 && target < 1)) {
      for (const x of present) keep(out, x, `Pyrra SLO ${name} has the target ${target}, not a ratio between 0 and 1`, "import it as written");
      continue;
    }
    const increaseRecord = increase?.group.rules.find((r) => r.kind === "recording");
    const period = increaseRecord ? PYRRA_INCREASE.exec(increaseRecord.record!.value)?.[2] : undefined;
    if (period !== undefined && parseDuration(period) !== undefined) out.periods.push(period);
    const sli = burnrates
      .map((r) => ({ rule: r, window: PYRRA_BURNRATE.exec(r.record!.value)![2]! }))
      .sort((a, b) => (parseDuration(a.window) ?? Number.POSITIVE_INFINITY) - (parseDuration(b.window) ?? Number.POSITIVE_INFINITY))[0]!;
    const labels = labelsOf(sli.rule);
    const query = splitSli(sli.rule.expr?.value ?? "");
    if ("reason" in query) {
      for (const x of present) keep(out, x, `the SLI of Pyrra SLO ${name} ${query.reason}`, "import it as written", x === g ? sli.rule : undefined);
      continue;
    }
    // Pyrra has no service: the SLO is filed under the job its total selects, else under its own name.
    const service = labels.job ?? name;
    const team = labels.team ?? rules.map((r) => labelsOf(r).team).find((t) => t !== undefined);
    settle(out, "pyrra", `Pyrra SLO ${name}`, present, sli.rule, g.file, slothSpec(service, name, percentOf(target), team, query, sli.window));
  }
}
