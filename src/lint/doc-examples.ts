/**
 * Reads a lint rule's doc: its sections and its "Incorrect" / "Correct" examples, which the
 * meta-test runs through the linter. An example is a fenced block tagged `yaml rules` (a rule
 * file, linted against the fixture catalog), `json metric` (a metric added to the fixture
 * catalog), `json dashboard` (a Grafana dashboard, linted against the fixture catalog) or
 * `json slo` (an SLO added to the fixture catalog). After the tag, `prometheus=2.42` (or `3`, or
 * `2.42,3`) and `features=<flag>,<flag>` say which Prometheus the example is judged by, as
 * `--prometheus` and `--enable-feature` do; without them, lint's default.
 */
export interface DocExample {
  readonly kind: "rules" | "metric" | "dashboard" | "slo";
  readonly text: string;
  readonly expect: "incorrect" | "correct";
  /** `prometheus=` of the fence, split at commas. */
  readonly prometheus?: readonly string[];
  /** `features=` of the fence, split at commas. */
  readonly features?: readonly string[];
}

export const REQUIRED_SECTIONS = ["What it checks", "Why", "Examples", "How to silence it"] as const;

export function docSections(md: string): string[] {
  return [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
}

export function docExamples(md: string): DocExample[] {
  const start = md.indexOf("## Examples");
  if (start < 0) return [];
  const end = md.indexOf("\n## ", start + 1);
  const body = md.slice(start, end < 0 ? undefined : end);
  const out: DocExample[] = [];
  let expect: DocExample["expect"] | undefined;
  const re = /^(Incorrect:|Correct:)\s*$|^```(yaml rules|json metric|json dashboard|json slo)((?: [a-z]+=\S+)*)\n([\s\S]*?)^```/gm;
  for (const m of body.matchAll(re)) {
    if (m[1]) expect = m[1] === "Incorrect:" ? "incorrect" : "correct";
    else if (expect) {
      const attrs = new Map([...(m[3] ?? "").matchAll(/ ([a-z]+)=(\S+)/g)].map((a) => [a[1]!, a[2]!.split(",")]));
      out.push({
        kind: m[2] === "yaml rules" ? "rules" : m[2] === "json metric" ? "metric" : m[2] === "json slo" ? "slo" : "dashboard",
        text: m[4]!,
        expect,
        ...(attrs.has("prometheus") ? { prometheus: attrs.get("prometheus")! } : {}),
        ...(attrs.has("features") ? { features: attrs.get("features")! } : {}),
      });
    }
  }
  return out;
}
