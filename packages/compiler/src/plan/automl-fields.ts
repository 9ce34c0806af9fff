import { TABULAR_TASKS } from "@sluice/dsl/ir";
import { bindingText } from "../lower/bindings.ts";
import { resourcesFields } from "./job-settings.ts";
import type { AutoMLNode, AutoMLSettings } from "./execution-plan.ts";
import { computeYaml } from "../emit/compute-ref.ts";

/** AutoML limits in Azure's snake_case keys: REST, CLI YAML and the local engine's config. */
export function automlLimits(s: AutoMLSettings): Record<string, number | boolean | undefined> {
  return {
    enable_early_termination: s.limits.enableEarlyTermination,
    max_concurrent_trials: s.limits.maxConcurrentTrials,
    max_trials: s.limits.maxTrials,
    timeout_minutes: s.limits.timeoutMinutes,
    trial_timeout_minutes: s.limits.trialTimeoutMinutes,
    exit_score: s.limits.exitScore,
    max_cores_per_trial: s.limits.maxCoresPerTrial,
    max_nodes: s.limits.maxNodes,
  };
}

/** `training` settings (only what is set), the same in REST and YAML. */
export function automlTraining(s: AutoMLSettings): Record<string, unknown> {
  const t = s.training ?? {};
  const stack = t.stackEnsemble;
  return {
    allowed_training_algorithms: s.allowedAlgorithms,
    blocked_training_algorithms: s.blockedAlgorithms,
    enable_dnn_training: t.enableDnnTraining,
    enable_model_explainability: t.enableModelExplainability,
    enable_onnx_compatible_models: t.enableOnnxCompatibleModels,
    enable_stack_ensemble: t.enableStackEnsemble,
    enable_vote_ensemble: t.enableVoteEnsemble,
    stack_ensemble_settings: stack && { stack_meta_learner_train_percentage: stack.trainPercentage, stack_meta_learner_type: stack.metaLearner },
  };
}

/** Column purposes as Azure's documentation and examples spell them (`Categorical`, `DateTime`); the SDK passes them through as written. */
const PURPOSES: Record<string, string> = {
  numeric: "Numeric",
  categorical: "Categorical",
  categorical_hash: "CategoricalHash",
  datetime: "DateTime",
  text: "Text",
  ignore: "Ignore",
};
export function columnPurposes(purposes: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return purposes && Object.fromEntries(Object.entries(purposes).map(([c, p]) => [c, PURPOSES[p] ?? p]));
}

/** `featurization`: nothing when unset, `{}` for `auto`, `{ mode: "off" }`, or the custom settings as given. */
function featurization(s: AutoMLSettings): Record<string, unknown> | undefined {
  // A text task's only featurization setting is its language.
  if (s.datasetLanguage !== undefined) return { dataset_language: s.datasetLanguage };
  if (s.featurizationUnset) return undefined;
  const f = s.featurizationSettings;
  if (!f) return s.featurization === "off" ? { mode: "off" } : {};
  return {
    blocked_transformers: f.blockedTransformers,
    column_name_and_types: columnPurposes(f.columnPurposes),
    enable_dnn_featurization: f.enableDnnFeaturization,
    mode: f.mode,
    transformer_params: f.transformerParams,
  };
}

/** Python's `str()` of a list of strings, which is how the SDK sends `time_series_id_column_names`. */
function pythonList(values: readonly string[]): string {
  return `[${values.map((v) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`).join(", ")}]`;
}

/** The `forecasting` section in Azure's snake_case, as the SDK sends it. */
function forecasting(s: AutoMLSettings): Record<string, unknown> | undefined {
  const f = s.forecasting;
  if (!f) return undefined;
  return {
    country_or_region_for_holidays: f.countryOrRegionForHolidays,
    cv_step_size: f.cvStepSize,
    feature_lags: f.featureLags,
    forecast_horizon: f.forecastHorizon,
    frequency: f.frequency,
    seasonality: f.seasonality,
    short_series_handling_config: f.shortSeriesHandlingConfig,
    target_aggregate_function: f.targetAggregateFunction,
    target_lags: f.targetLags,
    target_rolling_window_size: f.targetRollingWindowSize,
    time_column_name: f.timeColumnName,
    time_series_id_column_names: f.timeSeriesIdColumnNames && pythonList(f.timeSeriesIdColumnNames),
    // The SDK's YAML and node spelling of STL's season-and-trend mode.
    use_stl: f.useStl === "season_trend" ? "seasontrend" : f.useStl,
  };
}

/**
 * The fields of an `automl` node that REST and the CLI YAML spell the same way: the AutoML
 * settings mapped once, so the two forms cannot drift apart.
 */
export function automlJobFields(node: AutoMLNode): Record<string, unknown> {
  const s = node.automl;
  const binding = (port: string) => {
    const input = node.inputs[port];
    return input === undefined ? undefined : bindingText(input.binding);
  };
  return {
    type: "automl",
    task: s.task,
    display_name: node.displayName,
    compute: computeYaml(node.compute),
    primary_metric: s.primaryMetric.toLowerCase(),
    target_column_name: binding("target_column_name"),
    training_data: binding("training_data"),
    validation_data: binding("validation_data"),
    test_data: binding("test_data"),
    n_cross_validations: s.nCrossValidations,
    cv_split_column_names: s.cvSplitColumns,
    featurization: featurization(s),
    forecasting: forecasting(s),
    limits: Object.values(automlLimits(s)).some((v) => v !== undefined) ? automlLimits(s) : undefined,
    // The SDK sends a table's task `info` by default, an image or text task's level only when given.
    log_verbosity: s.logVerbosity ?? (TABULAR_TASKS.includes(s.task) ? "info" : undefined),
    resources: resourcesFields(s.resources),
    positive_label: s.positiveLabel,
    test_data_size: s.testDataSize,
    validation_data_size: s.validationDataSize,
    weight_column_name: s.weightColumn,
  };
}
