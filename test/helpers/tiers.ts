/**
 * The two test tiers. `npm test` runs every test file; `npm run test:fast` (vitest.fast.config.ts)
 * runs those that need no external tool, for a contributor's quick loop. Which file needs a tool is
 * derived here from its code, so the split cannot go stale: a file is in the tools tier when it, or
 * a function it imports from a test helper, runs one of {@link TOOLS} as a subprocess
 * (`spawn`/`spawnSync`/`execFile*`/`exec*`/`fork`, or `run` of ./spawn.ts, naming the tool, or
 * `node` running the tool's script), asks for one (`describeWithTool`, `hasTool`), or runs
 * `obsgen test` (which runs promtool). Helpers are followed per exported name, so a file that
 * imports only the pure parts of a helper that also runs promtool (test/rule-tests/fixture.ts)
 * stays in the fast tier. Production code under src/ is not followed (it is what is tested, and
 * its one tool-running command, `obsgen test`, is recognised by its arguments).
 *
 * A miss cannot pass unnoticed: the fast tier puts stand-ins for the tools first on PATH and
 * refuses tool runs in the test process (test/helpers/fast-tier-setup.ts), so a file that runs a
 * tool fails there, naming the tool.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { type Tool, toolOfProgram } from "./tier-tools.js";

export { TOOLS, type Tool, toolOfProgram } from "./tier-tools.js";

/** Where a file was found to need a tool: `file:line` (relative to the root) and what is there. */
export interface ToolUse {
  readonly tool: Tool;
  readonly at: string;
  readonly what: string;
}

const SPAWNERS = new Set(["spawn", "spawnSync", "execFile", "execFileSync", "exec", "execSync", "fork", "run"]);
const ASKERS = new Set(["describeWithTool", "hasTool"]);

interface ModuleInfo {
  readonly file: string;
  readonly source: ts.SourceFile;
  /** Top-level declarations by name. */
  readonly decls: Map<string, ts.Node>;
  /** Imported local names: the module they come from and the name there (`*` for a namespace). */
  readonly imports: Map<string, { from: string; name: string }>;
  /** `export … from` and `export *` re-exports. */
  readonly reexports: Map<string, { from: string; name: string }>;
  readonly star: string[];
}

export class TierAnalysis {
  private readonly modules = new Map<string, ModuleInfo | null>();
  private readonly exportUses = new Map<string, readonly ToolUse[]>();

  constructor(private readonly root: string) {}

  /** The tool uses of a test file, through the helpers it imports; empty: it belongs in the fast tier. */
  toolUses(testFile: string): readonly ToolUse[] {
    const m = this.module(resolve(this.root, testFile));
    if (!m) return [];
    return dedupe(this.usesOf(m, m.source, new Set()));
  }

  /** The tool uses of one exported name of a module (a helper), through what it calls. */
  toolUsesOfExport(file: string, name: string): readonly ToolUse[] {
    return dedupe(this.usesOfExport(resolve(this.root, file), name, new Set()));
  }

