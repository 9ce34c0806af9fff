import { enforceOptions } from "../core/builder-context.ts";
import { SluiceDefinitionError } from "../core/errors.ts";
import { type Check, flag, isPlainObject, listOf, type Shape, stringRecord, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { SparkComponentIR } from "../ir/spark-schema.ts";
import { confValue, type SparkConf, type SparkIdentity, type SparkResources, withoutUndefined } from "./spark-settings.ts";
import { ENVIRONMENT_FIELD, type Environment } from "../resources/environment.ts";
import type { CommandText } from "./command-text.ts";
import { commandOf, type Placeholders } from "./component.ts";
import { componentStep, type ComponentStep, type ComponentStepOptions } from "./component-step.ts";
import type { InputSpec, OutputSpec } from "./io-specs.ts";

/** What Spark starts: a Python file in the code folder, or a JVM class in one of the `jars`. */
export type SparkEntry =
  | {
      /** A Python file in the code folder. */
      file: string;
    }
  | {
      /** A JVM class in one of the `jars` (Azure only). */
      className: string;
    };

/** How a Spark component runs as a step: a component step's options, with Spark's machines, identity and configuration. */
export interface SparkStepOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>>
  extends Omit<ComponentStepOptions<I, O>, "resources" | "distribution" | "timeoutSeconds" | "environmentVariables"> {
  /** Serverless Spark (instead of an attached Spark pool named by `compute`). */
  resources?: SparkResources;
  /** Default: `managed` on an attached pool, `user_identity` on serverless Spark (as Azure ML chooses). */
  identity?: SparkIdentity;
  /** Replaces the component's configuration for this step. */
  conf?: SparkConf;
}

/** What {@link sparkComponent} takes. */
export interface SparkComponentOptions<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  /** The component's name in the workspace. */
  name: string;
  /** Register it under this version; without one it is anonymous and versioned by content. */
  version?: string;
  /** Shown in Azure's UI. */
  displayName?: string;
  /** Shown in Azure's UI. */
  description?: string;
  /** The folder uploaded as its code (the entry file, `pyFiles`, `jars`, `files` are in it), relative to this file. */
  code?: string;
  /** What Spark starts. */
  entry: SparkEntry;
  /** Python files, zips or eggs put on the job's `PYTHONPATH`. */
  pyFiles?: readonly string[];
  /** Jars on the driver's and executors' class path. */
  jars?: readonly string[];
  /** Files placed in each executor's working folder. */
  files?: readonly string[];
  /** Archives extracted in each executor's working folder. */
  archives?: readonly string[];
  /** Declared inputs: {@link input}`.uriFile({ mode: "direct" })`, … (Spark reads data directly). */
  inputs?: I;
  /** Declared outputs: {@link output}`.uriFolder({ mode: "direct" })`, … */
  outputs?: O;
  /** The entry's arguments, written with {@link cmd} so its placeholders are checked. */
  args?: (io: { inputs: Placeholders<"inputs", I>; outputs: Placeholders<"outputs", O> }) => CommandText;
  /** Spark's configuration: driver and executor sizes and counts (required by Azure ML), any `spark.*` key. */
  conf?: SparkConf;
  /** Extra Python packages for the job (a conda file or image); Azure's Spark runtime otherwise. */
  environment?: Environment;
  /** May Azure reuse an earlier run with the same inputs? Default true. */
  isDeterministic?: boolean;
  /** Tags on the component version. */
  tags?: Readonly<Record<string, string>>;
}

/** A Spark component: call it inside a pipeline to add a Spark step. */
export interface SparkComponent<I extends Record<string, InputSpec>, O extends Record<string, OutputSpec>> {
  (options: SparkStepOptions<I, O>): ComponentStep<O>;
  /** The component's name. */
  readonly componentName: string;
  /** @internal */
  readonly ir: SparkComponentIR;
}

const entry: Check = (v) =>
  isPlainObject(v) && (typeof v.file === "string") !== (typeof v.className === "string") && Object.keys(v).length === 1
    ? undefined
    : '{ file: "main.py" } or { className: "com.example.Main" }';

/** The options Spark's own parts take, shared by {@link sparkComponent}, `sparkStep` and `sparkJob`. */
export const SPARK_PARTS: Shape = {
  code: { check: text },
  entry: { check: entry, required: true },
  pyFiles: { check: listOf(text) },
  jars: { check: listOf(text) },
  files: { check: listOf(text) },
  archives: { check: listOf(text) },
  args: { check: (v) => (typeof v === "function" ? undefined : "a function returning cmd`…`") },
  conf: { check: confValue },
  environment: ENVIRONMENT_FIELD,
};

