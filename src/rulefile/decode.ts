/**
 * Decodes parsed YAML into the rule-file model the way promtool does (`rulefmt.Parse`: yaml.v3 with
 * `KnownFields(true)`), reporting what that decoding rejects: unknown fields, values of the wrong type,
 * duplicate keys and bad durations. Semantic checks are in `check.ts`. What differs by version (the
 * group fields, how `record`, `alert` and `expr` decode) comes from a {@link RuleFileDialect}; the
 * details below are 2.42's unless said.
 *
 * yaml.v3 details mirrored here, each checked against promtool 2.42:
 * - only the first YAML document of a plain file is read; later ones are ignored entirely;
 * - any scalar decodes into a string field as written (`1.50` → "1.50", `true` → "true"); null → "";
 * - `record`, `alert` and `expr` are raw `yaml.Node`s: `null` reads as "null", a mapping as "", and an alias
 *   as the anchor's name;
 * - null entries (and entries that fail to decode) in `groups` and `rules` are dropped, so they do not
 *   count in promtool's 1-based rule index;
 * - merge keys (`<<`) work, also inside merged mappings; keys written in the mapping win over merged ones,
 *   and the first mapping of a merge sequence over later ones; merging anything but mappings, an alias
 *   inside its own expansion and excessive aliasing ("billion laughs") stop decoding with yaml.v3's error.
 *
 * Upstream: https://github.com/prometheus/prometheus/blob/v2.42.0/model/rulefmt/rulefmt.go and
 * https://github.com/go-yaml/yaml/blob/v3.0.1/decode.go (`unmarshal`, `alias`, `merge`).
 */
import { isAlias, isMap, isScalar, isSeq, Scalar, type Pair } from "yaml";
import { defaultRuleFileDialect } from "../compat/prometheus.js";
import { GROUP_FIELD_ADDITIONS, type GroupFieldAddition, type RuleFileDialect } from "../compat/rule-files.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { RulefileCode } from "./codes.js";
import { parseModelDuration } from "../compat/go/duration.js";
import { finding, type FindingFile } from "./finding.js";
import { goQuote } from "../compat/go/quote.js";
import { goYamlInt, goYamlTag, goYamlTypeErrorValue } from "./go-yaml-scalar.js";
import type { DurationValue, IntegerValue, LabelEntry, Rule, RuleFile, RuleFileFormat, RuleGroup, ScalarStyle, TextValue } from "./model.js";
import { nodeOffset, type YamlDocument, type YamlFile, type YamlNode } from "./parse.js";
import { INPUT_LIMITS, nestedTooDeep } from "../util/input-limits.js";

/** The model and everything decoding found wrong. */
export interface DecodeResult {
  readonly file: RuleFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Go type names promtool prints in decoding errors (the rule's is the dialect's `ruleType`). */
const GO_TYPES = {
  groups: "rulefmt.RuleGroups",
  groupList: "[]rulefmt.RuleGroup",
  group: "rulefmt.RuleGroup",
  stringMap: "map[string]string",
  string: "string",
  int: "int",
} as const;

const RULE_FIELDS = ["record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations"];

/** A struct a mapping decodes into: its Go name and its fields. */
interface GoStruct {
  readonly name: string;
  readonly fields: readonly string[];
}

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
export function decodeRuleFile(path: string, yaml: YamlFile, work?: DecodeWork, dialect: RuleFileDialect = defaultRuleFileDialect()): DecodeResult {
  return new Decoder(path, yaml, work, dialect).decode();
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

/**
 * yaml.v3's limit on alias expansion (decode.go `allowedAliasRatio`, v3.0.1): past 1,000 decoded nodes,
 * at most 99% may come from inside aliases, falling to 10% between 400,000 and 4,000,000 decoded nodes.
 * It stops "billion laughs" documents (aliases of aliases) while letting ordinary sharing through.
 */
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_RANGE_LOW)) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW);
}

/**
 * An error yaml.v3 raises with `failf` while decoding (a panic): decoding of the document stops, and
 * promtool prints this error alone, without the type and field errors found before it.
 */
class FatalDecodeError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** Counts of decoding work, as yaml.v3 keeps them (exposed for tests of the aliasing limit). */
export interface DecodeWork {
  /** Nodes decoded, as yaml.v3's `decodeCount`. */
  decoded: number;
  /** Of those, decoded while expanding an alias (`aliasCount`). */
  viaAlias: number;
}

class Decoder {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly findingFile: FindingFile;
  private doc!: YamlDocument;
  private decodeCount = 0;
  private aliasCount = 0;
  /** Aliases being expanded, innermost last: a repeat is a cycle. */
  private readonly expanding: YamlNode[] = [];
  private readonly expandingSet = new Set<YamlNode>();
  private readonly groupsStruct: GoStruct = { name: GO_TYPES.groups, fields: ["groups"] };
  private readonly groupStruct: GoStruct;
  private readonly ruleStruct: GoStruct;

