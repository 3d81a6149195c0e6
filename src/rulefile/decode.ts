/**
 * Decodes parsed YAML into the rule-file model the way promtool 2.42 does (`rulefmt.Parse`: yaml.v3 with
 * `KnownFields(true)`), reporting what that decoding rejects: unknown fields, values of the wrong type,
 * duplicate keys and bad durations. Semantic checks are in `check.ts`.
 *
 * yaml.v3 details mirrored here, each checked against promtool 2.42:
 * - only the first YAML document of a plain file is read; later ones are ignored entirely;
 * - any scalar decodes into a string field as written (`1.50` → "1.50", `true` → "true"); null → "";
 * - `record`, `alert` and `expr` are raw `yaml.Node`s: `null` reads as "null", a mapping as "", and an alias
 *   as the anchor's name;
 * - null entries (and entries that fail to decode) in `groups` and `rules` are dropped, so they do not
 *   count in promtool's 1-based rule index;
 * - merge keys (`<<`) work, and keys written in the mapping win over merged ones.
 *
 * Upstream: https://github.com/prometheus/prometheus/blob/v2.42.0/model/rulefmt/rulefmt.go
 */
import { isAlias, isMap, isScalar, isSeq, Scalar, type Pair } from "yaml";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { RulefileCode } from "./codes.js";
import { parsePrometheusDuration } from "./duration.js";
import { finding, type FindingFile } from "./finding.js";
import { goQuote } from "./go-quote.js";
import { goYamlInt, goYamlTag, goYamlTypeErrorValue } from "./go-yaml-scalar.js";
import type {
  DurationValue,
  IntegerValue,
  LabelEntry,
  Rule,
  RuleFile,
  RuleFileFormat,
  RuleGroup,
  ScalarStyle,
  TextValue,
} from "./model.js";
import { nodeOffset, type YamlDocument, type YamlFile, type YamlNode } from "./parse.js";

/** The model and everything decoding found wrong. */
export interface DecodeResult {
  readonly file: RuleFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Go type names promtool prints in decoding errors. */
const GO_TYPES = {
  groups: "rulefmt.RuleGroups",
  groupList: "[]rulefmt.RuleGroup",
  group: "rulefmt.RuleGroup",
  ruleList: "[]rulefmt.RuleNode",
  rule: "rulefmt.RuleNode",
  stringMap: "map[string]string",
  string: "string",
  int: "int",
} as const;

const KNOWN_FIELDS = {
  [GO_TYPES.groups]: ["groups"],
  [GO_TYPES.group]: ["name", "interval", "limit", "rules"],
  [GO_TYPES.rule]: ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"],
} as const;

const SCALAR_STYLES: Readonly<Record<string, ScalarStyle>> = {
  [Scalar.PLAIN]: "plain",
  [Scalar.QUOTE_SINGLE]: "single-quoted",
  [Scalar.QUOTE_DOUBLE]: "double-quoted",
  [Scalar.BLOCK_LITERAL]: "literal",
  [Scalar.BLOCK_FOLDED]: "folded",
};

/** A key of a decoded mapping and its value node (null when the value is empty). */
interface Entry {
  readonly key: TextValue;
  readonly value: YamlNode | null;
}

/**
 * Decodes a parsed rule file: a plain rule file (first YAML document only, as promtool), or a stream of
 * Kubernetes PrometheusRule objects, each judged on its `spec` as promtool judges a plain file.
 */
export function decodeRuleFile(path: string, yaml: YamlFile): DecodeResult {
  return new Decoder(path, yaml).decode();
}

/** Whether a document is a `monitoring.coreos.com` PrometheusRule object. */
function isPrometheusRule(doc: YamlDocument): boolean {
  const root = doc.root;
  if (!isMap(root)) return false;
  const text = (key: string): string | undefined => {
    const v = root.get(key, true);
    return isScalar(v) ? String(v.source ?? "") : undefined;
  };
  return text("kind") === "PrometheusRule" && (text("apiVersion") ?? "").startsWith("monitoring.coreos.com/");
}

class Decoder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly findingFile: FindingFile;
  private doc!: YamlDocument;

