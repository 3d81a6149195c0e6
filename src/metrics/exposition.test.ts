import { describe, expect, it } from "vitest";
import { decodeExposition, type Exposition, expositionFormat, parseExposition, seriesName } from "./exposition.js";

const OM = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const TEXT = "text/plain; version=0.0.4; charset=utf-8";

/** Problems as `severity line:column message`. */
const problems = (e: Exposition) => e.problems.map((p) => `${p.severity} ${p.line}:${p.column} ${p.message}`);
const errors = (e: Exposition) => e.problems.filter((p) => p.severity === "error").map((p) => `${p.line}:${p.column} ${p.message}`);
const family = (e: Exposition, name: string) => e.families.find((f) => f.name === name);

describe("the format of an exposition", () => {
  it("is OpenMetrics when served as application/openmetrics-text, whatever its text", () => {
    expect(expositionFormat("a 1\n", OM)).toBe("openmetrics");
    expect(expositionFormat("a 1\n", "Application/OpenMetrics-Text;version=1.0.0")).toBe("openmetrics");
  });

  it("is the Prometheus text format when served as anything else, # EOF or not", () => {
    expect(expositionFormat("a 1\n# EOF\n", TEXT)).toBe("prometheus");
    expect(expositionFormat("a 1\n# EOF\n", "application/json")).toBe("prometheus");
  });

  it("is OpenMetrics without a content type when the last line is # EOF, else the Prometheus text format", () => {
    expect(expositionFormat("a 1\n# EOF\n")).toBe("openmetrics");
    expect(expositionFormat("a 1\n# EOF")).toBe("openmetrics");
    expect(expositionFormat("a 1\n")).toBe("prometheus");
    expect(expositionFormat("# EOF\na 1\n")).toBe("prometheus");
  });
});

