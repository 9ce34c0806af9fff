import type { ComponentInputIR, DataMode } from "../ir/schema.ts";

/** Literal input types of a component (Azure's `string`, `number`, `integer`, `boolean`). */
export type PrimitiveInputType = "string" | "number" | "integer" | "boolean";
/** Data input and output types of a component. */
export type DataIOType = "uri_file" | "uri_folder" | "mltable" | "mlflow_model" | "custom_model";

/**
 * One declared component input. `Required` is what TypeScript checks at each use: an input
 * without a default that is not `optional` must be given.
 */
export interface InputSpec<T extends PrimitiveInputType | DataIOType = PrimitiveInputType | DataIOType, Required extends boolean = boolean> {
  /** @internal */
  readonly kind: "input-spec";
  /** The input's Azure type. */
  readonly type: T;
  /** @internal */
  readonly required: Required;
  /** @internal */
  readonly ir: ComponentInputIR;
}

/** Output types of a component: data, or a primitive value (Azure's primitive outputs). */
export type OutputIOType = DataIOType | PrimitiveInputType;

/** One declared component output. */
export interface OutputSpec<T extends OutputIOType = OutputIOType> {
  /** @internal */
  readonly kind: "output-spec";
  /** The output's Azure type. */
  readonly type: T;
  /** @internal */
  readonly ir: { type: T; description?: string; mode?: DataMode; isControl?: boolean };
}

/** Options every input takes. */
export interface InputOptions {
  /** May the step leave it out (the command then must not need it)? */
  optional?: boolean;
  /** Shown in Azure's UI and in the generated YAML. */
  description?: string;
}

/** Options of a data input (a file, folder, table or model). */
export interface DataInputOptions extends InputOptions {
  /**
   * How Azure delivers it to the command: `ro_mount` (its default), `download`, `direct`,
   * `eval_mount` or `eval_download`. Stated on the component, as the SDK does for an inline command.
   */
  mode?: DataMode;
}

/** Whether options leave an input required: no default and not `optional: true`. */
export type IsRequired<O> = O extends HasDefault ? false : O extends IsOptional ? false : true;

/** Options that give a default. */
export interface HasDefault {
  /** The default value. */
  default: unknown;
}

/** Options that make an input optional. */
export interface IsOptional {
  /** Set. */
  optional: true;
}

