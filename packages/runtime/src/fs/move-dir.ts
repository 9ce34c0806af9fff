import { cpSync, renameSync, rmSync } from "node:fs";

/** Moves a folder; across file systems (a shared SLUICE_CACHE_DIR) it copies then removes. */
export function moveDir(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}
