import type { AutoMLTask } from "./schema.ts";

/** Azure AutoML's classification primary metrics, spelled as in its documentation and the v1 SDK. */
export const CLASSIFICATION_METRICS = [
  "AUC_weighted",
  "accuracy",
  "norm_macro_recall",
  "average_precision_score_weighted",
  "precision_score_weighted",
] as const;
/** Azure AutoML's regression (and forecasting) primary metrics. */
export const REGRESSION_METRICS = ["spearman_correlation", "normalized_root_mean_squared_error", "r2_score", "normalized_mean_absolute_error"] as const;

/** Image classification's metrics: classification's. Multi-label adds intersection over union. */
export const IMAGE_MULTILABEL_METRICS = ["iou", ...CLASSIFICATION_METRICS] as const;
/** Object detection's and instance segmentation's metric. */
export const DETECTION_METRICS = ["mean_average_precision"] as const;
/** Multi-label text classification's and NER's metric (Azure fixes it). */
export const TEXT_FIXED_METRICS = ["accuracy"] as const;

/** One of {@link CLASSIFICATION_METRICS}. */
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
/** One of {@link REGRESSION_METRICS}. */
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
/** The metrics a task accepts; forecasting shares regression's, image and text classification classification's. */
export type MetricFor<T extends AutoMLTask> = T extends "classification" | "image_classification" | "text_classification"
  ? ClassificationMetric
  : T extends "image_classification_multilabel"
    ? (typeof IMAGE_MULTILABEL_METRICS)[number]
    : T extends "image_object_detection" | "image_instance_segmentation"
      ? (typeof DETECTION_METRICS)[number]
      : T extends "text_classification_multilabel" | "text_ner"
        ? (typeof TEXT_FIXED_METRICS)[number]
        : RegressionMetric;

/** The primary metrics each task accepts (what SL117 checks against). */
const METRICS: Readonly<Record<AutoMLTask, readonly string[]>> = {
  classification: CLASSIFICATION_METRICS,
  regression: REGRESSION_METRICS,
  forecasting: REGRESSION_METRICS,
  image_classification: CLASSIFICATION_METRICS,
  image_classification_multilabel: IMAGE_MULTILABEL_METRICS,
  image_object_detection: DETECTION_METRICS,
  image_instance_segmentation: DETECTION_METRICS,
  text_classification: CLASSIFICATION_METRICS,
  text_classification_multilabel: TEXT_FIXED_METRICS,
  text_ner: TEXT_FIXED_METRICS,
};

/** The primary metrics a task accepts (what SL117 checks against). */
export function metricsFor(task: AutoMLTask): readonly string[] {
  return METRICS[task];
}

/** Azure ML v2's defaults when no primary metric is given. */
export function defaultMetric(task: AutoMLTask): string {
  const defaults: Partial<Record<AutoMLTask, string>> = {
    classification: "AUC_weighted",
    regression: "normalized_root_mean_squared_error",
    forecasting: "normalized_root_mean_squared_error",
  };
  return defaults[task] ?? (METRICS[task][0] as string);
}

/** The tasks of a table (the local engine's, with forecasting); the others are deep learning, on Azure only. */
export const TABULAR_TASKS: readonly AutoMLTask[] = ["classification", "regression", "forecasting"];
