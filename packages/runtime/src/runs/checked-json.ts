import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import type * as z from "zod";
import { jitlessZod } from "../config/zod-mode.ts";
import { describeIssue } from "./zod-issue.ts";

/** A state file read back: its value, or why it cannot be used (in words, without the path). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A path as people read it: relative to the current folder when inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/**
 * Reads a JSON file Sluice wrote earlier and checks it against its schema. State can be
 * truncated, edited or written by another version: callers name the file and skip or repair
 * it, so one bad file never takes a whole command down. `what` names the kind of document
 * ("a run record") in the problem text.
 */
export function readCheckedJson<T>(file: string, schema: z.ZodType<T>, what: string): Checked<T> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === "ENOENT" ? "is missing" : `cannot be read (${code ?? "unknown error"})` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    return { ok: false, problem: `not valid JSON (${message.charAt(0).toLowerCase()}${message.slice(1)})` };
  }
  jitlessZod();
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: `not ${what} (${describeIssue(parsed.error, raw)})` };
}
