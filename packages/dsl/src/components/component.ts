import { enforceOptions } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { type Field, flag, isPlainObject, type Check, type Shape, stringRecord, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ComponentIR } from "../ir/schema.ts";
import { ENVIRONMENT_FIELD, type Environment } from "../resources/environment.ts";
import { type CommandText, Placeholder } from "./command-text.ts";
import { componentStep, RUN_SETTINGS, type ComponentStep, type ComponentStepOptions } from "./component-step.ts";
import type { StepDistribution, StepResources } from "./run-settings.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";

/** Placeholders for the command, one per declared input or output, typed by name. */
export type Placeholders<Scope extends "inputs" | "outputs", T> = { readonly [K in keyof T & string]: Placeholder<Scope, K> };

/** What {@link component} takes. */
export interface ComponentOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  /** The component's name in the workspace (letters, digits, `_`). */
  name: string;
  /** Register it under this version; without one it is anonymous and versioned by content. */
  version?: string;
  /** Shown in Azure's UI. */
  displayName?: string;
  /** Shown in Azure's UI. */
  description?: string;
  /** The folder uploaded as its code, relative to the file that calls `component`. */
  code?: string;
  /** Where the command runs on Azure. */
  environment: Environment;
  /** Declared inputs: {@link input}`.string()`, `.uriFolder()`, … */
  inputs?: I;
  /** Declared outputs: {@link output}`.uriFolder()`, … */
  outputs?: O;
  /** The command line, written with {@link cmd} so its placeholders are checked. */
  command: (io: { inputs: Placeholders<"inputs", I>; outputs: Placeholders<"outputs", O> }) => CommandText;
  /** May Azure reuse an earlier run with the same inputs? Default true. */
  isDeterministic?: boolean;
  /** Machines it asks for on Azure; a step's own `resources` override them. */
  resources?: StepResources;
  /** Distributed training on Azure; a step's own `distribution` overrides it. */
  distribution?: StepDistribution;
  /** Tags on the component version. */
  tags?: Readonly<Record<string, string>>;
}

/** A component: call it inside a pipeline to add a step that runs it. */
export interface Component<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  (options: ComponentStepOptions<I, O>): ComponentStep<O>;
  /** The component's name. */
  readonly componentName: string;
  /** @internal */
  readonly ir: ComponentIR;
}

const specOf =
  (kind: string, expected: string): Check =>
  (v) =>
    isPlainObject(v) && Object.values(v).every((s) => isPlainObject(s) && s.kind === kind) ? undefined : expected;

const COMPONENT_OPTIONS: Shape = {
  name: { check: text, required: true },
  version: { check: text },
  displayName: { check: text },
  description: { check: text },
  code: { check: text },
  environment: { ...ENVIRONMENT_FIELD, required: true },
  inputs: { check: specOf("input-spec", "an object of input.<type>(…) declarations") },
  outputs: { check: specOf("output-spec", "an object of output.<type>(…) declarations") },
  command: { check: (v) => (typeof v === "function" ? undefined : "a function returning cmd`…`"), required: true },
  isDeterministic: { check: flag },
  resources: RUN_SETTINGS.resources as Field,
  distribution: RUN_SETTINGS.distribution as Field,
  tags: { check: stringRecord },
};

function placeholders<Scope extends "inputs" | "outputs">(scope: Scope, names: readonly string[]): Record<string, Placeholder<Scope>> {
  return Object.fromEntries(names.map((n) => [n, new Placeholder(scope, n)]));
}

/** @internal The command text a component's `command` function returns, checked. */
export function commandOf<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>>(options: ComponentOptions<I, O>): string {
  const io = { inputs: placeholders("inputs", Object.keys(options.inputs ?? {})), outputs: placeholders("outputs", Object.keys(options.outputs ?? {})) };
  const result = options.command(io as never) as unknown;
  if (isPlainObject(result) && result.kind === "command-text" && typeof result.text === "string") return result.text;
  throw new SluiceDefinitionError({
    code: "SL009",
    message: `the command of component '${options.name}' must return cmd\`…\`, got ${typeof result}`,
    hint: "write command: ({ inputs, outputs }) => cmd`python train.py --data ${inputs.data}`",
    location: captureLocation(),
  });
}

/**
 * A reusable Azure ML command component: typed inputs and outputs, a command whose bindings are
 * checked, its code folder and environment. Named and versioned, it is registered once under
 * that version; without `version` it is anonymous, versioned by its content like the SDK's
 * local components. Call the result inside a {@link pipeline} to run it as a step; a wrong input
 * name or a value of the wrong type is a TypeScript error there.
 *
 * @example
 * ```ts
 * const train = component({
 *   name: "train",
 *   version: "1",
 *   code: "./train_src",
 *   environment: environment("azureml://registries/azureml/environments/sklearn-1.5/labels/latest"),
 *   inputs: { training_data: input.uriFolder(), max_epochs: input.integer(), learning_rate: input.number({ default: 0.01 }) },
 *   outputs: { model_output: output.uriFolder() },
 *   command: ({ inputs, outputs }) =>
 *     cmd`python train.py --training_data ${inputs.training_data} --max_epochs ${inputs.max_epochs} --model_output ${outputs.model_output}`,
 * });
 * // inside pipeline(...):
 * const trained = train({ name: "train_job", inputs: { training_data: dataFolder("./data"), max_epochs: 20 } });
 * ```
 */
export function component<I extends Record<string, InputSpec> = Record<never, InputSpec>, O extends Record<string, OutputSpec> = Record<never, OutputSpec>>(
  options: ComponentOptions<I, O>,
): Component<I, O> {
  const definedAt = captureLocation();
  const refused = enforceOptions("component", options, COMPONENT_OPTIONS, definedAt);
  if (refused.size > 0)
    throw new SluiceDefinitionError({ code: "SL009", message: "component options are invalid", hint: "fix the options above", location: definedAt });
  const ir: ComponentIR = {
    name: options.name,
    environment: options.environment.ir,
    command: commandOf(options),
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, s]) => [n, s.ir])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, s.ir])),
    definedAt,
  };
  for (const key of ["version", "displayName", "description", "code", "isDeterministic", "resources", "distribution", "tags"] as const) {
    if (options[key] !== undefined) (ir as Record<string, unknown>)[key] = options[key];
  }
  const call = (stepOptions: ComponentStepOptions<I, O>) => componentStep(ir, options.inputs ?? ({} as I), options.outputs ?? ({} as O), stepOptions);
  return Object.assign(call, { componentName: options.name, ir });
}
