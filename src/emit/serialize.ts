/**
 * The one YAML and JSON serialiser every emitter uses, with fixed options, so output is
 * byte-identical across runs: key order is the order emitters build objects in, no line
 * folding, no anchors, a trailing newline.
 */
import yaml from "js-yaml";

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
