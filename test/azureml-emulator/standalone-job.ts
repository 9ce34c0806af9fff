import { type CommandJobProps, commandJobAsPipeline } from "./command-job.ts";
import { type SweepJobProps, sweepJobAsPipeline } from "./sweep-job.ts";

/** The per-type table of standalone jobs the emulator runs as a one-node pipeline. */
const STANDALONE: Record<string, (wsId: string, jobName: string, props: never) => ReturnType<typeof commandJobAsPipeline>> = {
  Sweep: (wsId, jobName, props: SweepJobProps) => sweepJobAsPipeline(wsId, jobName, props) as never,
  Command: (wsId, jobName, props: CommandJobProps) => commandJobAsPipeline(wsId, jobName, props),
};

/** A standalone job as the pipeline the executor runs and the anonymous component it needs; undefined for a Pipeline job. */
export function standaloneAsPipeline(wsId: string, jobName: string, props: { jobType: string }) {
  return STANDALONE[props.jobType]?.(wsId, jobName, props as never);
}
