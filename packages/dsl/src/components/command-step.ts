import { enforceOptions } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { flag, isPlainObject, type Shape, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, type DataKind, PipelineInputData } from "../data/data-link.ts";
import { OutputFileDataset } from "../data/output-file-dataset.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { ComponentIR, ComponentInputIR, DataMode } from "../ir/schema.ts";
import { COMPUTE_FIELD, type Compute } from "../resources/compute.ts";
import { DEFAULT_ENVIRONMENT, ENVIRONMENT_FIELD, environment, type Environment } from "../resources/environment.ts";
import type { CommandText } from "./command-text.ts";
import { commandOf, type Placeholders } from "./component.ts";
import { componentStep, RUN_SETTINGS, type ComponentStep } from "./component-step.ts";
import type { JobService, StepDistribution, StepResources } from "./run-settings.ts";
import type { OutputSettings, OutputSpec } from "./io-specs.ts";

const RUN_KEYS = ["resources", "distribution", "timeoutSeconds", "environmentVariables", "services"] as const;
import { StepData } from "./step-data.ts";

/** What a command step's input may be: a literal, a parameter, data from a step or elsewhere. */
export type CommandInputValue = string | number | boolean | PipelineParameter | DataLink<Exclude<DataKind, "metrics">> | OutputFileDataset | StepData;

/** What {@link commandStep} takes: the component's parts and the step's values in one place. */
export interface CommandStepOptions<I extends Record<string, CommandInputValue>, O extends Record<string, OutputSpec>> {
  /** The step's name (Azure's node name). */
  name: string;
  /** Shown in Azure's UI instead of the name. */
  displayName?: string;
  /** The folder uploaded as its code, relative to the pipeline file. */
  code?: string;
  /** Where the command runs on Azure (the sklearn curated environment by default). */
  environment?: Environment;
  /** The input values; each input's type is the value's (a number is a `number` input, a folder a `uri_folder`). */
  inputs?: I;
  /** The outputs the command writes: {@link output}`.uriFolder()`, … */
  outputs?: O;
  /** How Azure stores outputs (mode, path). */
  outputSettings?: { [K in keyof O]?: OutputSettings };
  /** The command line, written with {@link cmd}. */
  command: (io: { inputs: Placeholders<"inputs", I>; outputs: Placeholders<"outputs", O> }) => CommandText;
  /** Where it runs on Azure; the pipeline's default otherwise. */
  compute?: Compute | string;
  /** May an unchanged earlier result be reused? Default true. */
  allowReuse?: boolean;
  /** Machines for the step on Azure (see {@link ComponentStepOptions.resources}). */
  resources?: StepResources;
  /** Distributed training on Azure (see {@link ComponentStepOptions.distribution}). */
  distribution?: StepDistribution;
  /** Azure (and local runs) stop the step after this many seconds. */
  timeoutSeconds?: number;
  /** Environment variables the command sees. */
  environmentVariables?: Readonly<Record<string, string>>;
  /** Interactive services on the running job (Azure only), see {@link ComponentStepOptions.services}. */
  services?: Readonly<Record<string, JobService>>;
}

/** @internal The input an inline step (command, Spark) declares for a value passed to it. */
export function inputOf(name: string, value: unknown, builder = "commandStep"): ComponentInputIR {
  // As the SDK types a literal it infers an input from (a whole number is an integer), and
  // states the literal as the input's default on the inline command's component.
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number", default: value };
  if (typeof value === "string" || typeof value === "boolean") return { type: typeof value as "string", default: value };
  if (value instanceof PipelineParameter) return { type: value.type };
  // The SDK states a data value's mode on the inline command's component too.
  if (value instanceof StepData) return { type: value.type, ...(value.mode ? { mode: value.mode } : {}) };
  if (value instanceof OutputFileDataset) return { type: "uri_folder" };
  if (value instanceof DataLink) {
    // A pipeline input's mode is its readers' too, as the SDK writes the inline command's component.
    // Read in a mode of its own (`readAs`), that mode; else a pipeline input's.
    const own = value.mode ?? (value.target instanceof PipelineInputData ? value.target.mode : undefined);
    const mode = own ? { mode: own } : {};
    if (value.kind === "tabular") return { type: "mltable", ...mode };
    if (value.kind === "model") return { type: "mlflow_model", ...mode };
    // A file as the pipeline input or the writing component declares it.
    const file = value.target instanceof PipelineInputData ? value.target.assetType === "uri_file" : value.declaredType === "uri_file";
    return { type: file ? "uri_file" : "uri_folder", ...mode };
  }
  throw new SluiceDefinitionError({
    code: "SL009",
    message: `input '${name}' of ${builder} is ${value === undefined ? "undefined" : typeof value}`,
    hint: "pass a string, number, boolean, pipelineParameter, a step's output, or dataFolder/dataFile/dataTable(…)",
    location: captureLocation(),
  });
}