  constructor(
    private readonly path: string,
    private readonly yaml: YamlFile,
  ) {
    this.findingFile = { path, positionAt: yaml.positionAt };
  }

  decode(): DecodeResult {
    const { documents } = this.yaml;
    const format: RuleFileFormat = documents.some(isPrometheusRule) ? "prometheus-rule" : "plain";
    const groups: RuleGroup[] = [];
    documents.forEach((doc, i) => {
      this.doc = doc;
      if (format === "plain" && i > 0) {
        if (doc.root !== null || doc.errors.length > 0) this.ignoredDocument(doc);
        return;
      }
      for (const e of doc.errors) this.report("rulefile/yaml", e.message, e.offset);
      // A document with syntax errors is not decoded: yaml.v3 stops there too, and its partial tree would
      // only add confusing follow-on findings.
      if (doc.errors.length > 0) return;
      if (format === "plain") groups.push(...this.ruleGroups(doc.root));
      else if (isPrometheusRule(doc) && isMap(doc.root)) groups.push(...this.ruleGroups(doc.root.get("spec", true) ?? null));
    });
    return { file: { path: this.path, format, groups }, diagnostics: this.diagnostics };
  }

  private ignoredDocument(doc: YamlDocument): void {
    const offset = doc.root !== null ? nodeOffset(doc.root) : (doc.errors[0]?.offset ?? 0);
    this.report(
      "rulefile/ignored-document",
      `YAML document ${doc.index + 1} is ignored: Prometheus and promtool read only the first document of a rule file`,
      offset,
      { hint: "Move these groups into the first document, or into a file of their own." },
    );
  }

  // --- reporting ---

  private report(code: RulefileCode, message: string, offset: number, extra: { hint?: string } = {}): void {
    this.diagnostics.push(finding(this.findingFile, code, message, { offset, ...extra }));
  }

  /** yaml.v3's "cannot unmarshal !!seq into string". */
  private typeError(node: YamlNode, goType: string): void {
    const tag = goYamlTag(node);
    this.report("rulefile/type", `cannot unmarshal ${tag}${goYamlTypeErrorValue(node, tag)} into ${goType}`, nodeOffset(node));
  }

  // --- generic decoding ---

  /** Follows an alias; null for an empty value. */
  private resolve(node: YamlNode | null): YamlNode | null {
    if (node === null) return null;
    const target = this.doc.resolve(node);
    return target === undefined || isNull(target) ? null : target;
  }

  private text(node: YamlNode, value: string): TextValue {
    const start = nodeOffset(node);
    const style = isScalar(node) && node.type !== undefined ? SCALAR_STYLES[node.type] : undefined;
    return {
      value,
      position: this.yaml.positionAt(start),
      range: [start, node.range?.[1] ?? start],
      ...(style !== undefined && { style }),
    };
  }

  /**
   * The entries of a mapping, merges applied, duplicate keys reported; with `goType`, keys that type does
   * not have are reported and left out.
   */
  private entries(map: YamlNode, goType?: keyof typeof KNOWN_FIELDS): Map<string, Entry> {
    const out = new Map<string, Entry>();
    if (!isMap(map)) return out;
    const known: readonly string[] | undefined = goType === undefined ? undefined : KNOWN_FIELDS[goType];
    const add = (pair: Pair, merged: boolean): void => {
      const key = this.keyText(pair.key as YamlNode | null, nodeOffset(map));
      const previous = out.get(key.value);
      // Keys written in the mapping win over merged ones; among merged mappings, the first wins.
      if (merged && previous !== undefined) return;
      if (previous !== undefined) {
        const message = `mapping key ${goQuote(key.value)} already defined at line ${previous.key.position.line}`;
        this.report("rulefile/yaml", message, key.range[0]);
      }
      if (known !== undefined && !known.includes(key.value)) {
        this.report("rulefile/unknown-field", `field ${key.value} not found in type ${goType}`, key.range[0], {
          hint: `Known fields: ${known.join(", ")}.`,
        });
        return;
      }
      out.set(key.value, { key, value: (pair.value as YamlNode | null) ?? null });
    };
    const merged: Pair[] = [];
    for (const pair of map.items) {
      const key = pair.key as YamlNode | null;
      if (isScalar(key) && key.type === Scalar.PLAIN && key.source === "<<") merged.push(...this.mergeSources(pair.value as YamlNode | null));
      else add(pair, false);
    }
    for (const pair of merged) add(pair, true);
    return out;
  }