  constructor(
    private readonly path: string,
    private readonly yaml: YamlFile,
    private readonly work: DecodeWork | undefined,
    private readonly dialect: RuleFileDialect,
  ) {
    this.findingFile = { path, positionAt: yaml.positionAt };
    this.groupStruct = { name: GO_TYPES.group, fields: dialect.groupFields };
    this.ruleStruct = { name: dialect.ruleType, fields: RULE_FIELDS };
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
      // Each document is decoded on its own, as by a new yaml.v3 decoder.
      this.decodeCount = 0;
      this.aliasCount = 0;
      this.expanding.length = 0;
      this.expandingSet.clear();
      const reported = this.diagnostics.length;
      try {
        if (format === "plain") {
          for (const g of this.ruleGroups(doc.root)) groups.push(g);
        } else if (isPrometheusRule(doc) && isMap(doc.root)) {
          for (const g of this.ruleGroups(doc.root.get("spec", true) ?? null)) groups.push(g);
        }
      } catch (e) {
        if (!(e instanceof FatalDecodeError)) throw e;
        this.diagnostics.length = reported;
        this.report("rulefile/yaml", e.message, e.offset);
      } finally {
        if (this.work !== undefined) {
          this.work.decoded += this.decodeCount;
          this.work.viaAlias += this.aliasCount;
        }
      }
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

  /**
   * yaml.v3's `unmarshal` around the decoding of one node: counts it, follows an alias to its anchored
   * node (counted again, as alias-driven work) and refuses an alias inside its own expansion and
   * excessive aliasing, as yaml.v3 does. `decodeAs` gets the node, or null for an empty value.
   *
   * Every descent into the document goes through here, so following aliases costs at most what
   * yaml.v3 allows: a few hundred thousand decoded nodes, whatever the file.
   */
  private decodeNode<T>(node: YamlNode | null, decodeAs: (node: YamlNode | null) => T): T {
    this.count(node);
    if (node === null || !isAlias(node)) return decodeAs(node === null || isNull(node) ? null : node);
    if (this.expandingSet.has(node)) throw new FatalDecodeError(`anchor '${node.source}' value contains itself`, nodeOffset(node));
    // Aliases expanded inside aliases nest like collections, and are bounded like them (reported at
    // the outermost one: the alias written where the value is used).
    if (this.expanding.length >= INPUT_LIMITS.yamlDepth) throw new FatalDecodeError(nestedTooDeep(INPUT_LIMITS.yamlDepth), nodeOffset(this.expanding[0]!));
    const target = this.doc.resolve(node) ?? null;
    this.expanding.push(node);
    this.expandingSet.add(node);
    try {
      this.count(target);
      return decodeAs(target === null || isNull(target) ? null : target);
    } finally {
      this.expanding.pop();
      this.expandingSet.delete(node);
    }
  }

  /** One decoded node, as yaml.v3 counts them (decode.go `unmarshal`, v3.0.1). */
  private count(node: YamlNode | null): void {
    this.decodeCount++;
    if (this.expanding.length > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      // The outermost alias being expanded is the one to look at; yaml.v3 gives no position.
      const at = this.expanding[0] ?? node;
      throw new FatalDecodeError("document contains excessive aliasing", at === null ? 0 : nodeOffset(at));
    }
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
  private entries(map: YamlNode, goType?: GoStruct): Map<string, Entry> {
    const out = new Map<string, Entry>();
    if (isMap(map)) this.entriesInto(map, out, goType, false);
    return out;
  }

  /**
   * yaml.v3's `mapping`/`mappingStruct`: the keys written in the mapping, then those of its merge
   * (`<<`), which never replace a key already there. Merged mappings are read the same way, so their
   * own merges apply too (decode.go `merge`, v3.0.1).
   */
  private entriesInto(map: YamlNode & { items: Pair[] }, out: Map<string, Entry>, goType: GoStruct | undefined, merged: boolean): void {
    const known: readonly string[] | undefined = goType?.fields;
    let mergeKey: TextValue | undefined;
    let mergeValue: YamlNode | null = null;
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode | null;
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.source === "<<") {
        const key = this.text(keyNode, "<<");
        // yaml.v3 checks keys for duplicates before decoding, `<<` included; the last merge is used.
        if (mergeKey !== undefined) this.report("rulefile/yaml", `mapping key "<<" already defined at line ${mergeKey.position.line}`, key.range[0]);
        mergeKey ??= key;
        mergeValue = (pair.value as YamlNode | null) ?? null;
        continue;
      }
      const key = this.keyText(keyNode);
      if (key === undefined) continue;
      const previous = out.get(key.value);
      // Keys written in the mapping win over merged ones; among merged mappings, the first wins.
      if (merged && previous !== undefined) continue;
      if (previous !== undefined) {
        const message = `mapping key ${goQuote(key.value)} already defined at line ${previous.key.position.line}`;
        this.report("rulefile/yaml", message, key.range[0]);
      }
      if (known !== undefined && !known.includes(key.value)) {
        // A group field of a later release (`query_offset`, group `labels`): say which.
        const later = goType === this.groupStruct && key.value in GROUP_FIELD_ADDITIONS ? GROUP_FIELD_ADDITIONS[key.value as GroupFieldAddition] : undefined;
        const why = later ? `\`${key.value}\` needs Prometheus ${later.since} or later; ${this.dialect.name} does not know it. ` : "";
        this.report("rulefile/unknown-field", `field ${key.value} not found in type ${goType!.name}`, key.range[0], {
          hint: `${why}Known fields: ${known.join(", ")}.`,
        });
        continue;
      }
      out.set(key.value, { key, value: (pair.value as YamlNode | null) ?? null });
    }
    if (mergeKey === undefined) return;
    // Outside a merge, yaml.v3 first decodes the mapping's keys again to know which ones merging skips.
    if (!merged) for (let i = 0; i < map.items.length; i++) this.count(null);
    this.merge(mergeValue, out, goType, mergeKey.range[0]);
  }

