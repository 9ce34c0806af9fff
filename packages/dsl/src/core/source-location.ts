import type { SourceLocation } from "../ir/schema.ts";

function toPath(location: string): string {
  return location.startsWith("file://") ? decodeURIComponent(new URL(location).pathname) : location;
}

/** Frames from files under this folder are Sluice's own and never a user's call site. */
const DSL_ROOT = toPath(new URL("../", import.meta.url).href);
const FRAME = /\(?((?:file|node):[^\s()]+?|\/[^\s():]+?):(\d+):(\d+)\)?$/;

/**
 * Where the user called a builder. Diagnostics point there, so the stack is read at construction
 * time; Node's type stripping keeps line/column identical to the .ts source.
 */
export function captureLocation(): SourceLocation {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  Error.captureStackTrace(holder, captureLocation);
  Error.stackTraceLimit = limit;
  for (const line of (holder.stack ?? "").split("\n").slice(1)) {
    const match = FRAME.exec(line.trim());
    if (!match) continue;
    const [, where = "", ln = "0", col = "0"] = match;
    const file = toPath(where);
    if (file.startsWith(DSL_ROOT) || where.startsWith("node:")) continue;
    return { file, line: Number(ln), column: Number(col) };
  }
  return { file: "<unknown>", line: 0, column: 0 };
}
