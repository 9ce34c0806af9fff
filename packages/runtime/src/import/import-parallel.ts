import { dirname, resolve } from "node:path";
import {
  asMap,
  checkCommandRefs,
  commandCode,
  ioSpecs,
  environmentCode,
  type ImportedComponent,
  type Json,
  objectLiteral,
  pathFrom,
  unknownKeys,
  nameLines,
} from "./import-component.ts";
import { inlineOutputs, outputLines } from "./import-node.ts";
import { type ImportContext, jobPath, type JobScope } from "./import-scope.ts";
import type { YamlSource } from "./yaml-source.ts";

/** What a parallel node written with its task may say (the SDK's `ParallelSchema`). */
export const PARALLEL_JOB_KEYS = new Set([
  ...["type", "component", "compute", "inputs", "outputs", "display_name", "description", "input_data", "mini_batch_size", "partition_keys"],
  ...["resources", "max_concurrency_per_instance", "logging_level", "error_threshold", "mini_batch_error_threshold"],
  ...["retry_settings", "environment_variables", "task"],
]);
const TASK_KEYS = ["type", "code", "entry_script", "environment", "program_arguments", "append_row_to"];
const INPUT_REF = /^\$\{\{\s*inputs\.([A-Za-z0-9_]+)\s*\}\}$/;
const OUTPUT_REF = /^\$\{\{\s*outputs\.([A-Za-z0-9_]+)\s*\}\}$/;

/** The DSL options of the node's settings: how it splits its data and tolerates failures. */
function settingLines(src: YamlSource, at: string[], j: Json): string[] {
  const lines: string[] = [];
  if (j.mini_batch_size !== undefined) {
    const size = j.mini_batch_size;
    const text = typeof size === "string" && /^\d+$/.test(size.trim()) ? Number(size) : size;
    if (!(typeof text === "number" || (typeof text === "string" && /^\d+\s*(kb|mb|gb)$/i.test(text))))
      throw src.error([...at, "mini_batch_size"], `mini_batch_size '${String(size)}' is neither a number of files nor a size like 10kb`);
    lines.push(`miniBatchSize: ${JSON.stringify(typeof text === "string" ? text.replace(/\s+/g, "").toLowerCase() : text)},`);
  }
  if (j.partition_keys !== undefined) {
    if (!Array.isArray(j.partition_keys)) throw src.error([...at, "partition_keys"], "partition_keys must be a list of column names");
    lines.push(`partitionKeys: ${JSON.stringify(j.partition_keys)},`);
  }
  if (j.retry_settings !== undefined) {
    const r = asMap(j.retry_settings);
    unknownKeys(src, [...at, "retry_settings"], r, ["max_retries", "timeout"]);
    lines.push(
      `retry: ${objectLiteral({ ...(r.max_retries !== undefined ? { maxRetries: r.max_retries } : {}), ...(r.timeout !== undefined ? { timeoutSeconds: r.timeout } : {}) })},`,
    );
  }
  for (const [key, option] of [
    ["logging_level", "loggingLevel"],
    ["error_threshold", "errorThreshold"],
    ["mini_batch_error_threshold", "miniBatchErrorThreshold"],
    ["max_concurrency_per_instance", "maxConcurrencyPerInstance"],
  ] as const)
    if (j[key] !== undefined) lines.push(`${option}: ${JSON.stringify(j[key])},`);
  return lines;
}

/** The task's options (code, entry script, environment, arguments, `append_row_to`) and the settings, of a node or a component at `path`. */
function taskLines(
  outDir: string,
  used: Set<string>,
  src: YamlSource,
  path: string[],
  j: Json,
  io: { inputs: Record<string, unknown>; outputs: Record<string, unknown> },
): string[] {
  const task = asMap(j.task);
  unknownKeys(src, [...path, "task"], task, TASK_KEYS);
  if (task.type !== undefined && task.type !== "run_function")
    throw src.error([...path, "task", "type"], `task type '${String(task.type)}' is not one Azure ML parallel jobs run`, "use run_function");
  if (typeof task.entry_script !== "string") throw src.error([...path, "task"], "a parallel task needs an entry_script", "give entry_script: score.py");
  if (task.environment === undefined)
    throw src.error([...path, "task"], "a parallel task needs an environment", "give environment: azureml:<name>:<version>, or an image");
  const inputData = INPUT_REF.exec(String(j.input_data ?? ""))?.[1];
  if (inputData === undefined || !(inputData in io.inputs))
    throw src.error([...path, "input_data"], "input_data must name one of the inputs as ${{inputs.<name>}}", "write input_data: ${{inputs.<data input>}}");
  const lines = [`inputData: ${JSON.stringify(inputData)},`];
  const baseDir = dirname(src.file);
  if (typeof task.code === "string") lines.push(`code: ${JSON.stringify(pathFrom(outDir, resolve(baseDir, task.code)))},`);
  lines.push(`entryScript: ${JSON.stringify(task.entry_script)},`);
  used.add("environment");
  lines.push(`environment: ${environmentCode(src, [...path, "task", "environment"], task.environment, baseDir, outDir)},`);
  if (task.program_arguments !== undefined) {
    const args = commandCode(String(task.program_arguments));
    checkCommandRefs(src, [...path, "task"], args.refs, io, "job", "program_arguments");
    used.add("cmd");
    lines.push(`programArguments: (${args.uses.length ? `{ ${args.uses.join(", ")} }` : ""}) => ${args.code},`);
  }
  if (task.append_row_to !== undefined) {
    const to = OUTPUT_REF.exec(String(task.append_row_to))?.[1];
    if (to === undefined || !(to in io.outputs))
      throw src.error(
        [...path, "task", "append_row_to"],
        "append_row_to must name one of the outputs as ${{outputs.<name>}}",
        "declare the output under outputs:",
      );
    lines.push(`appendRowTo: ${JSON.stringify(to)},`);
  }
  return [...lines, ...settingLines(src, path, j)];
}

