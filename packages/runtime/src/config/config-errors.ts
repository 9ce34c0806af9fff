import { SluiceError } from "../errors/sluice-error.ts";
import { keyPosition } from "./closest-name.ts";

/** A location suffix (`:line:column`), or nothing when it is not known. */
const at = (p: { line: number; column: number } | undefined) => (p ? `:${p.line}:${p.column}` : "");

/** A value as the user wrote it, short enough for one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * `JSON.parse`'s failure as a located one-liner: V8 says "… in JSON at position 39 (line 1
 * column 40)"; the position becomes `file:line:column` and only the reason is kept.
 */
export function invalidJson(file: string, text: string, error: unknown): SluiceError {
  const message = error instanceof Error ? error.message : String(error);
  const where = /\(line (\d+) column (\d+)\)/.exec(message);
  const lines = text.split("\n");
  const line = where ? Number(where[1]) : lines.length;
  const column = where ? Number(where[2]) : (lines.at(-1)?.length ?? 0) + 1;
  const reason = message
    .replace(/,? ?"[^"]*"? is not valid JSON$/, "")
    .replace(/ in JSON at position \d+.*$/, "")
    .replace(/ \(line \d+ column \d+\)$/, "");
  const short = /^Unexpected end of JSON input$/.test(reason) ? 'the text ends too early (a missing } or ")' : reason.charAt(0).toLowerCase() + reason.slice(1);
  return new SluiceError("usage", `${file}:${line}:${column}: not valid JSON: ${short}`, {
    hint: 'sluice.config.json is plain JSON: keys in double quotes, no trailing commas or comments, e.g. { "inputs": { "iris": "data/iris.csv" } }',
  });
}

/** The value at `path` in the parsed config (to say what was given). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** Where the key at `path` is written: each key is searched for after its parent's. */
function pathPosition(text: string, path: readonly PropertyKey[]): { line: number; column: number } | undefined {
  let found: ReturnType<typeof keyPosition>;
  for (const key of path) {
    found = keyPosition(text, String(key), found?.offset ?? 0);
    if (!found) return undefined;
  }
  return found;
}

/** What each key holds, and an example, for the message and hint of a wrong value. */
function expectation(path: readonly PropertyKey[]): { needs: string; hint: string } {
  const example = '"inputs": { "iris": "data/iris.csv" }';
  if (path[0] === "inputs" && path.length > 1)
    return { needs: "must be a path (a string)", hint: `map each data input to a local file or folder, relative to sluice.config.json: ${example}` };
  if (path[0] === "inputs") return { needs: "must be an object of input name → path", hint: `e.g. ${example}` };
  if (path[0] === "parallelism")
    return { needs: "must be a whole number ≥ 1", hint: 'how many steps run at once locally, e.g. "parallelism": 4 (leave it out for the number of cores)' };
  return { needs: "must be a JSON object", hint: `e.g. { ${example} }` };
}

/** A value of the wrong type or range, located, saying what the key takes and what it got. */
export function wrongValue(file: string, text: string, raw: unknown, path: readonly PropertyKey[]): SluiceError {
  const { needs, hint } = expectation(path);
  const name = path.map(String).join(".") || "the file";
  return new SluiceError("usage", `${file}${at(pathPosition(text, path))}: ${name} ${needs}, got ${shown(valueAt(raw, path))}`, { hint });
}
