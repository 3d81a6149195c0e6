/**
 * Syntax check of a Go `text/template`, reproducing `template.New(name).Funcs(f).Parse(text)` of Go 1.19:
 * the same first error, with the same `template: NAME:LINE: message` text. It builds no tree beyond what
 * the checks need (variable scopes, `{{range}}` depth, which `define`d templates are empty).
 *
 * Upstream: https://github.com/golang/go/blob/go1.19/src/text/template/parse/parse.go
 */
import { charConstantError, goUnquote, numberError } from "./go-template-literals.js";
import { goQuote } from "../compat/go/quote.js";
import { describeToken, lexTemplate, type Token, type TokenKind } from "../compat/go/template-lexer.js";
import { INPUT_LIMITS, nestedTooDeep } from "../util/input-limits.js";

/** The first syntax error Go reports for a template. */
export interface TemplateSyntaxError {
  /** Go's full message, e.g. `template: __alert_X:1: undefined variable "$label"`. */
  readonly message: string;
  /** 0-based offset in the template text of the token the error is about. */
  readonly offset: number;
}

export interface TemplateParseOptions {
  /** The template's name, printed in every message. */
  readonly name: string;
  /** Functions the template may call, besides Go's builtins. */
  readonly functions: ReadonlySet<string>;
}

/** Functions `text/template` defines for every template (Go 1.19 `builtins()`). */
export const GO_TEMPLATE_BUILTINS: ReadonlySet<string> = new Set([
  "and",
  "call",
  "html",
  "index",
  "slice",
  "js",
  "len",
  "not",
  "or",
  "print",
  "printf",
  "println",
  "urlquery",
  "eq",
  "ge",
  "gt",
  "le",
  "lt",
  "ne",
]);

/** Thrown inside the parser to unwind at the first error, as Go panics; never escapes this module. */
class SyntaxFailure extends Error {
  constructor(readonly detail: TemplateSyntaxError) {
    super(detail.message);
  }
}

/** What the checks need to know about a parsed node. */
type NodeKind = "text" | "action" | "control" | "end" | "else";
interface Node {
  readonly kind: NodeKind;
  /** For text nodes: whether the text is only white space (Go's `IsEmptyTree`). */
  readonly blank?: boolean;
}
/** Kinds of operand that may only start a pipeline (Go's "non executable command"). */
type OperandKind = "bool" | "dot" | "nil" | "number" | "string" | "executable";

/** Shared between the main template and the `define`/`block` trees parsed out of it. */
interface Shared {
  readonly tokens: readonly Token[];
  cursor: number;
  readonly name: string;
  readonly functions: ReadonlySet<string>;
  /** Template name → whether its tree is empty. */
  readonly treeSet: Map<string, boolean>;
  /** Lists of items and pipelines being parsed, one inside the other. */
  depth: number;
}

