/**
 * promql/regexp: regex matchers that say less than they seem to. Prometheus anchors every regex
 * matcher at both ends (`^(?:value)$`, see `labels.NewFastRegexMatcher`), so `job=~"^api$"` is
 * `job=~"api"`, which is `job="api"`.
 *
 * `job=~".*"` accepts every value, the empty one included, so it selects what the selector without
 * it selects; it is not reported. It costs nothing (the TSDB skips it: `PostingsForMatchers` in
 * tsdb/querier.go, v3.14.0, ".* regexp matches any string: do nothing"), and generated rules write
 * it on purpose where a template leaves a matcher open (`namespace=~".*"`).
 */
import { isTemplated } from "../../../compat/grafana-macros.js";
import type { LabelMatcher } from "../../../promql/ast.js";
import { goQuote } from "../../../compat/go/quote.js";
import { compileMatcherRegex } from "../../../promql/regex.js";
import { walk } from "../../../promql/walk.js";
import { defineRule } from "../../types.js";

/** RE2's metacharacters (Go's `regexp.QuoteMeta` set): a value without them matches only itself. */
const META = /[\\.+*?()|[\]{}^$]/;

/** The value without a redundant leading `^` and trailing (unescaped) `$`, and which were there. */
function stripAnchors(value: string): { rest: string; anchors: string[] } {
  const anchors: string[] = [];
  let rest = value;
  // `^` as the very first character can only match at the start of the text, where the
  // implicit anchor already is (even in `^a|b` it binds to the first branch only).
  if (rest.startsWith("^")) {
    anchors.push("^");
    rest = rest.slice(1);
  }
  if (rest.endsWith("$")) {
    // `a\$` ends in a literal dollar: count the backslashes before it.
    let slashes = 0;
    for (let i = rest.length - 2; i >= 0 && rest[i] === "\\"; i--) slashes++;
    if (slashes % 2 === 0) {
      anchors.push("$");
      rest = rest.slice(0, -1);
    }
  }
  return { rest, anchors };
}

export default defineRule({
  meta: {
    id: "promql/regexp",
    severity: "warning",
    impact: "convention",
    // A regex matcher holding a plain value costs a regex match per label value where an equality
    // would do (pint's promql/regexp reports it by default for that reason); certain, and the fix
    // is one character. Redundant anchors cost nothing: a convention.
    messageImpacts: { literal: "cost" },
    description: "Regex matchers use regex syntax, without redundant anchors.",
    messages: {
      literal:
        "{{matcher}} has no regex syntax: write {{replacement}}, an exact match that is cheaper and says what it means (Prometheus anchors regexes, so it matches that value only)",
      anchors: "{{matcher}}: {{anchors}} redundant, Prometheus anchors every regex matcher at both ends",
    },
  },
  rule({ ast, rule, report }) {
    if (!ast) return;
    const check = (m: LabelMatcher): void => {
      if (m.op !== "=~" && m.op !== "!~") return;
      if (compileMatcherRegex(m.value).error !== undefined) return;
      // A dashboard variable (`=~"$service"`) stands for a regex chosen at view time.
      if (isTemplated(rule.templated, m.valueSpan)) return;
      const matcher = rule.expr.slice(m.from, m.to);
      const span = { from: m.from, to: m.to };
      const { rest, anchors } = stripAnchors(m.value);
      if (m.op === "=~" && rest === ".*" && anchors.length === 0) {
        // A no-op placeholder (`namespace=~".*"`): harmless, often generated on purpose.
        return;
      }
      if (!META.test(rest)) {
        const replacement = `${m.name}${m.op === "=~" ? "=" : "!="}${goQuote(rest)}`;
        report({ messageId: "literal", data: { matcher, replacement }, span });
      } else if (anchors.length > 0) {
        const shown = anchors.map((a) => `\`${a}\``).join(" and ");
        report({ messageId: "anchors", data: { matcher, anchors: anchors.length > 1 ? `the anchors ${shown} are` : `the anchor ${shown} is` }, span });
      }
    };
    walk(ast, (node) => {
      if (node.type === "VectorSelector") node.matchers.forEach(check);
    });
  },
});
