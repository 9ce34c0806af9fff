import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { CompilerHost } from "./compiler-host.ts";

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

/** The real file system and working directory. */
export const NODE_HOST: CompilerHost = {
  cwd: () => process.cwd(),
  stat(path) {
    const s = statSync(path, { throwIfNoEntry: false });
    return s ? { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size } : undefined;
  },
  readText: (path) => readFileSync(path, "utf8"),
  list: (path) =>
    readdirSync(path, { withFileTypes: true }).map((e) => ({
      name: e.name,
      isDirectory: e.isDirectory() || (e.isSymbolicLink() && statSync(join(path, e.name), { throwIfNoEntry: false })?.isDirectory() === true),
    })),
  forEachChunk,
};
