import { checkValues, kindOf } from "./azure-ml-keys.ts";
import {
  type AutoMLTask,
  AutoMLTaskSchema,
  algorithmsFor,
  BLOCKABLE_TRANSFORMERS,
  COLUMN_PURPOSES,
  TUNABLE_TRANSFORMERS,
  metricsFor,
  TABULAR_TASKS,
  trainingParametersFor,
} from "@sluice/dsl/ir";
import { distributionCode, earlyTerminationCode } from "./import-sweep.ts";
import { asMap, type Json, objectLiteral, runSettingsOf, UNSUPPORTED, unknownKeys } from "./import-component.ts";
import { checkOutputValue, inputValue } from "./import-node.ts";
import { jobOptions, standaloneFile } from "./import-command-job.ts";
import { type ImportContext, jobPath, type JobScope, RESERVED } from "./import-scope.ts";
import type { YamlSource } from "./yaml-source.ts";

/** The keys of an AutoML tabular job the DSL's `autoMLStep` says; the rest are refused where they stand. */
export const AUTOML_KEYS = [
  ...["type", "task", "primary_metric", "target_column_name", "training_data", "validation_data", "test_data", "validation_data_size"],
  ...["test_data_size", "n_cross_validations", "cv_split_column_names", "weight_column_name", "positive_label", "featurization"],
  ...["limits", "training", "forecasting", "log_verbosity", "outputs", "compute", "display_name", "resources"],
];
const TASKS = AutoMLTaskSchema.options;
type Task = AutoMLTask;
/** What only image and text tasks say: their training parameters, search space and sweep. */
const DEEP_KEYS = ["training_parameters", "search_space", "sweep"];

