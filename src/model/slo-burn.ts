/**
 * SLO error budgets and multi-window, multi-burn-rate alerts, after the Google SRE workbook
 * ("Alerting on SLOs"): page when 2% of the period's budget burns in 1 hour or 5% in 6 hours,
 * open a ticket when 10% burns in 1 day or in 3 days; each long window is confirmed by a short one
 * (1/12 of it) so the alert resolves soon after the burn stops.
 *
 * The burn-rate factor of a window is `budget share × period / long window`: for a 30-day period
 * 0.02 × 720h / 1h = 14.4, 0.05 × 720h / 6h = 6, 0.10 × 30d / 1d = 3, 0.10 × 30d / 3d = 1. Factors
 * are computed for the catalog's period, never hard-coded, with exact decimals.
 */
import { formatDuration, parseDuration } from "../compat/go/duration.js";
import { formatNumber } from "./numbers.js";

export interface BurnWindow {
  /** Long window, the burn measured over it. */
  readonly long: string;
  /** Short window (1/12 of the long one) that must agree, so the alert resets quickly. */
  readonly short: string;
  /** Share of the period's error budget that burning within `long` is worth alerting on. */
  readonly budgetShare: number;
  /** `page` wakes someone (fast burn), `ticket` is reviewed (slow burn). */
  readonly kind: "page" | "ticket";
}

export const BURN_POLICY: readonly BurnWindow[] = [
  { long: "1h", short: "5m", budgetShare: 0.02, kind: "page" },
  { long: "6h", short: "30m", budgetShare: 0.05, kind: "page" },
  { long: "1d", short: "2h", budgetShare: 0.1, kind: "ticket" },
  { long: "3d", short: "6h", budgetShare: 0.1, kind: "ticket" },
];

/** Every window an SLO's error ratio is recorded over. */
export const SLI_WINDOWS: readonly string[] = [...new Set(BURN_POLICY.flatMap((w) => [w.short, w.long]))].sort((a, b) => parseDuration(a)! - parseDuration(b)!);

/**
 * Windows at least this long are computed from the recorded 5-minute series rather than read
 * from the raw ones (`slo-rules.ts`): over a day or more, the 5 minutes by which the recorded
 * rates blur each edge of the window are under 0.35% of it, while the raw read grows with the
 * window (a `[30d]` range over every scraped series).
 */
export const LONG_WINDOW_MS = 86_400_000;

/** The shortest window: its recorded series are what the long windows are computed from. */
export const BASE_WINDOW: string = SLI_WINDOWS[0]!;

/** Whether a window's error ratio is computed from the recorded base-window series. */
export function isLongWindow(window: string): boolean {
  return parseDuration(window)! >= LONG_WINDOW_MS;
}

/** The windows an SLO's error ratio is recorded over: the burn-rate windows and the period. */
export function sliWindows(period: string): string[] {
  return [...new Set([...SLI_WINDOWS, period])].sort((a, b) => parseDuration(a)! - parseDuration(b)!);
}

/** The period in days, exactly: `30d` → 30, `4w` → 28, `36h` → 1.5. */
export function periodDays(period: string): number {
  return exact(parseDuration(period)! / 86_400_000);
}

/** Exact decimal product (12 significant digits: no `14.399999999999999`). */
function exact(x: number): number {
  return Number(x.toPrecision(12));
}

/** Burn-rate factor of a window for a period: budget share × period / long window. */
export function burnFactor(period: string, w: BurnWindow): number {
  return exact(w.budgetShare * (parseDuration(period)! / parseDuration(w.long)!));
}

/** Error budget of an objective in percent, as a ratio: 99.95 -> 0.0005. */
export function errorBudget(objectivePercent: number): number {
  return exact((100 - objectivePercent) / 100);
}

/** The error-ratio threshold of a window: factor × budget. */
export function burnThreshold(period: string, w: BurnWindow, objectivePercent: number): number {
  return exact(burnFactor(period, w) * errorBudget(objectivePercent));
}

/** How long the whole budget lasts at a window's burn rate: in days when whole, else in hours. */
export function exhaustion(period: string, w: BurnWindow): string {
  const ms = Math.round(parseDuration(period)! / burnFactor(period, w));
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : formatDuration(ms);
}

/** The factor table, as Markdown, for the runbook of an SLO's burn-rate alerts. */
export function burnTable(period: string, objectivePercent: number): string {
  const rows = BURN_POLICY.map(
    (w) =>
      `| ${w.kind} | ${w.long} and ${w.short} | ${formatNumber(exact(w.budgetShare * 100))}% | ${formatNumber(burnFactor(period, w))} | ${formatNumber(burnThreshold(period, w, objectivePercent))} | ${exhaustion(period, w)} |`,
  );
  return [
    `Error budget: ${formatNumber(exact(100 - objectivePercent))}% of events over ${period}.`,
    "",
    "| action | windows (long and short) | budget spent in the long window | burn-rate factor | error-ratio threshold | budget exhausted after |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
