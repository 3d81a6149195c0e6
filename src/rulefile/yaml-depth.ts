/**
 * How deep YAML nests, measured before anything recursive reads it. The `yaml` package's lexer is
 * iterative, but its parser recurses once per block collection closed by a dedent, and its composer
 * once per collection; both run out of stack a few thousand levels down, and the composer turns that
 * into an error that depends on how much stack happens to be left. Measured here first, deep input
 * gets "nested too deep (limit N)" at the same place in every run, and never reaches them.
 *
 * Two measures, each exact enough for its use:
 * - {@link LexemeDepthBound}, on the lexer's tokens as they stream to the parser: an upper bound on the
 *   parser's nesting, cheap and iterative. It stops the parse when the bound passes twice the limit
 *   (plus two), which implies the real nesting passes the limit.
 * - {@link tooDeepCollection}, on each document the parser produces: the exact collection depth,
 *   checked against the limit before the document is composed.
 */
import { CST } from "yaml";
import { INPUT_LIMITS } from "../util/input-limits.js";

/** Lexemes that stand for no source text (the lexer's mode markers). */
function sourceLength(lexeme: string): number {
  return lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END || lexeme === CST.SCALAR ? 0 : lexeme.length;
}

/**
 * An upper bound on the nesting of the collections the parser has open, from the lexemes it is fed.
 *
 * Block collections nest by indentation: a nested one starts on a line indented past its parent, or on
 * the same line after `- ` or `? ` (`- - x`); a sequence may also sit at its parent key's column. So
 * with `columns` the increasing columns of the lines and compact entries still open, the parser has at
 * most 2 x columns block collections open (one of them may be a scalar line), plus the flow ones.
 * Multi-line scalars, block scalar bodies and comments are single lexemes: their lines do not count.
 */
export class LexemeDepthBound {
  private readonly columns: number[] = [];
  private flowDepth = 0;
  private offset = 0;
  private lineStart = 0;
  private atLineStart = true;
  /** The previous lexeme was the SCALAR marker: this one is a scalar's text, whatever it starts with. */
  private scalarNext = false;
  /** After `- ` or `? ` on this line: the next content starts a compact collection entry. */
  private afterIndicator = false;
  /** After a `|` or `>` header: the next scalar text is the block scalar's body, not structure. */
  private blockBody = false;
  private readonly max = 2 * INPUT_LIMITS.yamlDepth + 2;

  /** Takes the next lexeme; returns its offset when the bound passes the threshold there. */
  next(lexeme: string): number | undefined {
    const at = this.offset;
    this.offset += sourceLength(lexeme);
    const type = this.scalarNext ? "scalar" : CST.tokenType(lexeme);
    this.scalarNext = lexeme === CST.SCALAR;
    switch (type) {
      case "doc-mode":
      case "doc-start":
        this.columns.length = 0;
        this.flowDepth = 0;
        return undefined;
      case "flow-error-end":
        this.flowDepth = 0;
        return undefined;
      case "scalar":
        if (this.scalarNext) return undefined; // the marker itself
        if (this.blockBody) {
          this.blockBody = false;
          this.newLines(lexeme, at);
          return undefined;
        }
        break;
      case "block-scalar-header":
        this.blockBody = true;
        break;
      case "space":
      case "comment":
      case "byte-order-mark":
        return undefined;
      case "newline":
        this.newLines(lexeme, at);
        return undefined;
      default:
        break;
    }
    // Content at `at`.
    let exceeded = false;
    if (this.flowDepth === 0 && (this.atLineStart || this.afterIndicator)) {
      const column = at - this.lineStart;
      if (this.atLineStart) while (this.columns.length > 0 && this.columns[this.columns.length - 1]! > column) this.columns.pop();
      const top = this.columns[this.columns.length - 1];
      if (top === undefined || top < column) this.columns.push(column);
      exceeded = 2 * this.columns.length > this.max;
    }
    this.atLineStart = false;
    this.afterIndicator = type === "seq-item-ind" || type === "explicit-key-ind";
    if (type === "flow-map-start" || type === "flow-seq-start") this.flowDepth++;
    else if (type === "flow-map-end" || type === "flow-seq-end") this.flowDepth = Math.max(0, this.flowDepth - 1);
    // Flow collections are counted exactly: past the limit on their own, the nesting is too.
    exceeded ||= 2 * this.columns.length + this.flowDepth > this.max || this.flowDepth > INPUT_LIMITS.yamlDepth;
    // A scalar's text may span lines (plain, quoted and block scalars are one lexeme each).
    this.newLines(type === "scalar" ? lexeme : "", at);
    return exceeded ? at : undefined;
  }

  /** Moves to the line after the last line break in `text` (at `at`), if it has one. */
  private newLines(text: string, at: number): void {
    const nl = text.lastIndexOf("\n");
    if (nl < 0) return;
    this.lineStart = at + nl + 1;
    this.atLineStart = /^[ \t]*$/.test(text.slice(nl + 1));
    this.afterIndicator = false;
  }
}

/** The offset of the first collection (in document order) nested past the limit, if any. */
export function tooDeepCollection(root: CST.Token): number | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = [{ token: root, depth: 0 }];
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!CST.isCollection(token)) continue;
    if (depth >= INPUT_LIMITS.yamlDepth) return token.offset;
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item = token.items[i]!;
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return undefined;
}
