import { dirname, resolve } from "node:path";
import { emitPlan, type Diagnostic } from "@sluice/compiler";
import { compileIR } from "./compile-ir.ts";
import type { RunSpec } from "../backends/run-spec.ts";
import { loadProjectConfig, type ProjectConfig } from "../config/project-config.ts";
import { configInputWarnings } from "../config/config-inputs.ts";
import { onePipelineFile } from "../load/one-pipeline-file.ts";
import { loadPipelines } from "../load/load-pipelines.ts";
import { SluiceError } from "../errors/sluice-error.ts";
import { reportDiagnostics } from "./report.ts";
import { writeJsonDiagnostics } from "./json-diagnostics.ts";

export interface RunFlags {
  param: string[];
  input: string[];
  force?: boolean;
  /** `--json`: diagnostics that stop the command are also one JSON document on stdout. */
  json?: boolean;
}

/** `k=v` pairs from repeated flags; the key must be a plain name (never a path). */
export function pairs(values: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf("=");
    const key = item.slice(0, Math.max(0, eq));
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new SluiceError("usage", `--${flag} '${item}' must be name=value with a plain name`, { hint: `e.g. --${flag} titanic_ds=../data/titanic.csv` });
    out[key] = item.slice(eq + 1);
  }
  return out;
}

/** Compiles a pipeline file into what backends run: the execution plan, plus run inputs. */
export async function compileForRun(
  file: string,
  flags: RunFlags,
  command = "run",
): Promise<{ spec: RunSpec; diagnostics: Diagnostic[]; file: string; config: ProjectConfig }> {
  const path = onePipelineFile(file, command);
  const loaded = await loadPipelines(path as string);
  if (flags.json && loaded.diagnostics.some((d) => d.severity === "error")) writeJsonDiagnostics(loaded.diagnostics);
  if (reportDiagnostics(loaded.diagnostics)) throw new SluiceError("pipeline", "the pipeline has errors; nothing was run");
  if (loaded.pipelines.length !== 1)
    throw new SluiceError("usage", `${file} exports ${loaded.pipelines.length} pipelines; sluice ${command} takes a file with one`);
  const result = compileIR((loaded.pipelines[0] as { ir: unknown }).ir);
  if (flags.json && !result.ok) writeJsonDiagnostics(result.diagnostics);
  if (reportDiagnostics(result.diagnostics) || !result.ok) throw new SluiceError("pipeline", "the pipeline has errors; nothing was run");
  const baseDir = dirname(path as string);
  const plan = emitPlan(result.model, baseDir);
  const config = loadProjectConfig(baseDir);
  const given = pairs(flags.input, "input");
  const mapped = { ...config.inputs, ...Object.fromEntries(Object.entries(given).map(([k, v]) => [k, resolve(v)])) };
  const dataInputs = plan.inputs.filter((i) => i.kind !== "parameter").map((i) => i.name);
  reportDiagnostics(
    configInputWarnings(
      config,
      plan.pipeline.name,
      plan.inputs.filter((i) => i.kind !== "parameter"),
      mapped,
    ),
  );
  for (const name of Object.keys(given)) {
    if (!dataInputs.includes(name))
      throw new SluiceError("usage", `the pipeline has no data input '${name}'`, {
        hint: dataInputs.length ? `data inputs: ${dataInputs.join(", ")}` : "this pipeline reads no data inputs",
      });
  }
  return {
    spec: { plan, baseDir, params: pairs(flags.param, "param"), inputs: mapped, force: flags.force === true || plan.pipeline.forceRerun === true },
    diagnostics: result.diagnostics,
    file: path as string,
    config,
  };
}
