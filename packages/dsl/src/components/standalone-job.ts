import { type Shape, stringRecord, text } from "../core/option-checks.ts";
import type { DataLink } from "../data/data-link.ts";
import type { StandaloneJobKind } from "../ir/schema.ts";
import { pipeline, type Pipeline } from "../pipeline.ts";

/** What every standalone job ({@link sweepJob}, {@link commandJob}) says of itself, beside its one step's options. */
export interface StandaloneJobOptions {
  /** The job's name: the prefix of the files `sluice compile` writes and the key its runs are recorded under (Azure's job name rule, SL107). */
  name: string;
  /** What the Azure ML studio shows for the job, any text. Default: the name. */
  displayName?: string;
  /** Azure ML experiment the job is grouped under. Default: the name. */
  experiment?: string;
  /** Shown in the studio beside the job. */
  description?: string;
  /** The cluster it runs on (an AmlCompute cluster's name); without one, Azure's serverless compute. */
  compute?: string;
  /** Key/value tags on the job. */
  tags?: Readonly<Record<string, string>>;
}

/** The checks of {@link StandaloneJobOptions} beside a step's options (its `name` is the step's). */
export const STANDALONE_JOB_OPTIONS: Shape = {
  displayName: { check: text },
  compute: { check: text },
  experiment: { check: text },
  description: { check: text },
  tags: { check: stringRecord },
};

/**
 * A standalone job as Sluice compiles and runs one: a pipeline holding just its one step (built
 * by `step`), marked as a job of `kind` so emitters send it as that job type.
 */
export function standaloneJob(
  kind: StandaloneJobKind,
  options: StandaloneJobOptions,
  step: () => Record<string, DataLink>,
): Pipeline<Record<string, DataLink>> {
  const { name, displayName, experiment, description, compute, tags } = options;
  const job = pipeline(
    {
      name,
      ...(displayName !== undefined ? { displayName } : {}),
      ...(experiment !== undefined ? { experiment } : {}),
      ...(description !== undefined ? { description } : {}),
      ...(compute !== undefined ? { defaultCompute: compute } : {}),
      ...(tags !== undefined ? { tags } : {}),
    },
    step,
  );
  return job.asJob(kind);
}
