import { existsSync, statSync } from "node:fs";
import { dirname, relative } from "node:path";
import { SluiceError } from "../../errors/sluice-error.ts";
import { writeFileAtomic } from "../../fs/atomic-write.ts";
import { componentTypes, typesFileFor } from "../../types/component-types.ts";
import type { ExitCode } from "../exit-codes.ts";

/**
 * `sluice types [folder]`: reads every component YAML the project's pipelines load with
 * `loadComponent("…")` and writes their inputs and outputs as TypeScript declarations
 * (`sluice-components.d.ts` at the project root), so a wrong input name is a type error.
 */
export function typesCommand(target: string): ExitCode {
  if (!existsSync(target))
    throw new SluiceError("usage", `'${target}' does not exist`, {
      hint: "pass the project folder (or a pipeline file in it); the types are written at its root",
    });
  // A data file or a YAML passed by mistake would otherwise still write the project's types and
  // exit 0, as if it had been read.
  if (statSync(target).isFile() && !/\.(ts|mts|js|mjs)$/.test(target))
    throw new SluiceError("usage", `sluice types takes the project folder or a pipeline file, not '${target}'`, {
      hint: 'it reads the component YAMLs the project\'s pipelines load with loadComponent("..."): run `sluice types` in the project folder',
    });
  const file = typesFileFor(target);
  const { text, count } = componentTypes(dirname(file));
  writeFileAtomic(file, text);
  process.stdout.write(`wrote ${relative(process.cwd(), file) || file}: ${count} component file${count === 1 ? "" : "s"}\n`);
  return 0;
}
