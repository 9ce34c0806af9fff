import { enforceOptions } from "../core/builder-context.ts";
import type { Shape } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DataLink } from "../data/data-link.ts";
import type { Pipeline } from "../pipeline.ts";
import { STANDALONE_JOB_OPTIONS, standaloneJob, type StandaloneJobOptions } from "./standalone-job.ts";
import { COMMAND_STEP_OPTIONS, type CommandInputValue, type CommandStepOptions, commandStep } from "./command-step.ts";
import type { OutputSpec } from "./io-specs.ts";

/** What {@link commandJob} takes: a {@link commandStep}'s options, and the job's own. */
export interface CommandJobOptions<I extends Record<string, CommandInputValue>, O extends Record<string, OutputSpec>>
  extends Omit<CommandStepOptions<I, O>, "allowReuse" | "compute" | "name" | "displayName">,
    StandaloneJobOptions {}

const { allowReuse: _, ...STEP } = COMMAND_STEP_OPTIONS;
const JOB_OPTIONS: Shape = { ...STEP, ...STANDALONE_JOB_OPTIONS };

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
  const { name: _n, displayName: _d, experiment: _e, description: _t, compute: _c, tags: _g, ...step } = options;
  return standaloneJob("command", options, () => {
    const s = commandStep({ ...(step as CommandStepOptions<I, O>), name: COMMAND_JOB_STEP });
    return Object.fromEntries(Object.keys(options.outputs ?? {}).map((n) => [n, (s.outputs as Record<string, DataLink>)[n] as DataLink]));
  });
}
