// The settings an AutoML step takes beyond its data: limits, training, featurization, forecasting.

/** How long and how much AutoML may try (Azure's `limits`). */
export interface AutoMLLimits {
  /** The v1 SDK's name of {@link AutoMLLimits.maxTrials}; give one or the other. */
  iterations?: number;
  /** How many models (algorithm and settings) to train at most. Azure's default is 1000; locally, trials run until the experiment timeout. */
  maxTrials?: number;
  /** Trials running at once (Azure: per node of the compute; locally: processes on this machine). */
  maxConcurrentIterations?: number;
  /** The v2 name of {@link AutoMLLimits.maxConcurrentIterations} (Azure's `max_concurrent_trials`); give one or the other. */
  maxConcurrentTrials?: number;
  /** Stop a single trial after this many minutes. */
  iterationTimeoutMinutes?: number;
  /** The v2 name of {@link AutoMLLimits.iterationTimeoutMinutes} (Azure's `trial_timeout_minutes`). */
  trialTimeoutMinutes?: number;
  /** Stop the whole experiment after this many minutes; the best model so far wins. */
  experimentTimeoutMinutes?: number;
  /** The v2 name of {@link AutoMLLimits.experimentTimeoutMinutes} (Azure's `timeout_minutes`). */
  timeoutMinutes?: number;
  /** Stop as soon as a trial's primary metric reaches this value. */
  exitScore?: number;
  /** Cores each trial may use; -1 for all of a node's (locally: scikit-learn's `n_jobs`). */
  maxCoresPerTrial?: number;
  /** Image and text tasks: the nodes one trial may train on. */
  maxNodes?: number;
}

/** Meta-learners Azure can stack ensembles with. */
export type StackMetaLearner =
  | "logistic_regression"
  | "logistic_regression_cv"
  | "light_gbm_classifier"
  | "elastic_net"
  | "elastic_net_cv"
  | "light_gbm_regressor"
  | "linear_regression"
  | "none";

/** AutoML's `training` settings beyond the algorithm lists. */
export interface AutoMLTraining {
  /** Also try a stacked ensemble of the best models (scikit-learn's stacking locally). */
  enableStackEnsemble?: boolean;
  /** Also try a soft-voting ensemble of the best models. */
  enableVoteEnsemble?: boolean;
  /** Explain the best model (Azure only; local runs note it). */
  enableModelExplainability?: boolean;
  /** Keep only models that convert to ONNX (Azure only; local runs note it). */
  enableOnnxCompatibleModels?: boolean;
  /** Try deep-learning models too (Azure only; local runs refuse it). */
  enableDnnTraining?: boolean;
  /** The stacked ensemble's meta-learner and the share of data it trains on. */
  stackEnsemble?: StackEnsembleSettings;
}

/** How the stacked ensemble learns to combine its members. */
export interface StackEnsembleSettings {
  /** The model that combines the members' predictions. */
  metaLearner?: StackMetaLearner;
  /** The share of the training rows (0–1) the meta-learner trains on; the members train on the rest. */
  trainPercentage?: number;
}

/** Transformers featurization may be told not to use. */
export type BlockedTransformer =
  | "text_target_encoder"
  | "one_hot_encoder"
  | "cat_target_encoder"
  | "tf_idf"
  | "wo_e_target_encoder"
  | "label_encoder"
  | "word_embedding"
  | "naive_bayes"
  | "count_vectorizer"
  | "hash_one_hot_encoder";

/** What a column is to featurization (Azure's `column_name_and_types`). */
export type ColumnPurpose = "numeric" | "categorical" | "categorical_hash" | "datetime" | "text" | "ignore";

/** Parameters of one transformer for some columns, e.g. `{ fields: ["Age"], parameters: { strategy: "median" } }`. */
export interface TransformerParams {
  /** The columns it applies to. */
  fields: readonly string[];
  /** Its parameters (the imputer's `strategy`, `fill_value`, …). */
  parameters: Readonly<Record<string, string | number | boolean>>;
}

/** Transformer parameters by transformer. */
export interface TransformerParamsByName {
  /** How missing values are filled (`strategy`: mean, median, most_frequent, constant; `fill_value`). */
  imputer?: readonly TransformerParams[];
  /** The hash one-hot encoder's settings (`number_of_bits`), Azure only. */
  hash_one_hot_encoder?: readonly TransformerParams[];
  /** TF-IDF's settings for text columns, Azure only. */
  tf_idf?: readonly TransformerParams[];
}

/** Custom featurization (Azure's `featurization` section). */
export interface AutoMLFeaturization {
  /** `custom` (the default here), `auto` or `off`. */
  mode?: "auto" | "custom" | "off";
  /** Transformers not to use. */
  blockedTransformers?: readonly BlockedTransformer[];
  /** How to treat named columns. */
  columnPurposes?: Readonly<Record<string, ColumnPurpose>>;
  /** Parameters of the imputer, hash one-hot encoder or TF-IDF, per group of columns. */
  transformerParams?: TransformerParamsByName;
  /** Use deep-learning text featurization (Azure only; local runs refuse it). */
  enableDnnFeaturization?: boolean;
}

/** Forecasting's settings (Azure's `forecasting` section); `timeColumnName` is required. */
export interface ForecastingSettings {
  /** The column holding each row's time. */
  timeColumnName: string;
  /** Periods to forecast ahead, or `auto`. */
  forecastHorizon?: number | "auto";
  /** Columns that together name one series (a store, a product). */
  timeSeriesIdColumnNames?: readonly string[];
  /** Lags of the target to add as features, or `auto`. */
  targetLags?: readonly number[] | "auto";
  /** The rolling window of target aggregates, or `auto`. */
  targetRollingWindowSize?: number | "auto";
  /** The series frequency (`D`, `W`, `MS`, …, pandas offset aliases). */
  frequency?: string;
  /** The seasonality in periods, or `auto`. */
  seasonality?: number | "auto";
  /** Add holiday features of this country or region (`US`, `DE`, …). */
  countryOrRegionForHolidays?: string;
  /** Lag numeric features too (`auto`) or not (`none`). */
  featureLags?: "auto" | "none";
  /** What to do with series too short to train on. */
  shortSeriesHandlingConfig?: "auto" | "pad" | "drop" | "none";
  /** How to aggregate a target observed more often than `frequency`. */
  targetAggregateFunction?: "sum" | "max" | "min" | "mean" | "none";
  /** Decompose series with STL into season (and trend). */
  useStl?: "season" | "season_trend" | "none";
  /** Periods between cross-validation origins. */
  cvStepSize?: number;
}
