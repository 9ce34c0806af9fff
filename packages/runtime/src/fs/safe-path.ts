import { isAbsolute, relative, resolve } from "node:path";
import { SluiceError } from "../errors/sluice-error.ts";

/**
 * Joins names from outside (node names, output names, mappings, blob names) under a root and
 * refuses any result that would leave it (`../`, absolute parts), instead of trusting them.
 */
export function safeJoin(root: string, ...parts: string[]): string {
  const target = resolve(root, ...parts);
  const rel = relative(root, target);
  if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))) return target;
  throw new SluiceError("usage", `refusing path '${parts.join("/")}': it escapes ${root}`, {
    hint: "names of steps, outputs and inputs may not contain '..' or absolute paths",
  });
}

/** A single path segment Sluice itself will create (step keys, output names). */
export function assertSegment(name: string, what: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !name.includes("..")) return name;
  throw new SluiceError("usage", `refusing ${what} '${name}': not a plain name`, { hint: "use letters, digits and underscores" });
}
