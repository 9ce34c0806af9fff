import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as z from "zod";
import { jitlessZod } from "./zod-mode.ts";
import { SluiceError } from "../errors/sluice-error.ts";
import { findProjectRoot } from "../project/project-root.ts";
import { closestName, keyPosition } from "./closest-name.ts";
import { invalidJson, wrongValue } from "./config-errors.ts";

export const CONFIG_FILE = "sluice.config.json";

const ConfigSchema = z.strictObject({
  /** Local stand-ins for data inputs by input name, relative to the config file (offline runs). */
  inputs: z.record(z.string(), z.string()).optional(),
  /** How many steps run at once locally. Default: the number of cores. */
  parallelism: z.number().int().positive().optional(),
});

export interface ProjectConfig {
  file?: string;
  inputs: Record<string, string>;
  parallelism?: number;
}

const KEYS = "inputs (name → path), parallelism";

/** A top-level key the config does not have, located, with the key it most likely meant. */
function unknownKey(file: string, key: string): SluiceError {
  const at = keyPosition(readFileSync(file, "utf8"), key);
  const guess = closestName(key, ["inputs", "parallelism"]);
  return new SluiceError("usage", `${file}${at ? `:${at.line}:${at.column}` : ""}: unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ""}`, {
    hint: `allowed keys: ${KEYS}`,
  });
}

/**
 * Reads the project's `sluice.config.json` (the nearest at or above the pipeline file's folder,
 * the same file that roots the project's state), if any; mistakes name the file and key.
 */
export function loadProjectConfig(pipelineDir: string): ProjectConfig {
  const root = findProjectRoot(pipelineDir);
  if (root.marker !== "sluice.config.json") return { inputs: {} };
  const file = join(root.dir, CONFIG_FILE);
  const text = readFileSync(file, "utf8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalidJson(file, text, error);
  }
  jitlessZod();
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const unknown = issue?.code === "unrecognized_keys" && issue.path.length === 0 ? issue.keys[0] : undefined;
    if (unknown !== undefined) throw unknownKey(file, unknown);
    throw wrongValue(file, text, raw, issue?.path ?? []);
  }
  const inputs = Object.fromEntries(Object.entries(parsed.data.inputs ?? {}).map(([k, v]) => [k, resolve(dirname(file), v)]));
  return parsed.data.parallelism === undefined ? { file, inputs } : { file, inputs, parallelism: parsed.data.parallelism };
}
