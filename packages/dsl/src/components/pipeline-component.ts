import { enforceOptions, raiseCollected, withScope, type PipelineScope } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { isPlainObject, type Shape, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import { DataLink, PipelineInputData, ProducedData, type FileData, type ModelData, type TabularData } from "../data/data-link.ts";
import { OutputFileDataset } from "../data/output-file-dataset.ts";
import { PipelineParameter } from "../data/pipeline-parameter.ts";
import type { ComponentInputIR, Literal, ParameterType, PipelineComponentIR, SourceLocation } from "../ir/schema.ts";
import { Synthesis, type SynthesizableControl, type SynthesizableStep } from "../steps/synthesis.ts";
import { componentStep, type ComponentStep, type ComponentStepOptions, type OutputLink } from "./component-step.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";

/** What {@link pipelineComponent} takes. */
export interface PipelineComponentOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  /** The component's name in the workspace (letters, digits, `_`). */
  name: string;
  /** Register it under this version; without one it is anonymous and versioned by content. */
  version?: string;
  /** Shown in Azure's UI. */
  displayName?: string;
  /** Shown in Azure's UI. */
  description?: string;
  /** Declared inputs: {@link input}`.string()`, `.uriFolder()`, … */
  inputs?: I;
  /** Declared outputs: {@link output}`.uriFolder()`, … */
  outputs?: O;
}

/** What the body reads for each declared input: a parameter for values, data for data inputs. */
export type BodyInputs<I> = {
  readonly [K in keyof I]: I[K] extends InputSpec<"string", boolean>
    ? PipelineParameter<string>
    : I[K] extends InputSpec<"number" | "integer", boolean>
      ? PipelineParameter<number>
      : I[K] extends InputSpec<"boolean", boolean>
        ? PipelineParameter<boolean>
        : I[K] extends InputSpec<"mltable", boolean>
          ? TabularData
          : I[K] extends InputSpec<"mlflow_model" | "custom_model", boolean>
            ? ModelData
            : FileData;
};

/** What the body returns: data an inner step writes for each declared output. */
export type BodyOutputs<O extends Record<string, OutputSpec>> = { [K in keyof O]: OutputLink<O[K]["type"]> | OutputFileDataset };

/** How a pipeline component runs as a step: like a command component, without per-machine run settings. */
export type PipelineComponentStepOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> = Omit<
  ComponentStepOptions<I, O>,
  "resources" | "distribution" | "timeoutSeconds" | "environmentVariables"
>;

/** A pipeline component: call it inside a pipeline (or another pipeline component) to run it as one step. */
export interface PipelineComponent<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  (options: PipelineComponentStepOptions<I, O>): ComponentStep<O>;
  /** The component's name. */
  readonly componentName: string;
  /** @internal */
  readonly ir: PipelineComponentIR;
}

const OPTIONS: Shape = {
  name: { check: text, required: true },
  version: { check: text },
  displayName: { check: text },
  description: { check: text },
  inputs: {
    check: (v) =>
      isPlainObject(v) && Object.values(v).every((s) => isPlainObject(s) && s.kind === "input-spec") ? undefined : "an object of input.<type>(…) declarations",
  },
  outputs: {
    check: (v) =>
      isPlainObject(v) && Object.values(v).every((s) => isPlainObject(s) && s.kind === "output-spec")
        ? undefined
        : "an object of output.<type>(…) declarations",
  },
};

const VALUE_TYPES = new Set(["string", "number", "integer", "boolean"]);
const NO_DEFAULT: Record<string, Literal> = { string: "", number: 0, integer: 0, boolean: false };

function placeholder(name: string, input: ComponentInputIR, at: SourceLocation): PipelineParameter | DataLink {
  if (VALUE_TYPES.has(input.type)) return new PipelineParameter(name, input.default ?? (NO_DEFAULT[input.type] as Literal), at, input.type as ParameterType);
  const kind = input.type === "mltable" ? "tabular" : input.type === "mlflow_model" || input.type === "custom_model" ? "model" : "file";
  return new DataLink(kind, new PipelineInputData(name, input.type as "uri_folder", { type: "local", path: "" }, at));
}

function problem(message: string, hint: string, location: SourceLocation, name: string): SluiceDefinitionError {
  return new SluiceDefinitionError({ code: "SL004", message, hint, location, stepPath: name });
}

