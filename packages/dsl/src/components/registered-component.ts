import { enforceOptions } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { isPlainObject, type Shape } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ComponentIR } from "../ir/schema.ts";
import type { Component } from "./component.ts";
import { componentStep, type ComponentStepOptions } from "./component-step.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";

/** The interface of a component that exists already: what its steps may pass and read. */
export interface RegisteredComponentOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  /** Its inputs, as registered: {@link input}`.string()`, `.uriFolder()`, … */
  inputs?: I;
  /** Its outputs, as registered. */
  outputs?: O;
}

// Without a version or label, Azure ML takes the newest version (as `@latest`).
const WORKSPACE = /^azureml:([A-Za-z0-9_.-]+)(?::[A-Za-z0-9_.-]+|@[A-Za-z0-9_.-]+)?$/;
const REGISTRY = /^azureml:\/\/registries\/[A-Za-z0-9_-]+\/components\/([A-Za-z0-9_.-]+)(?:\/(?:versions|labels)\/[A-Za-z0-9_.-]+)?$/;

const OPTIONS: Shape = {
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

/**
 * A component registered already, in the workspace (`azureml:train:3`, `azureml:train@latest`)
 * or in a registry (`azureml://registries/azureml/components/train/versions/2`). Sluice sends
 * the reference and never creates it; `sluice deploy` checks that a workspace component exists,
 * pins `@latest` to its newest version (shown in the plan), and refuses declared ports the
 * registered spec lacks or has as the other kind (value or data). Declare the inputs and outputs
 * you use, so steps are typed and checked; local runs refuse it (they lack its code).
 *
 * @example
 * ```ts
 * const train = registeredComponent("azureml:train@latest", {
 *   inputs: { training_data: input.uriFolder(), max_epochs: input.integer() },
 *   outputs: { model_output: output.uriFolder() },
 * });
 * ```
 */
export function registeredComponent<
  I extends Record<string, InputSpec> = Record<never, InputSpec>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(reference: string, options: RegisteredComponentOptions<I, O> = {}): Component<I, O> {
  const definedAt = captureLocation();
  const name = typeof reference === "string" ? (WORKSPACE.exec(reference)?.[1] ?? REGISTRY.exec(reference)?.[1]) : undefined;
  if (!name)
    throw new SluiceDefinitionError({
      code: "SL009",
      message: `registeredComponent(${JSON.stringify(reference)}) is not a component reference Azure ML takes`,
      hint: "write azureml:<name>:<version>, azureml:<name>@latest, or azureml://registries/<registry>/components/<name>/versions/<version>",
      location: definedAt,
    });
  if (enforceOptions("registeredComponent", options, OPTIONS, definedAt).size > 0)
    throw new SluiceDefinitionError({ code: "SL009", message: "registeredComponent options are invalid", hint: "fix the options above", location: definedAt });
  const ir: ComponentIR = {
    name,
    reference,
    command: "",
    environment: { type: "uri", uri: reference },
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, s]) => [n, s.ir])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, s.ir])),
    definedAt,
  };
  const call = (stepOptions: ComponentStepOptions<I, O>) => componentStep(ir, options.inputs ?? ({} as I), options.outputs ?? ({} as O), stepOptions);
  return Object.assign(call, { componentName: name, ir });
}
