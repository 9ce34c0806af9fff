import { accessSync, constants, existsSync, lstatSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { type ErrorKind, SluiceError } from "./sluice-error.ts";

/**
 * Every file-system refusal Sluice explains, and who must act (the exit code): `usage` (2) when
 * the path as named is wrong (missing, a file where a folder is needed, a symbolic-link loop);
 * `environment` (3) when this machine refuses a path that is fine (read-only, no permission, disk
 * full, too many open files). The README's exit-code table says the same.
 */
const REASONS: Record<string, { text: string; kind: ErrorKind; hint?: string }> = {
  ENOENT: { text: "no such file or folder", kind: "usage" },
  ENOTDIR: { text: "a part of the path is a file, not a folder", kind: "usage" },
  EISDIR: { text: "it is a folder", kind: "usage" },
  ELOOP: {
    text: "a symbolic link on the path loops back on itself",
    kind: "usage",
    hint: "find the link with `ls -l` along the path and fix or remove it",
  },
  ENAMETOOLONG: { text: "the name is too long", kind: "usage" },
  EEXIST: { text: "it already exists", kind: "usage" },
  EACCES: { text: "permission denied", kind: "environment", hint: "check the owner and permissions of the path and its folders (ls -ld)" },
  EPERM: { text: "not permitted", kind: "environment", hint: "check the owner and permissions of the path and its folders (ls -ld)" },
  EROFS: {
    text: "the file system is read-only",
    kind: "environment",
    hint: "use a folder on a writable file system (Sluice's own: SLUICE_STATE_DIR for runs, SLUICE_CACHE_DIR for the cache)",
  },
  ENOSPC: {
    text: "no space left on the device",
    kind: "environment",
    hint: "free space on that disk (`sluice gc` removes old runs and the cache entries they alone use)",
  },
  EDQUOT: { text: "over the disk quota", kind: "environment", hint: "free space (`sluice gc` removes old runs and unused cache entries)" },
  EMFILE: { text: "too many open files", kind: "environment", hint: "raise the limit (ulimit -n) or run fewer steps at once (--parallel)" },
  ENFILE: { text: "too many open files on this machine", kind: "environment", hint: "close other programs or raise the system's limit" },
  EIO: { text: "an input/output error (the disk or its connection failed)", kind: "environment" },
  EBUSY: { text: "it is busy (in use or mounted)", kind: "environment" },
  /** Not an errno: a symbolic link on the path whose target does not exist (mkdir says ENOENT). */
  DANGLING: {
    text: "it is a symbolic link to something that does not exist",
    kind: "usage",
    hint: "fix or remove the link (`ls -l` shows where it points)",
  },
  /** Not an errno: a folder whose parent exists yet which mkdir says "does not exist" (/proc). */
  REFUSED: {
    text: "the filesystem there does not allow it",
    kind: "environment",
    hint: "use a folder on an ordinary disk (not under /proc or /sys)",
  },
};

/** Refusals that are not about a file (a port, a program to start, the network). */
const NOT_FILES = /^(spawn|listen|bind|connect|getaddrinfo|uv_)/;
/** Codes that, even without a path, can only come from writing a file. */
const PATHLESS = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO"]);

const READS = new Set(["read", "scandir", "opendir", "stat", "lstat", "fstat", "readlink", "realpath", "access"]);

/** A Node errno error, or undefined for anything else. */
function errnoOf(error: unknown): NodeJS.ErrnoException | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  return e && typeof e === "object" && typeof e.code === "string" && typeof e.errno === "number" ? e : undefined;
}

/**
 * The path and code that explain a refusal. Node's recursive mkdir reports ENOENT for the folder
 * it was asked for when the refusal was higher up (read-only, no permission), and ENOTDIR names
 * the whole path, not the file in the way: ask the nearest existing ancestor.
 */
function trueCause(e: NodeJS.ErrnoException): { code: string; path: string } {
  const path = e.path as string;
  const code = e.code as string;
  if (!(code === "ENOTDIR" || (code === "ENOENT" && e.syscall === "mkdir"))) return { code, path };
  let ancestor = dirname(path);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (!statSync(ancestor, { throwIfNoEntry: false })?.isDirectory()) return { code: "ENOTDIR", path: ancestor };
  if (code === "ENOTDIR") return { code, path };
  const child = join(ancestor, relative(ancestor, path).split("/")[0] ?? "");
  try {
    accessSync(ancestor, constants.W_OK);
  } catch (cause) {
    return { code: errnoOf(cause)?.code ?? code, path: child };
  }
  if (lstatSync(child, { throwIfNoEntry: false })?.isSymbolicLink()) return { code: "DANGLING", path: child };
  // The parent is a writable folder and still the child "does not exist": a pseudo file system.
  return { code: "REFUSED", path: child };
}

/** Marks an errno error from a write Sluice made at `path` (a write's own error names no file), for {@link fileSystemError}. */
export function withPath(error: unknown, path: string, syscall = "write"): unknown {
  const e = errnoOf(error);
  if (e && typeof e.path !== "string") Object.assign(e, { path, syscall });
  return error;
}

/**
 * A file-system refusal as the one-line error every command gives, never an internal error:
 * which path, what is wrong in words, and what to do; undefined for anything else.
 */
export function fileSystemError(error: unknown): SluiceError | undefined {
  const e = errnoOf(error);
  const code = e?.code ?? "";
  if (!e || !Object.hasOwn(REASONS, code) || NOT_FILES.test(e.syscall ?? "")) return undefined;
  if (typeof e.path !== "string") {
    if (!PATHLESS.has(code)) return undefined;
    const reason = REASONS[code] as (typeof REASONS)[string];
    // A write deep in a library (a stream) may name no file: still the reason, not a stack.
    return new SluiceError(reason.kind, `cannot write: ${reason.text}`, reason.hint ? { hint: reason.hint } : {});
  }
  const cause = trueCause(e);
  const reason = REASONS[cause.code] ?? (REASONS[code] as (typeof REASONS)[string]);
  // An atomic write's temporary file stands for the folder it was written in.
  const path = /^\..*\.tmp$/.test(basename(cause.path)) ? dirname(cause.path) : cause.path;
  const syscall = e.syscall ?? "";
  // A file in the way of a folder is met by a stat before a write: still a write that failed.
  const reading = (READS.has(syscall) && cause.code !== "ENOTDIR") || (syscall === "open" && cause.code === "ENOENT");
  const verb = cause.code === "REFUSED" ? "cannot create" : reading ? "cannot read" : "cannot write";
  return new SluiceError(reason.kind, `${verb} ${path}: ${reason.text}`, reason.hint ? { hint: reason.hint } : {});
}
