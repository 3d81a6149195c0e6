/**
 * Label matcher regexes with RE2 syntax rules, as Prometheus 2.42 compiles them.
 *
 * 2.42's `labels.NewFastRegexMatcher` compiles `^(?:<value>)$` with Go's `regexp` and then parses
 * the bare value with `regexp/syntax` (Perl flags), so both must be valid: `a)(` is rejected even
 * though `^(?:a)()$` is fine. JavaScript's RegExp accepts a different language (lookarounds and
 * backreferences, but no `(?P<name>)`, `(?i)`, `\pN` or `[[:alpha:]]`), so instead of trusting it
 * this module checks Go's syntax itself, reproducing `regexp/syntax`'s error codes:
 * nested repetition (`a**`), counts over 1000 (also nested: `(a{500}){3}`), unknown escapes
 * (`\Z`, `\1`, `\C`), Perl groups other than `(?:`, `(?P<name>` and flags (`(?=`, `(?<name>`),
 * unknown Unicode classes and POSIX names, reversed ranges, missing or unexpected parentheses.
 *
 * Whether the matcher accepts the empty string (needed for "vector selector must contain at
 * least one non-empty matcher") is computed exactly from the syntax tree, without a regex engine.
 *
 * For later lint rules that need to run the regex, {@link compileMatcherRegex} also returns a
 * JavaScript RegExp (flag `v`) translated from the RE2 syntax. That translation is a close
 * approximation, not an exact match: case folding (`(?i)`) is simple per-character upper/lower
 * case, `\S` uses JavaScript's wider whitespace set, and Unicode tables follow Node's ICU version
 * rather than Go 1.19's. Syntax not checked: "expression nests too deeply" and "expression too
 * large" (limits near 1000 nested groups and huge programs).
 */

/** The outcome of compiling a `=~` / `!~` value the way Prometheus 2.42 does. */
export interface MatcherRegex {
  /** Go's error message (`error parsing regexp: ...`), when 2.42 rejects the regex. */
  readonly error?: string;
  /** Whether the anchored regex matches the empty string. */
  readonly matchesEmpty: boolean;
  /** An anchored JavaScript approximation (see the module comment); undefined on error. */
  readonly regexp?: RegExp;
}

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly U: boolean;
}

/** Nested `{n,m}` counts, for Go's `repeatIsValid` (no product of counts above 1000). */
interface RepNode {
  /** Set on `{min,max}` nodes; `max` is -1 for `{min,}`. */
  readonly bounds?: { readonly min: number; readonly max: number };
  readonly subs: readonly RepNode[];
}

interface Item {
  readonly js: string;
  readonly nullable: boolean;
  readonly rep: RepNode;
}

interface Frame {
  readonly alts: Item[][];
  /** Flags to restore when the group closes. */
  readonly savedFlags: Flags;
}

class RegexSyntaxError extends Error {}

const fail = (code: string, expr: string): never => {
  throw new RegexSyntaxError(`error parsing regexp: ${code}: \`${expr}\``);
};

const POSIX: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\u{0}-\\u{7f}",
  blank: "\\u{9}\\u{20}",
  cntrl: "\\u{0}-\\u{1f}\\u{7f}",
  digit: "0-9",
  graph: "\\u{21}-\\u{7e}",
  lower: "a-z",
  print: "\\u{20}-\\u{7e}",
  punct: "\\u{21}-\\u{2f}\\u{3a}-\\u{40}\\u{5b}-\\u{60}\\u{7b}-\\u{7e}",
  space: "\\u{9}-\\u{d}\\u{20}",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

const PERL: Readonly<Record<string, string>> = {
  d: "0-9",
  s: "\\u{9}\\u{a}\\u{c}\\u{d}\\u{20}",
  w: "0-9A-Za-z_",
};

/** Unicode general categories Go 1.19's `unicode.Categories` knows. */
const CATEGORIES = new Set("C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "));

