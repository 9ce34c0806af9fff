import { enforceOptions } from "../core/builder-context.ts";
import { type Shape, text, flag } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DataLink } from "../data/data-link.ts";
import type { SparkComponentIR } from "../ir/spark-schema.ts";
import type { Pipeline } from "../pipeline.ts";
import { COMPUTE_FIELD, type Compute } from "../resources/compute.ts";
import type { CommandText } from "./command-text.ts";
import { type CommandInputValue, INLINE_IO_OPTIONS, inputOf, withMode } from "./command-step.ts";
import type { Placeholders } from "./component.ts";
import { componentStep, type ComponentStep } from "./component-step.ts";
import type { OutputSettings, OutputSpec } from "./io-specs.ts";
import { SPARK_PARTS, type SparkComponentOptions, sparkParts } from "./spark-component.ts";
import { SPARK_RUN_SETTINGS, type SparkIdentity, type SparkResources } from "./spark-settings.ts";
import { STANDALONE_JOB_OPTIONS, standaloneJob, type StandaloneJobOptions } from "./standalone-job.ts";

/** What {@link sparkStep} takes: a Spark component's parts and the step's values in one place. */
export interface SparkStepInlineOptions<I extends Record<string, CommandInputValue>, O extends Record<string, OutputSpec>>
  extends Pick<SparkComponentOptions<never, never>, "code" | "entry" | "pyFiles" | "jars" | "files" | "archives" | "conf" | "environment"> {
  /** The step's name (Azure's node name). */
  name: string;
  /** Shown in Azure's UI instead of the name. */
  displayName?: string;
  /** The input values; each input's type is the value's. Data Spark reads is given with `mode: "direct"`. */
  inputs?: I;
  /** The outputs the job writes: {@link output}`.uriFolder({ mode: "direct" })`, … */
  outputs?: O;
  /** How Azure stores outputs (mode, path). */
  outputSettings?: { [K in keyof O]?: OutputSettings };
  /** The entry's arguments, written with {@link cmd}. */
  args?: (io: { inputs: Placeholders<"inputs", I>; outputs: Placeholders<"outputs", O> }) => CommandText;
  /** An attached Spark pool; or `resources` for serverless Spark. */
  compute?: Compute | string;
  /** Serverless Spark's machines (instead of a pool). */
  resources?: SparkResources;
  /** Default: `managed` on a pool, `user_identity` on serverless Spark. */
  identity?: SparkIdentity;
  /** May a local run reuse an unchanged earlier result? Default true. */
  allowReuse?: boolean;
}

/** The options {@link sparkStep} takes, checked before any is used. */
const SPARK_STEP_OPTIONS: Shape = {
  ...SPARK_PARTS,
  ...SPARK_RUN_SETTINGS,
  name: { check: text, required: true },
  displayName: { check: text },
  ...INLINE_IO_OPTIONS,
  compute: COMPUTE_FIELD,
  allowReuse: { check: flag },
};

/**
 * A Spark job as one pipeline step, without declaring a component first (a `type: spark` node
 * written with its `code`, `entry` and `args`): the inputs' types are those of the values passed.
 * On Azure it is an anonymous Spark component, versioned by its content. Use
 * {@link sparkComponent} to run the same job in several steps.
 *
 * @example
 * ```ts
 * const greeted = sparkStep({
 *   name: "add_greeting_columns",
 *   code: "./src",
 *   entry: { file: "add_greeting_column.py" },
 *   pyFiles: ["utils.zip"],
 *   inputs: { file_input: irisData },
 *   args: ({ inputs }) => cmd`--file_input ${inputs.file_input}`,
 *   resources: { instanceType: "Standard_E8S_V3", runtimeVersion: "3.4" },
 *   conf: { "spark.driver.cores": 2, "spark.driver.memory": "1g", "spark.executor.cores": 1, "spark.executor.memory": "1g", "spark.executor.instances": 1 },
 * });
 * ```
 */
