import { statSync } from "node:fs";

/**
 * Whether a path a command is about to write into is an existing file (a mistake worth naming as
 * given). Any other trouble with the path (a link loop, no permission) is left to the write,
 * which reports it as what it is.
 */
export function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
