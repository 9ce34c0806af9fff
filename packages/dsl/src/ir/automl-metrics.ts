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

/** One of {@link CLASSIFICATION_METRICS}. */
export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
/** One of {@link REGRESSION_METRICS}. */
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
/** The metrics a task accepts; forecasting shares regression's. */
export type MetricFor<T extends AutoMLTask> = T extends "classification" ? ClassificationMetric : RegressionMetric;

/** The primary metrics a task accepts (what SL117 checks against). */
export function metricsFor(task: AutoMLTask): readonly string[] {
  return task === "classification" ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
}

/** Azure ML v2's defaults when no primary metric is given. */
export function defaultMetric(task: AutoMLTask): string {
  return task === "classification" ? "AUC_weighted" : "normalized_root_mean_squared_error";
}