describe("the Prometheus text format", () => {
  const parse = (text: string) => parseExposition(text, { contentType: TEXT });

  it("reads families with their type, help and samples, histogram and summary series included", () => {
    const e = parse(
      [
        "# HELP http_requests_total The total number of HTTP requests.",
        "# TYPE http_requests_total counter",
        'http_requests_total{method="post",code="200"} 1027 1395066363000',
        'http_requests_total{method="post",code="400"}    3 1395066363000',
        "",
        "# HELP rpc_duration_seconds A summary of the RPC duration in seconds.",
        "# TYPE rpc_duration_seconds summary",
        'rpc_duration_seconds{quantile="0.01"} 3102',
        'rpc_duration_seconds{quantile="0.99"} 76656',
        "rpc_duration_seconds_sum 1.7560473e+07",
        "rpc_duration_seconds_count 2693",
        "# TYPE http_request_duration_seconds histogram",
        'http_request_duration_seconds_bucket{le="0.05"} 24054',
        'http_request_duration_seconds_bucket{le="+Inf"} 144320',
        "http_request_duration_seconds_sum 53423",
        "http_request_duration_seconds_count 144320",
        "metric_without_timestamp_and_labels 12.47",
        "",
      ].join("\n"),
    );
    expect(problems(e)).toEqual([]);
    expect(e.format).toBe("prometheus");
    expect(e.families.map((f) => [f.name, f.type, f.samples.length, f.line])).toEqual([
      ["http_requests_total", "counter", 2, 1],
      ["rpc_duration_seconds", "summary", 4, 6],
      ["http_request_duration_seconds", "histogram", 4, 12],
      ["metric_without_timestamp_and_labels", "untyped", 1, 17],
    ]);
    const requests = family(e, "http_requests_total")!;
    expect(requests.help).toBe("The total number of HTTP requests.");
    expect(requests.samples[1]).toEqual({
      name: "http_requests_total",
      labels: [
        { name: "method", value: "post" },
        { name: "code", value: "400" },
      ],
      value: 3,
      timestamp: 1395066363000,
      exemplar: null,
      line: 4,
    });
  });

  it('unescapes \\\\ and \\n in HELP, and \\\\, \\" and \\n in label values, keeping other backslashes as written', () => {
    const e = parse(['# HELP a Quote " back \\\\ line \\n tab \\t', 'a{path="C:\\\\DIR",msg="say \\"hi\\"\\n",odd="\\t"} 1', ""].join("\n"));
    expect(problems(e)).toEqual([]);
    expect(family(e, "a")!.help).toBe('Quote " back \\ line \n tab \\t');
    expect(family(e, "a")!.samples[0]!.labels).toEqual([
      { name: "path", value: "C:\\DIR" },
      { name: "msg", value: 'say "hi"\n' },
      { name: "odd", value: "\\t" },
    ]);
  });

  it("takes the rest of a HELP line after the one blank that ends the name, and an empty HELP as empty", () => {
    const e = parse("# HELP a  two spaces \n# HELP b\n");
    expect(family(e, "a")!.help).toBe(" two spaces ");
    expect(family(e, "b")!.help).toBe("");
  });

  it("reads NaN, ±Inf and Infinity in any case, exponents and bare points, as Go's ParseFloat does", () => {
    const values = ["NaN", "Nan", "+Inf", "-Inf", "Infinity", "-inf", "1e3", ".5", "5.", "-0", "1.7560473e+07"];
    const e = parse(`${values.map((v, i) => `v${i} ${v}`).join("\n")}\n`);
    expect(problems(e)).toEqual([]);
    expect(e.families.map((f) => f.samples[0]!.value)).toEqual([NaN, NaN, Infinity, -Infinity, Infinity, -Infinity, 1000, 0.5, 5, -0, 17560473]);
  });

  it("refuses hex and underscore numbers, a signed NaN and words, as Prometheus's parser does, at the value's column", () => {
    const e = parse("a 0x1p3\nb 1_000\nc +NaN\nd one\ne 1e400\n");
    expect(errors(e)).toEqual([
      '1:3 invalid value "0x1p3": expected a number, NaN, +Inf or -Inf',
      '2:3 invalid value "1_000": expected a number, NaN, +Inf or -Inf',
      '3:3 invalid value "+NaN": expected a number, NaN, +Inf or -Inf',
      '4:3 invalid value "one": expected a number, NaN, +Inf or -Inf',
      "5:3 value 1e400 is out of range for a 64-bit float",
    ]);
    expect(e.families).toEqual([]);
  });

  it("takes a timestamp of digits only: Prometheus refuses a negative or fractional one", () => {
    const e = parse("a 1 1395066363000\nb 1 -3982045\nc 1 1.5\nd 1 2 3\n");
    expect(errors(e)).toEqual([
      '2:5 unexpected "-3982045" after the value: a timestamp is whole milliseconds, digits only',
      '3:5 unexpected "1.5" after the value: a timestamp is whole milliseconds, digits only',
      '4:7 unexpected "3" after the timestamp',
    ]);
    expect(family(e, "a")!.samples[0]!.timestamp).toBe(1395066363000);
  });

  it("allows blanks and tabs around every token, a trailing comma, empty braces and blank lines", () => {
    const e = parse('  a \t{ b = "1" , c="2", }\t 7   \n\n\t\nd{} 1\n');
    expect(problems(e)).toEqual([]);
    expect(family(e, "a")!.samples[0]!.labels).toEqual([
      { name: "b", value: "1" },
      { name: "c", value: "2" },
    ]);
  });

  it("warns about labels without a comma between them, which Prometheus accepts", () => {
    expect(problems(parse('a{b="1" c="2"} 1\n'))).toEqual(["warning 1:9 labels are separated by commas (Prometheus accepts the missing one)"]);
  });

  it("reads `#` lines other than `# HELP` and `# TYPE` as comments, `#HELP` among them", () => {
    const e = parse("# a comment\n#HELP a not help\n# EOF\n# HELPER x\na 1\n");
    expect(problems(e)).toEqual([]);
    expect(family(e, "a")!.help).toBeNull();
  });

  it("refuses a TYPE that is not one of the format's five, naming OpenMetrics's when it is one of those", () => {
    const e = parse("# TYPE a info\n# TYPE b counter \n# TYPE c\n");
    expect(errors(e)).toEqual([
      '1:10 invalid metric type "info": use counter, gauge, histogram, summary or untyped (an OpenMetrics type; serve it as application/openmetrics-text)',
      '2:10 invalid metric type "counter ": use counter, gauge, histogram, summary or untyped',
      '3:9 invalid metric type "": use counter, gauge, histogram, summary or untyped',
    ]);
  });

  it("refuses an invalid metric or label name, a label written twice and an unterminated value, with their columns", () => {
    const e = parse('a.b 1\n{"my.metric"} 1\na{0x="1"} 1\na{x="1",x="2"} 1\na{x="1} 1\na{x=1} 1\n# HELP 9a x\n');
    expect(errors(e)).toEqual([
      '1:2 "a.b" is not a valid metric name',
      '2:1 expected a metric name or #, found "{" (a quoted metric name inside the braces is not part of this format)',
      '3:3 expected a label name, found "0"',
      "4:9 label x appears twice",
      '5:5 unterminated value of the label x: expected a closing "',
      "6:5 expected a quoted value for the label x",
      "7:8 expected a metric name after HELP",
    ]);
  });

  it("refuses an exemplar, which only OpenMetrics has", () => {
    expect(errors(parse('a_total 1 # {trace_id="x"} 1\n'))).toEqual(['1:11 unexpected "#" after the value: exemplars are OpenMetrics only']);
  });

  it("says so when a carriage return ends a line", () => {
    expect(errors(parse("a 1\r\n"))).toEqual(['1:3 invalid value "1\\r": lines end with a line feed alone, not a carriage return']);
  });

  it("puts x_bucket, x_sum and x_count in histogram x, x_sum and x_count in summary x, and nothing else in either", () => {
    const e = parse(
      [
        "# TYPE h histogram",
        'h_bucket{le="+Inf"} 1',
        "h_sum 1",
        "h_count 1",
        "# TYPE s summary",
        "s_sum 1",
        "s_count 1",
        "s_bucket 1",
        "# TYPE g gauge",
        "g_count 1",
        "",
      ].join("\n"),
    );
    expect(e.families.map((f) => [f.name, f.type, f.samples.map((s) => s.name)])).toEqual([
      ["h", "histogram", ["h_bucket", "h_sum", "h_count"]],
      ["s", "summary", ["s_sum", "s_count"]],
      ["s_bucket", "untyped", ["s_bucket"]],
      ["g", "gauge", []],
      ["g_count", "untyped", ["g_count"]],
    ]);
  });

  it("finds a sample's family by name whatever the order, warning about metadata after the samples and lines not grouped", () => {
    const e = parse(['h_bucket{le="+Inf"} 1', "# TYPE h histogram", "b 1", "h_count 1", "h_sum 1", ""].join("\n"));
    expect(family(e, "h")!.samples.map((s) => s.name)).toEqual(["h_bucket", "h_count", "h_sum"]);
    expect(problems(e)).toEqual([
      "warning 2:1 TYPE line of h after its samples (line 1): metadata comes first",
      "warning 4:1 lines of h are not grouped together (it started at line 1): all lines of a metric must be one group",
    ]);
  });

  it("warns about a second TYPE or HELP line of a family and keeps the first", () => {
    const e = parse("# TYPE a counter\n# TYPE a gauge\n# HELP a one\n# HELP a two\na 1\n");
    expect(problems(e)).toEqual([
      "warning 2:1 second TYPE line of a (the first is at line 1): only one may exist",
      "warning 4:1 second HELP line of a (the first is at line 3): only one may exist",
    ]);
    expect([family(e, "a")!.type, family(e, "a")!.help]).toEqual(["counter", "one"]);
  });

  it("warns about a series written twice, and about a histogram without +Inf, unordered or not cumulative, or whose count differs", () => {
    const e = parse(
      [
        'a{x="1"} 1',
        'a{x="1"} 2',
        "# TYPE h histogram",
        'h_bucket{le="1"} 1',
        'h_bucket{le="0.5"} 1',
        "h_count 1",
        "# TYPE i histogram",
        'i_bucket{le="1"} 2',
        'i_bucket{le="2"} 1',
        'i_bucket{le="+Inf"} 3',
        "i_count 4",
        "",
      ].join("\n"),
    );
    expect(problems(e)).toEqual([
      "warning 2:1 a with the same labels again (first at line 1): each line must have a unique name and label set",
      'warning 5:1 le="0.5" after a higher one: buckets must increase in le',
      'warning 5:1 h has no le="+Inf" bucket: a histogram must have one',
      'warning 9:1 bucket le="2" counts 1, fewer than the bucket before (2): buckets are cumulative',
      'warning 11:1 i_count is 4 but the le="+Inf" bucket is 3: they must be equal',
    ]);
  });

  it("warns when the last line does not end with a line feed", () => {
    expect(problems(parse("a 1"))).toEqual(["warning 1:4 the last line must end with a line feed"]);
  });

  it("reads an empty exposition as no families", () => {
    expect(parse("")).toEqual({ format: "prometheus", families: [], problems: [] });
  });
});