  /** The exported names of a module (a helper). */
  exportedNames(file: string): string[] {
    const m = this.module(resolve(this.root, file));
    if (!m) return [];
    const names = [...m.reexports.keys()];
    for (const st of m.source.statements) {
      const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) continue;
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.push(st.name.text);
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) names.push(...boundNames(d.name));
    }
    return names.sort();
  }

  private module(file: string): ModuleInfo | null {
    if (this.modules.has(file)) return this.modules.get(file)!;
    if (!existsSync(file)) {
      this.modules.set(file, null);
      return null;
    }
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const info: ModuleInfo = { file, source, decls: new Map(), imports: new Map(), reexports: new Map(), star: [] };
    for (const st of source.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const from = this.follow(file, st.moduleSpecifier.text);
        const clause = st.importClause;
        if (!from || !clause || clause.isTypeOnly) continue;
        if (clause.name) info.imports.set(clause.name.text, { from, name: "default" });
        const nb = clause.namedBindings;
        if (nb && ts.isNamespaceImport(nb)) info.imports.set(nb.name.text, { from, name: "*" });
        if (nb && ts.isNamedImports(nb))
          for (const el of nb.elements) if (!el.isTypeOnly) info.imports.set(el.name.text, { from, name: (el.propertyName ?? el.name).text });
      } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
        const from = this.follow(file, st.moduleSpecifier.text);
        if (!from || st.isTypeOnly) continue;
        if (!st.exportClause) info.star.push(from);
        else if (ts.isNamedExports(st.exportClause))
          for (const el of st.exportClause.elements) info.reexports.set(el.name.text, { from, name: (el.propertyName ?? el.name).text });
      } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
        info.decls.set(st.name.text, st);
      } else if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) for (const n of boundNames(d.name)) info.decls.set(n, d);
      }
    }
    this.modules.set(file, info);
    return info;
  }

  /** A relative import's file, when it is test code (a helper): src/ is what is tested, not followed. */
  private follow(from: string, spec: string): string | null {
    if (!spec.startsWith(".")) return null;
    const file = resolve(dirname(from), spec).replace(/\.js$/, ".ts");
    const rel = relative(this.root, file).split(sep).join("/");
    const isTestCode = rel.startsWith("test/") || /(\.test|test-helpers|\.fixture)\.ts$/.test(rel);
    return isTestCode && existsSync(file) ? file : null;
  }

  /** The uses of an exported (or re-exported) name of a module. */
  private usesOfExport(file: string, name: string, seen: Set<string>): ToolUse[] {
    const key = `${file}#${name}`;
    const done = this.exportUses.get(key);
    if (done) return [...done];
    if (seen.has(key)) return [];
    seen.add(key);
    const m = this.module(file);
    let uses: ToolUse[] = [];
    if (m) {
      if (name === "*") {
        uses = this.usesOf(m, m.source, seen);
      } else if (m.decls.has(name)) {
        uses = this.usesOf(m, m.decls.get(name)!, seen);
      } else if (m.reexports.has(name)) {
        const r = m.reexports.get(name)!;
        uses = this.usesOfExport(r.from, r.name, seen);
      } else {
        for (const s of m.star) uses.push(...this.usesOfExport(s, name, seen));
      }
    }
    this.exportUses.set(key, uses);
    return uses;
  }

  /** The uses inside `node`, and in the module's declarations and imported names it refers to. */
  private usesOf(m: ModuleInfo, node: ts.Node, seen: Set<string>): ToolUse[] {
    const uses: ToolUse[] = [];
    const at = (n: ts.Node) => `${relative(this.root, m.file).split(sep).join("/")}:${m.source.getLineAndCharacterOfPosition(n.getStart(m.source)).line + 1}`;
    const add = (tool: Tool | null, n: ts.Node) => {
      if (tool) uses.push({ tool, at: at(n), what: n.getText(m.source).split("\n")[0]!.slice(0, 120) });
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = calleeName(n.expression);
        const [first, second] = n.arguments;
        if (callee && ASKERS.has(callee) && first && isText(first)) add(toolOfProgram(first.text), n);
        if (callee && SPAWNERS.has(callee) && first) {
          const program = this.programOf(m, first, callee.startsWith("exec") && !callee.startsWith("execFile"));
          if (program === "node" && second && ts.isArrayLiteralExpression(second) && second.elements[0]) {
            add(toolOfProgram(this.programOf(m, second.elements[0], false) ?? ""), n);
            const [bin, command] = second.elements;
            if (ts.isIdentifier(bin!) && bin.text === "BIN" && command && isText(command) && command.text === "test") add("promtool", n);
          } else if (program) add(toolOfProgram(program), n);
        }
        if (callee === "runTestCommand") add("promtool", n);
      }
      // `obsgen test` (as ["test", …] arguments, or after the binary: [BIN, "test", …]) runs promtool.
      // Not the arguments of a call that runs a tool already (`promtool test rules`, `cargo test`).
      const direct = n.parent !== undefined && ts.isCallExpression(n.parent) && n.parent.arguments.includes(n as ts.Expression);
      const callee = direct ? calleeName((n.parent as ts.CallExpression).expression) : null;
      if (ts.isArrayLiteralExpression(n) && !(callee && (SPAWNERS.has(callee) || toolOfProgram(callee)))) {
        const els = n.elements;
        const i = els.findIndex((e) => isText(e) && e.text === "test");
        if (i === 0 || (i === 1 && ts.isIdentifier(els[0]!) && els[0].text === "BIN")) add("promtool", n);
      }
      if (ts.isIdentifier(n) && !isDeclarationName(n)) {
        const name = n.text;
        if (node !== m.source && m.decls.has(name) && m.decls.get(name) !== node && !contains(node, m.decls.get(name)!)) {
          const key = `${m.file}#${name}`;
          if (!seen.has(key)) uses.push(...this.usesOfExport(m.file, name, seen));
        }
        const imp = m.imports.get(name);
        if (imp) uses.push(...this.usesOfExport(imp.from, imp.name, seen));
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return uses;
  }

  /**
   * The program a spawn's first argument names: a string, a `const` holding one (or a path joined
   * from strings), or "node" for `process.execPath`. For `exec`/`execSync` the command line's first word.
   */
  private programOf(m: ModuleInfo, e: ts.Expression, shell: boolean): string | null {
    if (isText(e)) return shell ? (e.text.trim().split(/\s+/)[0] ?? null) : e.text;
    if (ts.isTemplateExpression(e)) return shell ? (e.head.text.trim().split(/\s+/)[0] ?? null) : null;
    if (ts.isPropertyAccessExpression(e) && e.getText(m.source) === "process.execPath") return "node";
    // A path joined from strings: join(ROOT, "node_modules", "typescript", "bin", "tsc").
    if (ts.isCallExpression(e)) {
      const parts = e.arguments.filter(isText).map((a) => a.text);
      return parts.length ? parts.join("/") : null;
    }
    if (ts.isIdentifier(e)) {
      const d = m.decls.get(e.text) ?? localConst(e);
      if (d && ts.isVariableDeclaration(d) && d.initializer) return this.programOf(m, d.initializer, shell);
    }
    return null;
  }
}

