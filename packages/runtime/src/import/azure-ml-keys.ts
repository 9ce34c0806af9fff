import { closestName } from "../config/closest-name.ts";
import type { YamlSource } from "./yaml-source.ts";

/**
 * Keys the official CLI v2 schemas (jobs, pipeline nodes, components, environments, data, sweeps)
 * give some object. A key here that the importer does not read is a real Azure ML setting it
 * cannot carry over yet; any other key is a mistake, most often a typo. Telling them apart keeps
 * the importer from calling `componnt:` "not supported" and advising to remove it.
 */
export const AZURE_ML_KEYS: ReadonlySet<string> = new Set([
  ...["$schema", "type", "name", "version", "display_name", "description", "tags", "properties", "experiment_name", "services"],
  ...["compute", "identity", "inputs", "outputs", "jobs", "settings", "code", "command", "environment", "environment_variables"],
  ...["distribution", "resources", "limits", "queue_settings", "component", "trial", "is_deterministic", "additional_includes"],
  ...["search_space", "sampling_algorithm", "objective", "early_termination", "task", "mini_batch_size", "input_data"],
  ...["max_concurrency_per_instance", "error_threshold", "mini_batch_error_threshold", "logging_level", "retry_settings"],
  ...["default_compute", "default_datastore", "continue_on_step_failure", "force_rerun", "on_init", "on_finalize"],
  ...["path", "mode", "default", "optional", "min", "max", "enum", "datastore"],
  ...["image", "conda_file", "build", "dockerfile_path", "os_type", "inference_config"],
  ...["instance_count", "instance_type", "shm_size", "docker_args", "locations"],
  ...["process_count_per_instance", "worker_count", "parameter_server_count"],
  ...["timeout", "max_total_trials", "max_concurrent_trials", "trial_timeout"],
  ...["seed", "rule", "logbase", "goal", "primary_metric"],
  ...["evaluation_interval", "delay_evaluation", "slack_factor", "slack_amount", "truncation_percentage"],
]);

/** The hint for anything Azure ML has that the importer cannot express yet. */
export const UNSUPPORTED = "Sluice cannot carry it over, so the imported pipeline would lose it: write this part of the pipeline in the DSL by hand";

/**
 * Keys whose value is text wherever Azure ML's schemas have them (the SDK's string fields, which
 * refuse a list, a mapping, a number and an empty value alike). Checked where the keys are read,
 * so `compute: [a]` is refused at its line instead of being quietly turned into "a".
 */
const TEXT_KEYS: ReadonlySet<string> = new Set([
  "display_name",
  "description",
  "experiment_name",
  "compute",
  "type",
  "mode",
  "command",
  "code",
  "name",
  "path",
  "datastore",
]);

/**
 * Keys whose value is a mapping wherever Azure ML's schemas have them. A scalar or a list there
 * would otherwise read as an empty mapping (`jobs: x` as a pipeline without jobs); an empty
 * value is taken as an empty mapping, as YAML authors leave `outputs:` empty. (`resources`,
 * `distribution`, `services` and Spark's `conf` have their own refusals naming what they hold; a
 * `search_space` is a mapping in a sweep and a list in AutoML.)
 */
const MAP_KEYS: ReadonlySet<string> = new Set([
  ...["jobs", "inputs", "outputs", "settings", "limits", "environment_variables", "retry_settings"],
  ...["featurization", "training", "forecasting", "objective", "early_termination", "queue_settings"],
  ...["properties", "transformer_params", "parameters", "stack_ensemble_settings", "training_parameters", "nlp", "identity"],
]);

/** What a YAML value is, in the words a refusal uses. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `the ${typeof value} ${typeof value === "string" ? JSON.stringify(value) : String(value)}`;
}

/**
 * Refuses a known text key of `names` whose value is not a string, and `tags` that are not a
 * mapping of strings, at the value's position. Called before a value is dispatched on
 * (`type`) or read aside from {@link unknownKeys} (a standalone job's compute), so no list is
 * ever read as its first item's text.
 */
export function checkValues(src: YamlSource, path: string[], value: Record<string, unknown>, names: readonly string[]): void {
  for (const [key, v] of Object.entries(value)) {
    if (!names.includes(key)) continue;
    if (TEXT_KEYS.has(key) && typeof v !== "string")
      throw src.error([...path, key], `must be a string, not ${kindOf(v)}`, v === null ? `give ${key} a value, or leave the key out` : undefined);
    if (MAP_KEYS.has(key) && v !== null && (typeof v !== "object" || Array.isArray(v)))
      throw src.error([...path, key], `must be a mapping, not ${kindOf(v)}`, "write each entry on its own line under it");
    if (key !== "tags") continue;
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw src.error([...path, key], `must be a mapping of names to strings, not ${kindOf(v)}`);
    for (const [tag, text] of Object.entries(v))
      if (typeof text !== "string")
        throw src.error(
          [...path, key, tag],
          `a tag must be a string, not ${kindOf(text)}`,
          typeof text === "number" || typeof text === "boolean" ? `quote it: ${tag}: "${text}"` : undefined,
        );
  }
}

/**
 * Refuses any key of `value` the importer does not read, at that key's position: a key Azure ML
 * has (`schema`) as "not supported yet", any other as an unknown key with the closest key the
 * importer reads there. Pass `schema` when the object's complete key set is known (a distribution's).
 * The keys it reads are checked too: text keys must be strings and tags a mapping of strings.
 */
export function unknownKeys(
  src: YamlSource,
  path: string[],
  value: Record<string, unknown>,
  known: ReadonlySet<string> | readonly string[],
  schema: ReadonlySet<string> = AZURE_ML_KEYS,
): void {
  const names = [...known];
  for (const key of Object.keys(value)) {
    if (names.includes(key)) continue;
    if (schema.has(key)) throw src.error([...path, key], `'${key}' is not supported by sluice import yet`, UNSUPPORTED, "key");
    const guess = closestName(key, names);
    throw src.error(
      [...path, key],
      `unknown key '${key}'${guess ? ` (did you mean '${guess}'?)` : ""}`,
      guess ? undefined : `the keys sluice import reads here: ${names.join(", ")}`,
      "key",
    );
  }
  checkValues(src, path, value, names);
}
