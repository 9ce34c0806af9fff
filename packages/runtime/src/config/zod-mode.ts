import * as z from "zod";

let configured = false;

/**
 * The CLI validates each document once per process, so zod's compiled (JIT) parsers cost more
 * than they save: every parse site calls this first (a function, not an import side effect,
 * so bundling keeps it).
 */
export function jitlessZod(): typeof z {
  if (!configured) {
    z.config({ jitless: true });
    configured = true;
  }
  return z;
}
