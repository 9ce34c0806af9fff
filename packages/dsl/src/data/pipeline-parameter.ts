import { declareInScope, enforceOptions } from "../core/builder-context.ts";
import { either, flag, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";

export { PipelineParameter, type ParameterValue } from "./parameter-value.ts";
import { PipelineParameter, type ParameterValue, type Widen } from "./parameter-value.ts";

/**
 * A value each run may set (`sluice run --param name=value`; on Azure a pipeline input). Typed
 * by its default, so a number parameter cannot be wired where a string is expected.
 *
 * @example
 * ```ts
 * const modelName = pipelineParameter("model_name", "TitanicSurvival");
 * const folds = pipelineParameter("folds", 5);
 * ```
 */
export function pipelineParameter<T extends ParameterValue>(name: string, defaultValue: T): PipelineParameter<Widen<T>> {
  const definedAt = captureLocation();
  const number = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? undefined : "a number");
  enforceOptions(
    "pipelineParameter",
    { name, defaultValue },
    { name: { check: text, required: true }, defaultValue: { check: either(text, number, flag), required: true } },
    definedAt,
  );
  const parameter = new PipelineParameter(name, defaultValue as unknown as Widen<T>, definedAt);
  // Declared in a build function, it is a job input even if no step reads it (a YAML's `inputs:` are).
  declareInScope(parameter);
  return parameter;
}

/** @internal */
export function isPipelineParameter(value: unknown): value is PipelineParameter {
  return value instanceof PipelineParameter;
}
