/**
 * lint: LintInput -> Diagnostic[]. Parses each expression once, runs every rule's hooks,
 * applies severity overrides and silences, and locates each finding (file:line:col for rule
 * files, catalog path for catalogs, span inside the expression for both).
 */
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import type { ResolvedSilence } from "../model/resolved.js";
import { analyzeForTarget, lintTarget } from "./prometheus-target.js";
import { ALL_RULES, RULE_IDS, RULES_BY_ID } from "./registry.js";
import { findingImpact, type LintProfile, PROFILE_IMPACTS, profilePrints } from "./profile.js";
import { catalogSilenceSnippet, commentSilenceSnippet, fileSilenceLists, silenceApplies } from "./silence.js";
import type { ExprFacts, FileSilence, LintDashboard, LintInput, LintPanel, LintRule, LintRuleNode, Position, Report, RuleContext, RuleMeta } from "./types.js";

export type RuleLevel = Severity | "off";

export interface LintOptions {
  /** Per-rule level overrides; `off` disables a rule. */
  readonly levels?: Readonly<Record<string, RuleLevel>>;
  /** Restrict to these rules (tests, docs). */
  readonly only?: readonly string[];
  /**
   * Keep at most this many findings, counting the rest by severity: a formatted finding is several
   * hundred bytes, and a large generated file can draw millions of them.
   */
  readonly maxFindings?: number;
  /**
   * Which kinds of finding to keep (see profile.ts); a rule given a level in `levels` is kept
   * whatever its kind. @default "all"
   */
  readonly profile?: LintProfile;
  /**
   * Report only on the rule files and dashboards this accepts (every one when absent); the others
   * are still read by cross-file checks (what they record, duplicates, uids). Catalog-level findings
   * are kept. Used to lint files inside and outside a catalog's scope in two passes.
   */
  readonly reportOn?: (file: string) => boolean;
}

export const SYNTAX_RULE_ID = "promql/syntax";
const SILENCE_RULE_ID = "lint/unknown-silence";

export function formatMessage(meta: RuleMeta, r: Report): string {
  const template = meta.messages[r.messageId];
  if (template === undefined) throw new Error(`obsgen bug: rule ${meta.id} has no message "${r.messageId}"`);
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(r.data?.[k] ?? `{{${k}}}`)) + factSuffix(r.data);
}

/**
 * What a finding resting on metric facts that are not the catalog's says about them (see
 * `factBasis` in promql-facts.ts): `(inferred: a counter by its \`_total\` suffix)` when the type
 * comes from the name alone, `(per metadata/prometheus.json:1:42)` when from a metadata file.
 */
export function factSuffix(data: Report["data"]): string {
  if (typeof data?.inferred === "string") return ` (inferred: ${data.inferred})`;
  if (typeof data?.knownFrom === "string") return ` (per ${data.knownFrom})`;
  return "";
}

interface Pending {
  readonly meta: RuleMeta;
  readonly report: Report;
  readonly rule?: LintRuleNode;
  /** For catalog-level findings: the catalog path and the silences of the element. */
  readonly path?: string;
  readonly silences?: readonly ResolvedSilence[];
  readonly silenceWhere?: "catalog" | "comment";
  readonly dashboard?: LintDashboard;
  readonly panel?: LintPanel | null;
}

