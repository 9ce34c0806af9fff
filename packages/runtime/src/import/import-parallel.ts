import { dirname, resolve } from "node:path";
import {
  asMap,
  checkCommandRefs,
  commandCode,
  environmentCode,
  type ImportedComponent,
  type Json,
  objectLiteral,
  pathFrom,
  unknownKeys,
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

/**
 * A parallel job written on the node (`task:` under `jobs.<name>`, as all the official examples
 * write one) becomes `parallelStep({...})`: its inputs typed by their values, its outputs declared
 * from `outputs:`, the task's entry script, code, environment and arguments, and its settings.
 */
export function inlineParallel(ctx: ImportContext, scope: JobScope, job: string, j: Json): { component: ImportedComponent; lines: string[] } {
  const src = scope.src;
  const path = jobPath(scope, job);
  const task = asMap(j.task);
  unknownKeys(src, [...path, "task"], task, TASK_KEYS);
  if (task.type !== undefined && task.type !== "run_function")
    throw src.error([...path, "task", "type"], `task type '${String(task.type)}' is not one Azure ML parallel jobs run`, "use run_function");
  if (typeof task.entry_script !== "string") throw src.error([...path, "task"], "a parallel task needs an entry_script", "give entry_script: score.py");
  if (task.environment === undefined)
    throw src.error([...path, "task"], "a parallel task needs an environment", "give environment: azureml:<name>:<version>, or an image");
  ctx.used.add("parallelStep");
  const outputs = inlineOutputs(scope, path, j);
  const inputData = INPUT_REF.exec(String(j.input_data ?? ""))?.[1];
  if (inputData === undefined || !(inputData in asMap(j.inputs)))
    throw src.error(
      [...path, "input_data"],
      "input_data must name one of the job's inputs as ${{inputs.<name>}}",
      "write input_data: ${{inputs.<data input>}}",
    );
  const lines: string[] = [];
  if (j.description !== undefined) lines.push(`// ${String(j.description).split("\n").join(" ")}`);
  lines.push(...outputLines(ctx, outputs));
  lines.push(`inputData: ${JSON.stringify(inputData)},`);
  const baseDir = dirname(src.file);
  if (typeof task.code === "string") lines.push(`code: ${JSON.stringify(pathFrom(ctx.outDir, resolve(baseDir, task.code)))},`);
  lines.push(`entryScript: ${JSON.stringify(task.entry_script)},`);
  ctx.used.add("environment");
  lines.push(`environment: ${environmentCode(src, [...path, "task", "environment"], task.environment, baseDir, ctx.outDir)},`);
  if (task.program_arguments !== undefined) {
    const args = commandCode(String(task.program_arguments));
    checkCommandRefs(src, [...path, "task"], args.refs, { inputs: asMap(j.inputs), outputs }, "job", "program_arguments");
    ctx.used.add("cmd");
    lines.push(`programArguments: (${args.uses.length ? `{ ${args.uses.join(", ")} }` : ""}) => ${args.code},`);
  }
  if (task.append_row_to !== undefined) {
    const to = OUTPUT_REF.exec(String(task.append_row_to))?.[1];
    if (to === undefined || !(to in outputs))
      throw src.error(
        [...path, "task", "append_row_to"],
        "append_row_to must name one of the job's outputs as ${{outputs.<name>}}",
        "declare the output under outputs:",
      );
    lines.push(`appendRowTo: ${JSON.stringify(to)},`);
  }
  lines.push(...settingLines(src, path, j));
  return { component: { ident: "parallelStep", code: "", inputs: {}, outputs }, lines };
}
