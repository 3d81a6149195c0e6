/**
 * The one prom-client Registry every metric of the catalog is registered in. prom-client's global
 * `register` stays empty: nothing here falls back to it.
 */
import { Registry } from "prom-client";

export const registry = new Registry();

/** Content type of the text exposition format. */
export const contentType = registry.contentType;

/** Renders every registered metric in the text exposition format. */
export function render(): Promise<string> {
  return registry.metrics();
}
