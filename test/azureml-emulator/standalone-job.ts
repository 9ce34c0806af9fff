import { type AutoMLJobProps, automlJobAsPipeline } from "./automl-job.ts";
import { type CommandJobProps, commandJobAsPipeline } from "./command-job.ts";
import { type SparkJobProps, sparkJobAsPipeline } from "./spark-job.ts";
import { type SweepJobProps, sweepJobAsPipeline } from "./sweep-job.ts";

/** A standalone job as a one-node pipeline, and the anonymous component its node runs (an AutoML job has none). */
type AsPipeline = {
  props: ReturnType<typeof commandJobAsPipeline>["props"] | ReturnType<typeof automlJobAsPipeline>["props"];
  component?: ReturnType<typeof commandJobAsPipeline>["component"];
};

/** The per-type table of standalone jobs the emulator runs as a one-node pipeline. */
const STANDALONE: Record<string, (wsId: string, jobName: string, props: never) => AsPipeline> = {
  AutoML: (wsId, jobName, props: AutoMLJobProps) => automlJobAsPipeline(wsId, jobName, props),
  Sweep: (wsId, jobName, props: SweepJobProps) => sweepJobAsPipeline(wsId, jobName, props) as never,
  Command: (wsId, jobName, props: CommandJobProps) => commandJobAsPipeline(wsId, jobName, props),
  Spark: (wsId, jobName, props: SparkJobProps) => sparkJobAsPipeline(wsId, jobName, props) as never,
};

/** A standalone job as the pipeline the executor runs and the anonymous component it needs; undefined for a Pipeline job. */
export function standaloneAsPipeline(wsId: string, jobName: string, props: { jobType: string }) {
  return STANDALONE[props.jobType]?.(wsId, jobName, props as never);
}
