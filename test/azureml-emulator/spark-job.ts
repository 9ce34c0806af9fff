import { oneNodePipeline } from "./one-node-job.ts";

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
  const parts = {
    entry: props.entry.file !== undefined ? { file: props.entry.file } : { class_name: props.entry.className },
    args: props.args,
    py_files: props.pyFiles,
    jars: props.jars,
    files: props.files,
    archives: props.archives,
    conf: props.conf,
  };
  const resources = props.resources ? { resources: { instance_type: props.resources.instanceType, runtime_version: props.resources.runtimeVersion } } : {};
  return oneNodePipeline(wsId, jobName, props, "spark", parts, { ...parts, ...resources });
}
