"""The best model's charts, as the studio shows them for an AutoML run.

Out-of-sample predictions of the best model (on the validation data, else cross-validated as
its score was), turned into: ROC and precision-recall curves and the confusion matrix for
classification (binary: the positive class; multiclass: micro-averaged curves), predicted
against true values and residuals for regression. Curves are thinned to at most 200 points, a
scatter to at most 500, so the run page stays light. Written beside metrics.json as charts.json.
"""
import json
import os

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_curve, roc_curve
from sklearn.model_selection import cross_val_predict
from sklearn.preprocessing import label_binarize

MAX_CURVE = 200
MAX_SCATTER = 500


def _thin(xs, ys, limit):
    if len(xs) <= limit:
        return [[float(x), float(y)] for x, y in zip(xs, ys)]
    keep = np.unique(np.linspace(0, len(xs) - 1, limit).round().astype(int))
    return [[float(xs[i]), float(ys[i])] for i in keep]


def _out_of_sample(experiment, model):
    """(truth, predictions) the best model never trained on."""
    if experiment.validation is not None:
        Xv, yv = experiment.validation
        return yv.to_numpy(), experiment.predict(experiment.fit(model), Xv)
    method = "predict_proba" if experiment.task == "classification" else "predict"
    return experiment.y.to_numpy(), cross_val_predict(model, experiment.X, experiment.y, cv=experiment.folds(), method=method)


def classification_charts(truth, proba, classes, positive):
    labels = [str(c) for c in classes]
    predicted = classes[np.argmax(proba, axis=1)]
    matrix = confusion_matrix(truth, predicted, labels=classes).tolist()
    if len(classes) == 2:
        index = list(classes).index(positive) if positive in list(classes) else 1
        target, score, which = (truth == classes[index]).astype(int), proba[:, index], f"positive class {labels[index]}"
    else:
        target, score, which = label_binarize(truth, classes=classes).ravel(), proba.ravel(), "micro-average over classes"
    fpr, tpr, _ = roc_curve(target, score)
    precision, recall, _ = precision_recall_curve(target, score)
    return {
        "kind": "classification",
        "curves_of": which,
        "roc": _thin(fpr, tpr, MAX_CURVE),
        "precision_recall": _thin(recall[::-1], precision[::-1], MAX_CURVE),
        "confusion_matrix": {"labels": labels, "matrix": matrix},
    }


def regression_charts(truth, predicted):
    truth, predicted = np.asarray(truth, dtype=float), np.asarray(predicted, dtype=float)
    order = np.argsort(truth, kind="stable")
    pairs = _thin(truth[order], predicted[order], MAX_SCATTER)
    return {"kind": "regression", "predicted_vs_true": pairs, "residuals": [[t, p - t] for t, p in pairs]}


def write_charts(experiment, best, folder):
    """charts.json for the best model; nothing (and no failure) when it cannot be computed."""
    try:
        truth, predicted = _out_of_sample(experiment, experiment.model_for(best))
        if experiment.task == "classification":
            doc = classification_charts(truth, np.asarray(predicted), np.array(sorted(experiment.y.unique())), experiment.positive)
        else:
            doc = regression_charts(truth, predicted)
    except Exception as e:  # charts are a view: a model that cannot give them still wins
        print(f"note: no charts for the best model: {e}", flush=True)
        return
    doc["iteration"] = best["iteration"]
    with open(os.path.join(folder, "charts.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, sort_keys=True) + "\n")
