import { readFileSync } from "node:fs";
import type { Diagnostic } from "@sluice/compiler";
import { closestName, keyPosition } from "./closest-name.ts";
import type { ProjectConfig } from "./project-config.ts";

/** A data input of the pipeline: its name, and whether it is a local file already. */
export interface DataInputName {
  name: string;
  kind: string;
}

/** Where `inputs.<name>` is in the config file (after the `"inputs"` key), else its first line. */
function inputLocation(file: string, name: string): { file: string; line: number; column: number } {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return { file, line: 1, column: 1 };
  }
  const inputs = keyPosition(text, "inputs");
  const at = keyPosition(text, name, inputs?.offset ?? 0);
  return { file, line: at?.line ?? 1, column: at?.column ?? 1 };
}

/**
 * `sluice.config.json` names inputs for every pipeline of the project, so a name this pipeline
 * lacks may be another's; but while one of this pipeline's web or dataset inputs has no stand-in
 * (from the config or `--input`),
 * an unknown name is most likely that input misspelled (SL503, located in the config file).
 */
export function configInputWarnings(
  config: ProjectConfig,
  pipeline: string,
  dataInputs: readonly DataInputName[],
  mapped: Readonly<Record<string, string>>,
  parameters: readonly string[] = [],
): Diagnostic[] {
  if (!config.file) return [];
  const names = dataInputs.map((i) => i.name);
  const unmapped = dataInputs.filter((i) => i.kind !== "local" && mapped[i.name] === undefined).map((i) => i.name);
  // A parameter of this very pipeline is no other pipeline's data input: its value would be ignored.
  const asParameter = Object.keys(config.inputs)
    .filter((name) => parameters.includes(name) && !names.includes(name))
    .map((name) => ({
      severity: "warning" as const,
      code: "SL503" as const,
      message: `inputs.${name} is a parameter of pipeline ${pipeline}, not a data input: a local run ignores it`,
      hint: `inputs maps data inputs to local files; give the parameter with --param ${name}=<value> (or change its default)`,
      location: inputLocation(config.file as string, name),
      path: "sluice.config.json",
    }));
  if (unmapped.length === 0) return asParameter;
  return Object.keys(config.inputs)
    .filter((name) => !parameters.includes(name))
    .filter((name) => !names.includes(name))
    .map((name) => {
      const guess = closestName(name, unmapped);
      return {
        severity: "warning" as const,
        code: "SL503" as const,
        message: `inputs.${name} is not a data input of pipeline ${pipeline}${guess ? ` (did you mean '${guess}'?)` : ""}, and ${unmapped.map((n) => `'${n}'`).join(", ")} ${unmapped.length === 1 ? "has" : "have"} no local stand-in`,
        hint: guess ? `rename the key to "${guess}"` : `its data inputs: ${names.join(", ")}`,
        location: inputLocation(config.file as string, name),
        path: "sluice.config.json",
      };
    })
    .concat(asParameter);
}
