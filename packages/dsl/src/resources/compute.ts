import { enforceOptions } from "../core/builder-context.ts";
import { either, type Field, kindOf, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";

/** A compute target by name (an AmlCompute cluster in the workspace, or "local" for this machine). */
export interface Compute {
  /** @internal */
  readonly kind: "compute";
  /** The compute's name in the workspace. */
  readonly name: string;
}

/**
 * A compute target of the workspace by name (an AmlCompute cluster), for
 * `defaultCompute` or a step's `compute`. Sluice does not create it; local runs ignore it.
 *
 * @example
 * ```ts
 * const cpu = compute("cpu-cluster");
 * ```
 */
export function compute(name: string): Compute {
  enforceOptions("compute", { name }, { name: { check: text, required: true } }, captureLocation());
  return { kind: "compute", name };
}

/** @internal */
export const COMPUTE_FIELD: Field = { check: either(text, kindOf("compute", 'compute("name")')) };

/** @internal */
export function computeName(value: Compute | string | undefined): string | undefined {
  return typeof value === "string" ? value : value?.name;
}
