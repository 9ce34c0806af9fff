import { existsSync, readFileSync } from "node:fs";
import { keyPosition } from "../config/closest-name.ts";
import type { ProjectConfig } from "../config/project-config.ts";
import { SluiceError } from "../errors/sluice-error.ts";

/** Where `"inputs": { "<name>": …` is written in the config file, as `:line:column`, if found. */
function configLocation(file: string, name: string): string {
  const inputs = keyPosition(readFileSync(file, "utf8"), "inputs");
  const key = inputs && keyPosition(readFileSync(file, "utf8"), name, inputs.offset);
  return key ? `:${key.line}:${key.column}` : "";
}

/**
 * A data input mapped to a path that does not exist, refused before anything runs, with a hint
 * that names where the mapping was made (`--input` or sluice.config.json): the input is mapped,
 * so "map it to a local file" would be the wrong advice.
 */
export function checkMappedInputs(config: ProjectConfig, given: Record<string, string>, mapped: Record<string, string>, dataInputs: readonly string[]): void {
  for (const name of dataInputs) {
    const path = mapped[name];
    if (path === undefined || existsSync(path)) continue;
    if (name in given) {
      throw new SluiceError("usage", `data input '${name}' is mapped to '${given[name]}', which does not exist`, {
        hint: `fix the path given to --input ${name}=<path>, or create the file`,
      });
    }
    const where = config.file ? `${config.file}${configLocation(config.file, name)}: ` : "";
    throw new SluiceError("usage", `${where}data input '${name}' is mapped to '${path}', which does not exist`, {
      hint: "fix the path in sluice.config.json or create the file",
    });
  }
}

/** Every `--input` names a data input of this pipeline (a misspelled one would be ignored). */
export function checkGivenInputs(given: Record<string, string>, dataInputs: readonly string[], parameters: readonly string[] = []): void {
  for (const name of Object.keys(given)) {
    if (!dataInputs.includes(name))
      throw new SluiceError("usage", `the pipeline has no data input '${name}'`, {
        hint: parameters.includes(name)
          ? `'${name}' is a parameter: --param ${name}=<value>`
          : dataInputs.length
            ? `data inputs: ${dataInputs.join(", ")}`
            : "this pipeline reads no data inputs",
      });
  }
}
