import { relative, sep } from "node:path";

/** A path as emitted: relative to the emitted file's folder, `/`-separated, `./`-prefixed. */
export function emittedPath(baseDir: string, absolute: string): string {
  const rel = relative(baseDir, absolute).split(sep).join("/");
  if (rel === "") return ".";
  return rel.startsWith("../") || rel === ".." ? rel : `./${rel}`;
}
