import { enforceOptions } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { isPlainObject, type Check, type Shape, stringRecord, text, flag } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ParallelComponentIR } from "../ir/parallel-schema.ts";
import { commandOf, type Placeholders } from "./component.ts";
import { componentStep, type ComponentStep, type ComponentStepOptions } from "./component-step.ts";
import type { CommandText } from "./command-text.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";
import { checkInputData, PARALLEL_SETTINGS, type ParallelSettings, parallelSettingsOf, type ParallelTaskOptions, TASK_OPTIONS } from "./parallel-step.ts";

/** What {@link parallelComponent} takes: a named, typed interface, the task and how its data is split. */
export interface ParallelComponentOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>>
  extends ParallelTaskOptions,
    ParallelSettings {
  /** The component's name (registered under it, with `version`). */
  name: string;
  /** Registered under this version; anonymous (versioned by content) without one. */
  version?: string;
  /** Shown in Azure's UI. */
  displayName?: string;
  /** Shown in Azure's UI. */
  description?: string;
  /** Typed inputs: {@link input}`.uriFolder()`, … */
  inputs?: I;
  /** Typed outputs: {@link output}`.uriFile()`, … */
  outputs?: O;
  /** The input split into mini-batches. */
  inputData: keyof I & string;
  /** The entry script's arguments, written with {@link cmd}. */
  programArguments?: (io: { inputs: Placeholders<"inputs", I>; outputs: Placeholders<"outputs", O> }) => CommandText;
  /** The output file the rows `run()` returns are appended to. */
  appendRowTo?: keyof O & string;
  /** May Azure reuse a run with the same inputs? Default true. */
  isDeterministic?: boolean;
  /** Tags on the component version. */
  tags?: Readonly<Record<string, string>>;
}

/** A parallel component: call it inside a pipeline to add a parallel step that runs it. */
export interface ParallelComponent<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  (options: ComponentStepOptions<I, O>): ComponentStep<O>;
  /** The component's name. */
  readonly componentName: string;
  /** @internal */
  readonly ir: ParallelComponentIR;
}

const specOf =
  (kind: string): Check =>
  (v) =>
    isPlainObject(v) && Object.values(v).every((s) => isPlainObject(s) && s.kind === kind)
      ? undefined
      : `an object of ${kind === "input-spec" ? "input" : "output"}.<type>(…) declarations`;

const OPTIONS: Shape = {
  name: { check: text, required: true },
  version: { check: text },
  displayName: { check: text },
  description: { check: text },
  inputs: { check: specOf("input-spec") },
  outputs: { check: specOf("output-spec") },
  inputData: { check: text, required: true },
  ...TASK_OPTIONS,
  ...PARALLEL_SETTINGS,
  isDeterministic: { check: flag },
  tags: { check: stringRecord },
};

/**
 * A reusable parallel component (a `type: parallel` component YAML, v1's ParallelRunStep as a
 * component): typed inputs and outputs, the task (entry script with `init()` and
 * `run(mini_batch)`, its code and environment, its arguments) and how its data is split. Call
 * the result inside a {@link pipeline} like a {@link component}; {@link parallelStep} is the same
 * written in place. `loadComponent("./x.yml")` reads one from YAML.
 *
 * @example
 * ```ts
 * const score = parallelComponent({
 *   name: "batch_score",
 *   version: "1",
 *   inputs: { data: input.uriFolder(), model: input.customModel() },
 *   outputs: { scores: output.uriFile() },
 *   inputData: "data",
 *   code: "./score",
 *   entryScript: "score.py",
 *   environment: environment({ image: "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04" }),
 *   programArguments: ({ inputs }) => cmd`--model ${inputs.model}`,
 *   appendRowTo: "scores",
 *   miniBatchSize: 10,
 * });
 * // inside pipeline(...):
 * score({ name: "score", inputs: { data: dataFolder("./images"), model: dataModel("./model") } });
 * ```
 */
export function parallelComponent<
  I extends Record<string, InputSpec> = Record<never, InputSpec>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: ParallelComponentOptions<I, O>): ParallelComponent<I, O> {
  const definedAt = captureLocation();
  if (enforceOptions("parallelComponent", options, OPTIONS, definedAt).size > 0)
    throw new SluiceDefinitionError({ code: "SL009", message: "parallelComponent options are invalid", hint: "fix the options above", location: definedAt });
  const task: ParallelComponentIR["task"] = { entryScript: options.entryScript, environment: options.environment.ir };
  if (options.code !== undefined) task.code = options.code;
  if (options.programArguments !== undefined) task.programArguments = commandOf({ ...options, command: options.programArguments } as never);
  if (options.appendRowTo !== undefined) task.appendRowTo = options.appendRowTo;
  const ir: ParallelComponentIR = {
    name: options.name,
    type: "parallel",
    task,
    parallel: parallelSettingsOf(options),
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, s]) => [n, s.ir])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, s.ir])),
    definedAt,
  };
  for (const key of ["version", "displayName", "description", "isDeterministic", "resources", "environmentVariables", "tags"] as const)
    if (options[key] !== undefined) (ir as Record<string, unknown>)[key] = options[key];
  checkInputData("parallelComponent", ir, definedAt);
  const call = (stepOptions: ComponentStepOptions<I, O>) => componentStep(ir, options.inputs ?? ({} as I), options.outputs ?? ({} as O), stepOptions);
  return Object.assign(call, { componentName: options.name, ir });
}