function unicodeClassJs(name: string, negate: boolean): string | undefined {
  const p = negate ? "P" : "p";
  if (name === "Any") return negate ? "[]" : "[\\u{0}-\\u{10ffff}]";
  if (CATEGORIES.has(name)) return `\\${p}{${name}}`;
  // Scripts: JavaScript also accepts ISO 15924 aliases (`Grek`) that Go rejects; a known gap.
  if (!/^[A-Za-z_]+$/.test(name)) return undefined;
  const js = `\\${p}{Script=${name}}`;
  try {
    new RegExp(js, "v");
    return js;
  } catch {
    return undefined;
  }
}

const cpEsc = (cp: number): string =>
  (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;

function caseVariants(cp: number): number[] {
  const c = String.fromCodePoint(cp);
  const out = new Set<number>([cp]);
  for (const v of [c.toLowerCase(), c.toUpperCase()]) {
    if ([...v].length === 1) out.add(v.codePointAt(0)!);
  }
  return [...out];
}

function literalJs(cp: number, flags: Flags): string {
  if (!flags.i) return cpEsc(cp);
  const vs = caseVariants(cp);
  return vs.length === 1 ? cpEsc(cp) : `[${vs.map(cpEsc).join("")}]`;
}

function rangeJs(lo: number, hi: number, flags: Flags): string {
  let js = lo === hi ? cpEsc(lo) : `${cpEsc(lo)}-${cpEsc(hi)}`;
  if (flags.i) {
    if (lo === hi) js = caseVariants(lo).map(cpEsc).join("");
    const a = Math.max(lo, 0x61);
    const b = Math.min(hi, 0x7a);
    if (a <= b) js += `${cpEsc(a - 32)}-${cpEsc(b - 32)}`;
    const c = Math.max(lo, 0x41);
    const d = Math.min(hi, 0x5a);
    if (c <= d) js += `${cpEsc(c + 32)}-${cpEsc(d + 32)}`;
  }
  return js;
}

function repeatIsValid(node: RepNode, n: number): boolean {
  if (node.bounds !== undefined) {
    if (node.bounds.max === 0) return true;
    const m = node.bounds.max < 0 ? node.bounds.min : node.bounds.max;
    if (m > n) return false;
    if (m > 0) n = Math.floor(n / m);
  }
  return node.subs.every((s) => repeatIsValid(s, n));
}

/** Parses `re` with Go's `regexp/syntax` Perl rules; returns the JS source and nullability. */
function parseRe2(re: string): { js: string; nullable: boolean } {
  let t = 0; // index into re
  let flags: Flags = { i: false, m: false, s: false, U: false };
  const stack: Frame[] = [{ alts: [[]], savedFlags: flags }];
  let lastRepeat: number | undefined; // start of the previous repetition operator
  const cp = (i: number): number => re.codePointAt(i) ?? -1;
  const w = (c: number): number => (c > 0xffff ? 2 : 1);
  const frame = (): Frame => stack[stack.length - 1]!;
  const concat = (): Item[] => {
    const alts = frame().alts;
    return alts[alts.length - 1]!;
  };
  const push = (item: Item): void => {
    concat().push(item);
  };
  const atom = (js: string, nullable = false): void => push({ js, nullable, rep: { subs: [] } });

  const closeFrame = (f: Frame): Item => {
    const alts = f.alts.map((items) => ({
      js: items.map((x) => x.js).join(""),
      nullable: items.every((x) => x.nullable),
      reps: items.map((x) => x.rep),
    }));
    return {
      js: `(?:${alts.map((a) => a.js).join("|")})`,
      nullable: alts.some((a) => a.nullable),
      rep: { subs: alts.flatMap((a) => a.reps) },
    };
  };

  // Single character escape (`parseEscape`): returns the rune and the index after it.
  const parseEscape = (s: number): [number, number] => {
    let i = s + 1;
    if (i >= re.length) fail("trailing backslash at end of expression", "");
    const c = cp(i);
    i += w(c);
    const ch = String.fromCodePoint(c);
    if (c < 0x80 && !/[0-9A-Za-z]/.test(ch)) return [c, i];
    if (ch >= "1" && ch <= "7" && !(cp(i) >= 0x30 && cp(i) <= 0x37)) fail("invalid escape sequence", re.slice(s, i));
    if (ch >= "0" && ch <= "7") {
      let r = c - 0x30;
      for (let k = 1; k < 3 && cp(i) >= 0x30 && cp(i) <= 0x37; k++) r = r * 8 + cp(i++) - 0x30;
      return [r, i];
    }
    if (ch === "x") {
      if (i >= re.length) fail("invalid escape sequence", re.slice(s, i));
      let c2 = cp(i);
      i += w(c2);
      const unhex = (x: number): number => {
        const d = String.fromCodePoint(x);
        return /^[0-9a-fA-F]$/.test(d) ? parseInt(d, 16) : -1;
      };
      if (c2 === 0x7b) {
        let n = 0;
        let r = 0;
        for (;;) {
          if (i >= re.length) fail("invalid escape sequence", re.slice(s, i));
          c2 = cp(i);
          i += w(c2);
          if (c2 === 0x7d) break;
          const v = unhex(c2);
          if (v < 0) fail("invalid escape sequence", re.slice(s, i));
          r = r * 16 + v;
          if (r > 0x10ffff) fail("invalid escape sequence", re.slice(s, i));
          n++;
        }
        if (n === 0) fail("invalid escape sequence", re.slice(s, i));
        return [r, i];
      }
      const x = unhex(c2);
      const c3 = cp(i);
      if (c3 !== -1) i += w(c3);
      const y = c3 === -1 ? -1 : unhex(c3);
      if (x < 0 || y < 0) fail("invalid escape sequence", re.slice(s, i));
      return [x * 16 + y, i];
    }
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[ch] !== undefined) return [simple[ch]!, i];
    return fail("invalid escape sequence", re.slice(s, i));
  };

  // `\pN`, `\p{Greek}`, `\P{^L}`: JS class text and the index after it, or undefined if not one.
  const parseUnicodeClass = (s: number): [string, number] | undefined => {
    if (re[s] !== "\\" || (re[s + 1] !== "p" && re[s + 1] !== "P")) return undefined;
    let negate = re[s + 1] === "P";
    let i = s + 2;
    let name: string;
    let seqEnd: number;
    if (re[i] !== "{") {
      const c = cp(i);
      seqEnd = c === -1 ? i : i + w(c);
      name = re.slice(i, seqEnd);
    } else {
      const end = re.indexOf("}", s);
      if (end < 0) fail("invalid character class range", re.slice(s));
      seqEnd = end + 1;
      name = re.slice(i + 1, end);
    }
    i = seqEnd;
    if (name.startsWith("^")) {
      negate = !negate;
      name = name.slice(1);
    }
    const js = unicodeClassJs(name, negate);
    if (js === undefined) return fail("invalid character class range", re.slice(s, seqEnd));
    return [js, i];
  };

  const parsePerlClass = (s: number): [string, number] | undefined => {
    if (re[s] !== "\\") return undefined;
    const c = re[s + 1] ?? "";
    const set = PERL[c.toLowerCase()];
    if (set === undefined) return undefined;
    return [c === c.toLowerCase() ? `[${set}]` : `[^${set}]`, s + 2];
  };

  const parseClass = (s: number): number => {
    let i = s + 1;
    let negate = false;
    if (re[i] === "^") {
      negate = true;
      i++;
    }
    const parts: string[] = [];
    let first = true;
    while (i >= re.length || re[i] !== "]" || first) {
      first = false;
      if (re.startsWith("[:", i)) {
        const close = re.indexOf(":]", i + 2);
        if (close >= 0) {
          const name = re.slice(i, close + 2);
          const bare = name.slice(2, -2);
          const neg = bare.startsWith("^");
          const set = POSIX[neg ? bare.slice(1) : bare];
          if (set === undefined) fail("invalid character class range", name);
          parts.push(neg ? `[^${set}]` : `[${set}]`);
          i = close + 2;
          continue;
        }
      }
      const uni = parseUnicodeClass(i);
      if (uni) {
        parts.push(uni[0]);
        i = uni[1];
        continue;
      }
      const perl = parsePerlClass(i);
      if (perl) {
        parts.push(perl[0]);
        i = perl[1];
        continue;
      }
      const rangeStart = i;
      const classChar = (at: number): [number, number] => {
        if (at >= re.length) fail("missing closing ]", re.slice(s));
        if (re[at] === "\\") return parseEscape(at);
        const c = cp(at);
        return [c, at + w(c)];
      };
      let lo: number;
      [lo, i] = classChar(i);
      let hi = lo;
      if (re[i] === "-" && i + 1 < re.length && re[i + 1] !== "]") {
        [hi, i] = classChar(i + 1);
        if (hi < lo) fail("invalid character class range", re.slice(rangeStart, i));
      }
      parts.push(`[${rangeJs(lo, hi, flags)}]`);
    }
    const body = parts.join("");
    atom(negate ? `[^${body}]` : `[${body}]`);
    return i + 1;
  };

  const repeat = (opStart: number, after: number, min: number, bounds?: RepNode["bounds"]): number => {
    let end = after;
    let lazy = false;
    if (re[end] === "?") {
      end++;
      lazy = true;
    }
    if (lastRepeat !== undefined) fail("invalid nested repetition operator", re.slice(lastRepeat, end));
    const items = concat();
    const sub = items[items.length - 1];
    if (sub === undefined) fail("missing argument to repetition operator", re.slice(opStart, end));
    const op = re.slice(opStart, after);
    const greedy = lazy === flags.U;
    const rep: RepNode = { bounds, subs: [sub!.rep] };
    items[items.length - 1] = {
      js: `(?:${sub!.js})${op}${greedy ? "" : "?"}`,
      nullable: min === 0 || sub!.nullable,
      rep,
    };
    if (bounds !== undefined && (bounds.min >= 2 || bounds.max >= 2) && !repeatIsValid(rep, 1000)) {
      fail("invalid repeat count", re.slice(opStart, end));
    }
    lastRepeat = opStart;
    return end;
  };

  while (t < re.length) {
    const wasRepeat = lastRepeat;
    lastRepeat = undefined;
    const c = re[t]!;
    if (c === "(") {
      if (re[t + 1] === "?") {
        if (t + 4 < re.length && re[t + 2] === "P" && re[t + 3] === "<") {
          const end = re.indexOf(">", t);
          if (end < 0) fail("invalid named capture", re.slice(t));
          if (!/^[A-Za-z0-9_]+$/.test(re.slice(t + 4, end))) fail("invalid named capture", re.slice(t, end + 1));
          stack.push({ alts: [[]], savedFlags: flags });
          t = end + 1;
          continue;
        }
        let i = t + 2;
        let f = { ...flags };
        let sign = 1;
        let sawFlag = false;
        let done = false;
        while (i < re.length) {
          const ch = re[i++]!;
          if (ch === "i" || ch === "m" || ch === "s" || ch === "U") {
            f = { ...f, [ch]: sign > 0 };
            sawFlag = true;
          } else if (ch === "-") {
            if (sign < 0) break;
            sign = -1;
            sawFlag = false;
          } else if (ch === ":" || ch === ")") {
            if (sign < 0 && !sawFlag) break;
            if (ch === ":") stack.push({ alts: [[]], savedFlags: flags });
            flags = f;
            done = true;
            break;
          } else {
            break;
          }
        }
        if (!done) fail("invalid or unsupported Perl syntax", re.slice(t, i));
        t = i;
        continue;
      }
      stack.push({ alts: [[]], savedFlags: flags });
      t++;
    } else if (c === "|") {
      frame().alts.push([]);
      t++;
    } else if (c === ")") {
      if (stack.length < 2) fail("unexpected )", re);
      const f = stack.pop()!;
      flags = f.savedFlags;
      push(closeFrame(f));
      t++;
    } else if (c === "^") {
      atom(flags.m ? "(?<![^\\n])" : "^", true);
      t++;
    } else if (c === "$") {
      atom(flags.m ? "(?![^\\n])" : "$", true);
      t++;
    } else if (c === ".") {
      atom(flags.s ? "[\\u{0}-\\u{10ffff}]" : "[^\\n]");
      t++;
    } else if (c === "[") {
      t = parseClass(t);
    } else if (c === "*" || c === "+" || c === "?") {
      lastRepeat = wasRepeat;
      t = repeat(t, t + 1, c === "+" ? 1 : 0);
    } else if (c === "{") {
      const m = /^\{(0|[1-9][0-9]*)(?:(,)(0|[1-9][0-9]*)?)?\}/.exec(re.slice(t));
      if (!m) {
        atom(literalJs(0x7b, flags));
        t++;
        continue;
      }
      const min = m[1]!.length > 9 ? -1 : Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === undefined ? -1 : m[3].length > 9 ? 1001 : Number(m[3]);
      if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max)) fail("invalid repeat count", m[0]);
      lastRepeat = wasRepeat;
      t = repeat(t, t + m[0].length, min, { min, max });
    } else if (c === "\\") {
      const n = re[t + 1];
      if (n === "A" || n === "z") {
        atom(n === "A" ? "^" : "$", true);
        t += 2;
        continue;
      }
      if (n === "b" || n === "B") {
        atom(`\\${n}`, n === "B");
        t += 2;
        continue;
      }
      if (n === "C") fail("invalid escape sequence", "\\C");
      if (n === "Q") {
        const end = re.indexOf("\\E", t + 2);
        const lit = re.slice(t + 2, end < 0 ? re.length : end);
        for (const ch of lit) atom(literalJs(ch.codePointAt(0)!, flags));
        t = end < 0 ? re.length : end + 2;
        continue;
      }
      const uni = parseUnicodeClass(t);
      if (uni) {
        atom(`[${uni[0]}]`);
        t = uni[1];
        continue;
      }
      const perl = parsePerlClass(t);
      if (perl) {
        atom(perl[0]);
        t = perl[1];
        continue;
      }
      const [r, next] = parseEscape(t);
      atom(literalJs(r, flags));
      t = next;
    } else {
      const ch = cp(t);
      atom(literalJs(ch, flags));
      t += w(ch);
    }
  }
  if (stack.length > 1) fail("missing closing )", re);
  const root = closeFrame(stack[0]!);
  return { js: root.js, nullable: root.nullable };
}

