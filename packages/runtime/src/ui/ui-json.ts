import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import type * as z from "zod";
import { jitlessZod } from "../config/zod-mode.ts";
import { describeIssue } from "../runs/zod-issue.ts";

/** A path as people read it: relative to the current folder when inside it, else absolute. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

/**
 * A JSON file the pages show (an engine's leaderboard, a deploy step's history), checked
 * against its schema. Missing is nothing to say; unreadable, not JSON or the wrong shape adds a
 * notice naming the file, and the page shows everything else.
 */
export function readJsonChecked<T>(file: string, schema: z.ZodType<T>, what: string, notices: string[]): T | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    // Stryker disable next-line StringLiteral: without an encoding JSON.parse reads the buffer as UTF-8 text all the same.
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    notices.push(`${shown(file)} is not shown: ${e instanceof SyntaxError ? "it is not valid JSON" : "it cannot be read"}`);
    return undefined;
  }
  return checked(raw, schema, `${shown(file)} is not shown: it is not ${what}`, notices);
}

/** A value checked against a schema; when it does not fit, `notice` (and the first problem) is added. */
export function checked<T>(raw: unknown, schema: z.ZodType<T>, notice: string, notices: string[]): T | undefined {
  // Stryker disable next-line CallExpression: zod's mode changes how fast a parse is, not its result.
  jitlessZod();
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  notices.push(`${notice} (${describeIssue(parsed.error, raw)})`);
  return undefined;
}
