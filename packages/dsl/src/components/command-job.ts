import { enforceOptions } from "../core/builder-context.ts";
import { type Shape, stringRecord, text } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DataLink } from "../data/data-link.ts";
import { pipeline, type Pipeline } from "../pipeline.ts";
import { COMMAND_STEP_OPTIONS, type CommandInputValue, type CommandStepOptions, commandStep } from "./command-step.ts";
import type { OutputSpec } from "./io-specs.ts";

/** What {@link commandJob} takes: a {@link commandStep}'s options, and the job's own. */
export interface CommandJobOptions<I extends Record<string, CommandInputValue>, O extends Record<string, OutputSpec>>
  extends Omit<CommandStepOptions<I, O>, "allowReuse" | "compute"> {
  /** The job's name: its compiled files' and its local runs' (Azure's job name rule, SL107). */
  name: string;
  /** What the Azure ML studio shows for the job, any text. Default: the name. */
  displayName?: string;
  /** Azure's experiment; the name when not given. */
  experiment?: string;
  /** Shown in Azure's UI. */
  description?: string;
  /** The cluster it runs on; without one, Azure runs it on serverless compute. */
  compute?: string;
  /** Tags on the job. */
  tags?: Readonly<Record<string, string>>;
}

const { allowReuse: _, ...STEP } = COMMAND_STEP_OPTIONS;
const JOB_OPTIONS: Shape = {
  ...STEP,
  displayName: { check: text },
  compute: { check: text },
  experiment: { check: text },
  description: { check: text },
  tags: { check: stringRecord },
};

/** The one step of a command job: its node key in the plan, runs and records. */
export const COMMAND_JOB_STEP = "job";

/**
 * A standalone command job (Azure's `jobType: Command`, `az ml job create -f job.yml` with
 * `type: command`): one command with its code, environment, inputs and outputs, submitted on its
 * own rather than as a pipeline step. Export it like a pipeline: `sluice run` runs it here,
 * `sluice compile` writes the Command job's REST body and CLI YAML. Its outputs are the job's.
 *
 * @example
 * ```ts
 * export default commandJob({
 *   name: "lightgbm-iris-example",
 *   compute: "cpu-cluster",
 *   code: "./src",
 *   environment: environment("azureml:AzureML-lightgbm-3.3@latest"),
 *   inputs: { iris_csv: dataFile("https://azuremlexamples.blob.core.windows.net/datasets/iris.csv") },
 *   command: ({ inputs }) => cmd`python main.py --iris-csv ${inputs.iris_csv}`,
 * });
 * ```
 */
export function commandJob<
  I extends Record<string, CommandInputValue> = Record<never, CommandInputValue>,
  O extends Record<string, OutputSpec> = Record<never, OutputSpec>,
>(options: CommandJobOptions<I, O>): Pipeline<Record<string, DataLink>> {
  // Outside any pipeline, refused options throw here, all of them at once, located at the call.
  enforceOptions("commandJob", options, JOB_OPTIONS, captureLocation());
  const { name, displayName, experiment, description, compute, tags, ...step } = options;
  const built = pipeline(
    {
      name,
      ...(displayName !== undefined ? { displayName } : {}),
      ...(experiment !== undefined ? { experiment } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(compute !== undefined ? { defaultCompute: compute } : {}),
      ...(tags !== undefined ? { tags } : {}),
    },
    () => {
      const s = commandStep({ ...(step as CommandStepOptions<I, O>), name: COMMAND_JOB_STEP });
      return Object.fromEntries(Object.keys(options.outputs ?? {}).map((n) => [n, (s.outputs as Record<string, DataLink>)[n] as DataLink]));
    },
  );
  return built.asJob("command");
}