  /** The pairs a `<<` value contributes: one mapping or a sequence of them, aliases followed. */
  private mergeSources(value: YamlNode | null): Pair[] {
    const node = this.resolve(value);
    if (isMap(node)) return [...node.items];
    if (isSeq(node)) return node.items.flatMap((item) => this.mergeSources(item as YamlNode | null));
    return [];
  }

  /** A mapping key as yaml.v3 reads it into a string; an empty key sits at `fallbackOffset`. */
  private keyText(node: YamlNode | null, fallbackOffset: number): TextValue {
    if (node === null) return { value: "", position: this.yaml.positionAt(fallbackOffset), range: [fallbackOffset, fallbackOffset] };
    const resolved = this.doc.resolve(node) ?? node;
    return this.text(node, isScalar(resolved) && !isNull(resolved) ? String(resolved.source ?? "") : "");
  }

  /** A Go `string` field: any scalar as written, null as "". */
  private string(node: YamlNode | null, fallbackOffset: number): TextValue | undefined {
    const resolved = this.resolve(node);
    if (resolved === null) {
      return node === null
        ? { value: "", position: this.yaml.positionAt(fallbackOffset), range: [fallbackOffset, fallbackOffset] }
        : this.text(node, "");
    }
    if (!isScalar(resolved)) {
      this.typeError(resolved, GO_TYPES.string);
      return undefined;
    }
    return this.text(resolved, String(resolved.source ?? ""));
  }

  /** A `yaml.Node` field of RuleNode (`record`, `alert`, `expr`): Prometheus reads the node's raw value. */
  private rawNode(entry: Entry | undefined, field: string): TextValue | undefined {
    if (entry === undefined) return undefined;
    const node = entry.value;
    // Nothing written after the key: point at the key.
    if (node === null || (isScalar(node) && node.source === "" && node.type === Scalar.PLAIN)) {
      return { value: "", position: entry.key.position, range: [entry.key.range[0], entry.key.range[0]] };
    }
    if (isAlias(node)) {
      this.report(
        "rulefile/alias-value",
        `${field} is the alias *${node.source}: Prometheus 2.42 reads it as the text ${goQuote(node.source)}, not the anchored value`,
        nodeOffset(node),
        { hint: `Write the ${field} out instead of using an alias.` },
      );
      return this.text(node, node.source);
    }
    return this.text(node, isScalar(node) ? String(node.source ?? "") : "");
  }

  private duration(entry: Entry | undefined): DurationValue | undefined {
    const node = this.resolve(entry?.value ?? null);
    if (node === null) return undefined;
    if (!isScalar(node)) {
      this.typeError(node, GO_TYPES.string);
      return undefined;
    }
    const text = String(node.source ?? "");
    const offset = nodeOffset(node);
    const parsed = parsePrometheusDuration(text);
    if (!parsed.ok) {
      this.report("rulefile/duration", parsed.error, offset, {
        hint: "Use a Prometheus duration such as 30s, 5m or 1h30m: units y, w, d, h, m, s, ms, largest first.",
      });
      return undefined;
    }
    return { text, milliseconds: parsed.milliseconds, position: this.yaml.positionAt(offset), offset };
  }

  private integer(entry: Entry | undefined): IntegerValue | undefined {
    const node = this.resolve(entry?.value ?? null);
    if (node === null) return undefined;
    const value = goYamlInt(node);
    if (value === undefined) {
      this.typeError(node, GO_TYPES.int);
      return undefined;
    }
    const offset = nodeOffset(node);
    return { value, position: this.yaml.positionAt(offset), offset };
  }

