import { oneNodePipeline } from "./one-node-job.ts";

/** A standalone Command job as submitted (REST camelCase). */
export interface CommandJobProps {
  jobType: "Command";
  displayName?: string;
  experimentName?: string;
  computeId?: string;
  codeId?: string;
  command: string;
  environmentId: string;
  environmentVariables?: Record<string, string>;
  inputs?: Record<string, { jobInputType: string; value?: string; uri?: string; mode?: string }>;
  outputs?: Record<string, { jobOutputType: string; mode?: string; uri?: string }>;
  resources?: Record<string, unknown>;
  distribution?: Record<string, unknown>;
  limits?: { timeout?: string };
}

/**
 * A standalone Command job as the pipeline the executor runs: one command node, `job`, over an
 * anonymous component made from the job's command, code and environment (Azure makes one too).
 * The job's inputs and outputs are the node's; a literal input is typed as the string Azure passes.
 */
export function commandJobAsPipeline(wsId: string, jobName: string, props: CommandJobProps) {
  const environment = props.environmentId.startsWith("azureml:") ? props.environmentId : `azureml:${props.environmentId}`;
  const variables = Object.keys(props.environmentVariables ?? {}).length > 0 ? { environment_variables: props.environmentVariables } : {};
  return oneNodePipeline(wsId, jobName, props, "command", { command: props.command, environment }, variables);
}
