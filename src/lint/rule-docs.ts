/**
 * Where a lint rule's doc page lives: beside its code, `src/lint/rules/<id>.md`, and shipped in the
 * npm package (package.json `files`), so a published version's page has a stable absolute URL that
 * SARIF's `helpUri` can give (SARIF 2.1.0 §3.49.12 asks for an absolute URI).
 */

/** The doc page's path in the repository and in the package. */
export function ruleDocPath(id: string): string {
  return `src/lint/rules/${id}.md`;
}

/** The doc page of the published package `version`, served by unpkg from the npm registry. */
export function ruleDocUrl(id: string, version: string): string {
  return `https://unpkg.com/obsgen@${version}/${ruleDocPath(id)}`;
}
