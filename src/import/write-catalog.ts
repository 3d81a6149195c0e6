/**
 * Prints an imported catalog (src/import/model.ts) as the TypeScript a person maintains:
 * `index.ts` (`defineCatalog`), one file per service and metric group (`services/`, `metrics/`),
 * one per input rule file (`rules/<stem>.ts`), `slos.ts`, one per dashboard (`dashboards/`), and
 * `IMPORT.md`, the report. Pure and deterministic: the same catalog gives the same bytes.
 *
 * The layout is the one `biome format` (the repository's biome.json: width 160, double quotes,
 * trailing commas) leaves unchanged, so a team's formatter does not rewrite a fresh import: objects
 * are written expanded (biome keeps an object expanded when its first key is on a new line),
 * arrays and calls on one line when they fit, else one item per line.
 */
import type { EmittedFile } from "../emit/serialize.js";
import type { Priority } from "../model/authoring.js";
import { compareCodePoints } from "../util/order.js";
import { type ImportedCatalog, type ImportedDashboard, type ImportedExpr, type ImportedMetric, type ImportedRule, importFigures } from "./model.js";
import type { ImportedSlo } from "./slos.js";

/** The marker file an import writes: `obsgen import` replaces a folder holding it (with `--force`), and no other. */
export const IMPORT_MARKER = ".obsgen-import";

const WIDTH = 160;
const INDENT = "  ";

// ---------------------------------------------------------------------------------------------
// Values to print

type Node =
  | { readonly t: "raw"; readonly text: string }
  /** Always expanded, one entry a line: `{\n  key: value,\n}`. */
  /** `flat`: on one line when it fits (`{ metrics: [x] }`), as biome keeps an object written so. */
  | { readonly t: "obj"; readonly entries: readonly (readonly [string, Node])[]; readonly comments?: ReadonlyMap<string, string>; readonly flat?: boolean }
  /** On one line when it fits, else one item a line. */
  | { readonly t: "arr"; readonly items: readonly Node[] }
  | { readonly t: "call"; readonly callee: string; readonly args: readonly Node[] }
  /** A call followed by a method call on it, `rate(m, { … }).above(5)`: the call breaks as it would alone. */
  | { readonly t: "chain"; readonly head: Node; readonly tail: string };

const raw = (text: string): Node => ({ t: "raw", text });
const obj = (entries: readonly (readonly [string, Node | undefined])[], comments?: ReadonlyMap<string, string>): Node => ({
  t: "obj",
  entries: entries.filter((e): e is [string, Node] => e[1] !== undefined),
  ...(comments ? { comments } : {}),
});
/** An object on one line when it fits. */
const fobj = (entries: readonly (readonly [string, Node | undefined])[]): Node => ({ ...(obj(entries) as Extract<Node, { t: "obj" }>), flat: true });
const arr = (items: readonly Node[]): Node => ({ t: "arr", items });
const call = (callee: string, ...args: Node[]): Node => ({ t: "call", callee, args });
const str = (s: string): Node => raw(quote(s));
const num = (n: number): Node => raw(numberText(n));

/**
 * A string literal as biome writes it: double quotes, unless the text holds more double quotes
 * than single ones. Line breaks, U+2028/U+2029 and other control characters are escaped, so each
 * string stays on one line and reads back exactly.
 */
