/**
 * Double-quoted escapes with a fixed replacement, as yaml.v3 (promtool 2.42's YAML parser) has them;
 * `\x`, `\u`, `\U` take hex digits. YAML 1.2's table (§5.7) with one difference each way: yaml.v3
 * has no `\/` ("found unknown escape character") and reads `\'` as `'`
 * (scannerc.go `yaml_parser_scan_flow_scalar`, v3.0.1; both checked against promtool 2.42).
 */
export const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "'": "'",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
