import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { randomBytes } from "node:crypto";
import { withPath } from "../errors/file-system-error.ts";

/** Writes via a temp file in the same folder and a rename, so readers never see half a file (`mode`: e.g. 0o600 for secrets). */
export function writeFileAtomic(path: string, content: string | Uint8Array, options: { mode?: number } = {}): void {
  ensureDir(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, content, options.mode === undefined ? {} : { mode: options.mode });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    // A folder in the target's place fails the rename, whose error names the temporary file.
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) Object.assign(error as object, { code: "EISDIR", path, syscall: "open" });
    // A full disk fails the write itself, whose error names no file: name the one Sluice was writing.
    throw withPath(error, path);
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir never returns under a pseudo file
 * system such as /proc (it retries ENOENT forever); here the first refusal is the error. Each
 * level is tried once, so this always ends: a folder whose parent exists yet which still "does
 * not exist" is the file system refusing it (see `fileSystemError`).
 */
export function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
