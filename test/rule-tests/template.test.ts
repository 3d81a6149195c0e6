/** Expanding alert templates the way Prometheus does, and refusing what is not reproduced. */
import { describe, expect, it } from "vitest";
import { renderTemplate, TemplateUnsupportedError, usesValue } from "../../src/emit/rule-tests/go-template.js";

const data = { labels: { __name__: "m", service: "market_data", symbol: "AAPL" }, value: 1234567 };

describe("alert template expansion", () => {
  it("prints $value with Go's %v and labels as they are", () => {
    expect(renderTemplate("{{ $labels.service }} uses {{ $value }} MB.", data)).toBe("market_data uses 1.234567e+06 MB.");
    expect(renderTemplate("{{ .Labels.symbol }}: {{ .Value }}", data)).toBe("AAPL: 1.234567e+06");
  });

  it("prints a label the result series lacks as nothing (missingkey=zero)", () => {
    expect(renderTemplate("[{{ $labels.nope }}]", data)).toBe("[]");
    expect(renderTemplate("[{{ $externalLabels.cluster }}]", data)).toBe("[]");
  });

  it("pipes values into the humanize functions, printf, toUpper and toLower", () => {
    expect(renderTemplate("{{ $value | humanize }}", data)).toBe("1.235M");
    expect(renderTemplate("{{ humanize1024 $value }}", data)).toBe("1.177Mi");
    expect(renderTemplate("{{ $value | humanizePercentage }}", { labels: {}, value: 0.015625 })).toBe("1.562%");
    expect(renderTemplate('{{ printf "%.1f" $value }} / {{ $value | printf "%.0f" }}', { labels: {}, value: 2.25 })).toBe("2.2 / 2");
    expect(renderTemplate("{{ $labels.symbol | toLower }} {{ toUpper $labels.service }}", data)).toBe("aapl MARKET_DATA");
    expect(renderTemplate('{{ "7.5" | humanize }}', data)).toBe("7.5");
  });

  it("honours trim markers and comments", () => {
    expect(renderTemplate("a   {{- $labels.symbol -}}   b{{/* note */}}", data)).toBe("aAAPLb");
    // `{{-3}}` is the number -3, not a trim marker (Go needs a space after `{{-`).
    expect(() => renderTemplate("a {{-3}}", data)).toThrow(/number constant -3/);
  });

  it("reads actions with Go's text/template lexer: delimiters inside strings, every string escape", () => {
    expect(renderTemplate('{{ printf "%s}}" $labels.symbol }}', data)).toBe("AAPL}}");
    expect(renderTemplate('{{ "caf\\u00e9 \\x41\\101" }}', data)).toBe("café AA");
    expect(renderTemplate("{{ `{{raw}}` }}", data)).toBe("{{raw}}");
    // A space ends the chain: `$labels .symbol` is two operands, which a value cannot take.
    expect(() => renderTemplate("{{ $labels .symbol }}", data)).toThrow(/arguments after a value/);
    expect(() => renderTemplate('{{ "\\xff" }}', data)).toThrow(/byte escape/);
    expect(() => renderTemplate("{{ $labels.symbol", data)).toThrow(/a template Go rejects \(unclosed action\)/);
  });

  it("refuses what it does not reproduce, naming it", () => {
    for (const [tpl, what] of [
      ["{{ if $value }}x{{ end }}", "{{ if }}"],
      ['{{ query "up" }}', "the function query"],
      ["{{ $x := 1 }}", "a variable assignment"],
      ["{{ humanize ($value) }}", "parentheses"],
      ["{{ $labels }}", "printing a whole label map"],
      ["{{ $value | title }}", "the function title"],
      ["{{ $externalURL }}", "$externalURL"],
    ] as const) {
      expect(() => renderTemplate(tpl, data), tpl).toThrow(TemplateUnsupportedError);
      expect(() => renderTemplate(tpl, data), tpl).toThrow(what);
    }
  });

  it("needs a value only where a template reads it", () => {
    expect(renderTemplate("{{ $labels.symbol }}", { labels: { symbol: "X" }, value: null })).toBe("X");
    expect(() => renderTemplate("{{ $value }}", { labels: {}, value: null })).toThrow(/no value/);
    expect(usesValue("{{ $value | humanize }}")).toBe(true);
    expect(usesValue("{{ .Value }}")).toBe(true);
    expect(usesValue("{{ $labels.x }}")).toBe(false);
  });
});
