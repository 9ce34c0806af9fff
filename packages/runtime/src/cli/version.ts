import { createRequire } from "node:module";

/** This package's version, read from its manifest (the same file npm installed). */
export function sluiceVersion(): string {
  return (createRequire(import.meta.url)("@sluice/runtime/package.json") as { version: string }).version;
}
