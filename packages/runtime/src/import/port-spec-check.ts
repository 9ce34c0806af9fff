import { kindOf } from "./azure-ml-keys.ts";
import type { YamlSource } from "./yaml-source.ts";

/**
 * The shape of a component's input or output declaration, checked once for both readers of
 * component YAML (`loadComponent` and `sluice import`): an input is a mapping whose `optional`
 * is a boolean, `min`/`max` numbers, `default` a plain value and `enum` a list of them; an
 * output is a mapping or empty. Without this, `optional: "yes"` read as false, `min: low` as
 * NaN and an output given as a list as a plain folder, in silence.
 */
export function checkPortSpec(src: YamlSource, path: string[], value: unknown, port: "input" | "output"): void {
  if (value === null && port === "output") return;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw src.error(path, `an ${port} is a mapping of its type and settings, not ${kindOf(value)}`, "write type: … (and its settings) on lines under it");
  const spec = value as Record<string, unknown>;
  const plain = (v: unknown) => ["string", "number", "boolean"].includes(typeof v);
  if (spec.optional !== undefined && typeof spec.optional !== "boolean")
    throw src.error([...path, "optional"], `must be true or false, not ${kindOf(spec.optional)}`);
  for (const key of ["min", "max"])
    if (spec[key] !== undefined && typeof spec[key] !== "number") throw src.error([...path, key], `must be a number, not ${kindOf(spec[key])}`);
  if (spec.default !== undefined && spec.default !== null && !plain(spec.default))
    throw src.error([...path, "default"], `must be a string, number or boolean, not ${kindOf(spec.default)}`);
  if (spec.enum !== undefined && !(Array.isArray(spec.enum) && spec.enum.every(plain)))
    throw src.error([...path, "enum"], `must be a list of plain values, not ${Array.isArray(spec.enum) ? "a list holding others" : kindOf(spec.enum)}`);
}
