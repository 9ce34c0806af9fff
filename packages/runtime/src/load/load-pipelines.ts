import { pathToFileURL } from "node:url";
import { isPipeline, isSluiceDefinitionError, type Pipeline } from "@sluice/dsl";
import type { PipelineIR } from "@sluice/dsl/ir";
import type { Diagnostic } from "@sluice/compiler";

export interface LoadedPipeline {
  exportName: string;
  ir: PipelineIR;
}

export type LoadResult = { file: string; pipelines: LoadedPipeline[]; diagnostics: Diagnostic[] };

function definitionDiagnostic(error: unknown, file: string): Diagnostic {
  if (isSluiceDefinitionError(error)) {
    return { severity: "error", code: error.code, message: error.message, hint: error.hint, location: error.location, path: error.stepPath ?? "pipeline" };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const frame = (err.stack ?? "").split("\n").find((l) => l.includes(pathToFileURL(file).href));
  const match = frame ? /:(\d+):(\d+)\)?\s*$/.exec(frame) : null;
  return {
    severity: "error",
    code: "SL100",
    message: `loading the pipeline file failed: ${err.name === "Error" ? "" : `${err.name}: `}${err.message}`,
    hint: "fix the error at this line (set SLUICE_DEBUG=1 to see the full stack)",
    location: { file, line: Number(match?.[1] ?? 1), column: Number(match?.[2] ?? 1) },
    path: "pipeline",
  };
}

/**
 * Imports a pipeline file (Node strips its types, keeping positions exact) and synthesizes
 * every exported pipeline. Mistakes become located diagnostics instead of stack traces.
 */
export async function loadPipelines(file: string): Promise<LoadResult> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    if (process.env.SLUICE_DEBUG) console.error(error);
    return { file, pipelines: [], diagnostics: [definitionDiagnostic(error, file)] };
  }
  const pipelines: LoadedPipeline[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [exportName, value] of Object.entries(module).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isPipeline(value)) continue;
    try {
      pipelines.push({ exportName, ir: (value as Pipeline).toIR() });
    } catch (error) {
      diagnostics.push(definitionDiagnostic(error, file));
    }
  }
  if (pipelines.length === 0 && diagnostics.length === 0) {
    diagnostics.push({
      severity: "error",
      code: "SL006",
      message: "the file exports no pipeline",
      hint: "add `export default pipeline({ name: ... }, () => { ... })`",
      location: { file, line: 1, column: 1 },
      path: "pipeline",
    });
  }
  return { file, pipelines, diagnostics };
}
