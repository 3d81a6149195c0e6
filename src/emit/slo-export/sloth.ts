/**
 * Sloth `prometheus/v1` specs: one per service, each SLO with its indicator (`sli.events` or
 * `sli.raw`, queries holding Sloth's `{{.window}}`) and its alerting carrying the labels and
 * annotations obsgen's own burn-rate alerts route by. Field names and rules from Sloth's
 * pkg/prometheus/api/v1/v1.go and pkg/common/validation/slo.go (slok/sloth, commit 0e395d8).
 *
 * Sloth has no period in the spec: `sloth generate --default-slo-period`. Its built-in 30d
 * windows (internal/alert/windows/google-30d.yaml) are obsgen's BURN_POLICY, so the alerts Sloth
 * generates from these specs page and ticket at obsgen's thresholds.
 */
import type { ResolvedAlert } from "../../model/resolved.js";
import type { ExportedSlo } from "./mapping.js";

/** Sloth's window placeholder (pkg/common/conventions: `{{ *\.window *}}`). */
export const SLOTH_WINDOW = "{{.window}}";

/** Sloth's name rule for services and SLOs (pkg/common/conventions/conventions.go `NameRegexpStr`). */
export const SLOTH_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$/;

/** Annotations of obsgen's alerts that Sloth's alerts keep: where to look, and what it is. */
const KEPT_ANNOTATIONS = ["runbook_url", "summary"] as const;

function annotations(a: ResolvedAlert): Record<string, string> {
  return Object.fromEntries(KEPT_ANNOTATIONS.filter((k) => a.annotations[k]).map((k) => [k, a.annotations[k]!]));
}

/** The longest common start of two alert names: `OrderSuccessRateBudgetBurn` of `…Fast` and `…Slow`. */
function commonName(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(0, i) || a;
}

/**
 * Sloth names one alert per SLO and tells page from ticket by its own `sloth_severity` label; the
 * labels both of obsgen's alerts share go on `alerting`, the rest (priority, severity) on each.
 */
function alerting(e: ExportedSlo, sloLabels: Readonly<Record<string, string>>): Record<string, unknown> {
  const { page, ticket } = e;
  if (!page || !ticket) {
    // The build fails before this (an SLO whose owner is unknown gets no alerts): stay valid anyway.
    return { name: e.slo.name, page_alert: { disable: true }, ticket_alert: { disable: true } };
  }
  const shared = Object.fromEntries(Object.entries(page.labels).filter(([k, v]) => ticket.labels[k] === v && sloLabels[k] !== v));
  const own = (a: ResolvedAlert) => Object.fromEntries(Object.entries(a.labels).filter(([k]) => !(k in shared) && sloLabels[k] !== a.labels[k]));
  return {
    name: commonName(page.name, ticket.name),
    labels: shared,
    page_alert: { labels: own(page), annotations: annotations(page) },
    ticket_alert: { labels: own(ticket), annotations: annotations(ticket) },
  };
}

/** One Sloth spec: the SLOs of one service, in the model's order. */
export function slothSpec(service: string, slos: readonly ExportedSlo[]): Record<string, unknown> {
  return {
    version: "prometheus/v1",
    service,
    slos: slos.map((e) => {
      // `slo` on every series Sloth records, as on obsgen's: `slo:sli_error:ratio_rate5m{slo="…"}`
      // reads the same SLO whichever generated it.
      const labels = { slo: e.slo.name };
      const sli =
        e.sli.kind === "events"
          ? { events: { error_query: e.sli.error(SLOTH_WINDOW), total_query: e.sli.total(SLOTH_WINDOW) } }
          : { raw: { error_ratio_query: e.sli.errorRatio(SLOTH_WINDOW) } };
      return { name: e.slo.name, objective: e.objective, description: e.slo.description, labels, sli, alerting: alerting(e, labels) };
    }),
  };
}
