import { currentScope } from "../core/builder-context.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink } from "../data/data-link.ts";
import { OutputFileDataset } from "../data/output-file-dataset.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { ArgToken, PythonScriptStepIR, SourceLocation } from "../ir/schema.ts";
import { computeName, type Compute } from "../resources/compute.ts";
import type { Environment } from "../resources/environment.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";
import { StepIO, type ConsumableData, type StepInputValue } from "./step-io.ts";

/** One command-line argument: literals, parameters, data to read, or a folder to write. */
export type ScriptArgument = string | number | boolean | PipelineParameter | ConsumableData | OutputFileDataset;

export interface PythonScriptStepOptions {
  name: string;
  /** Folder snapshotted as the step's code, relative to the pipeline file. */
  sourceDirectory: string;
  /** Entry script, relative to `sourceDirectory`. */
  script: string;
  arguments?: readonly ScriptArgument[];
  /** Data or parameters the script receives, named (`{ titanic_ds: data }`) or by their own names. */
  inputs?: Readonly<Record<string, StepInputValue>> | readonly StepInputValue[];
  /** Folders the script writes; an OutputFileDataset in `arguments` is an output too. */
  outputs?: Readonly<Record<string, OutputFileDataset>> | readonly OutputFileDataset[];
  compute?: Compute | string;
  environment?: Environment;
  /** Reuse a previous run of this step when nothing it depends on changed. Default true. */
  allowReuse?: boolean;
  /** Stop the step (and fail it) after this many seconds; Azure's command job `limits.timeout`. */
  timeoutSeconds?: number;
}

/** A Python script run as a command job (Azure's PythonScriptStep). */
export class PythonScriptStep implements SynthesizableStep {
  readonly kind = "python" as const;
  readonly name: string;
  readonly definedAt: SourceLocation;
  /** The folders this step writes, by output name. */
  readonly outputs: Readonly<Record<string, OutputFileDataset>>;
  private readonly options: PythonScriptStepOptions;
  private readonly io: StepIO;
  private readonly args: ArgToken[];

  constructor(options: PythonScriptStepOptions, definedAt: SourceLocation, pipelineName = "pipeline") {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
    this.io = new StepIO(options.name, `${pipelineName}/${options.name}`, definedAt);
    bindDeclared(this.io, options);
    this.args = (options.arguments ?? []).map((arg) => this.token(arg));
    this.outputs = Object.fromEntries(this.io.outputs);
  }

  toIR(synthesis: Synthesis): PythonScriptStepIR {
    const o = this.options;
    const ir: PythonScriptStepIR = {
      kind: "python",
      name: this.name,
      definedAt: this.definedAt,
      allowReuse: o.allowReuse ?? true,
      sourceDirectory: o.sourceDirectory,
      script: o.script,
      arguments: this.args,
      inputs: this.io.inputRefs(synthesis),
      outputs: this.io.outputRefs(synthesis),
    };
    const compute = computeName(o.compute);
    if (compute !== undefined) ir.compute = compute;
    if (o.environment) ir.environment = o.environment.ir;
    if (o.timeoutSeconds !== undefined) ir.timeoutSeconds = o.timeoutSeconds;
    return ir;
  }

  private token(arg: ScriptArgument): ArgToken {
    if (arg instanceof OutputFileDataset) return { type: "output", name: this.io.bindOutput(arg) };
    if (arg instanceof DataLink || arg instanceof PipelineParameter) {
      return { type: "input", name: this.io.bindInput(arg) };
    }
    return { type: "text", value: String(arg) };
  }
}

function bindDeclared(io: StepIO, options: PythonScriptStepOptions): void {
  const inputs = options.inputs ?? [];
  if (Array.isArray(inputs)) for (const value of inputs as readonly StepInputValue[]) io.bindInput(value);
  else for (const [name, value] of Object.entries(inputs)) io.bindInput(value as StepInputValue, name);
  const outputs = options.outputs ?? [];
  if (Array.isArray(outputs)) for (const value of outputs as readonly OutputFileDataset[]) io.bindOutput(value);
  else for (const [name, value] of Object.entries(outputs)) io.bindOutput(value as OutputFileDataset, name);
}

export function pythonScriptStep(options: PythonScriptStepOptions): PythonScriptStep {
  const definedAt = captureLocation();
  const scope = currentScope("pythonScriptStep", definedAt);
  const step = new PythonScriptStep(options, definedAt, scope.name);
  scope.addStep(step);
  return step;
}