export function sparkStep<
  I extends Record<string, CommandInputValue> = Record<never, CommandInputValue>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: SparkStepInlineOptions<I, O>): ComponentStep<O> {
  const definedAt = captureLocation();
  enforceOptions("sparkStep", options, SPARK_STEP_OPTIONS, definedAt, true);
  const name = String(options.name);
  const ir: SparkComponentIR = {
    name,
    ...sparkParts(name, options as never, { inputs: options.inputs, outputs: options.outputs }),
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([n, v]) => [n, inputOf(n, v, "sparkStep")])),
    outputs: Object.fromEntries(Object.entries(options.outputs ?? {}).map(([n, s]) => [n, withMode(s.ir, options.outputSettings?.[n]?.mode)])),
    definedAt,
  };
  const step: Record<string, unknown> = { name, inputs: options.inputs ?? {}, outputs: options.outputSettings ?? {} };
  for (const key of ["displayName", "compute", "allowReuse", "resources", "identity", "conf"] as const)
    if (options[key] !== undefined) step[key] = options[key];
  return componentStep(ir, {} as never, (options.outputs ?? {}) as O, step as never);
}

/** What {@link sparkJob} takes: a {@link sparkStep}'s options, and the job's own. */
export interface SparkJobOptions<I extends Record<string, CommandInputValue>, O extends Record<string, OutputSpec>>
  extends Omit<SparkStepInlineOptions<I, O>, "allowReuse" | "compute" | "name" | "displayName">,
    StandaloneJobOptions {}

const { allowReuse: _, ...STEP } = SPARK_STEP_OPTIONS;
const JOB_OPTIONS: Shape = { ...STEP, ...STANDALONE_JOB_OPTIONS };

/**
 * A standalone Spark job (Azure's `jobType: Spark`, `az ml job create -f job.yml` with
 * `type: spark`) on an attached Spark pool (`compute`) or serverless Spark (`resources`).
 * Export it like a pipeline: `sluice compile` writes the Spark job's REST body and CLI YAML;
 * `sluice run` runs it here when `pyspark` is importable.
 *
 * @example
 * ```ts
 * export default sparkJob({
 *   name: "titanic-spark",
 *   code: "./src",
 *   entry: { file: "titanic.py" },
 *   inputs: { titanic_data: dataFile("azureml://datastores/workspaceblobstore/paths/data/titanic.csv", { mode: "direct" }) },
 *   outputs: { wrangled_data: output.uriFolder({ mode: "direct" }) },
 *   args: ({ inputs, outputs }) => cmd`--titanic_data ${inputs.titanic_data} --wrangled_data ${outputs.wrangled_data}`,
 *   conf: { "spark.driver.cores": 1, "spark.driver.memory": "2g", "spark.executor.cores": 2, "spark.executor.memory": "2g", "spark.executor.instances": 2 },
 *   resources: { instanceType: "standard_e4s_v3", runtimeVersion: "3.4" },
 * });
 * ```
 */
export function sparkJob<
  I extends Record<string, CommandInputValue> = Record<never, CommandInputValue>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: SparkJobOptions<I, O>): Pipeline<Record<string, DataLink>> {
  enforceOptions("sparkJob", options, JOB_OPTIONS, captureLocation());
  const { name: _n, displayName: _d, experiment: _e, description: _t, compute: _c, tags: _g, ...step } = options;
  return standaloneJob("spark", options, () => {
    const s = sparkStep({ ...(step as SparkStepInlineOptions<I, O>), name: SPARK_JOB_STEP });
    return Object.fromEntries(Object.keys(options.outputs ?? {}).map((n) => [n, (s.outputs as Record<string, DataLink>)[n] as DataLink]));
  });
}

/** The one step of a Spark job: its node key in the plan, runs and records. */
export const SPARK_JOB_STEP = "job";
