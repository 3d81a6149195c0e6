/**
 * Runbooks of a catalog whose texts hold Markdown's special characters, a PromQL string with
 * backtick runs, and hand-written Markdown: generated text renders as written, code stays code,
 * and the hand-written parts stay inside their sections.
 */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { runbookIndex } from "../../src/emit/runbooks.js";
import { runbookPage } from "../../src/emit/runbooks/page.js";
import { resolveCatalog } from "../../src/model/resolve.js";
import { baseCatalog } from "../helpers/catalogs.js";

const md = new MarkdownIt();
const NASTY_SUMMARY = "p99 | *slow* <b>checkout</b> `x` # _y_ [z](w)";
const NASTY_ACTION = "# Roll back\n- then call <ops>\n1. and *wait*";
const NASTY_EXPR = 'sum(rate(checkout_requests_total{status="a```b"}[5m])) > 0';

function catalog() {
  const raw = baseCatalog();
  raw.runbooks = { baseUrl: "https://runbooks.example.com/shop" };
  const slow = raw.services[0].alerts[0];
  slow.summary = NASTY_SUMMARY;
  slow.action = NASTY_ACTION;
  slow.runbook = {
    steps: ["Check `checkout_request_latency_ms`", "Then:\n```sh\necho done\n```"],
    notes: "Free *Markdown* note",
    escalation: "Call **the lead** after 30 minutes",
  };
  raw.services[0].alerts.push({
    name: "CheckoutOdd",
    priority: "P2",
    team: "web",
    for: "5m",
    summary: "Odd | requests",
    description: "desc",
    action: "look",
    condition: { kind: "expr", expr: NASTY_EXPR, metrics: ["checkout_requests_total"] },
  });
  raw.logQueries = [{ name: "Errors | all", query: "level:ERROR AND msg:`x`" }];
  const r = resolveCatalog(raw);
  if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

const model = catalog();
const slow = model.alerts.find((a) => a.name === "CheckoutSlow")!;
const odd = model.alerts.find((a) => a.name === "CheckoutOdd")!;

function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

describe("runbook text from an unfriendly catalog", () => {
  it("renders the summary as written", () => {
    const html = md.render(runbookPage(model, slow));
    const p = /<p><strong>Summary:<\/strong> (.*)<\/p>/.exec(html)?.[1];
    expect(decode(p!)).toBe(NASTY_SUMMARY);
  });

  it("renders a multi-line action as plain paragraph text, not a heading or a list", () => {
    const page = runbookPage(model, slow);
    const action = page.slice(page.indexOf("## First action"), page.indexOf("## Response"));
    const html = md.render(action);
    expect(html).not.toMatch(/<h1|<ul|<ol|<em/);
    expect(decode(html).replace(/\s+/g, " ")).toContain("# Roll back - then call <ops> 1. and *wait*");
  });

  it("puts PromQL holding backtick runs in a longer fence", () => {
    const html = md.render(runbookPage(model, odd));
    expect(html).toContain(`<pre><code class="language-promql">${NASTY_EXPR.replace(/"/g, "&quot;").replace(/>/g, "&gt;")}\n</code></pre>`);
  });

  it("keeps hand-written steps, notes and escalation as Markdown", () => {
    const html = md.render(runbookPage(model, slow));
    expect(html).toContain("<li>Check <code>checkout_request_latency_ms</code></li>");
    expect(html).toContain('<pre><code class="language-sh">echo done\n</code></pre>');
    expect(html).toContain("<p>Free <em>Markdown</em> note</p>");
    expect(html).toContain("<p>Call <strong>the lead</strong> after 30 minutes</p>");
  });

  it("keeps the index tables' cells whatever the summaries and queries hold", () => {
    const html = md.render(runbookIndex(model));
    const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    for (const tr of rows) expect([5, 3]).toContain((tr.match(/<t[dh]>/g) ?? []).length);
    expect(html).toContain("<td>Odd | requests</td>");
    expect(html).toContain("<td><code>level:ERROR AND msg:`x`</code></td>");
  });

  it("leaves the notification line out for a catalog without `alerting`", () => {
    expect(runbookPage(model, slow)).not.toContain("Notified through");
  });
});