/** The SDK's `camel_to_snake`: YAML may say `GradientBoosting` or `gradient_boosting`, both mean one thing. */
export function snakeCase(name: string): string {
  return name
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** A list as the printer writes one: `["a", "b"]`. */
const listCode = (values: readonly unknown[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
const camelKey = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** `key: value,` option lines for the keys of `map` that are set, renamed by `names`. */
function renamed(map: Json, names: Record<string, string>): string[] {
  return Object.entries(names)
    .filter(([k]) => map[k] !== undefined)
    .map(([k, option]) => `${option}: ${Array.isArray(map[k]) ? listCode(map[k] as unknown[]) : JSON.stringify(map[k])},`);
}

/** One name of an enumeration, matched as the SDK does (any casing), given back as the DSL spells it. */
/** A value as a message shows it: on one line, whatever it holds. */
const shown = (value: unknown) => JSON.stringify(String(value)).slice(1, -1);

/** A section of settings (`limits:`, `sweep:`, …): a mapping, never text or a list read as no settings. */
/** A transformer's list of `{fields, parameters}` entries, each checked where it stands. */
function transformerItems(src: YamlSource, path: string[], list: unknown): string[] {
  if (!Array.isArray(list)) throw src.error(path, `must be a list of {fields, parameters} entries, not ${kindOf(list)}`);
  return list.map((item, i) => {
    const at = [...path, String(i)];
    const entry = section(src, at, item);
    unknownKeys(src, at, entry, ["fields", "parameters"]);
    const fields = entry.fields ?? [];
    if (!Array.isArray(fields)) throw src.error([...at, "fields"], `must be a list of column names, not ${kindOf(fields)}`);
    const odd = fields.findIndex((c) => typeof c !== "string");
    if (odd >= 0) throw src.error([...at, "fields", String(odd)], `a column name must be a string, not ${kindOf(fields[odd])}`);
    return `{ fields: ${listCode(fields)}, parameters: ${objectLiteral(asMap(entry.parameters))} }`;
  });
}

function section(src: YamlSource, path: string[], value: unknown): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw src.error(
      path,
      `${/^\d+$/.test(path.at(-1) ?? "") ? "each entry" : path.at(-1)} must be a mapping of settings, not ${Array.isArray(value) ? "a list" : "text"}`,
      "write each setting on its own line under it",
    );
  return value as Json;
}

function oneOfNames(src: YamlSource, path: string[], value: unknown, names: readonly string[], what: string): string {
  const text = String(value);
  // Underscores aside too: the SDK's YAML spells STL's mode `seasontrend`, the DSL `season_trend`.
  const bare = (n: string) => n.replace(/_/g, "").toLowerCase();
  const found = names.find((n) => bare(n) === bare(text) || snakeCase(n) === snakeCase(text));
  if (found === undefined) throw src.error(path, `'${shown(text)}' is not ${what}`, `use one of: ${names.join(", ")}`);
  return found;
}

function limitsLines(src: YamlSource, at: string[], limits: Json, task: Task): string[] {
  const deep = TABULAR_TASKS.includes(task) ? [] : ["max_nodes"];
  const keys = ["max_trials", "max_concurrent_trials", "timeout_minutes", "trial_timeout_minutes", "exit_score", "max_cores_per_trial"];
  unknownKeys(src, at, limits, [...keys, "enable_early_termination", ...deep]);
  const inner = renamed(limits, {
    max_nodes: "maxNodes",
    max_trials: "maxTrials",
    max_concurrent_trials: "maxConcurrentTrials",
    timeout_minutes: "timeoutMinutes",
    trial_timeout_minutes: "trialTimeoutMinutes",
    exit_score: "exitScore",
    max_cores_per_trial: "maxCoresPerTrial",
  });
  return [
    ...(inner.length ? [`limits: { ${inner.join(" ").replace(/,$/, "")} },`] : []),
    ...(limits.enable_early_termination !== undefined ? [`enableEarlyStopping: ${JSON.stringify(limits.enable_early_termination)},`] : []),
  ];
}

/** `featurization:` as the DSL's object form, which sends `mode` as written. */
function featurizationLine(src: YamlSource, at: string[], f: Json): string {
  unknownKeys(src, at, f, ["mode", "blocked_transformers", "column_name_and_types", "transformer_params", "enable_dnn_featurization"]);
  const parts = [`mode: ${JSON.stringify(oneOfNames(src, [...at, "mode"], f.mode ?? "auto", ["auto", "custom", "off"], "a featurization mode"))}`];
  if (f.blocked_transformers !== undefined) {
    const list = Array.isArray(f.blocked_transformers) ? f.blocked_transformers : [];
    parts.push(
      `blockedTransformers: ${listCode(list.map((t, i) => oneOfNames(src, [...at, "blocked_transformers", String(i)], t, BLOCKABLE_TRANSFORMERS, "a transformer AutoML can block")))}`,
    );
  }
  if (f.column_name_and_types !== undefined) {
    const purposes = Object.entries(section(src, [...at, "column_name_and_types"], f.column_name_and_types)).map(([c, p]) => [
      c,
      oneOfNames(src, [...at, "column_name_and_types", c], p, COLUMN_PURPOSES, "a column purpose"),
    ]);
    parts.push(`columnPurposes: ${objectLiteral(Object.fromEntries(purposes))}`);
  }
  if (f.transformer_params !== undefined) {
    // The SDK reads `Imputer` and `imputer` alike.
    const given = section(src, [...at, "transformer_params"], f.transformer_params);
    const params = Object.fromEntries(Object.entries(given).map(([k, v]) => [snakeCase(k), v]));
    unknownKeys(src, [...at, "transformer_params"], params, TUNABLE_TRANSFORMERS);
    const entries = Object.entries(given).map(
      ([key, list]) => `${snakeCase(key)}: [${transformerItems(src, [...at, "transformer_params", key], list).join(", ")}]`,
    );
    parts.push(`transformerParams: { ${entries.join(", ")} }`);
  }
  if (f.enable_dnn_featurization !== undefined) parts.push(`enableDnnFeaturization: ${JSON.stringify(f.enable_dnn_featurization)}`);
  return `featurization: { ${parts.join(", ")} },`;
}

/** `training:`: the algorithm lists are options of their own, the rest the DSL's `training`. */
function trainingLines(src: YamlSource, at: string[], t: Json, task: Task): string[] {
  const flags = ["enable_stack_ensemble", "enable_vote_ensemble", "enable_model_explainability", "enable_onnx_compatible_models", "enable_dnn_training"];
  unknownKeys(src, at, t, [...flags, "allowed_training_algorithms", "blocked_training_algorithms", "stack_ensemble_settings"]);
  const lines: string[] = [];
  for (const [key, option] of [
    ["allowed_training_algorithms", "allowedAlgorithms"],
    ["blocked_training_algorithms", "blockedAlgorithms"],
  ] as const) {
    if (t[key] === undefined) continue;
    const list = Array.isArray(t[key]) ? (t[key] as unknown[]) : [];
    lines.push(`${option}: ${listCode(list.map((a, i) => oneOfNames(src, [...at, key, String(i)], a, algorithmsFor(task), `a ${task} algorithm`)))},`);
  }
  const inner = flags.filter((k) => t[k] !== undefined).map((k) => `${camelKey(k)}: ${JSON.stringify(t[k])}`);
  if (t.stack_ensemble_settings !== undefined) {
    const stack = section(src, [...at, "stack_ensemble_settings"], t.stack_ensemble_settings);
    unknownKeys(src, [...at, "stack_ensemble_settings"], stack, ["stack_meta_learner_type", "stack_meta_learner_train_percentage"]);
    const s = renamed(stack, { stack_meta_learner_type: "metaLearner", stack_meta_learner_train_percentage: "trainPercentage" });
    inner.push(`stackEnsemble: { ${s.join(" ").replace(/,$/, "")} }`);
  }
  if (inner.length) lines.push(`training: { ${inner.join(", ")} },`);
  return lines;
}

const FORECASTING_KEYS = [
  ...["time_column_name", "forecast_horizon", "time_series_id_column_names", "target_lags", "target_rolling_window_size", "frequency"],
  ...["seasonality", "country_or_region_for_holidays", "feature_lags", "short_series_handling_config", "target_aggregate_function", "use_stl", "cv_step_size"],
];

/** Forecasting settings that name a mode, as the DSL spells them (a number, where one is allowed, passes as it is). */
const FORECASTING_ENUMS: Record<string, readonly string[]> = {
  forecast_horizon: ["auto"],
  target_lags: ["auto"],
  target_rolling_window_size: ["auto"],
  seasonality: ["auto"],
  feature_lags: ["auto", "none"],
  short_series_handling_config: ["auto", "pad", "drop", "none"],
  target_aggregate_function: ["sum", "max", "min", "mean", "none"],
  use_stl: ["season", "season_trend", "none"],
};

function forecastingLine(src: YamlSource, at: string[], f: Json): string {
  unknownKeys(src, at, f, FORECASTING_KEYS);
  if (f.time_column_name === undefined) throw src.error(at, "forecasting needs a time_column_name", "name the column holding each row's time");
  // The SDK takes one id column as a bare string; the DSL always a list.
  const ids = f.time_series_id_column_names;
  const values: Json = { ...f, ...(typeof ids === "string" ? { time_series_id_column_names: [ids] } : {}) };
  for (const [key, names] of Object.entries(FORECASTING_ENUMS))
    if (typeof f[key] === "string") values[key] = oneOfNames(src, [...at, key], f[key], names, `a value of ${key}`);
  const entries = FORECASTING_KEYS.filter((k) => values[k] !== undefined).map(
    (k) => `${camelKey(k)}: ${Array.isArray(values[k]) ? listCode(values[k] as unknown[]) : JSON.stringify(values[k])}`,
  );
  return `forecasting: { ${entries.join(", ")} },`;
}

/** `outputs:`: AutoML writes `best_model`; declaring it lists it at the node, as the SDK sends it. */
function outputsLine(scope: JobScope, job: string, at: string[], outputs: Json): string[] {
  const src = scope.src;
  const declared: string[] = [];
  for (const [name, value] of Object.entries(outputs)) {
    if (name !== "best_model")
      throw src.error([...at, name], `an AutoML job writes 'best_model', not '${name}'`, "declare outputs: best_model: {type: mlflow_model}");
    if (typeof value === "string") {
      const bound = /^\$\{\{\s*parent\.outputs\.([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
      if (!bound) throw src.error([...at, name], `the binding '${value}' is not supported by sluice import yet`, UNSUPPORTED);
      scope.exposed.set(bound[1] as string, [job, name]);
      continue;
    }
    checkOutputValue(src, [...at, name], value);
    const o = asMap(value);
    unknownKeys(src, [...at, name], o, ["type", "mode"]);
    if (o.type !== undefined && o.type !== "mlflow_model") throw src.error([...at, name, "type"], `best_model is an mlflow_model, not ${String(o.type)}`);
    if (o.mode !== undefined && o.mode !== "rw_mount" && o.mode !== "upload")
      throw src.error([...at, name, "mode"], `an AutoML model is written with rw_mount or upload, not '${String(o.mode)}'`);
    declared.push(`bestModel: ${o.mode ? `{ mode: ${JSON.stringify(o.mode)} }` : "{}"}`);
  }
  return declared.length ? [`outputs: { ${declared.join(", ")} },`] : [];
}

/** A text task's featurization: only the language of its text. */
function languageLines(src: YamlSource, at: string[], f: Json): string[] {
  unknownKeys(src, at, f, ["dataset_language"]);
  return f.dataset_language === undefined ? [] : [`datasetLanguage: ${JSON.stringify(String(f.dataset_language))},`];
}

/** Training parameters as DSL options (camelCase), each key one the task's models take. */
function parameterEntries(src: YamlSource, at: string[], map: Json, task: Task, value: (key: string, v: unknown) => string): string {
  const known = trainingParametersFor(task);
  const snakeKnown = known.map(snakeCase);
  unknownKeys(src, at, map, snakeKnown);
  return `{ ${Object.entries(map)
    .map(([k, v]) => `${known[snakeKnown.indexOf(k)]}: ${value(k, v)}`)
    .join(", ")} }`;
}

/** An image or text task's `training_parameters`, `search_space` and `sweep`. */
function deepLines(ctx: ImportContext, src: YamlSource, at: string[], j: Json, task: Task): string[] {
  const lines: string[] = [];
  if (j.training_parameters !== undefined)
    lines.push(
      `trainingParameters: ${parameterEntries(src, [...at, "training_parameters"], section(src, [...at, "training_parameters"], j.training_parameters), task, (_k, v) => JSON.stringify(v))},`,
    );
  if (j.search_space !== undefined) {
    const list = Array.isArray(j.search_space) ? j.search_space : [j.search_space];
    const subspaces = list.map((sub, i) =>
      parameterEntries(src, [...at, "search_space", String(i)], section(src, [...at, "search_space", String(i)], sub), task, (k, v) =>
        typeof v === "object" && v !== null ? distributionCode(src, [...at, "search_space", String(i), k], v, ctx.used) : JSON.stringify(v),
      ),
    );
    lines.push("searchSpace: [", ...subspaces.map((x) => `  ${x},`), "],");
  }
  if (j.sweep !== undefined) {
    const sweep = section(src, [...at, "sweep"], j.sweep);
    unknownKeys(src, [...at, "sweep"], sweep, ["sampling_algorithm", "early_termination"]);
    const sampling = oneOfNames(
      src,
      [...at, "sweep", "sampling_algorithm"],
      sweep.sampling_algorithm ?? "random",
      ["random", "grid", "bayesian"],
      "a sampling algorithm",
    );
    const policy =
      sweep.early_termination === undefined
        ? ""
        : `, earlyTermination: ${earlyTerminationCode(src, [...at, "sweep", "early_termination"], sweep.early_termination)}`;
    lines.push(`sweep: { sampling: ${JSON.stringify(sampling)}${policy} },`);
  }
  return lines;
}

/** The data and column options: bindings to the pipeline or other jobs, or data given here. */
function dataLines(ctx: ImportContext, scope: JobScope, job: string, j: Json, jobVars: Map<string, string>): string[] {
  const src = scope.src;
  const at = jobPath(scope, job);
  if (j.training_data === undefined) throw src.error(at, "an AutoML job needs training_data", "give training_data: {type: mltable, path: ./train}");
  if (j.target_column_name === undefined && j.task !== "text_ner")
    throw src.error(at, "an AutoML job needs a target_column_name", "name the column to predict");
  const data = (key: string, option: string) => {
    if (j[key] === undefined) return [];
    const value = asMap(j[key]);
    checkValues(src, [...at, key], value, ["type", "path", "mode"]);
    if (typeof j[key] === "object" && value.type !== undefined && value.type !== "mltable")
      throw src.error(
        [...at, key, "type"],
        `AutoML reads a table: ${key} must be an mltable, not ${String(value.type)}`,
        "point it at a folder with an MLTable file and say type: mltable",
      );
    return [`${option}: ${inputValue(ctx, scope, job, key, j[key], jobVars, "mltable", [...at, key])},`];
  };
  return [
    ...(j.target_column_name === undefined
      ? []
      : [`labelColumn: ${inputValue(ctx, scope, job, "target_column_name", j.target_column_name, jobVars, "string", [...at, "target_column_name"])},`]),
    ...data("training_data", "trainingData"),
    ...data("validation_data", "validationData"),
    ...data("test_data", "testData"),
  ];
}

/**
 * An AutoML tabular job (`type: automl` with task classification, regression or forecasting) as
 * `autoMLStep` options: every setting the YAML gives, renamed; what the DSL cannot say is refused
 * where it stands.
 */
export function automlOptionLines(
  ctx: ImportContext,
  scope: JobScope,
  job: string,
  j: Json,
  jobVars: Map<string, string>,
  extraKeys: readonly string[] = [],
): string[] {
  const src = scope.src;
  const at = jobPath(scope, job);
  if (!TASKS.includes(j.task as Task))
    throw src.error(
      [...at, "task"],
      j.task === undefined ? "an AutoML job needs a task" : `'${shown(j.task)}' is not an AutoML task`,
      `give task: ${TASKS.join(" | ")}`,
    );
  const tabular = TABULAR_TASKS.includes(j.task as Task);
  const deep = DEEP_KEYS.find((k) => j[k] !== undefined);
  if (tabular && deep)
    throw src.error([...at, deep], `${deep} belongs to image and text tasks, not ${String(j.task)}`, "AutoML tunes a table's models itself: drop it");
  unknownKeys(src, at, j, [...AUTOML_KEYS, ...(tabular ? [] : DEEP_KEYS), ...extraKeys]);
  const task = j.task as Task;
  ctx.used.add("autoMLStep");
  const lines = [`task: ${JSON.stringify(task)},`, ...dataLines(ctx, scope, job, j, jobVars)];
  if (j.primary_metric !== undefined)
    lines.push(`primaryMetric: ${JSON.stringify(oneOfNames(src, [...at, "primary_metric"], j.primary_metric, metricsFor(task), `a ${task} metric`))},`);
  lines.push(
    ...renamed(j, {
      validation_data_size: "validationDataSize",
      test_data_size: "testDataSize",
      n_cross_validations: "nCrossValidations",
      cv_split_column_names: "cvSplitColumns",
      weight_column_name: "weightColumn",
      positive_label: "positiveLabel",
    }),
  );
  if (j.featurization !== undefined) {
    if (task.startsWith("text_")) lines.push(...languageLines(src, [...at, "featurization"], section(src, [...at, "featurization"], j.featurization)));
    else if (!TABULAR_TASKS.includes(task)) throw src.error([...at, "featurization"], `an ${task} task has no featurization settings`);
    else lines.push(featurizationLine(src, [...at, "featurization"], section(src, [...at, "featurization"], j.featurization)));
  }
  if (!TABULAR_TASKS.includes(task)) lines.push(...deepLines(ctx, src, at, j, task));
  if (j.limits !== undefined) lines.push(...limitsLines(src, [...at, "limits"], section(src, [...at, "limits"], j.limits), task));
  if (j.training !== undefined) lines.push(...trainingLines(src, [...at, "training"], section(src, [...at, "training"], j.training), task));
  if (j.forecasting !== undefined) {
    if (task !== "forecasting") throw src.error([...at, "forecasting"], `forecasting settings belong to a forecasting task, not ${task}`);
    lines.push(forecastingLine(src, [...at, "forecasting"], section(src, [...at, "forecasting"], j.forecasting)));
  }
  if (j.log_verbosity !== undefined)
    lines.push(
      `logVerbosity: ${JSON.stringify(oneOfNames(src, [...at, "log_verbosity"], j.log_verbosity, ["not_set", "debug", "info", "warning", "error", "critical"], "a log level"))},`,
    );
  const { resources } = runSettingsOf(src, at, { resources: j.resources });
  if (resources) lines.push(`resources: ${objectLiteral(resources)},`);
  if (j.outputs !== undefined) lines.push(...outputsLine(scope, job, [...at, "outputs"], section(src, [...at, "outputs"], j.outputs)));
  return lines;
}

/**
 * A CLI v2 AutoML job YAML (`type: automl`) as a Sluice file exporting an `automlJob`: the same
 * reading of the AutoML settings as on a pipeline's node, with the job's own name, experiment,
 * description, tags and compute.
 */
export function importAutomlJob(src: YamlSource, outDir: string, relativeYaml: string): string {
  const doc = asMap(src.value([]));
  const ctx: ImportContext = { outDir, components: new Map(), componentCode: [], used: new Set(), taken: new Set(RESERVED) };
  const scope: JobScope = { src, vars: new Map(), outputSettings: () => ({}), exposed: new Map(), indent: "", jobPath: () => [] };
  const { compute: _c, display_name: _d, ...node } = doc;
  const lines = automlOptionLines(ctx, scope, "job", node, new Map(), ["$schema", "experiment_name", "description", "tags"]);
  ctx.used.delete("autoMLStep");
  ctx.used.add("automlJob");
  return standaloneFile(relativeYaml, ctx.used, "automlJob", [...jobOptions(src, doc), ...lines]);
}
