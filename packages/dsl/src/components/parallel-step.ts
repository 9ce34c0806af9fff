import { enforceOptions } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { flag, number, object, oneOf, type Shape, stringRecord, text, listOf, is } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ParallelComponentIR, ParallelSettingsIR } from "../ir/parallel-schema.ts";
import type { SourceLocation } from "../ir/schema.ts";
import { PARALLEL_LOGGING_LEVELS } from "../ir/parallel-schema.ts";
import { COMPUTE_FIELD, type Compute } from "../resources/compute.ts";
import { ENVIRONMENT_FIELD, type Environment } from "../resources/environment.ts";
import type { CommandText } from "./command-text.ts";
import { type CommandInputValue, INLINE_IO_OPTIONS, inputOf, withMode } from "./command-step.ts";
import { commandOf, type Placeholders } from "./component.ts";
import { componentStep, type ComponentStep } from "./component-step.ts";
import type { OutputSettings, OutputSpec } from "./io-specs.ts";
import type { StepResources } from "./run-settings.ts";

/** A mini-batch size: a count of files, or bytes of a table (`"10kb"`, `"1mb"`, as Azure ML writes them). */
export type MiniBatchSize = number | `${number}${"kb" | "mb" | "gb" | "KB" | "MB" | "GB"}`;

/** A parallel task: the code, entry script and environment each worker runs. */
export interface ParallelTaskOptions {
  /** The folder uploaded as the task's code, relative to the pipeline file. */
  code?: string;
  /** The script with `init()` and `run(mini_batch)`, in the code folder. */
  entryScript: string;
  /** Where the task runs on Azure. */
  environment: Environment;
}

/** How a parallel job splits its data and tolerates failures, and its machines. */
export interface ParallelSettings {
  /** Files per mini-batch, or bytes of a table (`"10kb"`). Default: Azure's (10 files, 1 MB of a table). */
  miniBatchSize?: MiniBatchSize;
  /** A table split by these columns' values instead: one mini-batch per group. */
  partitionKeys?: readonly string[];
  /** Retries of a failed or timed-out mini-batch, and its time limit. */
  retry?: {
    /** Tries after the first (Azure's default: 3). */
    maxRetries?: number;
    /** Seconds a mini-batch may take (Azure's default: 30). */
    timeoutSeconds?: number;
  };
  /** The task's log level. */
  loggingLevel?: (typeof PARALLEL_LOGGING_LEVELS)[number];
  /** Failed items (files or rows) the job tolerates; -1: all. */
  errorThreshold?: number;
  /** Failed mini-batches the job tolerates; -1: all. */
  miniBatchErrorThreshold?: number;
  /** Worker processes per machine (locally: in all). */
  maxConcurrencyPerInstance?: number;
  /** Machines on Azure (`instanceCount`); a local run uses this one. */
  resources?: StepResources;
  /** Environment variables the task sees. */
  environmentVariables?: Readonly<Record<string, string>>;
}

/** What {@link parallelStep} takes: the task, how its data is split, and the step's values. */
export interface ParallelStepOptions<I extends Record<string, CommandInputValue>, O extends Record<string, OutputSpec>>
  extends ParallelTaskOptions,
    ParallelSettings {
  /** The step's name (Azure's node name). */
  name: string;
  /** Shown in Azure's UI instead of the name. */
  displayName?: string;
  /** The input values; each input's type is the value's (read one in a mode of its own with `readAs`). */
  inputs?: I;
  /** The outputs the task writes: {@link output}`.uriFile()`, … */
  outputs?: O;
  /** How Azure stores outputs (mode, path). */
  outputSettings?: { [K in keyof O]?: OutputSettings };
  /** The input split into mini-batches: a folder's files, or a table's rows. */
  inputData: keyof I & string;
  /** The entry script's arguments (its `init()` reads them), written with {@link cmd}. */
  programArguments?: (io: { inputs: Placeholders<"inputs", I>; outputs: Placeholders<"outputs", O> }) => CommandText;
  /** The output file the rows `run()` returns are appended to. */
  appendRowTo?: keyof O & string;
  /** Where it runs on Azure; the pipeline's default otherwise. */
  compute?: Compute | string;
  /** May a local run reuse an unchanged earlier result? Default true. */
  allowReuse?: boolean;
}

const whole = is("a whole number", (v) => typeof v === "number" && Number.isInteger(v));
const SIZE = /^(\d+)\s*(kb|mb|gb)$/i;
const size = is(
  'a number of files, or a size like "10kb"',
  (v) => (typeof v === "number" && Number.isInteger(v) && v > 0) || (typeof v === "string" && SIZE.test(v)),
);

/** @internal The task's options, a step's or a component's. */
export const TASK_OPTIONS: Shape = {
  code: { check: text },
  entryScript: { check: text, required: true },
  environment: { ...ENVIRONMENT_FIELD, required: true },
  programArguments: { check: (v) => (typeof v === "function" ? undefined : "a function returning cmd`…`") },
  appendRowTo: { check: text },
};

/** @internal How the data is split and failures tolerated, a step's or a component's. */
export const PARALLEL_SETTINGS: Shape = {
  miniBatchSize: { check: size },
  partitionKeys: { check: listOf(text) },
  retry: object({ maxRetries: { check: whole }, timeoutSeconds: { check: number } }),
  loggingLevel: { check: oneOf(...PARALLEL_LOGGING_LEVELS) },
  errorThreshold: { check: whole },
  miniBatchErrorThreshold: { check: whole },
  maxConcurrencyPerInstance: { check: whole },
  resources: object({ instanceCount: { check: number }, instanceType: { check: text }, shmSize: { check: text } }),
  environmentVariables: { check: stringRecord },
};

