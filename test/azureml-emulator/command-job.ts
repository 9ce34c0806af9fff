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
  const componentId = `${wsId}/components/azureml_anonymous/versions/${jobName}`;
  const spec = {
    type: "command",
    name: "azureml_anonymous",
    version: jobName,
    ...(props.codeId !== undefined ? { code: `azureml:${props.codeId}` } : {}),
    command: props.command,
    environment: props.environmentId.startsWith("azureml:") ? props.environmentId : `azureml:${props.environmentId}`,
    inputs: Object.fromEntries(Object.entries(props.inputs ?? {}).map(([n, i]) => [n, { type: i.jobInputType === "literal" ? "string" : i.jobInputType }])),
    outputs: Object.fromEntries(Object.entries(props.outputs ?? {}).map(([n, o]) => [n, { type: o.jobOutputType }])),
  };
  const node = {
    type: "command",
    name: "job",
    componentId,
    inputs: Object.fromEntries(Object.keys(props.inputs ?? {}).map((n) => [n, { job_input_type: "literal", value: `\${{parent.inputs.${n}}}` }])),
    outputs: Object.fromEntries(Object.keys(props.outputs ?? {}).map((n) => [n, { value: `\${{parent.outputs.${n}}}` }])),
    ...(Object.keys(props.environmentVariables ?? {}).length > 0 ? { environment_variables: props.environmentVariables } : {}),
  };
  return {
    props: {
      displayName: props.displayName,
      experimentName: props.experimentName,
      inputs: props.inputs,
      outputs: props.outputs,
      // Without a compute Azure runs the job on serverless compute; the emulator runs it here either way.
      settings: props.computeId === undefined ? {} : { default_compute: props.computeId },
      jobs: { job: node },
    },
    component: { key: `components/azureml_anonymous/versions/${jobName}`, id: componentId, version: jobName, properties: { componentSpec: spec } },
  };
}
