/**
 * `obsgen alertmanager merge`'s work, pure: an Alertmanager configuration someone else owns (its
 * text) and the catalog's fragment (./alertmanager.ts) -> the merged configuration's text.
 *
 * - The fragment's route goes first under the root route, after the base's leading routes that
 *   `continue` (they pass every alert on, so they cannot take the catalog's alerts; an archive or
 *   audit route placed first keeps seeing them). Anywhere later, a base route without `continue`
 *   that matches everything (kube-prometheus's catch-alls, a route with no matchers) would take
 *   the catalog's alerts first: Alertmanager walks sibling routes in order and stops at the first
 *   match that does not continue (https://prometheus.io/docs/alerting/0.25/configuration/#route).
 * - Receivers are added; one already in the base under the same name must be identical (then it
 *   is kept once), else the merge fails naming both.
 * - Inhibit rules are appended.
 * - Everything else (global, templates, time intervals, other routes and receivers) is the base's,
 *   read and written by `yaml`'s document model: the same values, comments mostly kept, layout
 *   normalised (indentation, quoting), so the result is the base's configuration, not its bytes.
 *
 * Errors are diagnostics at the base's file:line:col; nothing is thrown for bad input.
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import type { AlertmanagerFragment } from "./alertmanager.js";

export interface MergeInput {
  /** The base configuration's text and the name it is shown by in messages. */
  readonly text: string;
  readonly file: string;
  readonly fragment: AlertmanagerFragment;
  /** Where each of the fragment's receivers is declared, for messages: `alerting.receivers.x (catalog/alerting.ts:12:5)`. */
  readonly receiverSites: Readonly<Record<string, string>>;
  /** The merged file's first comment line. */
  readonly header: string;
}

export interface MergeSummary {
  readonly text: string;
  /** Where the fragment's route went in the root route's `routes` (0-based). */
  readonly routeIndex: number;
  readonly receiversAdded: readonly string[];
  /** Receivers the base already had, identical. */
  readonly receiversShared: readonly string[];
  readonly inhibitRulesAdded: number;
}

