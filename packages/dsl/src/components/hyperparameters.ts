import { SluiceDefinitionError } from "../core/errors.ts";
import { captureLocation } from "../core/source-location.ts";
import type { HyperparameterIR } from "../ir/schema.ts";

/**
 * A distribution a sweep samples an input from. `T` is what it yields: the values of a
 * `choice`, whole numbers (`"integer"`: `randint`), multiples of `q` (`"quantized"`), or any
 * number; a sweep accepts only distributions that fit the input's type.
 */
export interface Hyperparameter<T> {
  /** @internal */
  readonly kind: "hyperparameter";
  /** @internal */
  readonly ir: HyperparameterIR;
  /** @internal Never set: carries `T` for the type checker. */
  readonly yields?: T;
}

function make<T>(ir: HyperparameterIR, numbers: Record<string, unknown>): Hyperparameter<T> {
  const bad = Object.entries(numbers).find(([, v]) => typeof v !== "number" || !Number.isFinite(v));
  if (bad)
    throw new SluiceDefinitionError({
      code: "SL009",
      message: `${ir.type}(…) needs a number for ${bad[0]}, got ${JSON.stringify(bad[1])}`,
      hint: `write ${ir.type}(${Object.keys(numbers).join(", ")}) with numbers`,
      location: captureLocation(),
    });
  return { kind: "hyperparameter", ir };
}

/** One of these values, each equally likely (the only distribution `grid` sampling enumerates). */
export function choice<const T extends string | number | boolean>(
  values: readonly T[],
): Hyperparameter<T extends string ? string : T extends number ? number : boolean> {
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => ["string", "number", "boolean"].includes(typeof v)))
    throw new SluiceDefinitionError({
      code: "SL009",
      message: "choice(…) needs a non-empty list of strings, numbers or booleans",
      hint: 'write choice(["gbdt", "dart"])',
      location: captureLocation(),
    });
  return { kind: "hyperparameter", ir: { type: "choice", values: [...values] } };
}

/** A whole number from 0 up to (not including) `upper`. */
export function randint(upper: number): Hyperparameter<"integer"> {
  return make({ type: "randint", upper }, { upper });
}

/** A number between `min` and `max`, evenly. */
export function uniform(min: number, max: number): Hyperparameter<number> {
  return make({ type: "uniform", min, max }, { min, max });
}

/** `exp(uniform(min, max))`: `min` and `max` are exponents, as in Azure. */
export function loguniform(min: number, max: number): Hyperparameter<number> {
  return make({ type: "loguniform", min, max }, { min, max });
}

/** A normally distributed number. */
export function normal(mu: number, sigma: number): Hyperparameter<number> {
  return make({ type: "normal", mu, sigma }, { mu, sigma });
}

/** `exp(normal(mu, sigma))`. */
export function lognormal(mu: number, sigma: number): Hyperparameter<number> {
  return make({ type: "lognormal", mu, sigma }, { mu, sigma });
}

/** `round(uniform(min, max) / q) * q`: whole numbers when `q` is whole. */
export function quniform(min: number, max: number, q: number): Hyperparameter<"quantized"> {
  return make({ type: "quniform", min, max, q }, { min, max, q });
}

/** `round(loguniform(min, max) / q) * q`. */
export function qloguniform(min: number, max: number, q: number): Hyperparameter<"quantized"> {
  return make({ type: "qloguniform", min, max, q }, { min, max, q });
}

/** `round(normal(mu, sigma) / q) * q`. */
export function qnormal(mu: number, sigma: number, q: number): Hyperparameter<"quantized"> {
  return make({ type: "qnormal", mu, sigma, q }, { mu, sigma, q });
}

/** `round(lognormal(mu, sigma) / q) * q`. */
export function qlognormal(mu: number, sigma: number, q: number): Hyperparameter<"quantized"> {
  return make({ type: "qlognormal", mu, sigma, q }, { mu, sigma, q });
}