const SPARK_COMPONENT_OPTIONS: Shape = {
  name: { check: text, required: true },
  version: { check: text },
  displayName: { check: text },
  description: { check: text },
  inputs: { check: (v) => (isPlainObject(v) ? undefined : "an object of input.<type>(…) declarations") },
  outputs: { check: (v) => (isPlainObject(v) ? undefined : "an object of output.<type>(…) declarations") },
  isDeterministic: { check: flag },
  tags: { check: stringRecord },
  ...SPARK_PARTS,
};

/** @internal The Spark-specific IR of a component or an inline Spark step: entry, args, files, configuration. */
export function sparkParts(
  name: string,
  options: Pick<
    SparkComponentOptions<Record<string, InputSpec>, Record<string, OutputSpec>>,
    "entry" | "args" | "pyFiles" | "jars" | "files" | "archives" | "conf" | "environment" | "code"
  >,
  io: { inputs?: object; outputs?: object },
): Pick<SparkComponentIR, "type" | "entry" | "args" | "pyFiles" | "jars" | "files" | "archives" | "conf" | "environment" | "code"> {
  const parts: ReturnType<typeof sparkParts> = { type: "spark", entry: { ...options.entry } };
  if (options.args !== undefined) parts.args = commandOf({ name, ...io, command: options.args } as never);
  for (const key of ["pyFiles", "jars", "files", "archives"] as const) if (options[key] !== undefined) parts[key] = [...(options[key] ?? [])];
  if (options.conf !== undefined) parts.conf = withoutUndefined(options.conf);
  if (options.environment !== undefined) parts.environment = options.environment.ir;
  if (options.code !== undefined) parts.code = options.code;
  return parts;
}

/**
 * A reusable Azure ML Spark component (`type: spark`): a PySpark file (or a JVM class), its
 * arguments with checked placeholders, the files Spark ships with it, and its configuration.
 * Call the result inside a {@link pipeline} to add a Spark step, on an attached Synapse pool
 * (`compute`) or on serverless Spark (`resources`). Local runs need `pyspark` importable by the
 * project's Python and are refused before any step starts otherwise.
 *
 * @example
 * ```ts
 * const wrangle = sparkComponent({
 *   name: "titanic_spark_component",
 *   code: "./src",
 *   entry: { file: "titanic.py" },
 *   inputs: { titanic_data: input.uriFile({ mode: "direct" }) },
 *   outputs: { wrangled_data: output.uriFolder({ mode: "direct" }) },
 *   args: ({ inputs, outputs }) => cmd`--titanic_data ${inputs.titanic_data} --wrangled_data ${outputs.wrangled_data}`,
 *   conf: { "spark.driver.cores": 1, "spark.driver.memory": "2g", "spark.executor.cores": 2, "spark.executor.memory": "2g", "spark.executor.instances": 2 },
 * });
 * // inside pipeline(...):
 * wrangle({ name: "spark_job", inputs: { titanic_data: dataFile("azureml://datastores/workspaceblobstore/paths/data/titanic.csv", { mode: "direct" }) }, resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" } });
 * ```
 */
export function sparkComponent<
  I extends Record<string, InputSpec> = Record<never, InputSpec>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: SparkComponentOptions<I, O>): SparkComponent<I, O> {
  const definedAt = captureLocation();
  const refused = enforceOptions("sparkComponent", options, SPARK_COMPONENT_OPTIONS, definedAt);
  if (refused.size > 0)
    throw new SluiceDefinitionError({ code: "SL009", message: "sparkComponent options are invalid", hint: "fix the options above", location: definedAt });
  const ir: SparkComponentIR = {
    name: options.name,
    ...sparkParts(options.name, options as never, { inputs: options.inputs, outputs: options.outputs }),
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, s]) => [n, s.ir])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, s.ir])),
    definedAt,
  };
  for (const key of ["version", "displayName", "description", "isDeterministic", "tags"] as const) {
    if (options[key] !== undefined) (ir as Record<string, unknown>)[key] = options[key];
  }
  const call = (stepOptions: SparkStepOptions<I, O>) => componentStep(ir, options.inputs ?? ({} as I), options.outputs ?? ({} as O), stepOptions as never);
  return Object.assign(call, { componentName: options.name, ir });
}
