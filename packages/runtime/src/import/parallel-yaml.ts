import type { ComponentIR, EnvironmentIR, ParallelComponentIR, ParallelSettingsIR, SourceLocation } from "@sluice/dsl/ir";
import { PARALLEL_LOGGING_LEVELS } from "@sluice/dsl/ir";
import { asMap, type Json, unknownKeys } from "./import-component.ts";
import type { YamlSource } from "./yaml-source.ts";

// A parallel component YAML (`type: parallel`), as the SDK's ParallelComponentSchema reads it:
// the interface every component has, its task (entry script, code, environment, arguments,
// `append_row_to`) and how its data is split and failures tolerated.

const KEYS = [
  ...["$schema", "type", "name", "display_name", "version", "description", "inputs", "outputs", "is_deterministic", "tags"],
  ...["task", "input_data", "mini_batch_size", "partition_keys", "retry_settings", "logging_level", "error_threshold"],
  ...["mini_batch_error_threshold", "max_concurrency_per_instance", "resources", "environment_variables"],
];
const TASK_KEYS = ["type", "code", "entry_script", "environment", "program_arguments", "append_row_to"];
const SIZE = /^(\d+)\s*(kb|mb|gb)$/i;

/** `${{inputs.x}}` / `${{outputs.x}}` → x, or a located refusal naming what it must be. */
function portOf(src: YamlSource, path: string[], value: unknown, scope: "inputs" | "outputs", declared: Record<string, unknown>): string {
  const name = new RegExp(`^\\$\\{\\{\\s*${scope}\\.([A-Za-z0-9_]+)\\s*\\}\\}$`).exec(String(value ?? ""))?.[1];
  if (name === undefined || !(name in declared))
    throw src.error(
      path,
      `must name one of the component's ${scope} as \${{${scope}.<name>}}`,
      `declared ${scope}: ${Object.keys(declared).join(", ") || "none"}`,
    );
  return name;
}

/** The mini-batch size as the SDK sends it: a count of files, or bytes of a table (`10kb` → 10240). */
function miniBatchSize(src: YamlSource, value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const m = SIZE.exec(text);
  if (!m) throw src.error(["mini_batch_size"], `mini_batch_size '${text}' is neither a number of files nor a size like 10kb`);
  return Number(m[1]) * 1024 ** (["kb", "mb", "gb"].indexOf(String(m[2]).toLowerCase()) + 1);
}

function settingsOf(src: YamlSource, spec: Json, inputs: Record<string, unknown>): ParallelSettingsIR {
  const s: ParallelSettingsIR = { inputData: portOf(src, ["input_data"], spec.input_data, "inputs", inputs) };
  if (spec.mini_batch_size !== undefined) s.miniBatchSize = miniBatchSize(src, spec.mini_batch_size);
  if (spec.partition_keys !== undefined) {
    if (!Array.isArray(spec.partition_keys)) throw src.error(["partition_keys"], "partition_keys must be a list of column names");
    s.partitionKeys = spec.partition_keys.map(String);
  }
  if (spec.retry_settings !== undefined) {
    const r = asMap(spec.retry_settings);
    unknownKeys(src, ["retry_settings"], r, ["max_retries", "timeout"]);
    s.retry = {
      ...(r.max_retries !== undefined ? { maxRetries: Number(r.max_retries) } : {}),
      ...(r.timeout !== undefined ? { timeoutSeconds: Number(r.timeout) } : {}),
    };
  }
  if (spec.logging_level !== undefined) {
    if (!(PARALLEL_LOGGING_LEVELS as readonly string[]).includes(String(spec.logging_level)))
      throw src.error(
        ["logging_level"],
        `logging_level '${String(spec.logging_level)}' is not one Azure ML has`,
        `use one of: ${PARALLEL_LOGGING_LEVELS.join(", ")}`,
      );
    s.loggingLevel = spec.logging_level as ParallelSettingsIR["loggingLevel"];
  }
  for (const [key, field] of [
    ["error_threshold", "errorThreshold"],
    ["mini_batch_error_threshold", "miniBatchErrorThreshold"],
    ["max_concurrency_per_instance", "maxConcurrencyPerInstance"],
  ] as const)
    if (spec[key] !== undefined) s[field] = Number(spec[key]);
  return s;
}

/** A parallel component YAML as IR; its task's code and conda file stay relative to the YAML file. */
export function readParallelYaml(
  src: YamlSource,
  spec: Json,
  base: Omit<ComponentIR, "command" | "environment">,
  environmentOf: (value: unknown, at: SourceLocation) => EnvironmentIR,
): ParallelComponentIR {
  // What a command component says at the top, a parallel one says in its task.
  for (const key of ["command", "code", "environment"])
    if (spec[key] !== undefined)
      throw src.error(
        [key],
        `a parallel component says its ${key} in its task, not at the top`,
        `move it under task: (${key === "command" ? "entry_script and program_arguments" : key})`,
        "key",
      );
  unknownKeys(src, [], spec, KEYS);
  const task = asMap(spec.task);
  unknownKeys(src, ["task"], task, TASK_KEYS);
  if (task.type !== undefined && task.type !== "run_function")
    throw src.error(["task", "type"], `task type '${String(task.type)}' is not one Azure ML parallel jobs run`, "use run_function");
  if (typeof task.entry_script !== "string") throw src.error(["task"], "a parallel task needs an entry_script", "give entry_script: score.py");
  if (task.environment === undefined) throw src.error(["task"], "a parallel task needs an environment");
  const { code: _code, ...rest } = base;
  const ir: ParallelComponentIR = {
    ...rest,
    type: "parallel",
    task: { entryScript: task.entry_script, environment: environmentOf(task.environment, base.definedAt) },
    parallel: settingsOf(src, spec, base.inputs),
  };
  if (typeof task.code === "string") ir.task.code = task.code;
  if (task.program_arguments !== undefined) ir.task.programArguments = String(task.program_arguments);
  if (task.append_row_to !== undefined) ir.task.appendRowTo = portOf(src, ["task", "append_row_to"], task.append_row_to, "outputs", base.outputs);
  if (spec.environment_variables !== undefined)
    ir.environmentVariables = Object.fromEntries(Object.entries(asMap(spec.environment_variables)).map(([k, v]) => [k, String(v)]));
  if (spec.resources !== undefined) {
    const r = asMap(spec.resources);
    unknownKeys(src, ["resources"], r, ["instance_count", "instance_type", "shm_size"]);
    ir.resources = {
      ...(r.instance_count !== undefined ? { instanceCount: Number(r.instance_count) } : {}),
      ...(typeof r.instance_type === "string" ? { instanceType: r.instance_type } : {}),
    };
  }
  return ir;
}