/** @internal An output as the inline command's component declares it: with the mode its step gives it, as the SDK writes it. */
export function withMode<T extends { mode?: DataMode }>(spec: T, mode: DataMode | undefined): T {
  return mode === undefined || spec.mode !== undefined ? spec : { ...spec, mode };
}

/** The inputs (values), outputs (declarations) and output settings every step written in place takes. */
export const INLINE_IO_OPTIONS: Shape = {
  inputs: { check: (v) => (isPlainObject(v) ? undefined : "an object of input values") },
  outputs: {
    check: (v) =>
      isPlainObject(v) && Object.values(v).every((s) => isPlainObject(s) && s.kind === "output-spec") ? undefined : "an object of output.<type>(…)",
  },
  outputSettings: { check: (v) => (isPlainObject(v) ? undefined : "an object of { mode, path }") },
};

/** The options {@link commandStep} takes, checked before any is used (a plain-JS caller may pass anything). */
export const COMMAND_STEP_OPTIONS: Shape = {
  name: { check: text, required: true },
  displayName: { check: text },
  code: { check: text },
  environment: ENVIRONMENT_FIELD,
  ...INLINE_IO_OPTIONS,
  command: { check: (v) => (typeof v === "function" ? undefined : "a function returning cmd`…`"), required: true },
  compute: COMPUTE_FIELD,
  allowReuse: { check: flag },
  ...RUN_SETTINGS,
};

/**
 * Any command as one pipeline step, without declaring a component first: the inputs' types are
 * those of the values passed, the command's placeholders are checked by TypeScript against the
 * inputs and outputs given here. On Azure it is an anonymous command component, versioned by
 * its content. Use {@link component} to run the same command in several steps.
 *
 * @example
 * ```ts
 * const report = commandStep({
 *   name: "report",
 *   code: "./src",
 *   inputs: { scores: scored.outputs.scores, top: 10 },
 *   outputs: { html: output.uriFolder() },
 *   command: ({ inputs, outputs }) => cmd`pip install jinja2 && python report.py --scores ${inputs.scores} --top ${inputs.top} --out ${outputs.html}`,
 * });
 * ```
 */
export function commandStep<
  I extends Record<string, CommandInputValue> = Record<never, CommandInputValue>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: CommandStepOptions<I, O>): ComponentStep<O> {
  const definedAt = captureLocation();
  enforceOptions("commandStep", options, COMMAND_STEP_OPTIONS, definedAt, true);
  const inputs = Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, v]) => [n, inputOf(n, v)]));
  const ir: ComponentIR = {
    name: String(options.name),
    environment: (options.environment ?? environment(DEFAULT_ENVIRONMENT)).ir,
    command: commandOf({ name: String(options.name), inputs: options.inputs, outputs: options.outputs, command: options.command } as never),
    inputs,
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, withMode(s.ir, options.outputSettings?.[n]?.mode)])),
    definedAt,
  };
  if (options.code !== undefined) ir.code = options.code;
  return componentStep(ir, {} as never, (options.outputs ?? {}) as O, {
    name: options.name,
    ...(options.displayName !== undefined ? { displayName: options.displayName } : {}),
    inputs: (options.inputs ?? {}) as never,
    outputs: (options.outputSettings ?? {}) as never,
    ...(options.compute !== undefined ? { compute: options.compute } : {}),
    ...(options.allowReuse !== undefined ? { allowReuse: options.allowReuse } : {}),
    ...Object.fromEntries(RUN_KEYS.filter((k) => options[k] !== undefined).map((k) => [k, options[k]])),
  });
}
