/**
 * The terminal colours of obsgen's text output, in one place: SGR escape sequences (ECMA-48
 * §8.3.117), each followed by a full reset. Renderers take a `color` flag and call {@link paint};
 * whether colour is on is decided once, by the CLI (a terminal, and no NO_COLOR).
 */
import type { Severity } from "../diagnostics/diagnostic.js";

const SGR = { red: "31", yellow: "33", cyan: "36", dim: "2", bold: "1" } as const;

export type Style = keyof typeof SGR;

/** How a severity word is shown: errors red, warnings yellow, info cyan. */
export const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: "red", warning: "yellow", info: "cyan" };

/** `text` in `style` when `on`, else `text` unchanged. */
export function paint(style: Style, text: string, on: boolean): string {
  return on ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
}
