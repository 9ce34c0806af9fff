import { automlJobFields, automlLimits, automlTraining, columnPurposes } from "../plan/automl-fields.ts";
import type { AutoMLNode, AutoMLSettings, ExecutionPlan, NodeInput } from "../plan/execution-plan.ts";
import { isoDuration } from "../plan/job-settings.ts";
import { deepLearningTaskDetails, deepLearningFields } from "../plan/automl-deep-fields.ts";
import { jobInput, restJobHeader, yamlJobHeader } from "./standalone-job.ts";

/** The job's one node: a standalone AutoML job is compiled as a pipeline holding just it. */
export function automlJobNode(plan: ExecutionPlan): AutoMLNode {
  const node = plan.nodes[0];
  if (plan.nodes.length !== 1 || node?.kind !== "automl") throw new Error("an AutoML job compiles to exactly one automl node");
  return node;
}

/** Words Azure's REST enums write in capitals (`light_gbm` → `LightGBM`, `AUC_weighted` → `AUCWeighted`). */
const CAPITALS = new Set(["auc", "cv", "gbm", "iou", "knn", "ner", "sgd", "svm", "tcn", "xg"]);

/**
 * A snake_case name as the REST enum value the SDK sends (its enums' values, which its YAML
 * schema matches in any casing): `gradient_boosting` → `GradientBoosting`, `r2_score` → `R2Score`.
 */