  /** A `<<` value: one mapping, or a sequence of mappings, each possibly an alias (decode.go `merge`). */
  private merge(value: YamlNode | null, out: Map<string, Entry>, goType: GoStruct | undefined, keyOffset: number): void {
    const wantMap: (at: YamlNode | null) => never = (at) => {
      throw new FatalDecodeError("map merge requires map or sequence of maps as the value", at === null ? keyOffset : nodeOffset(at));
    };
    const mergeOne = (node: YamlNode): void => {
      const target = isAlias(node) ? this.doc.resolve(node) : node;
      if (!isMap(target)) wantMap(node);
      this.decodeNode(node, (m) => {
        if (isMap(m)) this.entriesInto(m, out, goType, true);
      });
    };
    if (value !== null && isSeq(value)) {
      this.count(value);
      for (const item of value.items as Array<YamlNode | null>) {
        if (item === null) wantMap(item);
        mergeOne(item);
      }
    } else if (value !== null && (isMap(value) || isAlias(value))) mergeOne(value);
    else wantMap(value);
  }

  /**
   * A mapping key as yaml.v3 reads it into a string. yaml.v3 skips a key it cannot read: quietly when
   * it is null (`~:`, `? `), with a type error when it is a collection.
   */
  private keyText(node: YamlNode | null): TextValue | undefined {
    return this.decodeNode(node, (resolved) => {
      if (resolved === null) return undefined;
      if (!isScalar(resolved)) {
        this.typeError(resolved, GO_TYPES.string);
        return undefined;
      }
      return this.text(node!, String(resolved.source ?? ""));
    });
  }

  /** A Go `string` field: any scalar as written, null as "". */
  private string(node: YamlNode | null, fallbackOffset: number): TextValue | undefined {
    return this.decodeNode(node, (resolved) => {
      if (resolved === null) {
        return node === null ? { value: "", position: this.yaml.positionAt(fallbackOffset), range: [fallbackOffset, fallbackOffset] } : this.text(node, "");
      }
      if (!isScalar(resolved)) {
        this.typeError(resolved, GO_TYPES.string);
        return undefined;
      }
      return this.text(resolved, String(resolved.source ?? ""));
    });
  }

  /**
   * A string field of 3.x's `Rule` (`record`, `alert`, `expr`): aliases resolve, a collection is a type
   * error; nothing after the key points at the key, as {@link rawNode} does.
   */
  private stringField(entry: Entry | undefined): TextValue | undefined {
    if (entry === undefined) return undefined;
    const node = entry.value;
    if (node === null || (isScalar(node) && node.source === "" && node.type === Scalar.PLAIN)) {
      this.count(node);
      return { value: "", position: entry.key.position, range: [entry.key.range[0], entry.key.range[0]] };
    }
    return this.string(node, entry.key.range[1]);
  }

  /** A `yaml.Node` field of 2.42's RuleNode (`record`, `alert`, `expr`): Prometheus reads the node's raw value. */
  private rawNode(entry: Entry | undefined, field: string): TextValue | undefined {
    if (entry === undefined) return undefined;
    const node = entry.value;
    // yaml.v3 copies a yaml.Node field without following an alias.
    this.count(node);
    // Nothing written after the key: point at the key.
    if (node === null || (isScalar(node) && node.source === "" && node.type === Scalar.PLAIN)) {
      return { value: "", position: entry.key.position, range: [entry.key.range[0], entry.key.range[0]] };
    }
    if (isAlias(node)) {
      this.report(
        "rulefile/alias-value",
        `${field} is the alias *${node.source}: ${this.dialect.name} reads it as the text ${goQuote(node.source)}, not the anchored value`,
        nodeOffset(node),
        { hint: `Write the ${field} out instead of using an alias.` },
      );
      return this.text(node, node.source);
    }
    return this.text(node, isScalar(node) ? String(node.source ?? "") : "");
  }

