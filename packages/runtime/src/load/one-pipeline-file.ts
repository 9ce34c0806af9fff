import { relative } from "node:path";
import { SluiceError } from "../errors/sluice-error.ts";
import { findPipelineFiles } from "./find-pipeline-files.ts";

/**
 * The one pipeline file a command that runs, serves or deploys one pipeline acts on. A folder is
 * accepted when it holds exactly one `*.pipeline.ts`; with several, picking one (the first by
 * name) would silently run something the user did not choose, so they are listed instead.
 * (`check` and `compile` take every file under a folder.)
 */
export function onePipelineFile(target: string, command: string): string {
  const files = findPipelineFiles(target);
  if (files.length === 1) return files[0] as string;
  const names = files.map((f) => relative(process.cwd(), f) || f);
  throw new SluiceError("usage", `'${target}' holds ${files.length} pipeline files: ${names.join(", ")}; sluice ${command} takes one`, {
    hint: `name the one to use, e.g. sluice ${command} ${names[0]}`,
  });
}
