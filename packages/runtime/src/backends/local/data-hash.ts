import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { forEachChunk } from "@sluice/compiler";

/** Every file under a folder, relative and `/`-separated: hidden files, `__pycache__` and ignored files too. */
function allFiles(dir: string, rel = "", out: string[] = []): string[] {
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(dir, path)).isDirectory());
    if (isDir) allFiles(dir, path, out);
    else out.push(path);
  }
  return out;
}

/**
 * The identity of a data input, for reuse: every byte of every file. Unlike a code snapshot,
 * nothing is skipped (an ignore file describes code, not data, and a changed file the step
 * reads must rerun it), and files stream through the hash, so large folders cost no memory.
 */
export function dataDigest(path: string): string {
  const hash = createHash("sha256");
  if (!statSync(path).isDirectory()) {
    forEachChunk(path, (chunk) => hash.update(chunk));
    return hash.digest("hex");
  }
  const files = allFiles(path).sort();
  hash.update(`folder\0${files.length}\0`);
  for (const file of files) {
    const own = createHash("sha256");
    forEachChunk(join(path, file), (chunk) => own.update(chunk));
    hash.update(`${file}\0${own.digest("hex")}\0`);
  }
  return hash.digest("hex");
}
