/**
 * `import text from "./file.rs?raw"`: a source file's text, inlined at build time. Vite (so
 * vitest) reads the suffix itself; scripts/build.mjs gives esbuild the same (its `raw` plugin).
 * Used for code obsgen emits verbatim, kept as real files so they are compiled as written.
 */
declare module "*?raw" {
  const text: string;
  export default text;
}
