/**
 * The lock that keeps two builds from writing one output folder at once: a file beside the folder
 * (`.<name>.obsgen-lock`) holding the owner's process id. It is created whole or not at all (the
 * text is written to a file of this process's own and hard-linked to the lock's name, which fails
 * when the name exists), so a reader never sees half a lock. A lock whose process is gone (killed
 * builds leave theirs behind) is stale and taken over.
 */
import * as nodeFs from "node:fs";

/** The parts of node:fs the output folder's writer uses; tests pass a copy that fails on purpose. */
export type OutFs = Pick<
  typeof nodeFs,
  | "closeSync"
  | "fstatSync"
  | "linkSync"
  | "lstatSync"
  | "mkdirSync"
  | "openSync"
  | "readdirSync"
  | "readFileSync"
  | "readSync"
  | "realpathSync"
  | "renameSync"
  | "rmSync"
  | "unlinkSync"
  | "writeFileSync"
>;

export const NODE_FS: OutFs = nodeFs;

/** A process as the lock records it: its id and, where the system tells, when it started. */
export interface LockOwner {
  readonly pid: number;
  /** Start time in clock ticks since boot (Linux's /proc/<pid>/stat), to tell a reused pid apart. */
  readonly start?: string;
}

/** The state and start time of a process, from Linux's /proc; null elsewhere or when it is gone. */
function procStat(pid: number): { state: string; start: string } | null {
  let text: string;
  try {
    text = nodeFs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split after the last `)`.
  // proc(5): state is field 3 and starttime field 22, so 0 and 19 after the command.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return fields.length > 19 ? { state: fields[0]!, start: fields[19]! } : null;
}

export function currentOwner(): LockOwner {
  const start = procStat(process.pid)?.start;
  return start ? { pid: process.pid, start } : { pid: process.pid };
}

/**
 * Whether the process that wrote a lock (or named a scratch folder) still runs. Not this process
 * (a lock bearing this pid was left by an earlier process that had it), not a zombie (killed,
 * not yet reaped), and not a newer process that reuses the pid (another start time).
 */
export function ownerAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const stat = procStat(owner.pid);
  if (stat && (stat.state === "Z" || stat.state === "X")) return false;
  if (stat && owner.start && stat.start !== owner.start) return false;
  return true;
}

function formatOwner(o: LockOwner): string {
  return `${o.pid}\n${o.start ?? "-"}\n`;
}

function parseOwner(text: string): LockOwner | null {
  const [pid, start] = text.split("\n");
  if (!pid || !/^\d+$/.test(pid)) return null;
  return start && start !== "-" ? { pid: Number(pid), start } : { pid: Number(pid) };
}

export type LockResult =
  | { readonly ok: true; readonly lock: OutLock }
  /** Held by a running process (`pid` null: a lock file obsgen cannot read). */
  | { readonly ok: false; readonly pid: number | null };

export interface OutLock {
  /** Whether the lock file still names this process (nobody broke it meanwhile). */
  held(): boolean;
  /** Removes the lock file (throws the system error when it cannot). */
  release(): void;
}

const code = (e: unknown) => (e as NodeJS.ErrnoException).code;

/**
 * Takes the lock at `path`, taking over a stale one. A lock held by a running process is not
 * waited for: the caller reports it (a second build fails at once rather than after a wait).
 * `scratch(kind)` names this process's temporary files beside the lock.
 */
export function acquireLock(fs: OutFs, path: string, scratch: (kind: "lock" | "stale") => string): LockResult {
  const me = currentOwner();
  const text = formatOwner(me);
  const mine = scratch("lock");
  // Bounded: each round either takes the lock, finds a live owner, or removed a stale lock that
  // another process may take first. Builds racing for a stale lock settle within a few rounds.
  for (let round = 0; round < 8; round++) {
    if (create(fs, path, mine, text)) return { ok: true, lock: ownedLock(fs, path, text) };
    let owner: LockOwner | null;
    try {
      owner = parseOwner(fs.readFileSync(path, "utf8"));
    } catch (e) {
      if (code(e) === "ENOENT") continue; // released meanwhile: try again
      throw e;
    }
    if (owner === null) return { ok: false, pid: null };
    if (ownerAlive(owner)) return { ok: false, pid: owner.pid };
    // Stale. Move it aside under a name of this process's own before deleting it: of two builds
    // breaking the same stale lock, only one moves it; and if what was moved is no longer the
    // stale lock but a live build's fresh one, it is put back.
    const aside = scratch("stale");
    try {
      fs.renameSync(path, aside);
    } catch (e) {
      if (code(e) === "ENOENT") continue;
      throw e;
    }
    const moved = parseOwner(fs.readFileSync(aside, "utf8"));
    if (moved && ownerAlive(moved)) {
      try {
        fs.linkSync(aside, path);
      } catch (e) {
        if (code(e) !== "EEXIST") throw e;
      }
      fs.unlinkSync(aside);
      return { ok: false, pid: moved.pid };
    }
    fs.unlinkSync(aside);
  }
  return { ok: false, pid: null };
}

/** Creates the lock with its text in one step; false when it exists. */
function create(fs: OutFs, path: string, mine: string, text: string): boolean {
  fs.writeFileSync(mine, text);
  try {
    fs.linkSync(mine, path);
    return true;
  } catch (e) {
    if (code(e) === "EEXIST") return false;
    // File systems without hard links: exclusive create (a reader may then briefly see it empty).
    if (code(e) !== "EPERM" && code(e) !== "ENOTSUP" && code(e) !== "EOPNOTSUPP") throw e;
    try {
      fs.writeFileSync(path, text, { flag: "wx" });
      return true;
    } catch (e2) {
      if (code(e2) === "EEXIST") return false;
      throw e2;
    }
  } finally {
    fs.rmSync(mine, { force: true });
  }
}

function ownedLock(fs: OutFs, path: string, text: string): OutLock {
  return {
    held() {
      try {
        return fs.readFileSync(path, "utf8") === text;
      } catch {
        return false;
      }
    },
    release() {
      if (this.held()) fs.unlinkSync(path);
    },
  };
}

/** The owner a lock file names, for messages and tests; null when there is none or it is unreadable. */
export function readLockOwner(fs: OutFs, path: string): LockOwner | null {
  try {
    return parseOwner(fs.readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}
