import { enforceOptions } from "../core/builder-context.ts";
import type { Shape } from "../core/option-checks.ts";
import { captureLocation } from "../core/source-location.ts";
import type { DataLink } from "../data/data-link.ts";
import type { AutoMLTask } from "../ir/schema.ts";
import type { Pipeline } from "../pipeline.ts";
import { STANDALONE_JOB_OPTIONS, standaloneJob, type StandaloneJobOptions } from "../components/standalone-job.ts";
import { AUTOML_STEP_OPTIONS, type AutoMLStepOptions, autoMLStep } from "./automl-step.ts";

/** What {@link automlJob} takes: an {@link autoMLStep}'s options, and the job's own. */
export interface AutoMLJobOptions<T extends AutoMLTask>
  extends Omit<AutoMLStepOptions<T>, "allowReuse" | "compute" | "name" | "displayName">,
    StandaloneJobOptions {}

const { allowReuse: _, ...STEP } = AUTOML_STEP_OPTIONS;
const JOB_OPTIONS: Shape = { ...STEP, ...STANDALONE_JOB_OPTIONS };

/** The one step of an AutoML job: its node key in the plan, runs and records. */
export const AUTOML_JOB_STEP = "job";

/**
 * A standalone AutoML job (Azure's `jobType: AutoML`, `az ml job create -f job.yml` with
 * `type: automl`): one AutoML run over a table, submitted on its own rather than as a pipeline
 * step. Export it like a pipeline: `sluice run` runs classification and regression here with the
 * local engine, `sluice compile` writes the AutoML job's REST body and CLI YAML. Its output is the
 * best model, a job output when `outputs: { bestModel: {} }` declares it.
 *
 * @example
 * ```ts
 * export default automlJob({
 *   name: "bankmarketing",
 *   compute: "cpu-cluster",
 *   task: "classification",
 *   trainingData: dataTable("./training-mltable-folder"),
 *   labelColumn: "y",
 *   primaryMetric: "accuracy",
 *   limits: { maxTrials: 40, timeoutMinutes: 180 },
 * });
 * ```
 */
export function automlJob<const T extends AutoMLTask>(options: AutoMLJobOptions<T>): Pipeline<Record<string, DataLink>> {
  // Outside any pipeline, refused options throw here, all of them at once, located at the call.
  enforceOptions("automlJob", options, JOB_OPTIONS, captureLocation());
  const { name: _n, displayName: _d, experiment: _e, description: _t, compute: _c, tags: _g, ...step } = options;
  return standaloneJob("automl", options, (): Record<string, DataLink> => {
    const s = autoMLStep({ ...(step as AutoMLStepOptions<T>), name: AUTOML_JOB_STEP });
    return options.outputs?.bestModel ? { best_model: s.outputs.bestModel } : {};
  });
}
