/**
 * What a name must be to become a file or folder name of the output on Linux, macOS and Windows,
 * and when two output paths are the same file there.
 *
 * The rules are the union of the three systems' refusals, so a build written on one can be
 * checked out on another:
 * - Linux and macOS: no `/` or NUL, at most 255 bytes (ext4 `NAME_MAX`, APFS); a leading `.`
 *   hides the file, and `.`/`..` name folders.
 * - Windows (https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file): none of
 *   `< > : " / \ | ? *` or the control characters 0–31; no trailing `.` or space (Windows drops
 *   them, so `a.` and `a` are one file); not a device name (`CON`, `PRN`, `AUX`, `NUL`,
 *   `COM0`–`COM9`, `LPT0`–`LPT9`, and `COM¹²³`/`LPT¹²³`) in any case, alone or followed by an
 *   extension (`nul.json` and `NUL.tar.gz` are both the device NUL).
 * - macOS (APFS, default) and Windows (NTFS) compare names without regard to case, and APFS
 *   without regard to Unicode normalization: `HighLatency.md` and `highlatency.md` are one file.
 */

/** The most bytes a file name may have (UTF-8), on ext4, APFS and (in UTF-16 units, a weaker limit here) NTFS. */
export const MAX_FILE_NAME_BYTES = 255;

/** Windows device names, in lower case (Windows ignores case). */
export const WINDOWS_DEVICE_NAMES: readonly string[] = ["con", "prn", "aux", "nul", ...[..."0123456789¹²³"].flatMap((d) => [`com${d}`, `lpt${d}`])];
const WINDOWS_FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/;

/** Whether Windows reserves the name as a device, with or without an extension: `CON`, `nul.json`, `Com1.tar.gz`. */
export function isWindowsDeviceName(name: string): boolean {
  return WINDOWS_DEVICE_NAMES.includes(name.split(".")[0]!.trimEnd().toLowerCase());
}

/**
 * Why `name` cannot be one file or folder name on every system, or undefined when it can.
 * The reason completes a sentence about the name: `"con.md" is a device name Windows reserves…`.
 * A leading `.` is refused unless `allowHidden` (a name obsgen itself chooses may be hidden on
 * purpose; a name from the catalog may not).
 *
 * @example fileNameProblem("..") // → "is `..`, which a path reads as the parent folder"
 */
export function fileNameProblem(name: string, opts: { allowHidden?: boolean } = {}): string | undefined {
  if (name === "") return "is empty";
  if (name === "." || name === "..") return `is \`${name}\`, which a path reads as the ${name === "." ? "current" : "parent"} folder`;
  if (name.startsWith(".") && !opts.allowHidden) return "starts with `.`, which hides the file on Linux and macOS";
  if (name.includes("/") || name.includes("\\")) return "holds a path separator (`/` or `\\`)";
  const bad = WINDOWS_FORBIDDEN.exec(name);
  if (bad) {
    const c = bad[0];
    const shown = c < " " ? `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : `\`${c}\``;
    return `holds ${shown}, which Windows does not allow in file names`;
  }
  if (/[. ]$/.test(name)) return "ends with `.` or a space, which Windows drops (two names would be one file)";
  if (isWindowsDeviceName(name)) return `is the device name ${name.split(".")[0]!.toUpperCase()}, which Windows reserves with any extension`;
  const bytes = new TextEncoder().encode(name).length;
  if (bytes > MAX_FILE_NAME_BYTES) return `is ${bytes} bytes long; file systems allow ${MAX_FILE_NAME_BYTES}`;
  return undefined;
}

/**
 * The key under which two paths are the same file on a case-insensitive, normalization-insensitive
 * file system (macOS, Windows): equal keys collide.
 */
export function pathCollisionKey(path: string): string {
  return path.normalize("NFC").toLowerCase().normalize("NFC");
}