export function quote(s: string): string {
  const doubles = (s.match(/"/g) ?? []).length;
  const singles = (s.match(/'/g) ?? []).length;
  const q = doubles > singles ? "'" : '"';
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += `\\${q}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out + q;
}

function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? "Infinity" : n < 0 ? "-Infinity" : "NaN";
}

/** The node on one line, or undefined when it cannot be (an object, always expanded). */
function flat(n: Node): string | undefined {
  switch (n.t) {
    case "raw":
      return n.text;
    case "obj": {
      if (n.entries.length === 0) return "{}";
      if (!n.flat) return undefined;
      const entries = n.entries.map(([k, v]) => [k, flat(v)] as const);
      return entries.every(([, v]) => v !== undefined) ? `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }` : undefined;
    }
    case "arr": {
      const items = n.items.map(flat);
      return items.every((i) => i !== undefined) ? `[${items.join(", ")}]` : undefined;
    }
    case "call": {
      const args = n.args.map(flat);
      return args.every((a) => a !== undefined) ? `${n.callee}(${args.join(", ")})` : undefined;
    }
    case "chain": {
      const head = flat(n.head);
      return head === undefined ? undefined : `${head}${n.tail}`;
    }
  }
}

/**
 * Prints `n` starting at column `col` of a line indented by `indent`, with `after` (`,`, `;`)
 * following it on its last line.
 */
function print(n: Node, indent: string, col: number, after: string): string {
  const f = flat(n);
  if (f !== undefined && col + f.length + after.length <= WIDTH) return f;
  const inner = indent + INDENT;
  switch (n.t) {
    case "raw":
      return n.text;
    case "obj": {
      if (n.entries.length === 0) return "{}";
      const lines = n.entries.map(([k, v]) => {
        const comment = n.comments?.get(k);
        const head = `${inner}${k}: `;
        const text = print(v, inner, head.length, ",");
        // A string that does not fit after its key goes on the next line, indented, as biome puts
        // it, unless the key is short (biome keeps a key of up to twice the indent width in place).
        const alone = v.t === "raw" && /^["']/.test(v.text) && k.length > 2 * INDENT.length && head.length + text.length + 1 > WIDTH;
        return `${comment ? `${inner}// ${comment}\n` : ""}${alone ? `${inner}${k}:\n${inner}${INDENT}${text}` : `${head}${text}`},`;
      });
      return `{\n${lines.join("\n")}\n${indent}}`;
    }
    case "arr": {
      if (n.items.length === 0) return "[]";
      const lines = n.items.map((i) => `${inner}${print(i, inner, inner.length, ",")},`);
      return `[\n${lines.join("\n")}\n${indent}]`;
    }
    case "call": {
      const last = n.args[n.args.length - 1];
      const head = n.args.slice(0, -1).map(flat);
      // The last argument hugs the call when it is an object or an array and the arguments before
      // it fit: `ruleGroup({` … `})`, `expr("…", {` … `})`.
      // An array hugs too when the argument before it is not one (`row("Traffic", [` … `])`), as biome groups the last argument.
      const before = n.args[n.args.length - 2];
      if (last && (last.t === "obj" || (last.t === "arr" && before?.t !== "arr")) && head.every((h) => h !== undefined)) {
        const prefix = `${n.callee}(${head.map((h) => `${h}, `).join("")}`;
        if (col + prefix.length + (last.t === "obj" ? 1 : 1) <= WIDTH) return `${prefix}${print(last, indent, col + prefix.length, `)${after}`)})`;
      }
      const lines = n.args.map((a) => `${inner}${print(a, inner, inner.length, ",")},`);
      return `${n.callee}(\n${lines.join("\n")}\n${indent})`;
    }
    case "chain":
      return `${print(n.head, indent, col, `${n.tail}${after}`)}${n.tail}`;
  }
}

/** `export const name = value;`, or `export default value;` when `name` is undefined. */
function declaration(name: string | undefined, value: Node, exported = true): string {
  const head = name === undefined ? "export default " : `${exported ? "export " : ""}const ${name} = `;
  return `${head}${print(value, "", head.length, ";")};\n`;
}

function docComment(lines: readonly string[]): string {
  return `/**\n${lines.map((l) => (l === "" ? " *" : ` * ${l.replace(/\*\//g, "*\\/")}`)).join("\n")}\n */\n`;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null " +
    "return super switch this throw true try typeof var void while with implements interface let package private protected public static yield await " +
    "arguments eval undefined NaN Infinity async of get set"
  ).split(" "),
);

/** The builders written files import: no declared name may shadow one. */
const BUILDERS = new Set([
  "alertRule",
  "closed",
  "counter",
  "dashboard",
  "defineCatalog",
  "defineMetricGroup",
  "defineService",
  "expr",
  "gauge",
  "histogram",
  "increase",
  "open",
  "panel",
  "quantile",
  "rate",
  "ratio",
  "rawDashboard",
  "recordRule",
  "row",
  "ruleGroup",
  "slo",
  "value",
  "group",
  "service",
  "slos",
]);

/** `node_cpu_seconds_total` -> `nodeCpuSecondsTotal`: a safe identifier, not reserved, not a builder's, unique in `taken`. */
export function identifier(text: string, taken: Set<string>, suffix = "Metric"): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  let id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  if (id === "") id = "x";
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id) || BUILDERS.has(id)) id = `${id}${suffix}`;
  let name = id;
  for (let i = 2; taken.has(name); i++) name = `${id}${i}`;
  taken.add(name);
  return name;
}

// ---------------------------------------------------------------------------------------------
// The catalog's pieces

interface Homes {
  /** Metric name -> `<namespace>.<const>`. */
  readonly refOf: ReadonlyMap<string, string>;
  /** Home (`service:x`, `group:y`) -> its file, namespace and metrics. */
  readonly files: ReadonlyMap<string, { path: string; namespace: string; metrics: ImportedMetric[] }>;
}

function homes(c: ImportedCatalog): Homes {
  const files = new Map<string, { path: string; namespace: string; metrics: ImportedMetric[] }>();
  const namespaces = new Set<string>();
  const add = (kind: "service" | "group", name: string) =>
    files.set(`${kind}:${name}`, {
      path: `${kind === "service" ? "services" : "metrics"}/${name}.ts`,
      namespace: identifier(name, namespaces, kind === "service" ? "Service" : "Metrics"),
      metrics: [],
    });
  const services = c.placeholderService ? [placeholder()] : c.services;
  for (const s of [...services].sort((a, b) => compareCodePoints(a.name, b.name))) add("service", s.name);
  for (const g of c.groups) add("group", g.name);
  const refOf = new Map<string, string>();
  const idents = new Map<string, Set<string>>();
  for (const m of c.metrics) {
    const key = `${m.home.kind}:${m.home.name}`;
    const home = files.get(key);
    if (!home) continue;
    const taken = idents.get(key) ?? new Set<string>();
    idents.set(key, taken);
    const ident = identifier(m.name, taken);
    home.metrics.push({ ...m, ident });
    refOf.set(m.name, `${home.namespace}.${ident}`);
  }
  return { refOf, files };
}

function placeholder() {
  return {
    name: "imported-targets",
    description: "Placeholder for the targets the imported rules read: replace it with the services Prometheus scrapes",
    metricsPort: 9100,
    job: "imported-targets",
  };
}

function stringRecord(entries: readonly (readonly [string, string])[]): Node {
  return obj(entries.map(([k, v]) => [propertyKey(k), str(v)] as const));
}

/** A property name as biome leaves it: bare when it is an identifier name, else quoted. */
function propertyKey(k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) && k !== "__proto__" ? k : quote(k);
}

function metricNode(m: ImportedMetric): Node {
  const labels = m.labels.map(
    (l) =>
      [
        propertyKey(l.name),
        l.kind === "closed"
          ? arr(l.values.map(str))
          : call("open", num(l.maxValues), ...(l.examples.length > 0 ? [fobj([["examples", arr(l.examples.map(str))]])] : [])),
      ] as const,
  );
  return call(
    m.type,
    obj([
      ["name", str(m.name)],
      ["help", str(m.help)],
      ["unit", m.unit ? str(m.unit) : undefined],
      ["buckets", m.buckets ? arr(m.buckets.map(num)) : undefined],
      ["native", m.native ? raw("true") : undefined],
      ["labels", labels.length > 0 ? obj(labels) : undefined],
      [
        "silence",
        m.silence.length > 0
          ? arr(
              m.silence.map((s) =>
                obj([
                  ["rule", str(s.rule)],
                  ["reason", str(s.reason)],
                ]),
              ),
            )
          : undefined,
      ],
    ]),
  );
}

function metricComment(m: ImportedMetric): string {
  const notes = [`Type from ${m.typeFrom}.`];
  const open = m.labels.filter((l) => l.kind === "open");
  if (open.length > 0) notes.push(`Open labels' bounds (${open.map((l) => l.name).join(", ")}) are estimates: set each to the values it really takes.`);
  if (m.buckets && !m.bucketsKnown) notes.push("TODO: the buckets are a placeholder: copy the exporter's bucket edges (its /metrics shows them as `le`).");
  if (m.leftOut.length > 0) notes.push(`Not declared as labels: ${m.leftOut.map((l) => `${l.label} (${l.reason})`).join("; ")}.`);
  return docComment(notes);
}

/** The builders `text` calls (`panel` for `panel.<type>(`), outside its strings and comments. */
function usedBuilders(text: string, candidates: readonly string[]): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
  return candidates.filter((b) => new RegExp(`(^|[^.\\w])${b}${b === "panel" ? "\\.\\w+" : ""}\\(`, "m").test(code)).sort(compareCodePoints);
}

function importLine(names: readonly string[]): string {
  if (names.length === 0) return "";
  const head = `import { ${names.join(", ")} } from "obsgen";`;
  return head.length <= WIDTH ? `${head}\n` : `import {\n${names.map((n) => `${INDENT}${n},`).join("\n")}\n} from "obsgen";\n`;
}

function homeFile(c: ImportedCatalog, kind: "service" | "group", name: string, metrics: readonly ImportedMetric[]): string {
  let body = "";
  for (const m of metrics) body += `\n${metricComment(m)}${declaration(m.ident, metricNode(m))}`;
  const metricsObj = obj(metrics.map((m) => [m.key, raw(m.ident)] as const));
  if (kind === "group") {
    const g = c.groups.find((x) => x.name === name)!;
    body += `\n${declaration(
      "group",
      call(
        "defineMetricGroup",
        obj([
          ["name", str(g.name)],
          ["description", str(g.description)],
          ["exposedBy", arr(g.exposedBy.map(str))],
          ["metrics", metricsObj],
        ]),
      ),
    )}`;
  } else {
    const s = c.placeholderService ? placeholder() : c.services.find((x) => x.name === name)!;
    const full = s as ImportedCatalog["services"][number];
    body += `\n${declaration(
      "service",
      call(
        "defineService",
        obj([
          ["name", str(s.name)],
          ["description", str(s.description)],
          ["label", full.label !== undefined ? str(full.label) : undefined],
          ["host", full.host !== undefined ? str(full.host) : undefined],
          ["metricsPort", num(s.metricsPort)],
          ["discovery", full.discovery !== undefined ? data(full.discovery) : undefined],
          ["scrape", full.scrape !== undefined ? data(full.scrape) : undefined],
          ["availability", full.availability !== undefined ? num(full.availability) : undefined],
          // The availability SLO's burn-rate alerts need an owner; the import files them under its team.
          ["team", full.availability !== undefined ? str(c.team) : undefined],
          ["metrics", metrics.length > 0 ? metricsObj : undefined],
        ]),
      ),
    )}`;
  }
  const header = docComment(
    kind === "group"
      ? [
          `Metric group ${name}, imported by \`obsgen import\`.`,
          "Each metric's comment says where its type came from; IMPORT.md lists the metrics left undeclared.",
        ]
      : c.placeholderService
        ? [
            "The placeholder service of an import: the catalog declares at least one service, and none was imported.",
            "TODO: replace it with the services Prometheus scrapes (`obsgen import --prometheus-config prometheus.yml` finds them).",
          ]
        : serviceHeader(c.services.find((x) => x.name === name)!),
  );
  return `${header}${importLine(usedBuilders(body, ["counter", "defineMetricGroup", "defineService", "gauge", "histogram", "open"]))}${body}`;
}

function serviceHeader(s: ImportedCatalog["services"][number]): string[] {
  const lines = [`Service ${s.name}, imported by \`obsgen import\` from the scrape job ${s.job}.`];
  if (!s.portKnown)
    lines.push(`TODO: metricsPort ${s.metricsPort} is a placeholder: the job's discovery names no port, so set the port its targets serve metrics on.`);
  const files = s.discovery && "file" in s.discovery ? s.discovery.file.files : [];
  if (files.length > 0 && s.description.includes("imported from the rules"))
    lines.push(`TODO: write ${files.join(", ")} with the job's targets, or replace the discovery with the one Prometheus uses.`);
  return lines;
}

/** Plain data (services' discovery, dashboards) as TypeScript literals. */
function data(v: unknown, refOf?: ReadonlyMap<string, string>, key?: string, inline = false): Node {
  if (v === null) return raw("null");
  if (typeof v === "string") return key === "metric" && refOf?.has(v) ? raw(refOf.get(v)!) : str(v);
  if (typeof v === "number") return num(v);
  if (typeof v === "boolean") return raw(String(v));
  if (Array.isArray(v)) return arr(v.map((x) => data(x, refOf, undefined, inline)));
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => [propertyKey(k), data(x, refOf, k, inline)] as const);
    return inline ? fobj(entries) : obj(entries);
  }
  return raw("undefined");
}