  private duration(entry: Entry | undefined): DurationValue | undefined {
    if (entry === undefined) return undefined;
    // model.Duration decodes through a yaml.v2-style unmarshaler: yaml.v3 counts the node twice.
    this.count(entry.value);
    return this.decodeNode(entry.value, (node) => {
      if (node === null) return undefined;
      if (!isScalar(node)) {
        this.typeError(node, GO_TYPES.string);
        return undefined;
      }
      const text = String(node.source ?? "");
      const offset = nodeOffset(node);
      const parsed = parseModelDuration(text);
      if (parsed.error !== undefined) {
        this.report("rulefile/duration", parsed.error, offset, {
          hint: "Use a Prometheus duration such as 30s, 5m or 1h30m: units y, w, d, h, m, s, ms, largest first.",
        });
        return undefined;
      }
      return { text, milliseconds: parsed.ms, position: this.yaml.positionAt(offset), offset };
    });
  }

  private integer(entry: Entry | undefined): IntegerValue | undefined {
    if (entry === undefined) return undefined;
    return this.decodeNode(entry.value, (node) => {
      if (node === null) return undefined;
      const value = goYamlInt(node);
      if (value === undefined) {
        this.typeError(node, GO_TYPES.int);
        return undefined;
      }
      const offset = nodeOffset(node);
      return { value, position: this.yaml.positionAt(offset), offset };
    });
  }

  private stringMap(entry: Entry | undefined): LabelEntry[] {
    if (entry === undefined) return [];
    return this.decodeNode(entry.value, (node) => {
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
    });
  }

  /**
   * A sequence of structs, each mapping decoded by `decodeItem` (while its alias, if any, is being
   * expanded); null entries and entries of another type are dropped.
   */
  private structList<T>(entry: YamlNode | null, listType: string, itemType: string, decodeItem: (map: YamlNode) => T): T[] {
    return this.decodeNode(entry, (node) => {
      if (node === null) return [];
      if (!isSeq(node)) {
        this.typeError(node, listType);
        return [];
      }
      const out: T[] = [];
      for (const item of node.items as Array<YamlNode | null>) {
        this.decodeNode(item, (resolved) => {
          if (resolved === null) return;
          if (!isMap(resolved)) {
            this.typeError(resolved, itemType);
            return;
          }
          out.push(decodeItem(resolved));
        });
      }
      return out;
    });
  }

  // --- rule files ---

  private ruleGroups(root: YamlNode | null): RuleGroup[] {
    // The document node, then its root (yaml.v3 decodes both).
    this.count(root);
    return this.decodeNode(root, (node) => {
      if (node === null) return [];
      if (!isMap(node)) {
        this.typeError(node, GO_TYPES.groups);
        return [];
      }
      const groups = this.entries(node, this.groupsStruct).get("groups");
      return this.structList(groups?.value ?? null, GO_TYPES.groupList, GO_TYPES.group, (g) => this.group(g));
    });
  }

  private group(node: YamlNode): RuleGroup {
    const fields = this.entries(node, this.groupStruct);
    const nameEntry = fields.get("name");
    const nameValue = nameEntry === undefined ? undefined : this.string(nameEntry.value, nameEntry.key.range[1]);
    const interval = this.duration(fields.get("interval"));
    // 3.x: `*model.Duration` and `map[string]string`, in the struct's field order.
    const queryOffset = this.duration(fields.get("query_offset"));
    const limit = this.integer(fields.get("limit"));
    let index = 0;
    const rules = this.structList(fields.get("rules")?.value ?? null, `[]${this.dialect.ruleType}`, this.dialect.ruleType, (r) => this.rule(r, ++index));
    const labels = this.stringMap(fields.get("labels"));
    const offset = nodeOffset(node);
    return {
      name: nameValue?.value ?? "",
      ...(nameValue !== undefined && { nameValue }),
      ...(interval !== undefined && { interval }),
      ...(queryOffset !== undefined && { queryOffset }),
      ...(limit !== undefined && { limit }),
      labels,
      rules,
      position: this.yaml.positionAt(offset),
      offset,
      document: this.doc.index,
    };
  }

  private rule(node: YamlNode, index: number): Rule {
    const fields = this.entries(node, this.ruleStruct);
    const text = (field: string): TextValue | undefined =>
      this.dialect.ruleType === "rulefmt.Rule" ? this.stringField(fields.get(field)) : this.rawNode(fields.get(field), field);
    const record = text("record");
    const alert = text("alert");
    const expr = text("expr");
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
