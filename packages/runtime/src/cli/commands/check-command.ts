import type { Diagnostic } from "@sluice/compiler";
import { compileIR } from "../compile-ir.ts";
import { findPipelineFiles } from "../../load/find-pipeline-files.ts";
import { loadPipelines } from "../../load/load-pipelines.ts";
import { typeCheckFile } from "../../typecheck/type-check.ts";
import type { ExitCode } from "../exit-codes.ts";
import { reportDiagnostics, reportSummary } from "../report.ts";

/** `sluice check <file>`: TypeScript errors (ts-morph) plus every graph check, nothing written. */
export async function checkCommand(target: string, options: { types: boolean }): Promise<ExitCode> {
  const all: Diagnostic[] = [];
  for (const file of findPipelineFiles(target)) {
    if (options.types) all.push(...(await typeCheckFile(file)));
    const loaded = await loadPipelines(file);
    all.push(...loaded.diagnostics);
    for (const { ir } of loaded.pipelines) {
      const result = compileIR(ir);
      all.push(...result.diagnostics);
      if (result.ok)
        process.stdout.write(`${ir.name}: ${result.model.nodes.length} steps, ${result.diagnostics.length === 0 ? "no problems" : "warnings only"}\n`);
    }
  }
  const failed = reportDiagnostics(all);
  reportSummary(all);
  return failed ? 1 : 0;
}