export function mergeAlertmanagerConfig(input: MergeInput): Result<MergeSummary> {
  const lines = new LineCounter();
  const doc = parseDocument(input.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const p = lines.linePos(offset ?? 0);
    return { file: input.file, line: p.line, column: p.col };
  };
  const fail = (code: string, message: string, offset: number | undefined, hint: string): Result<MergeSummary> => ({
    value: undefined,
    diagnostics: [{ code: `alertmanager/${code}`, severity: "error", message, ...at(offset), hint }],
  });

  if (doc.errors.length > 0) {
    const diagnostics: Diagnostic[] = doc.errors.map((e) => ({
      code: "alertmanager/base-yaml",
      severity: "error",
      message: `not YAML: ${e.message.split("\n")[0]}`,
      ...at(e.pos[0]),
      hint: "fix the YAML of the base configuration (amtool check-config reports the same)",
    }));
    return { value: undefined, diagnostics };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    return fail(
      "base-not-config",
      root === null ? "the base configuration is empty" : "not an Alertmanager configuration: the document is not a mapping",
      root?.range?.[0],
      "give the alertmanager.yml Alertmanager reads (global, route, receivers, …)",
    );
  }
  const routePair = pairOf(root, "route");
  if (!routePair) {
    const helm = pairOf(root, "alertmanager") ?? pairOf(root, "config");
    return fail(
      "base-not-config",
      "not an Alertmanager configuration: it has no `route` (Alertmanager needs a root route with a receiver)",
      root.range?.[0],
      helm
        ? "this looks like Helm values: give the configuration itself (kube-prometheus-stack's `alertmanager.config`) as its own file"
        : "give the alertmanager.yml Alertmanager reads (global, route, receivers, …)",
    );
  }
  const route = routePair.value;
  if (!isMap(route)) return fail("base-not-config", "`route` is not a mapping", nodeStart(routePair.key), "the root route is a mapping with a `receiver`");
  const receiver = route.get("receiver", true);
  if (!isScalar(receiver) || typeof receiver.value !== "string" || receiver.value === "") {
    return fail(
      "base-root-receiver",
      "the root route has no receiver: Alertmanager needs one for the alerts no route takes",
      nodeStart(receiver as Node | undefined) ?? route.range?.[0],
      "set `route.receiver` to a receiver of the base, such as kube-prometheus-stack's `null`",
    );
  }

  const routes = seqAt(doc, route, "routes");
  if ("problem" in routes) return fail("base-not-config", "`route.routes` is not a list", routes.offset, "the root route's `routes` is a list of routes");
  const receivers = seqAt(doc, root, "receivers");
  if ("problem" in receivers)
    return fail("base-not-config", "`receivers` is not a list", receivers.offset, "`receivers` is a list of receivers, each with a `name`");
  const inhibit = seqAt(doc, root, "inhibit_rules");
  if ("problem" in inhibit) return fail("base-not-config", "`inhibit_rules` is not a list", inhibit.offset, "`inhibit_rules` is a list of inhibit rules");

  // The catalog's route already there: merging twice would put the catalog's alerts first twice
  // and its inhibit rules in twice.
  const scope = JSON.stringify((input.fragment.routes[0] as { matchers?: unknown }).matchers);
  const again = routes.seq.items.find((r) => isMap(r) && JSON.stringify(toJs(r.get("matchers", true))) === scope);
  if (again) {
    return fail(
      "already-merged",
      `the base already holds the catalog's route (matchers ${scope})`,
      nodeStart(again as Node),
      "merge into the configuration without the catalog's part: keep that base in version control and merge it afresh on every change",
    );
  }

  const diagnostics: Diagnostic[] = [];
  const added: string[] = [];
  const shared: string[] = [];
  for (const r of input.fragment.receivers) {
    const existing = receivers.seq.items.find((x) => isMap(x) && toJs(x.get("name", true)) === r.name);
    if (!existing) {
      added.push(r.name);
      continue;
    }
    if (canonical(toJs(existing as Node)) === canonical(r)) {
      shared.push(r.name);
      continue;
    }
    diagnostics.push({
      code: "alertmanager/receiver-clash",
      severity: "error",
      message: `receiver "${r.name}" of the base differs from the catalog's receiver "${r.name}" (${input.receiverSites[r.name] ?? `alerting.receivers.${r.name}`})`,
      ...at(nodeStart(existing as Node)),
      hint: "rename one of them (receiver names are global in an Alertmanager), or make them identical",
    });
  }
  if (diagnostics.length > 0) return { value: undefined, diagnostics };

  let index = 0;
  while (index < routes.seq.items.length && isContinuing(routes.seq.items[index])) index++;
  routes.seq.items.splice(index, 0, ...input.fragment.routes.map((r) => doc.createNode(r)));
  for (const r of input.fragment.receivers) if (added.includes(r.name)) receivers.seq.items.push(doc.createNode(r));
  for (const rule of input.fragment.inhibit_rules) inhibit.seq.items.push(doc.createNode(rule));
  doc.commentBefore = [input.header, doc.commentBefore].filter((c) => c).join("\n");

  const text = doc.toString({ lineWidth: 0 });
  return {
    value: { text, routeIndex: index, receiversAdded: added, receiversShared: shared, inhibitRulesAdded: input.fragment.inhibit_rules.length },
    diagnostics: [],
  };
}

function pairOf(map: YAMLMap, key: string) {
  return map.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key) as { key: Node; value: Node | null } | undefined;
}

function nodeStart(node: Node | null | undefined): number | undefined {
  return node?.range?.[0];
}

/** The list under `key`, created (empty) when absent; a problem when it is something else. */
function seqAt(doc: Document, map: YAMLMap, key: string): { seq: YAMLSeq } | { problem: true; offset: number | undefined } {
  const pair = pairOf(map, key);
  if (!pair || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
    const seq = doc.createNode([]) as YAMLSeq;
    map.set(key, seq);
    return { seq };
  }
  if (!isSeq(pair.value)) return { problem: true, offset: nodeStart(pair.value) ?? nodeStart(pair.key) };
  return { seq: pair.value };
}

/** A route that passes every alert on to its next siblings: `continue: true`. */
function isContinuing(node: unknown): boolean {
  return isMap(node) && toJs(node.get("continue", true)) === true;
}

function toJs(node: unknown): unknown {
  if (node === undefined || node === null) return node;
  return (node as { toJSON?: () => unknown }).toJSON ? (node as { toJSON: () => unknown }).toJSON() : node;
}

/** JSON with sorted keys: two receivers are the same when their settings are, in any key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
