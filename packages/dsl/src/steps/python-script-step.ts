import { currentScope, enforceOptions, withoutRefused } from "../core/builder-context.ts";
import { either, flag, instance, isPlainObject, listOf, number, type Check, type Shape, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { addPredecessors } from "../core/step-order.ts";
import { DataLink } from "../data/data-link.ts";
import { OutputFileDataset } from "../data/output-file-dataset.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { ArgToken, PythonScriptStepIR, SourceLocation } from "../ir/schema.ts";
import { COMPUTE_FIELD, computeName, type Compute } from "../resources/compute.ts";
import { ENVIRONMENT_FIELD, type Environment } from "../resources/environment.ts";
import type { Synthesis, SynthesizableStep } from "./synthesis.ts";
import { StepIO, type ConsumableData, type StepInputValue } from "./step-io.ts";

/**
 * One command-line argument of a script step: a literal (string, number, boolean, passed as
 * text), a {@link PipelineParameter} (its value at submission), data to read (the script gets
 * a local path), or an {@link OutputFileDataset} (the script gets the folder to write).
 */
export type ScriptArgument = string | number | boolean | PipelineParameter | ConsumableData | OutputFileDataset;

/** Options of {@link pythonScriptStep}. */
export interface PythonScriptStepOptions {
  /** Step name, unique in the pipeline (ignoring case); diagnostics and `sluice logs` use it. */
  name: string;
  /**
   * Folder snapshotted as the step's code, relative to the pipeline file. Its content (minus
   * `.amlignore`/`.gitignore`d files) decides reuse: edit a file in it and the step runs again.
   */
  sourceDirectory: string;
  /** Entry script, relative to `sourceDirectory`; run as `python <script> <arguments…>`. */
  script: string;
  /** The script's command line, in order. See {@link ScriptArgument}. */
  arguments?: readonly ScriptArgument[];
  /**
   * Inputs declared beyond `arguments`, named (`{ titanic_ds: data }`) or listed (then named
   * after their data or parameter). They order the graph and count for reuse, and name the
   * component's inputs on Azure; the script gets a path only for what its `arguments` pass.
   */
  inputs?: Readonly<Record<string, StepInputValue>> | readonly StepInputValue[];
  /** Folders the script writes, named or listed; an {@link OutputFileDataset} in `arguments` is an output too. */
  outputs?: Readonly<Record<string, OutputFileDataset>> | readonly OutputFileDataset[];
  /** Compute for this step on Azure, overriding the pipeline's `defaultCompute`. */
  compute?: Compute | string;
  /** Where the script runs on Azure. Default {@link DEFAULT_ENVIRONMENT}. Locally, Sluice picks a Python that has the script's imports. */
  environment?: Environment;
  /** Reuse a previous run of this step when nothing it depends on changed (locally and on Azure). Default true. */
  allowReuse?: boolean;
  /** Stop the step (and fail it) after this many seconds; Azure's command job `limits.timeout`. */
  timeoutSeconds?: number;
}

/** A Python script step, what {@link pythonScriptStep} returns. */
export class PythonScriptStep implements SynthesizableStep {
  /** @internal */
  readonly kind = "python" as const;
  private readonly predecessors: string[] = [];
  /** The step name as written; its Azure node key is this name lower-cased. */
  readonly name: string;
  /** @internal */
  readonly definedAt: SourceLocation;
  /** The folders this step writes, by output name (pass one to a later step with `.asInput()`). */
  readonly outputs: Readonly<Record<string, OutputFileDataset>>;
  private readonly options: PythonScriptStepOptions;
  private readonly io: StepIO;
  private readonly args: ArgToken[];

  /** @internal */
  constructor(options: PythonScriptStepOptions, definedAt: SourceLocation, pipelineName = "pipeline") {
    this.name = options.name;
    this.definedAt = definedAt;
    this.options = options;
    this.io = new StepIO(options.name, `${pipelineName}/${options.name}`, definedAt);
    bindDeclared(this.io, options);
    this.args = (options.arguments ?? []).map((arg) => this.token(arg));
    this.outputs = Object.fromEntries(this.io.outputs);
  }

  /** Starts this step only once `steps` have completed, though it reads nothing of theirs (see `ComponentStep.after`). Returns this step. */
  after(...steps: ReadonlyArray<{ readonly name: string }>): this {
    addPredecessors(this.predecessors, this.name, steps);
    return this;
  }

  /** @internal */
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
    if (this.predecessors.length) ir.after = [...this.predecessors];
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

// Metrics links pass here: reading them as data is the compiler's SL123, with a better hint.
const isArgument = (v: unknown) =>
  ["string", "number", "boolean"].includes(typeof v) || v instanceof PipelineParameter || v instanceof OutputFileDataset || v instanceof DataLink;
const argument: Check = (v) => (isArgument(v) ? undefined : "text, a number, a boolean, a pipelineParameter, data to read, or an outputFileDataset");
const inputValue: Check = (v) => (v instanceof PipelineParameter || v instanceof DataLink ? undefined : "data to read or a pipelineParameter");
const outputValue = instance(OutputFileDataset, "an outputFileDataset");
const named =
  (item: Check): Check =>
  (v) =>
    isPlainObject(v) && Object.values(v).every((x) => item(x) === undefined) ? undefined : `an object of ${item(Symbol())}`;

const PYTHON_SCRIPT_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  sourceDirectory: { check: text, required: true },
  script: { check: text, required: true },
  arguments: { check: listOf(argument) },
  inputs: { check: either(named(inputValue), listOf(inputValue)) },
  outputs: { check: either(named(outputValue), listOf(outputValue)) },
  compute: COMPUTE_FIELD,
  environment: ENVIRONMENT_FIELD,
  allowReuse: { check: flag },
  timeoutSeconds: { check: number },
};

/**
 * A Python script as a pipeline step (Azure ML's `PythonScriptStep`; a command job in v2).
 * Locally it runs in its own process with a copy of `sourceDirectory`, its outputs cached by
 * content so an unchanged step is reused. Call it inside a {@link pipeline} build function.
 *
 * @example
 * ```ts
 * const cleaned = outputFileDataset("cleaned");
 * pythonScriptStep({
 *   name: "clean",
 *   sourceDirectory: "./src",
 *   script: "clean.py",
 *   arguments: ["--raw", raw, "--min_rows", 100, "--out", cleaned],
 *   timeoutSeconds: 600,
 * });
 * // a later step reads the folder:
 * pythonScriptStep({ name: "report", sourceDirectory: "./src", script: "report.py", arguments: ["--in", cleaned.asInput()] });
 * ```
 */
export function pythonScriptStep(options: PythonScriptStepOptions): PythonScriptStep {
  const definedAt = captureLocation();
  const scope = currentScope("pythonScriptStep", definedAt);
  const refused = enforceOptions("pythonScriptStep", options, PYTHON_SCRIPT_STEP_OPTIONS, definedAt);
  const step = new PythonScriptStep(withoutRefused(options, refused), definedAt, scope.name);
  scope.addStep(step);
  return step;
}
