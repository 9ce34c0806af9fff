"""Azure AutoML's metric names and how they are computed."""
import numpy as np
from scipy.stats import spearmanr
from sklearn import metrics

from .errors import UserError

CLASSIFICATION_METRICS = ["AUC_weighted", "accuracy", "norm_macro_recall",
                          "average_precision_score_weighted", "precision_score_weighted"]
REGRESSION_METRICS = ["spearman_correlation", "normalized_root_mean_squared_error",
                      "r2_score", "normalized_mean_absolute_error"]
MINIMIZE = {"normalized_root_mean_squared_error", "normalized_mean_absolute_error"}


def classification_metrics(y, proba, classes, positive=None):
    predicted = classes[np.argmax(proba, axis=1)]
    if len(classes) == 2:
        # The positive class of binary metrics: the one named (Azure's positive_label), else the second.
        index = [str(c) for c in classes].index(positive) if positive is not None else 1
        auc = metrics.roc_auc_score(y == classes[index], proba[:, index])
        ap = metrics.average_precision_score(y == classes[index], proba[:, index])
    else:
        auc = metrics.roc_auc_score(y, proba, multi_class="ovr", average="weighted", labels=classes)
        onehot = np.stack([y == c for c in classes], axis=1)
        ap = metrics.average_precision_score(onehot, proba, average="weighted")
    chance = 1.0 / len(classes)
    macro_recall = metrics.recall_score(y, predicted, average="macro", zero_division=0)
    return {
        "AUC_weighted": auc,
        "accuracy": metrics.accuracy_score(y, predicted),
        "norm_macro_recall": max(0.0, (macro_recall - chance) / (1 - chance)),
        "average_precision_score_weighted": ap,
        "precision_score_weighted": metrics.precision_score(y, predicted, average="weighted", zero_division=0),
        "f1_score_weighted": metrics.f1_score(y, predicted, average="weighted", zero_division=0),
        "log_loss": metrics.log_loss(y, np.clip(proba, 1e-15, 1), labels=classes),
    }


def regression_metrics(y, predicted):
    spread = float(np.max(y) - np.min(y)) or 1.0
    rmse = float(np.sqrt(metrics.mean_squared_error(y, predicted)))
    mae = metrics.mean_absolute_error(y, predicted)
    rho = spearmanr(y, predicted).correlation
    return {
        "spearman_correlation": 0.0 if rho is None or np.isnan(rho) else float(rho),
        "normalized_root_mean_squared_error": rmse / spread,
        "r2_score": metrics.r2_score(y, predicted),
        "normalized_mean_absolute_error": mae / spread,
        "root_mean_squared_error": rmse,
        "mean_absolute_error": mae,
    }


def azure_metric_name(task, name):
    allowed = CLASSIFICATION_METRICS if task == "classification" else REGRESSION_METRICS
    for metric in allowed:
        if metric.lower() == str(name).lower():
            return metric
    raise UserError(f"primary metric '{name}' is not available for {task}; use one of: {', '.join(allowed)}")