const COMPARE_METHODS: Record<string, string> = { ">": "above", ">=": "atLeast", "<": "below", "<=": "atMost", "==": "equals" };

/** A kept rule's expression, or (`query`) a panel query, which is always an `expr(…)`. */
function exprNode(e: ImportedExpr, refOf: ReadonlyMap<string, string>, asQuery = false): Node {
  if (e.kind === "text") {
    const refs = e.metrics.map((m) => refOf.get(m)).filter((r): r is string => r !== undefined);
    if (refs.length === 0) return asQuery ? call("expr", str(e.text)) : str(e.text);
    return call("expr", str(e.text), fobj([["metrics", arr(refs.map(raw))]]));
  }
  const c = e.condition;
  const metric = raw(refOf.get(c.metric) ?? quote(c.metric));
  const opts = (fields: readonly (readonly [string, unknown])[]) =>
    fobj(fields.filter(([, v]) => v !== undefined).map(([k, v]) => [k, data(v, undefined, k, true)] as const));
  let query: Node;
  switch (c.kind) {
    case "quantile":
      query = call(
        "quantile",
        metric,
        num(c.quantile),
        opts([
          ["window", c.window],
          ["where", c.where],
          ["by", c.by],
        ]),
      );
      break;
    case "rate":
      query = call(
        "rate",
        metric,
        opts([
          ["window", c.window],
          ["per", c.per],
          ["where", c.where],
          ["by", c.by],
        ]),
      );
      break;
    case "increase":
      query = call(
        "increase",
        metric,
        opts([
          ["window", c.window],
          ["where", c.where],
          ["by", c.by],
        ]),
      );
      break;
    case "value": {
      const o = opts([
        ["where", c.where],
        ["aggregate", c.aggregate],
        ["by", c.by],
        ["abs", c.abs],
      ]);
      query = call("value", metric, ...(o.t === "obj" && o.entries.length > 0 ? [o] : []));
      break;
    }
    case "ratio":
      query = call(
        "ratio",
        metric,
        opts([
          ["window", c.window],
          ["numerator", c.numerator],
          ["denominator", c.denominator],
          ["by", c.by],
        ]),
      );
      break;
  }
  const threshold = typeof c.threshold === "number" ? num(c.threshold) : raw(`/* parameter */ ${quote(String((c.threshold as { param: string }).param))}`);
  const method = COMPARE_METHODS[c.op];
  return { t: "chain", head: query, tail: method ? `.${method}(${flat(threshold)})` : `.compare(${quote(c.op)}, ${flat(threshold)})` };
}