describe("OpenMetrics 1.0", () => {
  const parse = (text: string) => parseExposition(text, { contentType: OM });

  const VALID = [
    "# TYPE acme_http_router_request_seconds summary",
    "# UNIT acme_http_router_request_seconds seconds",
    "# HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.",
    'acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32',
    'acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0',
    'acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0',
    "# TYPE process_cpu_seconds counter",
    "# UNIT process_cpu_seconds seconds",
    "# HELP process_cpu_seconds Total user and system CPU time spent in seconds.",
    'process_cpu_seconds_total 4.20072246e+06 # {trace_id="KOO5S4vxi0o"} 0.67 1520879607.789',
    "process_cpu_seconds_created 1520430000.123",
    "# TYPE foo histogram",
    'foo_bucket{le="0.01"} 0',
    'foo_bucket{le="0.1"} 8 # {} 0.054',
    'foo_bucket{le="+Inf"} 17',
    "foo_count 17",
    "foo_sum 324789.3",
    "# TYPE q gaugehistogram",
    'q_bucket{le="-1.0"} 1',
    'q_bucket{le="+Inf"} 3',
    "q_gcount 3",
    "q_gsum -5",
    "# TYPE st stateset",
    'st{entity="controller",st="a"} 1.0',
    'st{entity="controller",st="bb"} 0.0',
    "# TYPE build info",
    'build_info{name="pretty name",version="8.2.7"} 1',
    "# TYPE g gauge",
    'g{a="b"} 17.0 1520879607.789',
    'g{a="b"} 18.0 1520879607.789',
    'g{a="b"} 19.0 1520879608',
    "# TYPE u unknown",
    "u 42.23",
    "untyped_without_metadata NaN",
    "# EOF",
    "",
  ].join("\n");

  it("reads every type, with units, created samples, exemplars and timestamps, without a problem", () => {
    const e = parse(VALID);
    expect(problems(e)).toEqual([]);
    expect(e.format).toBe("openmetrics");
    expect(e.families.map((f) => [f.name, f.type, f.unit, f.samples.length])).toEqual([
      ["acme_http_router_request_seconds", "summary", "seconds", 3],
      ["process_cpu_seconds", "counter", "seconds", 2],
      ["foo", "histogram", null, 5],
      ["q", "gaugehistogram", null, 4],
      ["st", "stateset", null, 2],
      ["build", "info", null, 1],
      ["g", "gauge", null, 3],
      ["u", "unknown", null, 1],
      ["untyped_without_metadata", "unknown", null, 1],
    ]);
  });

  it("names a counter's family without _total and its samples with it, and converts timestamps from seconds to milliseconds", () => {
    const cpu = family(parse(VALID), "process_cpu_seconds")!;
    expect(cpu.samples.map((s) => s.name)).toEqual(["process_cpu_seconds_total", "process_cpu_seconds_created"]);
    expect(cpu.samples[0]!.exemplar).toEqual({ labels: [{ name: "trace_id", value: "KOO5S4vxi0o" }], value: 0.67, timestamp: 1520879607789 });
    expect(family(parse(VALID), "g")!.samples.map((s) => s.timestamp)).toEqual([1520879607789, 1520879607789, 1520879608000]);
  });

  it('treats an empty HELP or UNIT as none, and unescapes \\" in HELP too', () => {
    const e = parse('# HELP a \n# UNIT a \n# HELP b say \\"hi\\"\\n\n# EOF\n');
    expect(problems(e)).toEqual([]);
    expect([family(e, "a")!.help, family(e, "a")!.unit, family(e, "b")!.help]).toEqual([null, null, 'say "hi"\n']);
  });

  it("accepts # EOF without a final line feed, and refuses a missing # EOF or text after it", () => {
    expect(problems(parse("a 1\n# EOF"))).toEqual([]);
    expect(errors(parse("a 1\n"))).toEqual(["1:1 no `# EOF` line: an OpenMetrics exposition ends with one"]);
    expect(errors(parse("a 1\n# EOF\nb 1\n"))).toEqual(["3:1 text after `# EOF`: it must end the exposition"]);
  });

  it("refuses blank lines, comments, a leading blank, double spaces and a trailing comma, which the Prometheus format allows", () => {
    const e = parse('a 1\n\n# a comment\n b 1\nc  1\nd{x="1",} 1\ne 1 \n# EOF\n');
    expect(errors(e)).toEqual([
      "2:1 a blank line: OpenMetrics allows none",
      "3:1 a comment: OpenMetrics allows no # lines besides TYPE, HELP, UNIT and the final EOF",
      "4:1 a line starting with a blank: OpenMetrics separates tokens with single spaces and allows none at the start",
      "5:3 expected a value after a single space",
      "6:8 a comma before }: OpenMetrics allows no trailing comma",
      "7:5 a trailing or double space",
    ]);
  });

  it("refuses untyped, which OpenMetrics calls unknown, and a UNIT that is not the name's suffix", () => {
    expect(errors(parse("# TYPE a untyped\n# TYPE b_seconds gauge\n# UNIT b_seconds milliseconds\n# EOF\n"))).toEqual([
      '1:10 invalid metric type "untyped": use counter, gauge, histogram, gaugehistogram, stateset, info, summary or unknown (OpenMetrics calls it unknown)',
      "3:18 unit milliseconds is not the suffix of the name b_seconds: name it b_seconds_milliseconds, or drop the UNIT line",
    ]);
  });

  it("refuses a counter sample without _total, metadata after samples, a family written twice and sample names that clash", () => {
    const e = parse(
      ["# TYPE a counter", "a 1", "# TYPE b gauge", "b 1", "# HELP b late", "c 1", "b 2", "# TYPE d_created gauge", "# TYPE d counter", "# EOF", ""].join("\n"),
    );
    expect(errors(e)).toEqual([
      "2:1 counter a writes its value as a_total: OpenMetrics names a counter's samples with the suffix",
      "5:1 HELP line of b after its samples: metadata comes first",
      "7:1 b again (the family started at line 3): a family's lines must be one group, and its name unique",
      "9:1 d (counter) can write samples named d_created, as the family d_created can: sample names must not clash",
    ]);
  });

  it("refuses values the types forbid: a negative or NaN counter, a non-integer bucket, an info other than 1, a state other than 0 or 1", () => {
    const e = parse(
      [
        "# TYPE a counter",
        "a_total -1",
        "# TYPE h histogram",
        'h_bucket{le="+Inf"} 1.5',
        "# TYPE i info",
        "i_info 2",
        "# TYPE s stateset",
        's{s="on"} 2',
        "# TYPE q summary",
        'q{quantile="1.5"} 1',
        "# EOF",
        "",
      ].join("\n"),
    );
    expect(errors(e)).toEqual([
      "2:1 a_total is negative: a counter's total never is",
      "4:1 h_bucket is 1.5: a bucket is a whole number",
      "6:1 i_info is 2: an info's value is always 1",
      "8:1 s is 2: a state is 1 (true) or 0 (false)",
      '10:1 quantile="1.5": a quantile is a number from 0 to 1',
    ]);
  });

  it("refuses a histogram whose count differs from +Inf, a sum without a count, a non-canonical +Inf and unordered buckets", () => {
    const e = parse(
      [
        "# TYPE a histogram",
        'a_bucket{le="+Inf"} 3',
        "a_count 4",
        "a_sum 1",
        "# TYPE b histogram",
        'b_bucket{le="+Inf"} 0',
        "b_sum 0",
        "# TYPE c histogram",
        'c_bucket{le="2"} 0',
        'c_bucket{le="1"} 0',
        'c_bucket{le="+INF"} 0',
        "# EOF",
        "",
      ].join("\n"),
    );
    expect(errors(e)).toEqual([
      '3:1 a_count is 4 but the le="+Inf" bucket is 3: they must be equal',
      "7:1 b_sum without b_count: a sum comes with a count",
      '10:1 le="1" after a higher one: buckets must increase in le',
      '11:1 le="+INF": a bucket\'s bound is a decimal number or +Inf',
    ]);
  });

  it("refuses interleaved metrics, timestamps going back and a point written twice without timestamps", () => {
    const e = parse(
      ["# TYPE a gauge", 'a{x="1"} 1', 'a{x="2"} 1', 'a{x="1"} 2', "# TYPE b gauge", "b 1 2", "b 1 1", "# TYPE c gauge", "c 1", "c 2", "# EOF", ""].join("\n"),
    );
    expect(errors(e)).toEqual([
      "4:1 a of a label set written earlier in a: a Metric's samples must be one group",
      "4:1 a with the same labels again (first at line 2), without timestamps to tell the points apart",
      "7:1 b's timestamp goes back in time (from line 6): MetricPoints must have increasing timestamps",
      "10:1 c with the same labels again (first at line 9), without timestamps to tell the points apart",
    ]);
  });

  it("refuses exemplars outside a counter's total and buckets, too long, or above their bucket", () => {
    const long = "x".repeat(128);
    const e = parse(
      [
        "# TYPE g gauge",
        'g 1 # {a="b"} 1',
        "# TYPE h histogram",
        `h_bucket{le="1"} 1 # {a="${long}"} 1`,
        'h_bucket{le="+Inf"} 1 # {} 0.5',
        "# TYPE k histogram",
        'k_bucket{le="1"} 1 # {} 2',
        'k_bucket{le="+Inf"} 1',
        "# EOF",
        "",
      ].join("\n"),
    );
    expect(errors(e)).toEqual([
      "2:1 an exemplar on g: only a counter's _total and a histogram's buckets take one",
      "4:22 exemplar labels of 129 characters: names and values may hold 128 at most",
      "7:1 exemplar value 2 is above its bucket's le 1",
    ]);
  });

  it("refuses a byte order mark and a carriage return", () => {
    expect(errors(parse("\uFEFFa 1\r\n# EOF\n"))).toEqual([
      "1:1 a byte order mark: OpenMetrics forbids one",
      "1:4 a carriage return: lines end with a line feed alone",
    ]);
  });

  it("keeps parsing after a bad line, reporting every one", () => {
    const e = parse("a 1\nb x\nc 1\nd{ 1\ne 1\n# EOF\n");
    expect(errors(e).map((p) => p.split(" ")[0])).toEqual(["2:3", "4:3"]);
    expect(e.families.map((f) => f.name)).toEqual(["a", "c", "e"]);
  });
});

