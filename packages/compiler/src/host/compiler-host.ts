/** One entry of a folder listing, as the host reports it. */
export interface HostEntry {
  name: string;
  isDirectory: boolean;
}

/**
 * Every file access of the compiler goes through a host, as in the TypeScript compiler API: the
 * passes and lowering never touch `fs` or `process`. The CLI passes the Node host; tests and
 * other front ends can compile against an in-memory tree.
 */
export interface CompilerHost {
  /** The directory paths in messages are shown relative to. */
  cwd(): string;
  /** What is at `path` (symbolic links followed), or undefined when nothing is. */
  stat(path: string): { isFile: boolean; isDirectory: boolean; size: number } | undefined;
  readText(path: string): string;
  /** A folder's entries; a symbolic link to a folder counts as a folder. */
  list(path: string): HostEntry[];
  /** Calls `use` with a file's bytes in chunks (the buffer may be reused: copy what you keep). */
  forEachChunk(path: string, use: (chunk: Uint8Array) => void): void;
}
