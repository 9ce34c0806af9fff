import type { AutoMLTask } from "./schema.ts";

/** Azure AutoML's classification algorithms, as the CLI v2 YAML spells them (`training.allowed_training_algorithms`). */
export const CLASSIFICATION_ALGORITHMS = [
  "logistic_regression",
  "sgd",
  "multinomial_naive_bayes",
  "bernoulli_naive_bayes",
  "svm",
  "linear_svm",
  "knn",
  "decision_tree",
  "random_forest",
  "extreme_random_trees",
  "light_gbm",
  "gradient_boosting",
  "xg_boost_classifier",
] as const;
/** Azure AutoML's regression algorithms. */
export const REGRESSION_ALGORITHMS = [
  "elastic_net",
  "gradient_boosting",
  "decision_tree",
  "knn",
  "lasso_lars",
  "sgd",
  "random_forest",
  "extreme_random_trees",
  "light_gbm",
  "xg_boost_regressor",
] as const;

/** Azure AutoML's forecasting algorithms: time-series models and the regression learners it lags features for. */
export const FORECASTING_ALGORITHMS = [
  "auto_arima",
  "prophet",
  "naive",
  "seasonal_naive",
  "average",
  "seasonal_average",
  "exponential_smoothing",
  "arimax",
  "tcn_forecaster",
  "elastic_net",
  "gradient_boosting",
  "decision_tree",
  "knn",
  "lasso_lars",
  "sgd",
  "random_forest",
  "extreme_random_trees",
  "light_gbm",
  "xg_boost_regressor",
] as const;

/** One of {@link CLASSIFICATION_ALGORITHMS}. */
export type ClassificationAlgorithm = (typeof CLASSIFICATION_ALGORITHMS)[number];
/** One of {@link REGRESSION_ALGORITHMS}. */
export type RegressionAlgorithm = (typeof REGRESSION_ALGORITHMS)[number];
/** One of {@link FORECASTING_ALGORITHMS}. */
export type ForecastingAlgorithm = (typeof FORECASTING_ALGORITHMS)[number];
/** The algorithms a task may allow or block. */
export type AlgorithmFor<T extends AutoMLTask> = T extends "classification"
  ? ClassificationAlgorithm
  : T extends "regression"
    ? RegressionAlgorithm
    : T extends "forecasting"
      ? ForecastingAlgorithm
      : never;

/** The algorithms a task accepts (what the compiler checks names against); deep-learning tasks choose models in their search space instead. */
export function algorithmsFor(task: AutoMLTask): readonly string[] {
  const lists: Partial<Record<AutoMLTask, readonly string[]>> = {
    classification: CLASSIFICATION_ALGORITHMS,
    regression: REGRESSION_ALGORITHMS,
    forecasting: FORECASTING_ALGORITHMS,
  };
  return lists[task] ?? [];
}

/** The algorithms Sluice's local AutoML engine (scikit-learn) has, by task. */
export const LOCAL_ALGORITHMS: Readonly<Record<"classification" | "regression", readonly string[]>> = {
  classification: ["logistic_regression", "random_forest", "gradient_boosting", "extreme_random_trees", "knn", "decision_tree"],
  regression: ["elastic_net", "random_forest", "gradient_boosting", "extreme_random_trees", "knn", "decision_tree"],
};

/** The training parameters every image task takes (camelCase; the CLI YAML's snake_case). */
const IMAGE_COMMON_PARAMETERS = [
  ...["amsGradient", "advancedSettings", "beta1", "beta2", "checkpointFrequency", "checkpointRunId", "distributed", "earlyStopping"],
  ...["earlyStoppingDelay", "earlyStoppingPatience", "evaluationFrequency", "enableOnnxNormalization", "gradientAccumulationStep"],
  ...["layersToFreeze", "learningRate", "learningRateScheduler", "modelName", "momentum", "nesterov", "numberOfEpochs", "numberOfWorkers"],
  ...["optimizer", "randomSeed", "stepLrGamma", "stepLrStepSize", "trainingBatchSize", "validationBatchSize", "warmupCosineLrCycles"],
  ...["warmupCosineLrWarmupEpochs", "weightDecay"],
];
const DETECTION_PARAMETERS = [
  ...IMAGE_COMMON_PARAMETERS,
  ...["boxDetectionsPerImage", "boxScoreThreshold", "imageSize", "maxSize", "minSize", "modelSize", "multiScale", "nmsIouThreshold"],
  ...["tileGridSize", "tileOverlapRatio", "tilePredictionsNmsThreshold", "validationIouThreshold", "validationMetricType"],
];
const IMAGE_CLASSIFICATION_PARAMETERS = [...IMAGE_COMMON_PARAMETERS, "trainingCropSize", "validationCropSize", "validationResizeSize", "weightedLoss"];
const TEXT_PARAMETERS = [
  ...["gradientAccumulationSteps", "learningRate", "learningRateScheduler", "modelName", "numberOfEpochs", "trainingBatchSize"],
  ...["validationBatchSize", "warmupRatio", "weightDecay"],
];

/** The training parameters (and search space keys) a deep-learning task takes; none for a table's task. */
export function trainingParametersFor(task: AutoMLTask): readonly string[] {
  if (task === "image_classification" || task === "image_classification_multilabel") return IMAGE_CLASSIFICATION_PARAMETERS;
  if (task === "image_object_detection" || task === "image_instance_segmentation") return DETECTION_PARAMETERS;
  if (task.startsWith("text_")) return TEXT_PARAMETERS;
  return [];
}

/** Transformers AutoML's featurization may be told not to use (`featurization.blocked_transformers`). */
export const BLOCKABLE_TRANSFORMERS = [
  "text_target_encoder",
  "one_hot_encoder",
  "cat_target_encoder",
  "tf_idf",
  "wo_e_target_encoder",
  "label_encoder",
  "word_embedding",
  "naive_bayes",
  "count_vectorizer",
  "hash_one_hot_encoder",
] as const;
/** What a column may be to featurization (`featurization.column_name_and_types`). */
export const COLUMN_PURPOSES = ["numeric", "categorical", "categorical_hash", "datetime", "text", "ignore"] as const;
/** The transformers Azure takes parameters for (`featurization.transformer_params`). */
export const TUNABLE_TRANSFORMERS = ["imputer", "hash_one_hot_encoder", "tf_idf"] as const;