describe("the name a family's series are stored under", () => {
  it("is the family's name, but a counter's and an info's with their suffix in OpenMetrics", () => {
    const om = parseExposition("# TYPE a counter\na_total 1\n# TYPE b info\nb_info 1\n# TYPE c gauge\nc 1\n# EOF\n", { contentType: OM });
    expect(om.families.map((f) => seriesName(f, om.format))).toEqual(["a_total", "b_info", "c"]);
    const text = parseExposition("# TYPE a_total counter\na_total 1\n", { contentType: TEXT });
    expect(text.families.map((f) => seriesName(f, text.format))).toEqual(["a_total"]);
  });
});

describe("decoding an exposition's bytes", () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

  it("reads UTF-8, multi-byte characters included, and keeps a byte order mark for the parser to judge", () => {
    expect(decodeExposition(bytes('a{x="caf\u00e9 \u{1F600}"} 1\n'))).toEqual({ text: 'a{x="caf\u00e9 \u{1F600}"} 1\n' });
    expect(decodeExposition(bytes([0xef, 0xbb, 0xbf], "a 1\n")).text).toBe("\uFEFFa 1\n");
  });

  it("points at the first byte that is not UTF-8, by line and character column", () => {
    expect(decodeExposition(bytes("a 1\n", 'b{x="\u00e9', [0xe9], '"} 1\n')).invalid).toEqual({ line: 2, column: 7, byte: 0xe9 });
    // An overlong encoding of "/", a surrogate, a sequence cut short at the end.
    expect(decodeExposition(bytes([0xc0, 0xaf])).invalid).toEqual({ line: 1, column: 1, byte: 0xc0 });
    expect(decodeExposition(bytes("x", [0xed, 0xa0, 0x80])).invalid).toEqual({ line: 1, column: 2, byte: 0xed });
    expect(decodeExposition(bytes("xy", [0xf0, 0x9f])).invalid).toEqual({ line: 1, column: 3, byte: 0xf0 });
  });
});
