/**
 * How deep `obsgen lint` follows nesting in what it reads, and how many dashboard panels it reads. Past a limit, the input gets a finding,
 * "nested too deep (limit N)", where the nesting passes the limit: never a crash, and never a
 * verdict that depends on how much stack the process happens to have.
 *
 * Prometheus 2.42 has no such limits (Go stacks grow to 1 GB; yaml.v3 stops at 10,000 levels), so
 * these are obsgen's own. They are far beyond real files (the 241-file rule corpus nests YAML
 * collections 7 deep, PromQL 16 deep and templates 1 deep; Grafana nests panels 2 deep, in rows), and
 * within what obsgen's recursive parsers and lint rules handle with under half of Node's default stack.
 */
export const INPUT_LIMITS = {
  /** Nested YAML collections (block or flow), and aliases expanded inside aliases. */
  yamlDepth: 256,
  /** Nested `{{if}}`/`{{range}}`/`{{with}}`/`{{block}}`/`{{define}}`, `{{else if}}` and parentheses in a Go template. */
  templateDepth: 256,
  /** Depth of a PromQL syntax tree: operators, calls, aggregations, parentheses, subqueries. */
  promqlDepth: 500,
  /** Panels nested in panels in a Grafana dashboard. */
  dashboardPanelDepth: 32,
  /**
   * Panels read from one dashboard (large ones have a few hundred): grafana/grid-overlap compares
   * each panel with those placed before it.
   */
  dashboardPanels: 10_000,
} as const;

/** The finding's message. */
export function nestedTooDeep(limit: number): string {
  return `nested too deep (limit ${limit})`;
}