/**
 * Compiles a `=~` / `!~` matcher value as Prometheus 2.42 does (anchored `^(?:value)$`, then the
 * bare value), reporting Go's error message when it would be rejected.
 */
export function compileMatcherRegex(value: string): MatcherRegex {
  let compiled = compiledRegexes.get(value);
  if (compiled === undefined) {
    if (compiledRegexes.size >= COMPILED_REGEX_LIMIT) compiledRegexes.clear();
    compiled = compileUncached(value);
    compiledRegexes.set(value, compiled);
  }
  return compiled;
}

/**
 * Compiled matcher regexes by value. The parser, the type checks and several lint rules ask about
 * the same matcher, and rule files repeat a handful of them (`code=~"5.."`) across thousands of
 * rules. The results are immutable (the RegExp has no `g` or `y` flag, so no `lastIndex` state).
 */
const compiledRegexes = new Map<string, MatcherRegex>();
const COMPILED_REGEX_LIMIT = 4096;

function compileUncached(value: string): MatcherRegex {
  try {
    const wrapped = parseRe2(`^(?:${value})$`);
    parseRe2(value);
    let regexp: RegExp | undefined;
    try {
      regexp = new RegExp(wrapped.js, "v");
    } catch {
      regexp = undefined;
    }
    return { matchesEmpty: wrapped.nullable, regexp };
  } catch (e) {
    if (e instanceof RegexSyntaxError) return { error: e.message, matchesEmpty: false };
    throw e;
  }
}
