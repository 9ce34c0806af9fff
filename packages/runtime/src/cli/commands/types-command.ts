import { existsSync } from "node:fs";
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
  const file = typesFileFor(target);
  const { text, count } = componentTypes(dirname(file));
  writeFileAtomic(file, text);
  process.stdout.write(`wrote ${relative(process.cwd(), file) || file}: ${count} component file${count === 1 ? "" : "s"}\n`);
  return 0;
}
