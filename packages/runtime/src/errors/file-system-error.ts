import { basename, dirname } from "node:path";
import { SluiceError } from "./sluice-error.ts";

const REASONS: Record<string, string> = {
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "over the disk quota",
  ENAMETOOLONG: "the name is too long",
};

/**
 * A file-system refusal (a path the user named that cannot be written or read) as the one-line
 * error every command gives, not an internal error: which path, and why in words.
 */
export function fileSystemError(error: unknown): SluiceError | undefined {
  const e = error as NodeJS.ErrnoException;
  const reason = e && typeof e.code === "string" && typeof e.syscall === "string" ? REASONS[e.code] : undefined;
  if (!reason || typeof e.path !== "string") return undefined;
  // An atomic write's temporary file stands for the folder it was written in.
  const path = /^\..*\.tmp$/.test(basename(e.path)) ? dirname(e.path) : e.path;
  const verb = ["open", "read", "scandir", "stat", "lstat"].includes(e.syscall as string) && e.code === "ENOENT" ? "cannot read" : "cannot write";
  return new SluiceError("usage", `${verb} ${path}: ${reason}`);
}