function isText(e: ts.Node): e is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e);
}

function calleeName(e: ts.Expression): string | null {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

function boundNames(n: ts.BindingName): string[] {
  if (ts.isIdentifier(n)) return [n.text];
  return n.elements.flatMap((el) => (ts.isOmittedExpression(el) ? [] : boundNames(el.name)));
}

function isDeclarationName(n: ts.Identifier): boolean {
  const p = n.parent;
  return (
    ((ts.isVariableDeclaration(p) || ts.isFunctionDeclaration(p) || ts.isParameter(p) || ts.isPropertyAssignment(p) || ts.isBindingElement(p)) &&
      p.name === n) ||
    (ts.isPropertyAccessExpression(p) && p.name === n)
  );
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** A `const x = …` in an enclosing block of `id` (the nearest one declared before it). */
function localConst(id: ts.Identifier): ts.VariableDeclaration | undefined {
  for (let b: ts.Node | undefined = id.parent; b; b = b.parent) {
    if (!ts.isBlock(b) && !ts.isSourceFile(b)) continue;
    for (const st of b.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === id.text) return d;
    }
  }
  return undefined;
}

function dedupe(uses: readonly ToolUse[]): ToolUse[] {
  const seen = new Map<string, ToolUse>();
  for (const u of uses) seen.set(`${u.tool} ${u.at}`, u);
  return [...seen.values()].sort((a, b) => a.at.localeCompare(b.at, "en", { numeric: true }) || a.tool.localeCompare(b.tool));
}

/** The test files vitest.config.ts includes (src/ and test/, `*.test.ts`), relative to `root`, sorted. */
export function testFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) return e.name === "node_modules" || e.name === ".tmp" ? [] : walk(p);
      return e.name.endsWith(".test.ts") ? [p] : [];
    });
  return ["src", "test"]
    .filter((d) => existsSync(join(root, d)))
    .flatMap(walk)
    .sort();
}

/** Every test file with the tool uses that keep it out of the fast tier (an empty list: it is in). */
export function classifyTestFiles(root: string, files: readonly string[] = testFiles(root)): Map<string, readonly ToolUse[]> {
  const analysis = new TierAnalysis(root);
  return new Map(files.map((f) => [f, analysis.toolUses(f)]));
}

/** The test files that need a tool, relative to `root`: the fast tier's exclusions. */
export function toolTierFiles(root: string): string[] {
  return [...classifyTestFiles(root)].filter(([, uses]) => uses.length > 0).map(([f]) => f);
}
