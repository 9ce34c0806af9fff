import { captureLocation } from "../core/source-location.ts";
import type { ParameterType, SourceLocation } from "../ir/schema.ts";

export type ParameterValue = string | number | boolean;
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : never;

/**
 * A value chosen at submission time (Azure's PipelineParameter). Typed by its default so that a
 * number parameter cannot be wired where a string is expected.
 */
export class PipelineParameter<T extends ParameterValue = ParameterValue> {
  readonly kind = "parameter" as const;
  readonly name: string;
  readonly type: ParameterType;
  readonly default: T;
  readonly definedAt: SourceLocation;

  constructor(name: string, defaultValue: T, definedAt: SourceLocation) {
    this.name = name;
    this.default = defaultValue;
    this.type = typeof defaultValue as ParameterType;
    this.definedAt = definedAt;
  }
}

export function pipelineParameter<T extends ParameterValue>(name: string, defaultValue: T): PipelineParameter<Widen<T>> {
  return new PipelineParameter(name, defaultValue as unknown as Widen<T>, captureLocation());
}

export function isPipelineParameter(value: unknown): value is PipelineParameter {
  return value instanceof PipelineParameter;
}