function ruleNode(r: ImportedRule, refOf: ReadonlyMap<string, string>): Node {
  if (r.kind === "record")
    return call(
      "recordRule",
      obj([
        ["record", str(r.record)],
        ["expr", exprNode(r.expr, refOf)],
        ["labels", r.labels.length > 0 ? stringRecord(r.labels) : undefined],
      ]),
    );
  return call(
    "alertRule",
    obj([
      ["alert", str(r.alert)],
      ["expr", exprNode(r.expr, refOf)],
      ["for", r.for !== undefined ? str(r.for) : undefined],
      ["keepFiringFor", r.keepFiringFor !== undefined ? str(r.keepFiringFor) : undefined],
      ["labels", r.labels.length > 0 ? stringRecord(r.labels) : undefined],
      ["annotations", r.annotations.length > 0 ? stringRecord(r.annotations) : undefined],
    ]),
  );
}

function rulesFile(f: ImportedCatalog["ruleFiles"][number], exportName: string, h: Homes): string {
  const value = arr(
    f.groups.map((g) =>
      call(
        "ruleGroup",
        obj([
          ["name", str(g.name)],
          ["file", str(g.file)],
          ["interval", g.interval !== undefined ? str(g.interval) : undefined],
          ["limit", g.limit !== undefined ? num(g.limit) : undefined],
          ["queryOffset", g.queryOffset !== undefined ? str(g.queryOffset) : undefined],
          ["rules", arr(g.rules.map((r) => ruleNode(r, h.refOf)))],
        ]),
      ),
    ),
  );
  const body = declaration(exportName, value);
  const namespaces = [...h.files.values()].filter((x) => new RegExp(`(^|[^.\\w])${x.namespace}\\.`).test(body));
  const imports =
    importLine(usedBuilders(body, ["alertRule", "expr", "increase", "quantile", "rate", "ratio", "recordRule", "ruleGroup", "value"])) +
    namespaces
      .sort((a, b) => compareCodePoints(a.path, b.path))
      .map((x) => `import * as ${x.namespace} from "../${x.path.replace(/\.ts$/, ".js")}";\n`)
      .join("");
  return `${docComment([`The rule groups of ${f.source}, kept as written (imported by \`obsgen import\`).`])}${imports}\n${body}`;
}

function slosFile(slos: readonly ImportedSlo[], h: Homes, team: string, services: ImportedCatalog["services"]): string {
  const refOf = h.refOf;
  const specs = slos.flatMap((s) => (s.kind === "slo" ? [s] : []));
  // An SLO needs an owner for its burn-rate alerts; one whose document names no team gets the import's.
  const value = arr(specs.map((s) => call("slo", data({ ...s.spec, team: s.spec.team ?? team }, refOf) as Node)));
  const notes = slos.flatMap((s) =>
    s.kind === "raw"
      ? [`TODO: ${s.name} (${s.origin.file}:${s.origin.line}:${s.origin.column}) is not imported: ${s.reason}.`]
      : s.kind === "availability" && !services.some((x) => x.job === s.service && x.availability === s.objective)
        ? [
            `TODO: ${s.name} (${s.origin.file}:${s.origin.line}:${s.origin.column}) is an availability objective of ${s.objective}% on ${s.service}: set \`availability\` on that service.`,
          ]
        : [],
  );
  const body = declaration("slos", value);
  return `${docComment(["The SLOs imported by `obsgen import`.", ...notes])}${importLine(usedBuilders(body, ["slo"]))}${namespaceImports(body, "./", h)}\n${body}`;
}

