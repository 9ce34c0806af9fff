import { basename } from "node:path";
import type { SourceLocation } from "@sluice/dsl/ir";

/** `file.ts:12:5`, for pointing at a second place inside a message. */
export function formatLocationShort(location: SourceLocation): string {
  return `${basename(location.file)}:${location.line}:${location.column}`;
}