function locate(p: Pending, input: LintInput, severity: Severity): Diagnostic {
  const message = formatMessage(p.meta, p.report);
  const r = p.rule;
  const base = {
    code: p.meta.id,
    severity,
    impact: findingImpact(p.meta, p.report.messageId),
    message,
    messageId: p.report.messageId,
    ...(p.report.data ? { data: p.report.data } : {}),
  };
  if (p.dashboard) {
    const d = p.dashboard;
    const onCatalog = input.catalogFile !== null && d.file === input.catalogFile;
    return {
      ...base,
      file: d.file,
      path: p.panel ? `${p.panel.path}${p.report.field ? `.${p.report.field}` : ""}` : d.path,
      ...(onCatalog && p.meta.silenceable !== false ? { hint: `to silence it, add to dashboard "${d.title}": ${catalogSilenceSnippet(p.meta.id)}` } : {}),
    };
  }
  if (!r) {
    return {
      ...base,
      ...(input.catalogFile ? { file: input.catalogFile } : {}),
      ...(p.path ? { path: p.path } : {}),
      // Offered only where the element takes silences (a metric does; a catalog-wide check's target may not).
      ...(p.meta.silenceable === false || p.silences === undefined
        ? {}
        : { hint: `to silence it, add to the element at ${p.path}: ${catalogSilenceSnippet(p.meta.id)}` }),
    };
  }
  const loc = r.location;
  let pos = loc.position;
  if (p.report.at) pos = p.report.at;
  else if (p.report.span && loc.exprPosition) pos = loc.exprPosition(p.report.span.from);
  else if (p.report.field && loc.fieldPosition) pos = loc.fieldPosition(p.report.field) ?? pos;
  const end = !p.report.at && p.report.span && loc.exprPosition ? spanEnd(p.report.span, loc.exprPosition.bind(loc)) : undefined;
  const onCatalog = loc.catalogPath !== undefined;
  const path = onCatalog ? `${loc.catalogPath}${p.report.field ? ` (${p.report.field})` : ""}` : undefined;
  const silenceHint =
    p.meta.silenceable === false
      ? undefined
      : onCatalog
        ? r.alert
          ? `to silence it, add to alert ${r.alert.name}: ${catalogSilenceSnippet(p.meta.id)}`
          : undefined
        : `to silence it, put this comment above the rule: ${commentSilenceSnippet(p.meta.id)}`;
  return {
    ...base,
    file: loc.file,
    ...(pos ? { line: pos.line, column: pos.column } : {}),
    ...(pos && end ? { endLine: end.line, endColumn: end.column } : {}),
    ...(path ? { path } : {}),
    group: r.group.name,
    rule: r.index,
    ...(p.report.span || !p.report.field ? { source: r.expr } : {}),
    ...(p.report.span ? { span: p.report.span } : {}),
    ...(silenceHint ? { hint: silenceHint } : {}),
  };
}

/**
 * Where a span ends in the file, exclusive: just past its last character. Mapped from the last
 * character rather than from `to`, which in a multi-line scalar can be the next line's indentation.
 * An empty span (a syntax error at the very end) is a point: no end.
 */
function spanEnd(span: { readonly from: number; readonly to: number }, at: (offset: number) => Position): Position | undefined {
  if (span.to <= span.from) return undefined;
  const last = at(span.to - 1);
  return { line: last.line, column: last.column + 1 };
}

export function runLint(input: LintInput, options: LintOptions = {}): Diagnostic[] {
  return lintFindings(input, options).diagnostics;
}

/** Findings counted but not kept, by severity (see {@link LintOptions.maxFindings}). */
export type Omitted = Record<Severity, number>;

