"""Held-out evaluation for the deploy step: read the rows, predict with a model folder, compute a metric.

Models are MLflow-format folders: with MLflow installed (Azure ML's curated environments) they
load through `mlflow.pyfunc`; otherwise through their sklearn flavour's pickle, with the input
columns taken from the signature (MLmodel.json or MLmodel), as Sluice's scoring server does.
"""
import glob
import json
import math
import os
import pickle


class StepError(Exception):
    """The deploy step cannot go on; the message says why (it ends the step with that line)."""


class EvaluationError(StepError):
    """The held-out set or a model cannot be evaluated."""


def load_held_out(path, label_column):
    """(features, labels) from a CSV file or every CSV file under a folder (an mltable's folder too)."""
    import pandas as pd

    if os.path.isdir(path):
        files = sorted(glob.glob(os.path.join(path, "**", "*.csv"), recursive=True))
        if not files:
            raise EvaluationError(f"no CSV files in the held-out folder {os.path.basename(path) or path}")
        frame = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    else:
        frame = pd.read_csv(path)
    if label_column not in frame.columns:
        raise EvaluationError(f"the held-out set has no column {label_column!r} (it has {', '.join(map(str, frame.columns))})")
    frame = frame.dropna(subset=[label_column])
    if frame.empty:
        raise EvaluationError(f"the held-out set has no rows with a {label_column}")
    return frame.drop(columns=[label_column]), frame[label_column].tolist()


def signature_columns(model_dir):
    meta = os.path.join(model_dir, "MLmodel.json")
    if os.path.exists(meta):
        with open(meta, encoding="utf-8") as f:
            inputs = (json.load(f).get("signature") or {}).get("inputs")
        if isinstance(inputs, list):
            return [c["name"] for c in inputs]
    mlmodel = os.path.join(model_dir, "MLmodel")
    if os.path.exists(mlmodel):
        with open(mlmodel, encoding="utf-8") as f:
            text = f.read()
        start = text.find("inputs: '")
        if start >= 0:
            end = text.find("'\n", start + 9)
            try:
                return [c["name"] for c in json.loads(text[start + 9:end].replace("\n    ", " "))]
            except (ValueError, KeyError, TypeError):
                return None
    return None


def predictor_for(model_dir):
    """A callable frame → predictions for an MLflow model folder."""
    try:
        import mlflow.pyfunc  # noqa: F401  (Azure ML's environments)

        if os.path.exists(os.path.join(model_dir, "MLmodel")) and getattr(mlflow.pyfunc, "load_model", None):
            return mlflow.pyfunc.load_model(model_dir).predict
    except ImportError:
        pass
    path = os.path.join(model_dir, "model.pkl")
    if not os.path.exists(path):
        raise EvaluationError(f"no model.pkl in the model folder {os.path.basename(model_dir)}, and MLflow is not installed to load it")
    with open(path, "rb") as f:
        model = pickle.load(f)
    return model.predict


class Scorer:
    """Predicts a frame with a model, keeping only the columns its signature names, in that order."""

    def __init__(self, predict, columns=None):
        self.predict_fn = predict
        self.columns = columns

    def predict(self, frame):
        columns = self.columns
        if columns:
            missing = [c for c in columns if c not in frame.columns]
            if missing:
                raise EvaluationError(f"the held-out set lacks the model's columns: {', '.join(missing)}")
            frame = frame[columns]
        return [p.item() if hasattr(p, "item") else p for p in self.predict_fn(frame)]


def model_scorer(model_dir):
    return Scorer(predictor_for(model_dir), signature_columns(model_dir))


def _same_type(truth, predicted):
    """Labels and predictions compared as text when either side is text (JSON turns 1 into 1, '1' stays '1')."""
    if any(isinstance(v, str) for v in truth) or any(isinstance(v, str) for v in predicted):
        return [str(v) for v in truth], [str(v) for v in predicted]
    return truth, predicted


REGRESSION = {"r2_score", "mean_absolute_error", "root_mean_squared_error", "normalized_root_mean_squared_error"}


def _numeric(values):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _kind_mismatch(metric, y, p):
    """Why the metric does not fit the task the labels and predictions show, if it does not."""
    if metric in REGRESSION and not (_numeric(y) and _numeric(p)):
        sample = next((v for v in list(y) + list(p) if not isinstance(v, (int, float))), "")
        return f"{metric} is a regression metric, but the labels or predictions are classes (e.g. {sample!r}): use accuracy or an F1 score"
    if metric not in REGRESSION and _numeric(p) and any(isinstance(v, float) and not float(v).is_integer() for v in p):
        return f"{metric} compares classes, but the predictions are continuous numbers: use a regression metric (r2_score, mean_absolute_error, ...)"
    return None


def evaluate(metric, truth, predicted):
    """The metric of predictions against the truth (AutoML's names)."""
    from sklearn import metrics as m

    if len(predicted) != len(truth):
        raise EvaluationError(f"{len(predicted)} predictions for {len(truth)} held-out rows")
    y, p = _same_type(list(truth), list(predicted))
    mismatch = _kind_mismatch(metric, y, p)
    if mismatch:
        raise EvaluationError(mismatch)
    table = {
        "accuracy": lambda: m.accuracy_score(y, p),
        "balanced_accuracy": lambda: m.balanced_accuracy_score(y, p),
        "f1_score_macro": lambda: m.f1_score(y, p, average="macro", zero_division=0),
        "f1_score_weighted": lambda: m.f1_score(y, p, average="weighted", zero_division=0),
        "precision_score_weighted": lambda: m.precision_score(y, p, average="weighted", zero_division=0),
        "recall_score_weighted": lambda: m.recall_score(y, p, average="weighted", zero_division=0),
        "r2_score": lambda: m.r2_score(y, p),
        "mean_absolute_error": lambda: m.mean_absolute_error(y, p),
        "root_mean_squared_error": lambda: math.sqrt(m.mean_squared_error(y, p)),
        "normalized_root_mean_squared_error": lambda: math.sqrt(m.mean_squared_error(y, p)) / ((max(y) - min(y)) or 1),
    }
    if metric not in table:
        raise EvaluationError(f"unknown metric {metric!r}: use one of {', '.join(sorted(table))}")
    try:
        return float(table[metric]())
    except (ValueError, TypeError) as e:
        raise EvaluationError(f"{metric} cannot be computed from these predictions: {e}") from None