function spec<T extends PrimitiveInputType | DataIOType, O extends InputOptions>(type: T, options: O | undefined): InputSpec<T, IsRequired<O>> {
  const given = Object.entries((options ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined);
  const ir = { type, ...Object.fromEntries(given) } as ComponentInputIR;
  const required = !(options && ("default" in options || options.optional === true));
  return { kind: "input-spec", type, required: required as IsRequired<O>, ir };
}

/** Options of `input.string`. */
export interface StringInputOptions extends InputOptions {
  /** Used when the step gives no value (the input is then not required). */
  default?: string;
  /** The only values allowed; Sluice checks literals against them. */
  enum?: readonly string[];
}

/** Options of `input.integer` and `input.number`. */
export interface NumberInputOptions extends InputOptions {
  /** Used when the step gives no value (the input is then not required). */
  default?: number;
  /** The smallest value allowed. */
  min?: number;
  /** The largest value allowed. */
  max?: number;
}

/** Options of `input.boolean`. */
export interface BooleanInputOptions extends InputOptions {
  /** Used when the step gives no value (the input is then not required). */
  default?: boolean;
}

/**
 * Declares the inputs of a {@link component}: literal values (`string`, `integer`, `number`,
 * `boolean`, with defaults and constraints Azure checks too) and data (`uriFile`, `uriFolder`,
 * `mltable`, `mlflowModel`, `customModel`).
 *
 * @example
 * ```ts
 * inputs: {
 *   training_data: input.uriFolder(),
 *   max_epochs: input.integer({ min: 1 }),
 *   learning_rate: input.number({ default: 0.01 }),
 *   schedule: input.string({ default: "time-based", enum: ["time-based", "step"] }),
 * }
 * ```
 */
export const input = {
  /** Text; a step passes a string or a string pipelineParameter. */
  string: <O extends StringInputOptions>(o?: O) => spec("string", o),
  /** A whole number. */
  integer: <O extends NumberInputOptions>(o?: O) => spec("integer", o),
  /** A number. */
  number: <O extends NumberInputOptions>(o?: O) => spec("number", o),
  /** True or false (Azure passes `True`/`False`). */
  boolean: <O extends BooleanInputOptions>(o?: O) => spec("boolean", o),
  /** One file. */
  uriFile: <O extends DataInputOptions>(o?: O) => spec("uri_file", o),
  /** A folder. */
  uriFolder: <O extends DataInputOptions>(o?: O) => spec("uri_folder", o),
  /** A table: a folder with an `MLTable` file. */
  mltable: <O extends DataInputOptions>(o?: O) => spec("mltable", o),
  /** An MLflow model folder. */
  mlflowModel: <O extends DataInputOptions>(o?: O) => spec("mlflow_model", o),
  /** A model folder in any format. */
  customModel: <O extends DataInputOptions>(o?: O) => spec("custom_model", o),
};

function out<T extends DataIOType>(type: T, o?: OutputOptions): OutputSpec<T> {
  const ir = { type, ...(o?.description !== undefined ? { description: o.description } : {}), ...(o?.mode !== undefined ? { mode: o.mode } : {}) };
  return { kind: "output-spec", type, ir };
}

/** Options every output takes. */
export interface OutputOptions {
  /** Shown in Azure's UI and in the generated YAML. */
  description?: string;
  /** How the command writes it: `rw_mount` (Azure's default), `upload` or `direct`. */
  mode?: DataMode;
}

/** Options of a primitive output. */
export interface ValueOutputOptions {
  /** Shown in Azure's UI and in the generated YAML. */
  description?: string;
  /**
   * A control output: a boolean `ifElse` or `doWhile` decides on (Azure's `is_control`). Only
   * control outputs may be a condition.
   */
  isControl?: boolean;
  /** How Azure stores it (passed through as written; a value is small either way). */
  mode?: DataMode;
}

function value<T extends PrimitiveInputType>(type: T, o?: ValueOutputOptions): OutputSpec<T> {
  const given = { description: o?.description, mode: o?.mode, isControl: o?.isControl };
  const ir = { type, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
  return { kind: "output-spec", type, ir };
}

/**
 * Declares the outputs of a {@link component} by type: data (`uriFile`, `uriFolder`, `mltable`,
 * `mlflowModel`, `customModel`) or a value (`boolean`, `string`, `integer`, `number`). The
 * command writes a value as text into the file `${{outputs.<name>}}` names (`true`/`false` for a
 * boolean); later steps read it as an input value, and a boolean control output can be the
 * condition of {@link ifElse} or {@link doWhile}.
 */
export const output = {
  /** One file. */
  uriFile: (o?: OutputOptions) => out("uri_file", o),
  /** A folder. */
  uriFolder: (o?: OutputOptions) => out("uri_folder", o),
  /** A table: a folder with an `MLTable` file. */
  mltable: (o?: OutputOptions) => out("mltable", o),
  /** An MLflow model folder. */
  mlflowModel: (o?: OutputOptions) => out("mlflow_model", o),
  /** A model folder in any format. */
  customModel: (o?: OutputOptions) => out("custom_model", o),
  /** True or false; `{ isControl: true }` makes it a condition for `ifElse` and `doWhile`. */
  boolean: (o?: ValueOutputOptions) => value("boolean", o),
  /** Text. */
  string: (o?: ValueOutputOptions) => value("string", o),
  /** A whole number. */
  integer: (o?: ValueOutputOptions) => value("integer", o),
  /** A number. */
  number: (o?: ValueOutputOptions) => value("number", o),
};

/** How a step's output is stored on Azure, declared where the step is called. */
export interface OutputSettings {
  /** `upload`, `rw_mount` (Azure's default) or `direct`. */
  mode?: DataMode;
  /** Where Azure writes it, e.g. `azureml://datastores/workspaceblobstore/paths/out`. */
  path?: string;
  /**
   * Register the output as a data asset of this name when the step completes (locally in the
   * project's registry, on Azure in the workspace), so later pipelines can read it with
   * `dataset(name, { version: "latest" })`. A new version only when its content changed. Data outputs only: register
   * models with `registerModelStep`.
   */
  name?: string;
  /** The version to register; default the next whole number. */
  version?: string;
}
