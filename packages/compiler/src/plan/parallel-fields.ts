import type { ParallelNode, ParallelParts } from "./execution-plan.ts";
import { resourcesFields } from "./job-settings.ts";
import type { ResourcesIR } from "@sluice/dsl/ir";

/** A list as Python's `json.dumps` writes it (`["Store", "Brand"]`): how the SDK sends a node's partition keys. */
const pythonJsonList = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

/**
 * A parallel job's settings in the YAML's and the SDK's snake_case. `node` is the job node's form:
 * the mini-batch size as a number and the partition keys as JSON text, as the SDK sends them; a
 * component states the size as text and the keys as a list.
 */
export function parallelSettingsFields(p: ParallelParts, resources: ResourcesIR | undefined, node: boolean): Record<string, unknown> {
  const s = p.settings;
  const retry = s.retry && { max_retries: s.retry.maxRetries, timeout: s.retry.timeoutSeconds };
  return {
    input_data: `\${{inputs.${s.inputData}}}`,
    mini_batch_size: s.miniBatchSize === undefined ? undefined : node ? s.miniBatchSize : String(s.miniBatchSize),
    partition_keys: s.partitionKeys === undefined ? undefined : node ? pythonJsonList(s.partitionKeys) : s.partitionKeys,
    retry_settings: retry,
    logging_level: s.loggingLevel,
    error_threshold: s.errorThreshold,
    mini_batch_error_threshold: s.miniBatchErrorThreshold,
    max_concurrency_per_instance: s.maxConcurrencyPerInstance,
    resources: resourcesFields(resources),
  };
}

/** The task (a `run_function` entry script) with its code and environment as the caller names them. */
export function parallelTaskFields(p: ParallelParts, code: unknown, environment: unknown): Record<string, unknown> {
  return {
    type: "run_function",
    code,
    entry_script: p.task.entryScript,
    environment,
    program_arguments: p.task.programArguments,
    append_row_to: p.task.appendRowTo === undefined ? undefined : `\${{outputs.${p.task.appendRowTo}}}`,
  };
}

/** What the SDK's parallel node repeats of a parallel component it runs (the rest stays the component's). */
const REPEATED = ["input_data", "mini_batch_size", "partition_keys", "max_concurrency_per_instance", "mini_batch_error_threshold", "resources"];

/**
 * The fields a parallel node adds to a job body, its task's code and environment by placeholder:
 * every setting when written at the node, else those the SDK copies from the component. In CLI
 * YAML (`yaml`) a node spells its mini-batch size as text and its partition keys as a list, as a
 * component does (the SDK's node schema refuses the REST body's number and JSON text).
 */
export function parallelNodeFields(node: ParallelNode, code: unknown, environment: unknown, yaml = false): Record<string, unknown> {
  const settings = parallelSettingsFields(node.parallel, node.resources, !yaml);
  const task = parallelTaskFields(node.parallel, code, environment);
  if (!node.atNode) return { ...Object.fromEntries(Object.entries(settings).filter(([k]) => REPEATED.includes(k))), task };
  return { ...settings, environment_variables: node.parallel.environmentVariables, task };
}
