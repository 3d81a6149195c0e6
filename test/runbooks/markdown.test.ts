/**
 * Markdown escaping, checked by rendering with a CommonMark + GFM-tables parser (markdown-it,
 * raw HTML off as GitHub has it for untrusted text): whatever a catalog string holds renders
 * as exactly that text, in a paragraph, a table cell, a code span or a fenced block.
 */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import {
  bulletList,
  codeBlock,
  codeSpan,
  escapeParagraphs,
  escapeText,
  heading,
  link,
  linkDestination,
  orderedList,
  table,
} from "../../src/emit/runbooks/markdown.js";

const md = new MarkdownIt({ html: true, linkify: false });

/** The text of rendered HTML, exactly: tags dropped, entities decoded. */
function decode(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The text of a rendered block, without the surrounding line breaks. */
function textOf(html: string): string {
  return decode(html).trim();
}

/** Strings that would be markup if written as is. */
const NASTY = [
  "*bold* and _em_ and __strong__",
  "a | b | c",
  "`code` and ``double``",
  "<script>alert(1)</script> <b>x</b>",
  "# not a heading",
  "## also not",
  "- not a list",
  "+ not a list",
  "* not a list",
  "1. not a list",
  "2) not a list",
  "> not a quote",
  "=== not a setext",
  "---",
  "***",
  "___",
  "[link](http://x) and ![img](y)",
  "[ref]: http://x",
  "&amp; &#42; &copy; stay as typed",
  "~~strike~~ and ~single~",
  "back\\slash\\ and trailing\\",
  "    four spaces of indent",
  "```",
  "~~~",
  "<http://autolink.example>",
  "P&L of max_daily_loss: {{ $value | humanizePercentage }}",
  "_leading and trailing_",
  "snake_case_name and __dunder__",
  "| --- |",
  "1986\\. a year",
  "C# and F#",
  "ends with #",
  "unicode: μs × − ✓",
];

describe("escapeText", () => {
  for (const s of NASTY) {
    it(`renders ${JSON.stringify(s)} as written, in a paragraph`, () => {
      const html = md.render(escapeText(s));
      expect(html.startsWith("<p>"), html).toBe(true);
      expect(textOf(html)).toBe(s.trim());
    });
  }

  it("puts several lines on one line", () => {
    expect(escapeText("a\nb\r\nc")).toBe("a b c");
  });

  it("keeps intra-word underscores readable and escapes the others", () => {
    expect(escapeText("max_daily_loss")).toBe("max_daily_loss");
    expect(escapeText("_x_")).toBe("\\_x\\_");
  });

  it("escapes `|` only for tables", () => {
    expect(escapeText("a | b")).toBe("a | b");
    expect(escapeText("a | b", { table: true })).toBe("a \\| b");
  });
});

describe("escapeParagraphs", () => {
  it("keeps paragraphs and renders every line as written", () => {
    const text = "first line\n# second\n\n- third\n=== fourth";
    const html = md.render(escapeParagraphs(text));
    expect(html.match(/<p>/g)?.length).toBe(2);
    expect(textOf(html).split(/\n+/)).toEqual(["first line", "# second", "- third", "=== fourth"]);
  });

  it("cannot make a table out of two lines", () => {
    expect(md.render(escapeParagraphs("a | b\n| --- | --- |"))).not.toContain("<table>");
  });
});

describe("table", () => {
  it("keeps one cell per column whatever the cells hold", () => {
    const cells = NASTY.map((s) => escapeText(s, { table: true }));
    const html = md.render(
      table(
        ["text", "code"],
        cells.map((c, i) => [c, codeSpan(NASTY[i]!, { table: true })]),
      ),
    );
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1);
    expect(rows).toHaveLength(NASTY.length);
    rows.forEach((r, i) => {
      const tds = [...r[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
      expect(tds).toHaveLength(2);
      expect(textOf(tds[0]!)).toBe(NASTY[i]!.trim());
      expect(decode(tds[1]!)).toBe(NASTY[i]!);
    });
  });

  it("writes an empty cell as a space", () => {
    expect(table(["a"], [[""]])).toBe("| a |\n| --- |\n|   |");
  });
});

describe("codeSpan", () => {
  const cases = ["up == 0", "a`b", "``x``", "`", "x`", "sum by (le) (rate(x[5m]))", " padded ", 'status=~"500|503"'];
  for (const c of cases) {
    it(`holds ${JSON.stringify(c)} literally`, () => {
      const html = md.renderInline(codeSpan(c));
      const inner = /^<code>([\s\S]*)<\/code>$/.exec(html)?.[1];
      expect(inner, html).toBeDefined();
      expect(decode(inner!)).toBe(c);
    });
  }
});

describe("codeBlock", () => {
  const contents = [
    'histogram_quantile(0.99, sum by (le) (rate(x_bucket{a="b|c"}[5m]))) > 5',
    "```\nnested fence\n```",
    "````\nlonger fence\n`````",
    "a `tick` and a ```` run",
    "# a comment\n- not a list\n<b>not html</b>",
  ];
  for (const c of contents) {
    it(`holds ${JSON.stringify(c)} literally in one block`, () => {
      const html = md.render(codeBlock(c, "promql"));
      const blocks = [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)];
      expect(blocks).toHaveLength(1);
      expect(decode(blocks[0]![1]!)).toBe(`${c}\n`);
      expect(html.replace(/<pre>[\s\S]*<\/pre>/, "").trim()).toBe("");
    });
  }

  it("fences with at least three backticks, and more than the longest run inside", () => {
    expect(codeBlock("x").split("\n")[0]).toBe("```");
    expect(codeBlock("a ````` b").split("\n")[0]).toBe("``````");
  });

  it("reduces the info string to a safe word", () => {
    expect(codeBlock("x", "promql`; rm").split("\n")[0]).toBe("```promqlrm");
  });
});

describe("lists", () => {
  it("keeps a multi-line item (code block, sub-list) inside its item", () => {
    const html = md.render(orderedList(["**Review logs**:\n```bash\ngrep x | tail\n```", "**Decision**:\n- one\n- two", "last"]));
    expect(html.match(/<li>/g)?.length).toBe(5);
    expect(html).toContain('<pre><code class="language-bash">grep x | tail\n</code></pre>');
    expect(html.indexOf("</ol>")).toBe(html.lastIndexOf("</ol>"));
    expect(html.trim().endsWith("</ol>")).toBe(true);
  });

  it("numbers ten and more items, each continuation indented under its marker", () => {
    const items = Array.from({ length: 11 }, (_, i) => `step ${i + 1}\n${codeBlock(`q${i + 1}`)}`);
    const html = md.render(orderedList(items));
    expect(html.match(/<li>/g)?.length).toBe(11);
    expect(html.match(/<pre>/g)?.length).toBe(11);
  });

  it("keeps a code block under a bullet", () => {
    const html = md.render(bulletList([`a\n\n${codeBlock("x > 1", "promql")}`, "b"]));
    expect(html.match(/<li>/g)?.length).toBe(2);
    expect(html).toMatch(/<li>\s*<p>a<\/p>\s*<pre><code class="language-promql">x &gt; 1\n<\/code><\/pre>\s*<\/li>/);
  });
});

describe("heading", () => {
  it("keeps a trailing # run as text", () => {
    expect(textOf(md.render(heading(2, "Use C #")))).toBe("Use C #");
    expect(textOf(md.render(heading(2, "ends with ##")))).toBe("ends with ##");
    expect(md.render(heading(3, "# x"))).toMatch(/^<h3>/);
  });
});

describe("link", () => {
  it("escapes the text and keeps the destination", () => {
    const html = md.renderInline(link("A › *B* [c]", "http://localhost:3000/d/uid?viewPanel=3"));
    expect(html).toBe('<a href="http://localhost:3000/d/uid?viewPanel=3">A › *B* [c]</a>');
  });

  it("wraps a destination with spaces, parentheses or angle brackets so it stays one link", () => {
    expect(linkDestination("a b(c)")).toBe("<a%20b(c)>");
    const html = md.renderInline(link("x", "http://h/a b)<c>"));
    expect(html).toBe('<a href="http://h/a%20b)%3Cc%3E">x</a>');
  });

  it("survives a table cell with a `|` in the URL", () => {
    const html = md.render(table(["l"], [[link("a|b", "http://h/x|y", { table: true })]]));
    expect(html).toContain('<td><a href="http://h/x%7Cy">a|b</a></td>');
  });
});