function namespaceImports(body: string, prefix: string, h: Homes): string {
  return [...h.files.values()]
    .filter((x) => new RegExp(`(^|[^.\\w])${x.namespace}\\.`).test(body))
    .map((x) => `import * as ${x.namespace} from "${prefix}${x.path.replace(/\.ts$/, ".js")}";\n`)
    .join("");
}

/** A catalog dashboard as the catalog's builders write it: `dashboard({ … rows: [row("…", [panel.<type>({ … })])] })`. */
function catalogDashboardNode(def: Extract<ImportedDashboard, { kind: "catalog" }>["def"], refOf: ReadonlyMap<string, string>): Node {
  const panelNode = (p: (typeof def.rows)[number]["panels"][number]): Node =>
    call(
      `panel.${p.type}`,
      obj([
        ["title", str(p.title)],
        ["description", str(p.description)],
        [
          "targets",
          arr(
            p.targets.map((t) =>
              obj([
                ["query", exprNode({ kind: "text", text: t.query.expr, metrics: t.query.metrics }, refOf, true)],
                ["legend", t.legend !== "" ? str(t.legend) : undefined],
                ["instant", t.instant ? raw("true") : undefined],
                ["format", t.format !== "time_series" ? str(t.format) : undefined],
              ]),
            ),
          ),
        ],
        ["unit", str(p.unit)],
        ["width", num(p.width)],
        ["height", num(p.height)],
        ["stacked", p.stacked !== undefined ? raw(String(p.stacked)) : undefined],
        ["min", p.min !== undefined ? num(p.min) : undefined],
        ["max", p.max !== undefined ? num(p.max) : undefined],
      ]),
    );
  return call(
    "dashboard",
    obj([
      ["title", str(def.title)],
      ["uid", def.uid !== undefined ? str(def.uid) : undefined],
      ["description", str(def.description)],
      ["refresh", def.refresh !== undefined ? str(def.refresh) : undefined],
      ["tags", arr(def.tags.map(str))],
      ["from", def.from !== undefined ? str(def.from) : undefined],
      ["folder", def.folder !== undefined ? str(def.folder) : undefined],
      ["rows", arr(def.rows.map((r) => call("row", str(r.title), arr(r.panels.map(panelNode)))))],
    ]),
  );
}

