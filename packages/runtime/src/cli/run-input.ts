import { dirname, resolve } from "node:path";
import { type CompileTarget, emitPlan, type Diagnostic } from "@sluice/compiler";
import { compileIR } from "./compile-ir.ts";
import type { RunSpec } from "../backends/run-spec.ts";
import { loadProjectConfig, type ProjectConfig } from "../config/project-config.ts";
import { configInputWarnings } from "../config/config-inputs.ts";
import { onePipelineFile } from "../load/one-pipeline-file.ts";
import { loadPipelines } from "../load/load-pipelines.ts";
import { SluiceError } from "../errors/sluice-error.ts";
import { reportDiagnostics } from "./report.ts";
import { writeJsonDiagnostics } from "./json-diagnostics.ts";
import { checkGivenInputs, checkMappedInputs } from "./mapped-inputs.ts";
import { pairs } from "./run-flag-pairs.ts";

export interface RunFlags {
  param: string[];
  input: string[];
  force?: boolean;
  /** `--json`: diagnostics that stop the command are also one JSON document on stdout. */
  json?: boolean;
}

/** Compiles a pipeline file into what backends run: the execution plan, plus run inputs. */
export async function compileForRun(
  file: string,
  flags: RunFlags,
  command = "run",
  /** Where the plan runs, decided from the pipeline file's path (its project's workspace): a local plan needs no computes. */
  target: (path: string) => CompileTarget = () => "azure",
): Promise<{ spec: RunSpec; diagnostics: Diagnostic[]; file: string; config: ProjectConfig }> {
  // Only run and deploy run anything: plan, serve, invoke and endpoint keys say they stopped.
  const stopped = `the pipeline has errors; ${command === "run" || command === "deploy" ? "nothing was run" : `sluice ${command} did nothing`}`;
  const path = onePipelineFile(file, command);
  const loaded = await loadPipelines(path as string);
  if (flags.json && loaded.diagnostics.some((d) => d.severity === "error")) writeJsonDiagnostics(loaded.diagnostics);
  if (reportDiagnostics(loaded.diagnostics)) throw new SluiceError("pipeline", stopped);
  if (loaded.pipelines.length !== 1)
    throw new SluiceError("usage", `${file} exports ${loaded.pipelines.length} pipelines; sluice ${command} takes a file with one`);
  const result = compileIR((loaded.pipelines[0] as { ir: unknown }).ir, target(path as string));
  if (flags.json && !result.ok) writeJsonDiagnostics(result.diagnostics);
  if (reportDiagnostics(result.diagnostics) || !result.ok) throw new SluiceError("pipeline", stopped);
  const baseDir = dirname(path as string);
  const plan = emitPlan(result.model, baseDir);
  const config = loadProjectConfig(baseDir);
  const dataInputs = plan.inputs.filter((i) => i.kind !== "parameter").map((i) => i.name);
  const parameters = plan.inputs.filter((i) => i.kind === "parameter").map((i) => i.name);
  const given = pairs(flags.input, "input", dataInputs);
  const params = pairs(flags.param, "param", parameters);
  const mapped = { ...config.inputs, ...Object.fromEntries(Object.entries(given).map(([k, v]) => [k, resolve(v)])) };
  reportDiagnostics(
    configInputWarnings(
      config,
      plan.pipeline.name,
      plan.inputs.filter((i) => i.kind !== "parameter"),
      mapped,
      parameters,
    ),
  );
  checkGivenInputs(given, dataInputs, parameters);
  if (command === "run" || command === "plan") checkMappedInputs(config, given, mapped, dataInputs);
  return {
    spec: { plan, baseDir, params, inputs: mapped, force: flags.force === true || plan.pipeline.forceRerun === true },
    diagnostics: result.diagnostics,
    file: path as string,
    config,
  };
}
