import { emitGraph, type GraphFormat } from "@sluice/compiler";
import { onePipelineFile } from "../../load/one-pipeline-file.ts";
import { loadPipelines } from "../../load/load-pipelines.ts";
import { SluiceError } from "../../errors/sluice-error.ts";
import type { ExitCode } from "../exit-codes.ts";
import { reportDiagnostics } from "../report.ts";

/** `sluice graph <file> --format mermaid|dot`: the DAG on stdout (drawn even if checks fail). */
export async function graphCommand(file: string, options: { format: string }): Promise<ExitCode> {
  if (options.format !== "mermaid" && options.format !== "dot") {
    throw new SluiceError("usage", `unknown graph format '${options.format}'`, { hint: "use --format mermaid or --format dot" });
  }
  const path = onePipelineFile(file, "graph");
  const loaded = await loadPipelines(path as string);
  if (reportDiagnostics(loaded.diagnostics)) return 1;
  for (const { ir } of loaded.pipelines) process.stdout.write(emitGraph(ir, options.format as GraphFormat));
  return 0;
}