export function restEnum(name: string): string {
  return name
    .toLowerCase()
    .split("_")
    .map((w) => (CAPITALS.has(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join("");
}

const minutes = (m: number | undefined) => (m === undefined ? undefined : isoDuration(m * 60));
const list = (names: readonly string[] | undefined) => names?.map(restEnum);
/** `auto`, or a number the author chose: REST's `{ mode: "Auto" }` / `{ mode: "Custom", value }`. */
const modeValue = (v: number | "auto" | undefined, key = "value") =>
  v === undefined ? undefined : v === "auto" ? { mode: "Auto" } : { mode: "Custom", [key]: v };
const enumOf = (v: string | undefined) => (v === undefined ? undefined : restEnum(v));

function featurizationSettings(s: AutoMLSettings): Record<string, unknown> | undefined {
  if (s.datasetLanguage !== undefined) return { datasetLanguage: s.datasetLanguage };
  if (s.featurizationUnset) return undefined;
  const f = s.featurizationSettings;
  if (!f) return { mode: s.featurization === "off" ? "off" : "auto" };
  return {
    blockedTransformers: list(f.blockedTransformers),
    columnNameAndTypes: columnPurposes(f.columnPurposes),
    enableDnnFeaturization: f.enableDnnFeaturization,
    mode: f.mode,
    transformerParams: f.transformerParams && Object.fromEntries(Object.entries(f.transformerParams).map(([k, v]) => [restEnum(k), v])),
  };
}

function limitSettings(s: AutoMLSettings): Record<string, unknown> {
  const l = automlLimits(s);
  return {
    enableEarlyTermination: l.enable_early_termination,
    exitScore: l.exit_score,
    maxConcurrentTrials: l.max_concurrent_trials,
    maxCoresPerTrial: l.max_cores_per_trial,
    maxNodes: l.max_nodes,
    maxTrials: l.max_trials,
    // SDK 1.4.0 adds `sweepTrials: 0, sweepConcurrentTrials: 0`, which no REST spec defines: not sent.
    timeout: minutes(s.limits.timeoutMinutes),
    trialTimeout: minutes(s.limits.trialTimeoutMinutes),
  };
}

function trainingSettings(s: AutoMLSettings): Record<string, unknown> | undefined {
  const t = automlTraining(s);
  const stack = s.training?.stackEnsemble;
  const out = {
    allowedTrainingAlgorithms: list(s.allowedAlgorithms),
    blockedTrainingAlgorithms: list(s.blockedAlgorithms),
    enableDnnTraining: t.enable_dnn_training,
    enableModelExplainability: t.enable_model_explainability,
    enableOnnxCompatibleModels: t.enable_onnx_compatible_models,
    enableStackEnsemble: t.enable_stack_ensemble,
    enableVoteEnsemble: t.enable_vote_ensemble,
    stackEnsembleSettings: stack && { stackMetaLearnerTrainPercentage: stack.trainPercentage, stackMetaLearnerType: enumOf(stack.metaLearner) },
  };
  return Object.values(out).some((v) => v !== undefined) ? out : undefined;
}

function forecastingSettings(s: AutoMLSettings): Record<string, unknown> | undefined {
  const f = s.forecasting;
  if (!f) return undefined;
  return {
    countryOrRegionForHolidays: f.countryOrRegionForHolidays,
    cvStepSize: f.cvStepSize,
    // These four go as the YAML spells them, as the SDK sends them (the REST enums are case-insensitive strings).
    featureLags: f.featureLags,
    forecastHorizon: modeValue(f.forecastHorizon),
    frequency: f.frequency,
    seasonality: modeValue(f.seasonality),
    shortSeriesHandlingConfig: f.shortSeriesHandlingConfig,
    targetAggregateFunction: f.targetAggregateFunction,
    targetLags: f.targetLags === undefined ? undefined : f.targetLags === "auto" ? { mode: "Auto" } : { mode: "Custom", values: f.targetLags },
    targetRollingWindowSize: modeValue(f.targetRollingWindowSize),
    timeColumnName: f.timeColumnName,
    timeSeriesIdColumnNames: f.timeSeriesIdColumnNames,
    useStl: f.useStl === "season_trend" ? "seasontrend" : f.useStl,
  };
}

/** The body of `PUT …/jobs/{name}` for a standalone AutoML job (jobType AutoML), as the SDK sends it: camelCase task details, REST enums. */
export function automlJobBody(plan: ExecutionPlan): { properties: Record<string, unknown> } {
  const node = automlJobNode(plan);
  const s = node.automl;
  const data = (i: NodeInput | undefined) => (i === undefined ? undefined : jobInput(plan, i));
  const label = node.inputs.target_column_name;
  return {
    properties: {
      ...restJobHeader(plan, node),
      // The SDK sends no display name an AutoML job was not given.
      displayName: plan.pipeline.displayName ?? undefined,
      jobType: "AutoML",
      // As a Command job's: the SDK sends resources with an empty property bag.
      resources: s.resources && {
        instanceCount: s.resources.instanceCount,
        instanceType: s.resources.instanceType,
        shmSize: s.resources.shmSize,
        properties: {},
      },
      taskDetails: {
        cvSplitColumnNames: s.cvSplitColumns,
        featurizationSettings: featurizationSettings(s),
        forecastingSettings: forecastingSettings(s),
        limitSettings: limitSettings(s),
        // A standalone job says `Info` when not told otherwise, whatever its task.
        logVerbosity: restEnum(s.logVerbosity ?? "info"),
        nCrossValidations: modeValue(s.nCrossValidations),
        positiveLabel: s.positiveLabel,
        // Multi-label text and NER have one metric, which the SDK does not send.
        primaryMetric: s.task === "text_classification_multilabel" || s.task === "text_ner" ? undefined : restEnum(s.primaryMetric),
        targetColumnName: label === undefined ? undefined : jobInput(plan, label).value,
        taskType: restEnum(s.task),
        testData: data(node.inputs.test_data),
        testDataSize: s.testDataSize,
        trainingData: data(node.inputs.training_data),
        trainingSettings: trainingSettings(s),
        validationData: data(node.inputs.validation_data),
        validationDataSize: s.validationDataSize,
        weightColumnName: s.weightColumn,
        ...deepLearningTaskDetails(s),
      },
    },
  };
}

/** The CLI v2 YAML of a standalone AutoML job (`type: automl`): the node's fields under the job's own. */
export function automlJobYaml(plan: ExecutionPlan, inputs: Record<string, unknown>): Record<string, unknown> {
  const node = automlJobNode(plan);
  const { type: _t, display_name: _d, compute: _c, ...fields } = automlJobFields(node);
  const training = automlTraining(node.automl);
  const given = (key: string) => (typeof inputs[key] === "object" ? inputs[key] : fields[key]);
  const ids = node.automl.forecasting?.timeSeriesIdColumnNames;
  return {
    ...yamlJobHeader(plan, node, "autoMLJob", "automl"),
    display_name: plan.pipeline.displayName ?? undefined,
    ...fields,
    // A job's YAML gives the id columns as a list (a pipeline node sends them as Python's text of one).
    forecasting: fields.forecasting && { ...(fields.forecasting as Record<string, unknown>), time_series_id_column_names: ids },
    training_data: given("training_data"),
    validation_data: given("validation_data"),
    test_data: given("test_data"),
    training: Object.values(training).some((v) => v !== undefined) ? training : undefined,
    ...deepLearningFields(node.automl, "yaml"),
  };
}