/** One `parse.Tree`: its own look-ahead buffer, variables and `{{range}}` depth. */
class Tree {
  private readonly token: Token[] = [];
  private peekCount = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    private readonly shared: Shared,
    private treeName: string,
  ) {}

  // --- token stream (Go's next/backup/peek with a three-token buffer) ---

  private lexNext(): Token {
    const { tokens } = this.shared;
    const t = tokens[Math.min(this.shared.cursor, tokens.length - 1)]!;
    if (this.shared.cursor < tokens.length) this.shared.cursor++;
    return t;
  }
  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount]!;
  }
  private backup(): void {
    this.peekCount++;
  }
  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }
  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.kind === "space");
    return t;
  }
  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ---

  /** Go's `errorf`: the line is that of the newest token read, the offset that of `at`. */
  private errorf(message: string, at: Token = this.token[0]!): never {
    const line = this.token[0]?.line ?? 1;
    throw new SyntaxFailure({ message: `template: ${this.shared.name}:${line}: ${message}`, offset: at.pos });
  }
  private unexpected(token: Token, context: string): never {
    if (token.kind === "error") {
      let extra = "";
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.shared.name}:${this.actionLine}`;
        if (token.val.endsWith(" action")) extra = extra.slice(" in action".length);
      }
      this.errorf(`${token.val}${extra}`, token);
    }
    this.errorf(`unexpected ${describeToken(token)} in ${context}`, token);
  }
  private expect(expected: TokenKind, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== expected) this.unexpected(t, context);
    return t;
  }
  private expectOneOf(a: TokenKind, b: TokenKind, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== a && t.kind !== b) this.unexpected(t, context);
    return t;
  }

  // --- trees ---

  /** Parses the main template up to EOF (Go's `Tree.parse` plus `add`). */
  parseMain(): void {
    const root: Node[] = [];
    while (this.peek().kind !== "eof") {
      if (this.peek().kind === "leftDelim") {
        const delim = this.next();
        if (this.nextNonSpace().kind === "define") {
          new Tree(this.shared, "definition").parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === "end" || n.kind === "else") this.errorf(`unexpected {{${n.kind}}}`);
      root.push(n);
    }
    this.add(root);
  }

  private parseDefinition(): void {
    const context = "define clause";
    const name = this.expectOneOf("string", "rawString", context);
    this.treeName = this.unquote(name);
    this.expect("rightDelim", context);
    const [root, end] = this.itemList();
    if (end.kind !== "end") this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    this.add(root);
  }

  /** Go's `Tree.add`: a second non-empty tree of the same name is an error. */
  private add(root: readonly Node[]): void {
    const empty = root.every((n) => n.kind === "text" && n.blank === true);
    const existing = this.shared.treeSet.get(this.treeName);
    if (existing === undefined || existing) {
      this.shared.treeSet.set(this.treeName, empty);
      return;
    }
    if (!empty) this.errorf(`template: multiple definition of template ${goQuote(this.treeName)}`);
  }

  /**
   * One level of nesting: the recursion of this parser goes through item lists (`{{if}}`, `{{range}}`,
   * `{{with}}`, `{{block}}`, `{{define}}`) and pipelines (parentheses), so bounding them here bounds it.
   */
  private nest<T>(at: Token, parse: () => T): T {
    if (++this.shared.depth > INPUT_LIMITS.templateDepth) this.errorf(nestedTooDeep(INPUT_LIMITS.templateDepth), at);
    try {
      return parse();
    } finally {
      this.shared.depth--;
    }
  }

  private itemList(): [Node[], Node] {
    return this.nest(this.peekNonSpace(), () => {
      const list: Node[] = [];
      while (this.peekNonSpace().kind !== "eof") {
        const n = this.textOrAction();
        if (n.kind === "end" || n.kind === "else") return [list, n];
        list.push(n);
      }
      this.errorf("unexpected EOF");
    });
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.kind) {
      case "text":
        return { kind: "text", blank: token.val.trim() === "" };
      case "leftDelim":
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        this.unexpected(token, "input");
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.kind) {
      case "block":
        return this.blockControl();
      case "break":
      case "continue":
        return this.loopControl(token.kind);
      case "else":
        return this.elseControl();
      case "end":
        this.expect("rightDelim", "end");
        return { kind: "end" };
      case "if":
        this.parseControl(true, "if");
        return { kind: "control" };
      case "range":
        this.parseControl(false, "range");
        return { kind: "control" };
      case "template":
        return this.templateControl();
      case "with":
        this.parseControl(false, "with");
        return { kind: "control" };
      default:
        break;
    }
    this.backup();
    // Variables declared here persist until the enclosing "end".
    this.pipeline("command", "rightDelim");
    return { kind: "action" };
  }

  private loopControl(keyword: "break" | "continue"): Node {
    const token = this.nextNonSpace();
    if (token.kind !== "rightDelim") this.unexpected(token, `{{${keyword}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${keyword}}} outside {{range}}`);
    return { kind: "control" };
  }

  private elseControl(): Node {
    // "{{else if ...": leave the "if" for parseControl, which reads it as a nested {{if}}.
    if (this.peekNonSpace().kind === "if") return { kind: "else" };
    this.expect("rightDelim", "else");
    return { kind: "else" };
  }

  private parseControl(allowElseIf: boolean, context: "if" | "range" | "with"): void {
    const depth = this.vars.length;
    for (;;) {
      this.pipeline(context, "rightDelim");
      if (context === "range") this.rangeDepth++;
      let [, next] = this.itemList();
      if (context === "range") this.rangeDepth--;
      if (next.kind === "else") {
        if (allowElseIf && this.peek().kind === "if") {
          // {{if a}}_{{else if b}}_{{end}} is {{if a}}_{{else}}{{if b}}_{{end}}{{end}}: one {{end}} closes
          // both. Go parses the inner {{if}} recursively, inside the outer one's variables; a loop does
          // the same without a level of recursion per {{else if}}.
          this.next();
          continue;
        }
        [, next] = this.itemList();
        if (next.kind !== "end") this.errorf(`expected end; found {{${next.kind}}}`);
      }
      break;
    }
    this.vars.length = depth;
  }

  private blockControl(): Node {
    const context = "block clause";
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    this.pipeline(context, "rightDelim");
    const block = new Tree(this.shared, name);
    const [root, end] = block.itemList();
    if (end.kind !== "end") this.errorf(`unexpected {{${end.kind}}} in ${context}`);
    block.add(root);
    return { kind: "control" };
  }

  private templateControl(): Node {
    const context = "template clause";
    const token = this.nextNonSpace();
    this.templateName(token, context);
    if (this.nextNonSpace().kind !== "rightDelim") {
      this.backup();
      this.pipeline(context, "rightDelim");
    }
    return { kind: "control" };
  }

  private templateName(token: Token, context: string): string {
    if (token.kind === "string" || token.kind === "rawString") return this.unquote(token);
    this.unexpected(token, context);
  }

  private unquote(token: Token): string {
    const value = goUnquote(token.val);
    if (value === undefined) this.errorf("invalid syntax", token);
    return value;
  }

  // --- pipelines ---

  private pipeline(context: string, end: "rightDelim" | "rightParen"): void {
    this.nest(this.token[0]!, () => this.pipelineBody(context, end));
  }

  private pipelineBody(context: string, end: "rightDelim" | "rightParen"): void {
    // Declarations: "$x :=", "$x =", and in range "$i, $e :=".
    let declared = 0;
    for (;;) {
      const v = this.peekNonSpace();
      if (v.kind !== "variable") break;
      this.next();
      // Three tokens of look-ahead: in "$x foo" only "foo" tells that $x is an argument.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.kind === "assign" || next.kind === "declare") {
        this.nextNonSpace();
        this.vars.push(v.val);
      } else if (next.kind === "char" && next.val === ",") {
        this.nextNonSpace();
        this.vars.push(v.val);
        declared++;
        if (context === "range" && declared < 2) {
          const k = this.peekNonSpace().kind;
          if (k === "variable" || k === "rightDelim" || k === "rightParen") continue;
          this.errorf("range can only initialize variables");
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.kind === "space") {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    const commands: OperandKind[] = [];
    for (;;) {
      const token = this.nextNonSpace();
      if (token.kind === end) {
        this.checkPipeline(commands, context, token);
        return;
      }
      switch (token.kind) {
        case "bool":
        case "charConstant":
        case "complex":
        case "dot":
        case "field":
        case "identifier":
        case "number":
        case "nil":
        case "rawString":
        case "string":
        case "variable":
        case "leftParen":
          this.backup();
          commands.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(commands: readonly OperandKind[], context: string, at: Token): void {
    if (commands.length === 0) this.errorf(`missing value for ${context}`, at);
    // Only the first command of a pipeline may start with a literal: in A|B|C, stage 2 is B.
    commands.forEach((first, i) => {
      if (i > 0 && first !== "executable") this.errorf(`non executable command in pipeline stage ${i + 1}`, at);
    });
  }

  /** Parses one command; returns the kind of its first operand. */
  private command(): OperandKind {
    let first: OperandKind | undefined;
    for (;;) {
      this.peekNonSpace(); // skip leading spaces
      const operand = this.operand();
      if (operand !== undefined) first ??= operand;
      const token = this.next();
      if (token.kind === "space") continue;
      if (token.kind === "rightDelim" || token.kind === "rightParen") this.backup();
      else if (token.kind !== "pipe") this.unexpected(token, "operand");
      break;
    }
    if (first === undefined) this.errorf("empty command");
    return first;
  }

  private operand(): OperandKind | undefined {
    const term = this.term();
    if (term === undefined) return undefined;
    if (this.peek().kind !== "field") return term.kind;
    while (this.peek().kind === "field") this.next();
    // Fields after a literal are caught here; the rest only fails when executed.
    if (term.kind !== "executable") this.errorf(`unexpected . after term ${goQuote(term.text)}`, term.token);
    return "executable";
  }

  private term(): { kind: OperandKind; text: string; token: Token } | undefined {
    const token = this.nextNonSpace();
    const literal = (kind: OperandKind, text = token.val) => ({ kind, text, token });
    switch (token.kind) {
      case "identifier":
        if (!this.shared.functions.has(token.val) && !GO_TEMPLATE_BUILTINS.has(token.val)) {
          this.errorf(`function ${goQuote(token.val)} not defined`, token);
        }
        return literal("executable");
      case "dot":
        return literal("dot");
      case "nil":
        return literal("nil");
      case "variable":
        // "$x.y" is lexed as the variable "$x" and the field ".y": only "$x" must be in scope.
        if (!this.vars.includes(token.val)) this.errorf(`undefined variable ${goQuote(token.val)}`, token);
        return literal("executable");
      case "field":
        return literal("executable");
      case "bool":
        return literal("bool");
      case "charConstant":
      case "complex":
      case "number": {
        const err = token.kind === "charConstant" ? charConstantError(token.val) : token.kind === "number" ? numberError(token.val) : undefined;
        if (err !== undefined) this.errorf(err, token);
        return literal("number");
      }
      case "leftParen":
        this.pipeline("parenthesized pipeline", "rightParen");
        return literal("executable");
      case "string":
      case "rawString": {
        if (goUnquote(token.val) === undefined) this.errorf("invalid syntax", token);
        return literal("string");
      }
      default:
        this.backup();
        return undefined;
    }
  }
}

/**
 * Parses `text` as Go's `text/template` would and returns its first syntax error, if any.
 *
 * @example parseGoTemplate("{{ $x }}", { name: "t", functions: new Set() })
 *   // → { message: 'template: t:1: undefined variable "$x"', offset: 3 }
 */
export function parseGoTemplate(text: string, options: TemplateParseOptions): TemplateSyntaxError | undefined {
  const shared: Shared = {
    tokens: lexTemplate(text),
    cursor: 0,
    name: options.name,
    functions: options.functions,
    treeSet: new Map(),
    depth: 0,
  };
  try {
    new Tree(shared, options.name).parseMain();
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxFailure) return e.detail;
    throw e;
  }
}