/**
 * A parallel job written on the node (`task:` under `jobs.<name>`, as all the official examples
 * write one) becomes `parallelStep({...})`: its inputs typed by their values, its outputs declared
 * from `outputs:`, the task's entry script, code, environment and arguments, and its settings.
 */
export function inlineParallel(ctx: ImportContext, scope: JobScope, job: string, j: Json): { component: ImportedComponent; lines: string[] } {
  const src = scope.src;
  const path = jobPath(scope, job);
  ctx.used.add("parallelStep");
  const outputs = inlineOutputs(scope, path, j);
  const lines: string[] = [];
  if (j.description !== undefined) lines.push(`// ${String(j.description).split("\n").join(" ")}`);
  lines.push(...outputLines(ctx, outputs));
  lines.push(...taskLines(ctx.outDir, ctx.used, src, path, j, { inputs: asMap(j.inputs), outputs }));
  return { component: { ident: "parallelStep", code: "", inputs: {}, outputs }, lines };
}

/** What a parallel component YAML may say (the SDK's ParallelComponentSchema). */
const PARALLEL_COMPONENT_KEYS = [
  ...["$schema", "type", "name", "display_name", "version", "description", "inputs", "outputs", "is_deterministic", "tags", "task", "input_data"],
  ...["mini_batch_size", "partition_keys", "retry_settings", "logging_level", "error_threshold", "mini_batch_error_threshold"],
  ...["max_concurrency_per_instance", "resources", "environment_variables"],
];

/** `const x = parallelComponent({...})` for a parallel component YAML (`type: parallel`). */
export function importParallelComponent(src: YamlSource, path: string[], ident: string, outDir: string, used: Set<string>): ImportedComponent {
  const spec = asMap(src.value(path));
  unknownKeys(src, path, spec, PARALLEL_COMPONENT_KEYS);
  const lines = [`const ${ident} = parallelComponent({`, ...nameLines(spec, ident)];
  const io = ioSpecs(src, path, spec);
  lines.push(...io.lines, ...taskLines(outDir, used, src, path, spec, io).map((l) => `  ${l}`));
  if (spec.resources !== undefined) {
    const r = asMap(spec.resources);
    unknownKeys(src, [...path, "resources"], r, ["instance_count", "instance_type"]);
    lines.push(
      `  resources: ${objectLiteral({ ...(r.instance_count !== undefined ? { instanceCount: r.instance_count } : {}), ...(r.instance_type !== undefined ? { instanceType: r.instance_type } : {}) })},`,
    );
  }
  if (spec.environment_variables !== undefined) lines.push(`  environmentVariables: ${objectLiteral(asMap(spec.environment_variables))},`);
  if (spec.tags !== undefined) lines.push(`  tags: ${objectLiteral(asMap(spec.tags))},`);
  if (spec.is_deterministic !== undefined) lines.push(`  isDeterministic: ${JSON.stringify(spec.is_deterministic)},`);
  lines.push("});");
  return { ident, code: lines.join("\n"), inputs: io.inputs, outputs: io.outputs };
}

/** What a parallel node says of its task and settings: with a component (file or inline), the component says it. */
export const PARALLEL_NODE_SETTINGS = [
  ...["task", "input_data", "mini_batch_size", "partition_keys", "retry_settings", "logging_level", "error_threshold"],
  ...["mini_batch_error_threshold", "max_concurrency_per_instance", "environment_variables"],
];