  private stringMap(entry: Entry | undefined): LabelEntry[] {
    const node = this.resolve(entry?.value ?? null);
    if (node === null) return [];
    if (!isMap(node)) {
      this.typeError(node, GO_TYPES.stringMap);
      return [];
    }
    const out: LabelEntry[] = [];
    for (const { key, value } of this.entries(node).values()) {
      const text = this.string(value, key.range[1]);
      if (text !== undefined) out.push({ name: key, value: text });
    }
    return out;
  }

  /** The mappings of a sequence of structs; null entries and entries of another type are dropped. */
  private structList(entry: YamlNode | null, listType: string, itemType: string): YamlNode[] {
    const node = this.resolve(entry);
    if (node === null) return [];
    if (!isSeq(node)) {
      this.typeError(node, listType);
      return [];
    }
    const out: YamlNode[] = [];
    for (const item of node.items as Array<YamlNode | null>) {
      const resolved = this.resolve(item);
      if (resolved === null) continue;
      if (!isMap(resolved)) {
        this.typeError(resolved, itemType);
        continue;
      }
      out.push(resolved);
    }
    return out;
  }

  // --- rule files ---

  private ruleGroups(root: YamlNode | null): RuleGroup[] {
    const node = this.resolve(root);
    if (node === null) return [];
    if (!isMap(node)) {
      this.typeError(node, GO_TYPES.groups);
      return [];
    }
    const groups = this.entries(node, GO_TYPES.groups).get("groups");
    return this.structList(groups?.value ?? null, GO_TYPES.groupList, GO_TYPES.group).map((g) => this.group(g));
  }

  private group(node: YamlNode): RuleGroup {
    const fields = this.entries(node, GO_TYPES.group);
    const nameEntry = fields.get("name");
    const nameValue = nameEntry === undefined ? undefined : this.string(nameEntry.value, nameEntry.key.range[1]);
    const interval = this.duration(fields.get("interval"));
    const limit = this.integer(fields.get("limit"));
    const ruleNodes = this.structList(fields.get("rules")?.value ?? null, GO_TYPES.ruleList, GO_TYPES.rule);
    const offset = nodeOffset(node);
    return {
      name: nameValue?.value ?? "",
      ...(nameValue !== undefined && { nameValue }),
      ...(interval !== undefined && { interval }),
      ...(limit !== undefined && { limit }),
      rules: ruleNodes.map((r, i) => this.rule(r, i + 1)),
      position: this.yaml.positionAt(offset),
      offset,
      document: this.doc.index,
    };
  }

  private rule(node: YamlNode, index: number): Rule {
    const fields = this.entries(node, GO_TYPES.rule);
    const record = this.rawNode(fields.get("record"), "record");
    const alert = this.rawNode(fields.get("alert"), "alert");
    const expr = this.rawNode(fields.get("expr"), "expr");
    const forValue = this.duration(fields.get("for"));
    const keepFiringFor = this.duration(fields.get("keep_firing_for"));
    const alertName = alert?.value ?? "";
    const recordName = record?.value ?? "";
    const offset = nodeOffset(node);
    return {
      index,
      kind: alertName !== "" ? "alerting" : recordName !== "" ? "recording" : "unknown",
      name: alertName !== "" ? alertName : recordName,
      ...(record !== undefined && { record }),
      ...(alert !== undefined && { alert }),
      ...(expr !== undefined && { expr }),
      ...(forValue !== undefined && { for: forValue }),
      ...(keepFiringFor !== undefined && { keepFiringFor }),
      labels: this.stringMap(fields.get("labels")),
      annotations: this.stringMap(fields.get("annotations")),
      position: this.yaml.positionAt(offset),
      offset,
    };
  }
}

/** A null scalar (`~`, `null`, empty), as yaml.v3 resolves it. */
function isNull(node: YamlNode): boolean {
  return isScalar(node) && node.value === null && (node.tag === undefined || node.tag === "tag:yaml.org,2002:null");
}
