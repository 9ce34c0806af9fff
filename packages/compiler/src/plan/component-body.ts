import type { ComponentSpec, ParallelParts, SparkParts } from "./execution-plan.ts";
import { parallelSettingsFields, parallelTaskFields } from "./parallel-fields.ts";
import { distributionFields, resourcesFields } from "./job-settings.ts";

/**
 * A command component in Azure's YAML-schema keys, the one mapping both consumers use: the CLI
 * YAML inlines it under a node's `component`, and the Azure deployer sends it as the
 * `componentSpec` of a component version (with code and environment resolved to ARM ids).
 */
export function componentBody(c: ComponentSpec, code: string | undefined, environment: unknown): Record<string, unknown> {
  if (c.spark) return sparkComponentBody(c, c.spark, code, environment);
  if (c.parallel) return parallelComponentBody(c, c.parallel, code, environment);
  return {
    type: "command",
    name: c.name,
    version: c.named ? c.version : undefined,
    display_name: c.displayName,
    description: c.description,
    code,
    environment,
    command: c.command,
    inputs: c.inputs,
    outputs: c.outputs,
    resources: resourcesFields(c.resources),
    distribution: distributionFields(c.distribution, false),
    tags: c.tags,
    is_deterministic: c.isDeterministic,
  };
}

/** A Spark component in YAML-schema keys: its entry, arguments, shipped files and configuration instead of a command. */
function sparkComponentBody(c: ComponentSpec, spark: SparkParts, code: string | undefined, environment: unknown): Record<string, unknown> {
  return {
    type: "spark",
    name: c.name,
    version: c.named ? c.version : undefined,
    display_name: c.displayName,
    description: c.description,
    code,
    environment: environment === "" ? undefined : environment,
    entry: "file" in spark.entry ? { file: spark.entry.file } : { class_name: spark.entry.className },
    args: spark.args,
    py_files: spark.pyFiles,
    jars: spark.jars,
    files: spark.files,
    archives: spark.archives,
    conf: spark.conf,
    inputs: c.inputs,
    outputs: c.outputs,
    tags: c.tags,
    is_deterministic: c.isDeterministic,
  };
}

/** A parallel component in YAML-schema keys: its task (holding the code and environment) and how it splits its data. */
function parallelComponentBody(c: ComponentSpec, parallel: ParallelParts, code: string | undefined, environment: unknown): Record<string, unknown> {
  return {
    type: "parallel",
    name: c.name,
    version: c.named ? c.version : undefined,
    display_name: c.displayName,
    description: c.description,
    inputs: c.inputs,
    outputs: c.outputs,
    ...parallelSettingsFields(parallel, c.resources, false),
    task: parallelTaskFields(parallel, code, environment),
    tags: c.tags,
    is_deterministic: c.isDeterministic,
  };
}