/** {@link runLint}, keeping at most `options.maxFindings` findings and counting the rest. */
export function lintFindings(input: LintInput, options: LintOptions = {}): { diagnostics: Diagnostic[]; omitted: Omitted } {
  const profile = options.profile ?? "all";
  const impacts = PROFILE_IMPACTS[profile];
  // A rule given a level is on whatever the profile: the user named it.
  const leveled = (meta: RuleMeta) => options.levels?.[meta.id] !== undefined;
  const metricFacts = input.catalog !== null || (input.metadata?.metrics.size ?? 0) > 0 || input.inferTypes === true;
  const rules = ALL_RULES.filter((r) => !options.only || options.only.includes(r.meta.id)).filter(
    (r) =>
      options.levels?.[r.meta.id] !== "off" &&
      (!r.meta.needsCatalog || input.catalog !== null) &&
      (!r.meta.needsMetricFacts || metricFacts) &&
      (leveled(r.meta) || profilePrints(profile, r.meta)),
  );
  // Findings kept (silenced ones dropped as they come): at most `maxFindings`, the rest only counted.
  const pending: Array<{ finding: Pending; severity: Severity }> = [];
  const omitted: Omitted = { error: 0, warning: 0, info: 0 };
  const max = options.maxFindings ?? Infinity;
  const usedFileSilences = new Set<FileSilence>();
  const reportOn = options.reportOn;
  const add = (p: Pending): void => {
    if (reportOn) {
      const file = p.rule?.group.file ?? p.dashboard?.file;
      if (file !== undefined && !reportOn(file)) return;
    }
    if (!impacts.has(findingImpact(p.meta, p.report.messageId)) && !leveled(p.meta)) return;
    const silences = p.rule ? p.rule.silences : (p.silences ?? []);
    if (p.meta.silenceable !== false && silences.some((s) => silenceApplies(s, p.meta.id, input.today))) return;
    const fileSilence = p.meta.silenceable === false ? undefined : p.rule?.group.fileSilences?.find((s) => silenceApplies(s, p.meta.id, input.today));
    if (fileSilence) {
      usedFileSilences.add(fileSilence);
      return;
    }
    const level = options.levels?.[p.meta.id];
    const severity: Severity = level && level !== "off" ? level : (p.meta.messageSeverities?.[p.report.messageId] ?? p.meta.severity);
    if (pending.length < max) pending.push({ finding: p, severity });
    else omitted[severity]++;
  };
  const catalog = input.catalog;
  const base = { input, catalog, ruleIds: RULE_IDS };

  const syntaxMeta = RULES_BY_ID.get(SYNTAX_RULE_ID)?.meta;
  const target = lintTarget(input);
  const ruleHooks = rules.filter((r) => r.rule !== undefined);
  for (const group of input.groups) {
    // Rule and group hooks report only on their own group: skip groups not reported on.
    if (reportOn && !reportOn(group.file)) continue;
    for (const rule of group.rules) {
      const analysis = analyzeForTarget(rule.expr, target);
      if (analysis.errors.length > 0) {
        if (syntaxMeta && (!options.only || options.only.includes(SYNTAX_RULE_ID))) {
          for (const e of analysis.errors) {
            add({ meta: syntaxMeta, rule, report: { messageId: "invalid", data: { message: e.message }, span: { from: e.from, to: e.to } } });
          }
        }
        continue;
      }
      // One context per rule, shared by the rule hooks (called one at a time, synchronously): with
      // 10,000 rules, a context and a closure per hook and rule is 400,000 short-lived objects.
      let current: RuleMeta | undefined;
      const ctx: RuleContext & ExprFacts = {
        ...base,
        ast: analysis.ast,
        valueType: analysis.type,
        rule,
        report: (report) => add({ meta: current!, rule, report }),
      };
      for (const lr of ruleHooks) {
        current = lr.meta;
        lr.rule!(ctx);
      }
    }
    if (group.kind === "dashboard") continue;
    for (const lr of rules) {
      lr.group?.({ ...base, group, report: (rule, report) => add({ meta: lr.meta, rule, report }) });
    }
  }
  for (const lr of rules) {
    lr.all?.({ ...base, report: (rule, report) => add({ meta: lr.meta, rule, report }) });
  }
  for (const lr of rules) {
    for (const dashboard of input.dashboards ?? []) {
      lr.dashboard?.({
        ...base,
        dashboard,
        report: (panel, report) => add({ meta: lr.meta, report, dashboard, panel, silences: dashboard.silences }),
      });
    }
    lr.allDashboards?.({
      ...base,
      report: (dashboard, panel, report) => add({ meta: lr.meta, report, dashboard, panel, silences: dashboard.silences }),
    });
  }
  if (catalog) {
    for (const lr of rules) {
      if (lr.metric) {
        for (const metric of catalog.metrics) {
          lr.metric({ ...base, metric, report: (report) => add({ meta: lr.meta, report, path: metric.path, silences: metric.silence }) });
        }
      }
      lr.catalogCheck?.({ ...base, catalog, report: (path, report) => add({ meta: lr.meta, report, path }) });
    }
  }

  reportUnusedFileSilences(input, rules, usedFileSilences, add);

  return { diagnostics: pending.map(({ finding, severity }) => locate(finding, input, severity)), omitted };
}

/**
 * A `# obsgen-disable-file` silence of a rule that ran on the file and found nothing there: stale,
 * and it would hide the rule's next finding in the whole file. Silences of rules that did not run
 * (off, left out by the profile, needing a catalog) are not judged; expired ones are not either.
 */
function reportUnusedFileSilences(input: LintInput, rules: readonly LintRule[], used: ReadonlySet<FileSilence>, add: (p: Pending) => void): void {
  const meta = RULES_BY_ID.get(SILENCE_RULE_ID)?.meta;
  if (!meta || !rules.some((r) => r.meta.id === SILENCE_RULE_ID)) return;
  const ran = new Set(rules.map((r) => r.meta.id));
  ran.add(SYNTAX_RULE_ID);
  for (const { list, anchor } of fileSilenceLists(input)) {
    for (const s of list) {
      if (used.has(s) || !ran.has(s.rule) || !silenceApplies(s, s.rule, input.today) || s.reason.trim() === "") continue;
      add({ meta, rule: anchor, report: { messageId: "unused", data: { rule: s.rule }, field: "silence", at: s.position } });
    }
  }
}

export type { LintRule };
