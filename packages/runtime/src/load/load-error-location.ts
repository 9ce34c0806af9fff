import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { stripTypeScriptTypes } from "node:module";
import { pathToFileURL } from "node:url";

export interface Position {
  line: number;
  column: number;
}

/**
 * The position in Node's snippet header (`<where>:LINE`, the source lines, a caret line under
 * the culprit) that syntax and linking errors carry at the top of their stack. The caret's
 * offset is in rendered columns (a tab is 4 wide), so it is mapped back onto the source line.
 */
export function snippetPosition(stack: string, where: string, source: string): Position | undefined {
  if (!stack.startsWith(`${where}:`)) return undefined;
  const lines = stack.split("\n");
  const line = Number(/^:(\d+)$/.exec(lines[0]?.slice(where.length) ?? "")?.[1]);
  if (!Number.isInteger(line) || line < 1) return undefined;
  const caret = lines.findIndex((l, i) => i > 1 && /^\s*\^+\s*$/.test(l));
  if (caret < 0) return { line, column: 1 };
  const rendered = (lines[caret] as string).indexOf("^");
  const text = source.split(/\r?\n/)[line - 1] ?? "";
  let width = 0;
  let index = 0;
  for (const ch of text) {
    if (width >= rendered) break;
    width += ch === "\t" ? 4 : 1;
    index += ch.length;
  }
  return { line, column: index + 1 };
}

/**
 * V8 reports some syntax errors of a module (`let x` twice, a bad `await`) without a position:
 * `node --check` finds it in the type-stripped source (positions are kept by stripping).
 */
function checkedPosition(source: string): Position | undefined {
  let stripped: string;
  try {
    stripped = stripTypeScriptTypes(source);
  } catch {
    return undefined;
  }
  const r = spawnSync(process.execPath, ["--check", "--input-type=module", "-"], { input: stripped, encoding: "utf8", timeout: 10_000 });
  return snippetPosition(r.stderr ?? "", "[stdin]", source);
}

/** Where a module that names a missing package imports it (the first line naming it). */
function importPosition(message: string, source: string): Position | undefined {
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if (!name) return undefined;
  const lines = source.split(/\r?\n/);
  for (const [i, text] of lines.entries()) {
    const at = Math.max(text.indexOf(`"${name}"`), text.indexOf(`'${name}'`));
    if (at >= 0) return { line: i + 1, column: at + 1 };
  }
  return undefined;
}

/** Where in `file` loading it failed, as Node knew it; undefined when Node did not say. */
export function loadErrorPosition(error: Error, file: string): Position | undefined {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const stack = error.stack ?? "";
  const fromSnippet = snippetPosition(stack, pathToFileURL(file).href, source);
  if (fromSnippet) return fromSnippet;
  if (error.name === "SyntaxError") return checkedPosition(source);
  return importPosition(error.message, source);
}