const PARALLEL_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  displayName: { check: text },
  ...INLINE_IO_OPTIONS,
  inputData: { check: text, required: true },
  ...TASK_OPTIONS,
  ...PARALLEL_SETTINGS,
  compute: COMPUTE_FIELD,
  allowReuse: { check: flag },
};

/** @internal The input a parallel job splits must be one of its inputs (refused where the builder is called). */
export function checkInputData(builder: string, ir: ParallelComponentIR, at: SourceLocation): void {
  if (ir.parallel.inputData in ir.inputs) return;
  throw new SluiceDefinitionError({
    code: "SL009",
    message: `inputData of ${builder} '${ir.name}' names '${ir.parallel.inputData}', which is not one of its inputs`,
    hint: `name one of: ${Object.keys(ir.inputs).join(", ") || "(no inputs)"}`,
    location: at,
  });
}

/** `"10kb"` → 10240 bytes, as the SDK converts it; a count of files stays a count. */
export function miniBatchBytes(value: MiniBatchSize): number {
  if (typeof value === "number") return value;
  const [, n, unit] = SIZE.exec(value) ?? [];
  return Number(n) * 1024 ** (["kb", "mb", "gb"].indexOf(String(unit).toLowerCase()) + 1);
}

/** @internal The IR of the settings, a step's or a component's. */
export function parallelSettingsOf(o: ParallelSettings & { inputData: string }): ParallelSettingsIR {
  const s: ParallelSettingsIR = { inputData: o.inputData };
  if (o.miniBatchSize !== undefined) s.miniBatchSize = miniBatchBytes(o.miniBatchSize);
  if (o.partitionKeys !== undefined) s.partitionKeys = [...o.partitionKeys];
  if (o.retry !== undefined) s.retry = { ...o.retry };
  for (const key of ["loggingLevel", "errorThreshold", "miniBatchErrorThreshold", "maxConcurrencyPerInstance"] as const)
    if (o[key] !== undefined) Object.assign(s, { [key]: o[key] });
  return s;
}

/**
 * A parallel job as one pipeline step (Azure ML's `type: parallel`, v1's ParallelRunStep): the
 * `inputData` input is cut into mini-batches (files, or bytes or partitions of a table), and
 * `maxConcurrencyPerInstance` worker processes each load the entry script once (`init()`) and
 * call `run(mini_batch)` per mini-batch, retrying failures and failing the step past the error
 * thresholds; rows `run()` returns are appended to `appendRowTo`. Local runs do the same with
 * processes on this machine.
 *
 * @example
 * ```ts
 * const scored = parallelStep({
 *   name: "batch_prediction",
 *   inputs: { input_data: irisTable.readAs("direct"), score_model: dataFolder("./iris-model", { mode: "download" }) },
 *   outputs: { job_output_file: output.uriFile() },
 *   inputData: "input_data",
 *   code: "./script",
 *   entryScript: "iris_prediction.py",
 *   environment: environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04", condaFile: "./environment/environment_parallel.yml" }),
 *   programArguments: ({ inputs }) => cmd`--model ${inputs.score_model}`,
 *   appendRowTo: "job_output_file",
 *   miniBatchSize: "10kb",
 *   retry: { maxRetries: 2, timeoutSeconds: 60 },
 *   errorThreshold: 5,
 *   maxConcurrencyPerInstance: 2,
 * });
 * ```
 */
export function parallelStep<
  I extends Record<string, CommandInputValue> = Record<never, CommandInputValue>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: ParallelStepOptions<I, O>): ComponentStep<O> {
  const definedAt = captureLocation();
  enforceOptions("parallelStep", options, PARALLEL_STEP_OPTIONS, definedAt, true);
  const name = String(options.name);
  const io = { inputs: options.inputs, outputs: options.outputs };
  const task: ParallelComponentIR["task"] = { entryScript: String(options.entryScript), environment: options.environment.ir };
  if (options.code !== undefined) task.code = options.code;
  if (options.programArguments !== undefined) task.programArguments = commandOf({ name, ...io, command: options.programArguments } as never);
  if (options.appendRowTo !== undefined) task.appendRowTo = options.appendRowTo;
  const ir: ParallelComponentIR = {
    name,
    type: "parallel",
    task,
    parallel: parallelSettingsOf(options),
    inline: true,
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, v]) => [n, inputOf(n, v, "parallelStep")])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, withMode(s.ir, options.outputSettings?.[n]?.mode)])),
    definedAt,
  };
  if (options.resources !== undefined) ir.resources = { ...options.resources };
  if (options.environmentVariables !== undefined) ir.environmentVariables = { ...options.environmentVariables };
  checkInputData("parallelStep", ir, definedAt);
  const step: Record<string, unknown> = { name, inputs: options.inputs ?? {}, outputs: options.outputSettings ?? {} };
  for (const key of ["displayName", "compute", "allowReuse"] as const) if (options[key] !== undefined) step[key] = options[key];
  return componentStep(ir, {} as never, (options.outputs ?? {}) as O, step as never);
}
