import type { ParameterType, SourceLocation } from "../ir/schema.ts";

// The parameter value itself, apart from its builder: option checks test for it without importing
// the builder (which imports them).

/** The types a {@link pipelineParameter} may have. */
export type ParameterValue = string | number | boolean;
export type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : never;

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
