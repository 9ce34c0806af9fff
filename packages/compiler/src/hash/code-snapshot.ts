import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
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

const CHUNK = 1 << 20;

/** Calls `use` with a file's bytes, 1 MiB at a time (the buffer is reused: copy what you keep). */
export function forEachChunk(path: string, use: (chunk: Buffer) => void): void {
  const fd = openSync(path, "r");
  const buffer = Buffer.allocUnsafe(CHUNK);
  try {
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) use(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
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
  // Sizes first (the header), then each file's bytes streamed in chunks: memory stays flat
  // however large the folder.
  const sizes = files.map((f) => statSync(join(dir, f)).size);
  const hash = createHash("sha256").update(String(files.length));
  files.forEach((f, i) => {
    hash.update(`#${f}#${sizes[i] ?? 0}`);
  });
  const listed = files.map((path, i) => {
    const own = createHash("sha256");
    forEachChunk(join(dir, path), (chunk) => {
      hash.update(chunk);
      own.update(chunk);
    });
    return { path, size: sizes[i] ?? 0, sha256: own.digest("hex") };
  });
  const bytes = sizes.reduce((sum, n) => sum + n, 0);
  return { dir, sha256: hash.digest("hex"), files: listed, bytes, ignoreFile: file };
}
