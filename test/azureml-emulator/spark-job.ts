/** A standalone Spark job as submitted (REST camelCase). */
export interface SparkJobProps {
  jobType: "Spark";
  displayName?: string;
  experimentName?: string;
  computeId?: string;
  codeId?: string;
  environmentId?: string;
  entry: { file?: string; className?: string };
  args?: string;
  conf?: Record<string, string>;
  pyFiles?: string[];
  jars?: string[];
  files?: string[];
  archives?: string[];
  inputs?: Record<string, { jobInputType: string; value?: string; uri?: string; mode?: string }>;
  outputs?: Record<string, { jobOutputType: string; mode?: string; uri?: string }>;
  resources?: { instanceType: string; runtimeVersion?: string };
}

/**
 * A standalone Spark job as the pipeline the executor runs: one spark node, `job`, over an
 * anonymous Spark component made from the job's entry, args, files and configuration.
 */
export function sparkJobAsPipeline(wsId: string, jobName: string, props: SparkJobProps) {
  const componentId = `${wsId}/components/azureml_anonymous/versions/${jobName}`;
  const parts = {
    entry: props.entry.file !== undefined ? { file: props.entry.file } : { class_name: props.entry.className },
    args: props.args,
    py_files: props.pyFiles,
    jars: props.jars,
    files: props.files,
    archives: props.archives,
    conf: props.conf,
  };
  const spec = {
    type: "spark",
    name: "azureml_anonymous",
    version: jobName,
    ...(props.codeId !== undefined ? { code: `azureml:${props.codeId}` } : {}),
    ...parts,
    inputs: Object.fromEntries(Object.entries(props.inputs ?? {}).map(([n, i]) => [n, { type: i.jobInputType === "literal" ? "string" : i.jobInputType }])),
    outputs: Object.fromEntries(Object.entries(props.outputs ?? {}).map(([n, o]) => [n, { type: o.jobOutputType }])),
  };
  const node = {
    type: "spark",
    name: "job",
    componentId,
    ...parts,
    ...(props.resources ? { resources: { instance_type: props.resources.instanceType, runtime_version: props.resources.runtimeVersion } } : {}),
    inputs: Object.fromEntries(Object.keys(props.inputs ?? {}).map((n) => [n, { job_input_type: "literal", value: `\${{parent.inputs.${n}}}` }])),
    outputs: Object.fromEntries(Object.keys(props.outputs ?? {}).map((n) => [n, { value: `\${{parent.outputs.${n}}}` }])),
  };
  return {
    props: {
      displayName: props.displayName,
      experimentName: props.experimentName,
      inputs: props.inputs,
      outputs: props.outputs,
      settings: props.computeId === undefined ? {} : { default_compute: props.computeId },
      jobs: { job: node },
    },
    component: { key: `components/azureml_anonymous/versions/${jobName}`, id: componentId, version: jobName, properties: { componentSpec: spec } },
  };
}
