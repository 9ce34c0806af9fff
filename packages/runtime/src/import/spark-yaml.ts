import type { SparkPartsIR } from "@sluice/dsl/ir";
import { asMap, type Json, unknownKeys } from "./import-component.ts";
import type { YamlSource } from "./yaml-source.ts";

/** What a Spark component YAML may say (the SDK's `SparkComponentSchema`). */
export const SPARK_COMPONENT_KEYS = [
  ...["$schema", "type", "name", "display_name", "version", "description", "tags", "is_deterministic", "inputs", "outputs"],
  ...["code", "entry", "py_files", "jars", "files", "archives", "args", "conf", "environment"],
];

const LISTS = [
  ["py_files", "pyFiles"],
  ["jars", "jars"],
  ["files", "files"],
  ["archives", "archives"],
] as const;

/**
 * A Spark component's or Spark job's own parts read from YAML at `path` (entry, arguments, shipped
 * files, configuration), each checked where it stands: the one reading `loadComponent` and
 * `sluice import` share.
 */
export function readSparkParts(src: YamlSource, path: string[], spec: Json, what: string): SparkPartsIR {
  const entry = asMap(spec.entry);
  unknownKeys(src, [...path, "entry"], entry, ["file", "class_name"]);
  if (typeof entry.file !== "string" && typeof entry.class_name !== "string")
    throw src.error([...path, "entry"], `a Spark ${what} needs an entry: a file or a class_name`, "write entry: { file: main.py }");
  const parts: SparkPartsIR = { entry: typeof entry.file === "string" ? { file: entry.file } : { className: String(entry.class_name) } };
  if (spec.args !== undefined) parts.args = String(spec.args);
  for (const [key, field] of LISTS) {
    const list = spec[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) throw src.error([...path, key], `${key} must be a list of file names`);
    parts[field] = list;
  }
  if (spec.conf !== undefined) parts.conf = readSparkConf(src, [...path, "conf"], spec.conf);
  return parts;
}

/** A Spark configuration at `path`: a mapping of settings, each a string, number or boolean. */
export function readSparkConf(src: YamlSource, path: string[], conf: unknown): NonNullable<SparkPartsIR["conf"]> {
  if (conf === null || typeof conf !== "object" || Array.isArray(conf))
    throw src.error(path, "conf must be a mapping of Spark settings", "write conf: { spark.driver.cores: 1, spark.driver.memory: 2g, … }");
  for (const [k, v] of Object.entries(conf))
    if (!["string", "number", "boolean"].includes(typeof v)) throw src.error([...path, k], `Spark setting '${k}' must be a string, number or boolean`);
  return asMap(conf) as NonNullable<SparkPartsIR["conf"]>;
}
