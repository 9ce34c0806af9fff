import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";

/** A code folder as Azure ML would upload it, identified by its content. */
export interface CodeSnapshot {
  /** Absolute folder path (never emitted: emitters write paths relative to their output). */
  dir: string;
  /** Content fingerprint: Azure's `hash_sha256` (version 202208) over the kept files. */
  sha256: string;
  /** Kept files, relative, `/`-separated, in hashing order, each with its own digest. */
  files: Array<{ path: string; size: number; sha256: string }>;
  bytes: number;
  ignoreFile: ".amlignore" | ".gitignore" | undefined;
}

/**
 * Azure ML honours one ignore file at the folder root (`.amlignore` over `.gitignore`, not
 * merged) and always skips `__pycache__`. Sluice applies normal gitignore semantics (last match
 * wins), unlike the SDK's hash-seed-dependent ordering.
 */
function loadIgnore(dir: string): { rules: Ignore; file: CodeSnapshot["ignoreFile"] } {
  const rules = ignore().add("__pycache__/");
  for (const file of [".amlignore", ".gitignore"] as const) {
    const path = join(dir, file);
    if (existsSync(path)) return { rules: rules.add(readFileSync(path, "utf8")), file };
  }
  return { rules, file: undefined };
}

function listFiles(dir: string, rel: string, rules: Ignore, out: string[]): void {
  for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(join(dir, path)).isDirectory());
    if (rules.ignores(isDir ? `${path}/` : path)) continue;
    if (isDir) listFiles(dir, path, rules, out);
    else out.push(path);
  }
}

/**
 * Hashes a code folder the way the SDK's `get_content_hash` does: the kept-file count, then
 * `#path#size` per file (sorted by lower-cased path), then every file's bytes in that order.
 */
export function snapshotCode(dir: string): CodeSnapshot {
  const { rules, file } = loadIgnore(dir);
  const files: string[] = [];
  listFiles(dir, "", rules, files);
  files.sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  const contents = files.map((f) => readFileSync(join(dir, f)));
  const hash = createHash("sha256").update(String(files.length));
  files.forEach((f, i) => {
    hash.update(`#${f}#${contents[i]?.length ?? 0}`);
  });
  for (const content of contents) hash.update(content);
  const bytes = contents.reduce((sum, c) => sum + c.length, 0);
  const listed = files.map((path, i) => {
    const content = contents[i] as Buffer;
    return { path, size: content.length, sha256: createHash("sha256").update(content).digest("hex") };
  });
  return { dir, sha256: hash.digest("hex"), files: listed, bytes, ignoreFile: file };
}