function dashboardFile(d: ImportedDashboard, exportName: string, h: Homes): string {
  const value =
    d.kind === "raw"
      ? call(
          "rawDashboard",
          obj([
            ["folder", d.folder !== undefined ? str(d.folder) : undefined],
            ["json", data(d.json)],
          ]),
        )
      : catalogDashboardNode(d.def, h.refOf);
  const body = declaration(exportName, value);
  const why = d.kind === "raw" ? [`Kept as Grafana wrote it: ${d.reason}.`] : [];
  return `${docComment([`The dashboard ${d.file}, imported by \`obsgen import\`.`, ...why])}${importLine(usedBuilders(body, ["dashboard", "expr", "panel", "rawDashboard", "row"]))}${namespaceImports(body, "../", h)}\n${body}`;
}

function severitiesNode(s: Partial<Record<Priority, string>>): Node | undefined {
  const entries = (["P0", "P1", "P2"] as const).filter((p) => s[p] !== undefined).map((p) => [p, str(s[p]!)] as const);
  return entries.length > 0 ? obj(entries) : undefined;
}

/** The import's team and every team an imported SLO names, in code-point order. */
function teamsOf(c: ImportedCatalog): string[] {
  const teams = new Set([c.team]);
  for (const s of c.slos) if (s.kind === "slo" && s.spec.team !== undefined) teams.add(s.spec.team);
  return [...teams].sort(compareCodePoints);
}

/** The files of an imported catalog, relative to the folder it is written to. */
export function writeCatalog(c: ImportedCatalog): EmittedFile[] {
  const h = homes(c);
  const files: EmittedFile[] = [];
  const topNames = new Set<string>(["slos"]);
  const imports: string[] = [];

  const homeList = [...h.files.entries()];
  for (const [key, home] of homeList) {
    const [kind, name] = key.split(/:(.*)/s) as ["service" | "group", string];
    files.push({ path: home.path, contents: homeFile(c, kind, name, home.metrics) });
    imports.push(`import * as ${home.namespace} from "./${home.path.replace(/\.ts$/, ".js")}";`);
    topNames.add(home.namespace);
  }
  const ruleExports: string[] = [];
  for (const f of c.ruleFiles) {
    // A file whose every group an SLO replaced has nothing left to keep.
    if (f.groups.length === 0) continue;
    const name = identifier(`${f.stem}-rules`, topNames, "Rules");
    ruleExports.push(name);
    files.push({ path: `rules/${f.stem}.ts`, contents: rulesFile(f, name, h) });
    imports.push(`import { ${name} } from "./rules/${f.stem}.js";`);
  }
  const hasSlos = c.slos.some((s) => s.kind === "slo");
  if (c.slos.length > 0) {
    files.push({ path: "slos.ts", contents: slosFile(c.slos, h, c.team, c.services) });
    if (hasSlos) imports.push(`import { slos } from "./slos.js";`);
  }
  const dashboardExports: string[] = [];
  const dashboardStems = new Set<string>();
  for (const d of c.dashboards) {
    const title = d.kind === "catalog" ? d.def.title : d.file.replace(/^.*\//, "").replace(/\.json$/i, "");
    const stem = identifier(title, dashboardStems, "Dashboard").replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`);
    const name = identifier(`${stem}-dashboard`, topNames, "Dashboard");
    dashboardExports.push(name);
    files.push({ path: `dashboards/${stem}.ts`, contents: dashboardFile(d, name, h) });
    imports.push(`import { ${name} } from "./dashboards/${stem}.js";`);
  }

  const services = homeList.filter(([k]) => k.startsWith("service:")).map(([, x]) => raw(`${x.namespace}.service`));
  const groups = homeList.filter(([k]) => k.startsWith("group:")).map(([, x]) => raw(`${x.namespace}.group`));
  const catalog = call(
    "defineCatalog",
    obj([
      ["name", str(c.name)],
      ["teams", arr(teamsOf(c).map(str))],
      ["services", arr(services)],
      ["groups", groups.length > 0 ? arr(groups) : undefined],
      ["severities", severitiesNode(c.severities.catalog)],
      [
        "prometheus",
        obj([
          ["version", c.versions.length === 1 ? str(c.versions[0]!) : arr(c.versions.map(str))],
          ["scrapeInterval", c.scrapeInterval !== undefined ? str(c.scrapeInterval) : undefined],
        ]),
      ],
      ["sloPeriod", c.sloPeriod !== undefined ? str(c.sloPeriod) : undefined],
      ["slos", hasSlos ? raw("slos") : undefined],
      ["dashboards", dashboardExports.length > 0 ? arr(dashboardExports.map(raw)) : undefined],
      ["ruleGroups", ruleExports.length > 0 ? arr(ruleExports.map((r) => raw(`...${r}`))) : undefined],
    ]),
  );
  const index =
    docComment([
      `The ${c.name} catalog, imported by \`obsgen import\`: every rule group kept as written, the metrics they read declared`,
      "where their type is known. IMPORT.md says what could not be typed and what to do next.",
    ]) +
    'import { defineCatalog } from "obsgen";\n' +
    [...imports].sort(importOrder).join("\n") +
    `\n\n${declaration(undefined, catalog)}`;
  files.unshift({ path: "index.ts", contents: index });
  files.push({ path: "IMPORT.md", contents: reportMarkdown(c) });
  files.push({ path: IMPORT_MARKER, contents: "This folder was written by `obsgen import`; `obsgen import --force` may replace it.\n" });
  return files.sort((a, b) => compareCodePoints(a.path, b.path));
}

