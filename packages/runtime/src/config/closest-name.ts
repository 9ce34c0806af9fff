export { closestName } from "@sluice/dsl/ir";

/** Where `"key":` first appears in a JSON text after `from` (1-based line and column), for located messages. */
export function keyPosition(text: string, key: string, from = 0): { line: number; column: number; offset: number } | undefined {
  const at = text.slice(from).search(new RegExp(`${JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`));
  if (at < 0) return undefined;
  const offset = from + at;
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, offset };
}
