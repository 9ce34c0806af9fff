import { createHash } from "node:crypto";
import { join } from "node:path";
import ignore, { type Ignore } from "ignore";
import type { CompilerHost } from "../host/compiler-host.ts";
import { NODE_HOST } from "../host/node-host.ts";

export { forEachChunk } from "../host/node-host.ts";

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
function loadIgnore(dir: string, host: CompilerHost): { rules: Ignore; file: CodeSnapshot["ignoreFile"] } {
  const rules = ignore().add("__pycache__/");
  for (const file of [".amlignore", ".gitignore"] as const) {
    const path = join(dir, file);
    if (host.stat(path)?.isFile) return { rules: rules.add(host.readText(path)), file };
  }
  return { rules, file: undefined };
}

function listFiles(host: CompilerHost, dir: string, rel: string, rules: Ignore, out: string[]): void {
  for (const entry of host.list(join(dir, rel))) {
    const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
    const isDir = entry.isDirectory;
    if (rules.ignores(isDir ? `${path}/` : path)) continue;
    if (isDir) listFiles(host, dir, path, rules, out);
    else out.push(path);
  }
}

/**
 * Hashes a code folder the way the SDK's `get_content_hash` does: the kept-file count, then
 * `#path#size` per file (sorted by lower-cased path), then every file's bytes in that order.
 */
export function snapshotCode(dir: string, host: CompilerHost = NODE_HOST): CodeSnapshot {
  const { rules, file } = loadIgnore(dir, host);
  const files: string[] = [];
  listFiles(host, dir, "", rules, files);
  files.sort((a, b) => {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  // Sizes first (the header), then each file's bytes streamed in chunks: memory stays flat
  // however large the folder.
  const sizes = files.map((f) => host.stat(join(dir, f))?.size ?? 0);
  const hash = createHash("sha256").update(String(files.length));
  files.forEach((f, i) => {
    hash.update(`#${f}#${sizes[i] ?? 0}`);
  });
  const listed = files.map((path, i) => {
    const own = createHash("sha256");
    host.forEachChunk(join(dir, path), (chunk) => {
      hash.update(chunk);
      own.update(chunk);
    });
    return { path, size: sizes[i] ?? 0, sha256: own.digest("hex") };
  });
  const bytes = sizes.reduce((sum, n) => sum + n, 0);
  return { dir, sha256: hash.digest("hex"), files: listed, bytes, ignoreFile: file };
}
