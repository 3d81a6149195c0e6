/**
 * The catalog's `version`, which becomes the version of the generated Rust crate (`Cargo.toml`)
 * and TypeScript package (`package.json`): a SemVer 2.0 version (https://semver.org/), as both
 * readers require.
 *
 * - Cargo parses it with the `semver` crate: `MAJOR.MINOR.PATCH`, then `-` pre-release and `+`
 *   build identifiers of `[0-9A-Za-z-]`, no empty identifier, no leading zero in a number
 *   (build identifiers excepted), numbers up to u64::MAX; no `v` prefix, no missing part
 *   (`cargo metadata` on a `version = "v1.2.0"` manifest: "unexpected character 'v' while
 *   parsing major version number").
 * - npm (node-semver) takes at most 256 characters and numbers up to 2^53 - 1
 *   (`Number.MAX_SAFE_INTEGER`), a smaller bound than Cargo's.
 */

const NUMBER = "(0|[1-9][0-9]*)";
const PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
const SEMVER = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-${PRE_ID}(?:\\.${PRE_ID})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`);
const MAX_LENGTH = 256;

export interface SemverProblem {
  readonly message: string;
  /** What to write instead, when the intent is clear (`v1.2.0` → `1.2.0`). */
  readonly suggestion: string | undefined;
}

/** Why `version` is not a SemVer 2.0 version both Cargo and npm accept, or undefined when it is. */
export function semverProblem(version: string): SemverProblem | undefined {
  if (isSemver(version)) return undefined;
  const suggestion = suggest(version);
  const why =
    version.length > MAX_LENGTH
      ? `is ${version.length} characters long; npm reads at most ${MAX_LENGTH}`
      : SEMVER.test(version)
        ? `has a number above ${Number.MAX_SAFE_INTEGER}, which npm cannot read`
        : /^[vV=]/.test(version)
          ? "starts with a prefix SemVer does not have"
          : "is not MAJOR.MINOR.PATCH with optional `-pre.release` and `+build` parts";
  return {
    message: `is not a SemVer 2.0 version: it ${why} (the Rust crate's Cargo.toml and the TypeScript package.json carry it, and cargo and npm refuse it)`,
    suggestion,
  };
}

function isSemver(version: string): boolean {
  const m = SEMVER.exec(version);
  if (!m || version.length > MAX_LENGTH) return false;
  return [m[1]!, m[2]!, m[3]!].every((n) => Number(n) <= Number.MAX_SAFE_INTEGER);
}

/** `v1.2.0` → `1.2.0`, `1.2` → `1.2.0`, `01.2.3` → `1.2.3`; undefined when no reading is obvious. */
function suggest(version: string): string | undefined {
  const m = /^\s*[vV=]?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:[-+].*)?)\s*$/.exec(version);
  if (!m) return undefined;
  const core = [m[1]!, m[2] ?? "0", m[3] ?? "0"].map((n) => n.replace(/^0+(?=\d)/, "")).join(".");
  const candidate = `${core}${m[4]!}`;
  return candidate !== version && isSemver(candidate) ? candidate : undefined;
}