/** Biome leaves import order alone (its organizer is off here); code-point order of the source path keeps it stable. */
function importOrder(a: string, b: string): number {
  const from = (s: string) => /from "([^"]*)"/.exec(s)?.[1] ?? s;
  return compareCodePoints(from(a), from(b));
}

function cell(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** IMPORT.md: the figures, what is typed, what stayed `expr`, the metrics left undeclared, every gap. */
export function reportMarkdown(c: ImportedCatalog): string {
  const f = importFigures(c);
  const lines: string[] = [`# Import report: ${c.name}`, ""];
  lines.push("Written by `obsgen import`. Every rule group is kept as written (`ruleGroup`), so `obsgen build` emits the same rules.", "");
  lines.push("| what | count |", "| --- | ---: |");
  lines.push(`| rule files | ${f.ruleFiles} |`, `| rule groups | ${f.groups} |`, `| alerts | ${f.alerts} |`);
  lines.push(`| alerts as typed conditions | ${f.alertsTyped} |`, `| alerts as \`expr\` | ${f.alerts - f.alertsTyped} |`, `| recording rules | ${f.records} |`);
  lines.push(`| metrics declared | ${f.metricsDeclared} |`, `| metrics not declared (type unknown) | ${f.metricsUnknown} |`);
  lines.push(`| dashboards as catalog dashboards | ${f.dashboardsCatalog} |`, `| dashboards kept as raw JSON | ${f.dashboardsRaw} |`, `| SLOs | ${f.slos} |`);
  lines.push(`| errors | ${f.errors} |`, `| warnings | ${f.warnings} |`, "");
  if (c.ruleFiles.length > 0) {
    lines.push("## Rule files", "");
    lines.push("| input | written to | groups | alerts typed | alerts as `expr` | recording rules |", "| --- | --- | ---: | ---: | ---: | ---: |");
    for (const r of c.ruleFiles) {
      const rules = r.groups.flatMap((g) => g.rules);
      const alerts = rules.filter((x) => x.kind === "alert");
      const typed = alerts.filter((x) => x.expr.kind === "typed").length;
      lines.push(`| ${cell(r.source)} | rules/${r.stem}.ts | ${r.groups.length} | ${typed} | ${alerts.length - typed} | ${rules.length - alerts.length} |`);
    }
    lines.push("");
  }
  const alerts = c.ruleFiles.flatMap((r) =>
    r.groups.flatMap((g) => g.rules.flatMap((x) => (x.kind === "alert" ? [{ file: r.source, group: g.name, alert: x.alert, expr: x.expr }] : []))),
  );
  const typed = alerts.filter((a) => a.expr.kind === "typed");
  if (typed.length > 0) {
    lines.push("## Alerts as typed conditions", "");
    lines.push("Written with the catalog's builders; the build emits the same query (checked on import).", "");
    lines.push("| alert | group | file |", "| --- | --- | --- |");
    for (const a of typed) lines.push(`| ${cell(a.alert)} | ${cell(a.group)} | ${cell(a.file)} |`);
    lines.push("");
  }
  const untyped = new Map<string, typeof alerts>();
  for (const a of alerts)
    if (a.expr.kind === "text") {
      const why = a.expr.untyped ?? "not read";
      untyped.set(why, [...(untyped.get(why) ?? []), a]);
    }
  if (untyped.size > 0) {
    lines.push("## Alerts kept as `expr`", "");
    lines.push(
      "Why each alert's expression is not a typed condition, most common first. Metadata (`--metadata`) settles unknown types; the other shapes stay PromQL.",
      "",
    );
    lines.push("| why | alerts | which |", "| --- | ---: | --- |");
    for (const [why, as] of [...untyped].sort(([a, x], [b, y]) => y.length - x.length || compareCodePoints(a, b)))
      lines.push(`| ${cell(why)} | ${as.length} | ${cell(as.map((a) => a.alert).join(", "))} |`);
    lines.push("");
  }
  if (c.consumedGroups.length > 0) {
    lines.push("## SLOs from generated rules", "");
    lines.push("These groups were generated by Sloth or Pyrra; each SLO now generates its own rules, so they are not kept.", "");
    lines.push("| group | file | became |", "| --- | --- | --- |");
    for (const g of c.consumedGroups)
      lines.push(`| ${cell(g.group)} | ${cell(g.file)} | ${g.sloKind === "slo" ? `SLO ${cell(g.slo)}` : `availability of ${cell(g.slo)}`} |`);
    lines.push("");
  }
  lines.push("## Severities", "");
  lines.push(
    `Table: ${Object.entries(c.severities.table)
      .map(([w, p]) => `\`${w}\`=${p}`)
      .join(", ")}. Kept alerts keep their \`severity\` label as written; the table is for alerts moved to typed \`alert({ priority })\`.`,
    "",
  );
  if (c.severities.seen.length > 0) {
    lines.push("| severity | alerts | priority |", "| --- | ---: | --- |");
    for (const s of c.severities.seen) lines.push(`| ${cell(s.word)} | ${s.alerts} | ${s.priority ?? "not mapped"} |`);
    lines.push("");
  }
  lines.push("## Metrics not declared", "");
  if (c.unknownMetrics.length === 0) lines.push("None.", "");
  else {
    lines.push("Their type is unknown, so they are not declared (never guessed). TODO: pass `--metadata` or declare them by hand.", "");
    lines.push("| metric | why | first use |", "| --- | --- | --- |");
    for (const u of c.unknownMetrics) {
      const w = u.uses[0];
      lines.push(`| ${u.name} | ${cell(u.reason)} | ${w ? cell("line" in w ? `${w.file}:${w.line}:${w.column}` : `${w.file} ${w.path}`) : ""} |`);
    }
    lines.push("");
  }
  lines.push("## Next steps", "");
  lines.push("1. Review the metric declarations (open labels' bounds are estimates; placeholder buckets are marked TODO).");
  lines.push("2. `obsgen build --check` in CI keeps the emitted rules equal to the committed ones.");
  lines.push("3. Move alerts from `expr` to typed conditions one at a time; `obsgen diff` shows the rule did not change.", "");
  lines.push("## Findings", "");
  if (c.report.length === 0) lines.push("None.", "");
  else {
    lines.push("| severity | where | what | what to do |", "| --- | --- | --- | --- |");
    for (const r of c.report) {
      const where = r.file ? `${r.file}${r.line ? `:${r.line}${r.column ? `:${r.column}` : ""}` : ""}` : "";
      lines.push(`| ${r.severity} | ${cell(where)} | ${cell(r.message)} [${r.code}] | ${cell(r.hint ?? "")} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
