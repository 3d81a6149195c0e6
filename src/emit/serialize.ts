/**
 * The one YAML and JSON serialiser every emitter uses, with fixed options, so output is
 * byte-identical across runs: key order is the order emitters build objects in, no line
 * folding, no anchors, a trailing newline.
 */
import yaml from "js-yaml";

// Why js-yaml writes while `yaml` reads (src/rulefile needs its node positions): measured on the 46
// YAML files of out/ and test/golden/, `yaml`'s stringify (lineWidth 0, no aliases) writes 42 of
// them byte-identical. The other four lines are promtool series strings such as `-200000+0x2`,
// which js-yaml double-quotes and `yaml` leaves plain (the same string to either, and to Go's
// yaml). Writing with `yaml` alone is that output change, named, plus the tests that load with js-yaml.

export interface EmittedFile {
  /** Path relative to the output folder, with `/` separators. */
  readonly path: string;
  readonly contents: string;
}

export function toYaml(value: unknown, header?: string): string {
  const body = yaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false, quotingType: '"', noCompatMode: true });
  return (header ? `# ${header}\n` : "") + body;
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
