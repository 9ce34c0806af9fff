import type { ComponentOutputSpec, ComponentSpec, ParallelParts, SparkParts } from "./execution-plan.ts";
import { parallelSettingsFields, parallelTaskFields } from "./parallel-fields.ts";
import { distributionFields, resourcesFields } from "./job-settings.ts";

/** What every component states of itself first, whatever its type: its type, name, version and texts. */
function componentHeader(c: ComponentSpec, type: string): Record<string, unknown> {
  return { type, name: c.name, version: c.named ? c.version : undefined, display_name: c.displayName, description: c.description };
}

/** A component's outputs in Azure's keys (`isControl` is `is_control`). */
export function outputsBody(outputs: Record<string, ComponentOutputSpec>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([n, { isControl, ...o }]) => [n, isControl === undefined ? o : { ...o, is_control: isControl }]));
}

/** What every component states last: its tags and whether Azure may reuse a run. */
const componentTail = (c: ComponentSpec) => ({ tags: c.tags, is_deterministic: c.isDeterministic });

/**
 * A component in Azure's YAML-schema keys, the one mapping both consumers use: the CLI YAML
 * inlines it under a node's `component`, and the Azure deployer sends it as the `componentSpec`
 * of a component version (with code and environment resolved to ARM ids). A command runs its
 * command; a Spark component its entry; a parallel component its task.
 */
export function componentBody(c: ComponentSpec, code: string | undefined, environment: unknown): Record<string, unknown> {
  if (c.spark) return sparkComponentBody(c, c.spark, code, environment);
  if (c.parallel)
    return {
      ...componentHeader(c, "parallel"),
      inputs: c.inputs,
      outputs: outputsBody(c.outputs),
      ...parallelFields(c, c.parallel, code, environment),
      ...componentTail(c),
    };
  return {
    ...componentHeader(c, "command"),
    code,
    environment,
    command: c.command,
    inputs: c.inputs,
    outputs: outputsBody(c.outputs),
    resources: resourcesFields(c.resources),
    distribution: distributionFields(c.distribution, false),
    ...componentTail(c),
  };
}

/** A Spark component: its entry, arguments, shipped files and configuration instead of a command; its environment optional. */
function sparkComponentBody(c: ComponentSpec, spark: SparkParts, code: string | undefined, environment: unknown): Record<string, unknown> {
  return {
    ...componentHeader(c, "spark"),
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
    outputs: outputsBody(c.outputs),
    ...componentTail(c),
  };
}

/** A parallel component: its task (holding the code and environment) and how it splits its data. */
function parallelFields(c: ComponentSpec, parallel: ParallelParts, code: string | undefined, environment: unknown): Record<string, unknown> {
  return { ...parallelSettingsFields(parallel, c.resources, false), task: parallelTaskFields(parallel, code, environment) };
}