/** Binds each declared output to the data the body returned for it; anything else is a mistake. */
function outputBindings(name: string, declared: string[], returned: Record<string, unknown>, synthesis: Synthesis, at: SourceLocation): Record<string, string> {
  const bindings: Record<string, string> = {};
  for (const port of declared) {
    const value = returned[port];
    const target = value instanceof DataLink ? value.target : value instanceof OutputFileDataset ? value.asInput().target : undefined;
    if (!(target instanceof ProducedData))
      throw problem(`pipeline component '${name}' does not return output '${port}' as data a step writes`, `return { ${port}: someStep.outputs.… }`, at, name);
    bindings[port] = synthesis.dataId(target);
  }
  const extra = Object.keys(returned).find((k) => !declared.includes(k));
  if (extra !== undefined)
    throw problem(
      `pipeline component '${name}' returns '${extra}', which it does not declare`,
      `declare it in outputs: { ${extra}: output.uriFolder() }`,
      at,
      name,
    );
  return bindings;
}

/** Builds the body once: its steps, in their own scope, as IR that reads only the declared inputs. */
function buildBody(
  options: PipelineComponentOptions<Record<string, InputSpec>, Record<string, OutputSpec>>,
  build: (io: { inputs: never }) => unknown,
  at: SourceLocation,
) {
  const steps: SynthesizableStep[] = [];
  const controls: SynthesizableControl[] = [];
  const problems: SluiceDefinitionError[] = [];
  const scope: PipelineScope = {
    name: options.name,
    addStep: (s) => steps.push(s as SynthesizableStep),
    addControl: (c) => controls.push(c as SynthesizableControl),
    report: (e) => problems.push(e),
  };
  const declared = Object.entries(options.inputs ?? {}).map(([n, s]) => [n, placeholder(n, s.ir, at)] as const);
  const returned = withScope(scope, () => build({ inputs: Object.fromEntries(declared) as never })) ?? {};
  raiseCollected(problems);
  const synthesis = new Synthesis();
  const stepIRs = steps.map((s) => s.toIR(synthesis));
  const control = controls.map((c) => c.toIR(synthesis));
  const outsider = [...synthesis.parameters, ...synthesis.inputs].find((p) => !declared.some(([n]) => n === p.name));
  if (outsider)
    throw problem(
      `pipeline component '${options.name}' reads '${outsider.name}', which is not one of its inputs`,
      `declare it in inputs and pass it where the component is used`,
      outsider.definedAt,
      options.name,
    );
  const outputs = outputBindings(options.name, Object.keys(options.outputs ?? {}), returned as Record<string, unknown>, synthesis, at);
  return { steps: stepIRs, ...(control.length > 0 ? { control } : {}), data: synthesis.data, outputBindings: outputs };
}

/**
 * A pipeline used as a step (Azure's pipeline component): declared inputs and outputs, and a
 * body that builds its steps from them. Inside the body each input is a parameter or data to
 * pass to steps (or to a step's `compute`); the body returns the data for each output. Call the
 * result inside a {@link pipeline} like a {@link component}: a wrong input name or type is a
 * TypeScript error there. Local runs expand it into its steps (named `outer/inner`).
 *
 * @example
 * ```ts
 * const trainAndEval = pipelineComponent(
 *   { name: "train_eval", inputs: { data: input.uriFolder(), lr: input.number({ default: 0.1 }) }, outputs: { model: output.uriFolder() } },
 *   ({ inputs }) => {
 *     const trained = train({ name: "train_job", inputs: { training_data: inputs.data, learning_rate: inputs.lr } });
 *     return { model: trained.outputs.model_output };
 *   },
 * );
 * // inside pipeline(...):
 * const a = trainAndEval({ name: "model_a", inputs: { data: dataFolder("./data"), lr: 0.01 } });
 * ```
 */
export function pipelineComponent<
  I extends Record<string, InputSpec> = Record<never, InputSpec>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: PipelineComponentOptions<I, O>, build: (io: { inputs: BodyInputs<I> }) => BodyOutputs<O>): PipelineComponent<I, O> {
  const definedAt = captureLocation();
  if (enforceOptions("pipelineComponent", options, OPTIONS, definedAt).size > 0 || typeof build !== "function")
    throw new SluiceDefinitionError({
      code: "SL009",
      message: "pipelineComponent options are invalid",
      hint: "pass options and a build function ({ inputs }) => ({ … })",
      location: definedAt,
    });
  const body = buildBody(options as never, build as never, definedAt);
  const ir: PipelineComponentIR = {
    name: options.name,
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, s]) => [n, s.ir])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, s.ir])),
    ...body,
    definedAt,
  };
  for (const key of ["version", "displayName", "description"] as const) if (options[key] !== undefined) ir[key] = options[key];
  const call = (stepOptions: PipelineComponentStepOptions<I, O>) => componentStep(ir, options.inputs ?? ({} as I), options.outputs ?? ({} as O), stepOptions);
  return Object.assign(call, { componentName: options.name, ir });
}
