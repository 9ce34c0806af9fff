import { declareInScope, enforceOptions } from "../core/builder-context.ts";
import { either, flag, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { ParameterType, SourceLocation } from "../ir/schema.ts";

/** The types a {@link pipelineParameter} may have. */
export type ParameterValue = string | number | boolean;
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : never;

/**
 * A value chosen at submission time (Azure's PipelineParameter). Typed by its default so that a
 * number parameter cannot be wired where a string is expected.
 */
export class PipelineParameter<T extends ParameterValue = ParameterValue> {
  /** @internal */
  readonly kind = "parameter" as const;
  /** The parameter's name: `--param <name>=<value>` and Azure's pipeline input name. */
  readonly name: string;
  /** @internal */
  readonly type: ParameterType;
  /** The value when a run does not set one. */
  readonly default: T;
  /** @internal */
  readonly definedAt: SourceLocation;

  /** @internal */
  constructor(name: string, defaultValue: T, definedAt: SourceLocation, type?: ParameterType) {
    this.name = name;
    this.default = defaultValue;
    this.type = type ?? (typeof defaultValue as ParameterType);
    this.definedAt = definedAt;
  }
}

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
