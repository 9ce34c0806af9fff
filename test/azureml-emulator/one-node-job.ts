/** What a standalone job and its one node share, whatever its type. */
export interface StandaloneProps {
  displayName?: string;
  experimentName?: string;
  computeId?: string;
  codeId?: string;
  inputs?: Record<string, { jobInputType: string; value?: string; uri?: string; mode?: string }>;
  outputs?: Record<string, { jobOutputType: string; mode?: string; uri?: string }>;
}

/**
 * A standalone job as the one-node pipeline the executor runs: the node `job` runs an anonymous
 * component of `type` made from `parts` (what the job runs), its inputs and outputs bound to the
 * job's. A literal input is typed as the string Azure passes.
 */
export function oneNodePipeline(
  wsId: string,
  jobName: string,
  props: StandaloneProps,
  type: string,
  parts: Record<string, unknown>,
  nodeExtra: Record<string, unknown> = {},
) {
  const componentId = `${wsId}/components/azureml_anonymous/versions/${jobName}`;
  const spec = {
    type,
    name: "azureml_anonymous",
    version: jobName,
    ...(props.codeId !== undefined ? { code: `azureml:${props.codeId}` } : {}),
    ...parts,
    inputs: Object.fromEntries(Object.entries(props.inputs ?? {}).map(([n, i]) => [n, { type: i.jobInputType === "literal" ? "string" : i.jobInputType }])),
    outputs: Object.fromEntries(Object.entries(props.outputs ?? {}).map(([n, o]) => [n, { type: o.jobOutputType }])),
  };
  const node = {
    type,
    name: "job",
    componentId,
    inputs: Object.fromEntries(Object.keys(props.inputs ?? {}).map((n) => [n, { job_input_type: "literal", value: `\${{parent.inputs.${n}}}` }])),
    outputs: Object.fromEntries(Object.keys(props.outputs ?? {}).map((n) => [n, { value: `\${{parent.outputs.${n}}}` }])),
    ...nodeExtra,
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
