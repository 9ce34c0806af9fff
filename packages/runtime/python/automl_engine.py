"""Sluice's local AutoML engine: Azure ML's AutoML step, run on this machine with scikit-learn.

Usage: automl_engine.py <config.json>. The config (written by Sluice's local backend from the
compiled AutoML node) names the task, label column, data, primary metric, featurization, limits
and the two output folders. Writes:
  <metrics>/metrics.json   one record per iteration: algorithm, hyperparameters, status,
                           primary metric and the other standard metrics
  <best_model>/model.pkl   the fitted scikit-learn pipeline (featurization + estimator)
  <best_model>/MLmodel     MLflow-style metadata: flavors, input schema, metric (also MLmodel.json)
Exit codes: 0 done, 2 bad configuration or data, 3 no iteration succeeded.
"""
import glob
import json
import math
import multiprocessing as mp
import os
import pickle
import platform
import sys
import time
import traceback

import numpy as np
import pandas as pd
import sklearn
from scipy.stats import spearmanr
from sklearn import ensemble, linear_model, metrics, neighbors, tree
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

CLASSIFICATION_METRICS = ["AUC_weighted", "accuracy", "norm_macro_recall",
                          "average_precision_score_weighted", "precision_score_weighted"]
REGRESSION_METRICS = ["spearman_correlation", "normalized_root_mean_squared_error",
                      "r2_score", "normalized_mean_absolute_error"]
MINIMIZE = {"normalized_root_mean_squared_error", "normalized_mean_absolute_error"}


class UserError(Exception):
    """A problem with the configuration or the data: reported in one line, exit code 2."""


# ---------------------------------------------------------------- data

def parse_mltable(text):
    """Reads the MLTable files Sluice writes (and simple hand-written ones)."""
    try:
        import yaml
        doc = yaml.safe_load(text) or {}
    except ImportError:  # the format Sluice writes, without PyYAML
        doc = {"paths": [], "transformations": [{"read_delimited": {}}]}
        for line in text.splitlines():
            key, _, value = line.strip().lstrip("- ").partition(":")
            value = value.strip().strip('"')
            if key == "pattern" or key == "file":
                doc["paths"].append({key: value})
            elif key in ("delimiter", "encoding", "header"):
                doc["transformations"][0]["read_delimited"][key] = value
    reader = {}
    for step in doc.get("transformations") or []:
        if isinstance(step, dict) and "read_delimited" in step:
            reader = step["read_delimited"] or {}
    return doc.get("paths") or [], reader


def read_table(path):
    if os.path.isfile(path):
        return pd.read_csv(path)
    mltable = os.path.join(path, "MLTable")
    if not os.path.exists(mltable):
        files = sorted(glob.glob(os.path.join(path, "*.csv")))
        if not files:
            raise UserError(f"{path} holds neither an MLTable file nor CSV files")
        return pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    with open(mltable, encoding="utf-8") as f:
        paths, reader = parse_mltable(f.read())
    files = []
    for entry in paths:
        pattern = entry.get("pattern") or entry.get("file") or entry.get("folder")
        files += sorted(glob.glob(os.path.join(path, pattern), recursive=True))
    if not files:
        raise UserError(f"the MLTable in {path} matches no files")
    header = 0 if reader.get("header", "all_files_same_headers") != "no_header" else None
    frames = [pd.read_csv(f, sep=reader.get("delimiter", ","), encoding=reader.get("encoding", "utf8"),
                          header=header) for f in files]
    return pd.concat(frames, ignore_index=True)


def split_label(df, target):
    if target not in df.columns:
        raise UserError(f"label column '{target}' is not in the data; columns: {', '.join(map(str, df.columns))}")
    df = df.dropna(subset=[target])
    return df.drop(columns=[target]), df[target]


def featurizer(X, mode):
    numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c]) and not pd.api.types.is_bool_dtype(X[c])]
    categorical = [c for c in X.columns if c not in numeric and X[c].notna().any()]
    if mode == "off":
        if categorical:
            raise UserError(f"featurization 'off' needs numeric columns; these are not: {', '.join(categorical)}")
        return "passthrough", numeric, []
    transformer = ColumnTransformer([
        ("numeric", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
        ("categorical", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                  ("onehot", OneHotEncoder(handle_unknown="ignore"))]), categorical),
    ])
    return transformer, numeric, categorical


# ---------------------------------------------------------------- algorithms

def _choice(rng, values):
    return values[int(rng.integers(len(values)))]


def _logu(rng, low, high):
    return float(math.exp(rng.uniform(math.log(low), math.log(high))))


def _forest(rng):
    return {"n_estimators": _choice(rng, [50, 100, 200]), "max_depth": _choice(rng, [None, 4, 8, 16]),
            "min_samples_leaf": _choice(rng, [1, 2, 5]), "max_features": _choice(rng, ["sqrt", 0.5, None])}


CLASSIFIERS = [
    ("LogisticRegression", linear_model.LogisticRegression, {"max_iter": 1000},
     lambda r: {"C": _logu(r, 1e-3, 1e2), "class_weight": _choice(r, [None, "balanced"])}),
    ("RandomForest", ensemble.RandomForestClassifier, {"n_estimators": 100}, _forest),
    ("GradientBoosting", ensemble.GradientBoostingClassifier, {},
     lambda r: {"n_estimators": _choice(r, [50, 100, 200]), "learning_rate": _logu(r, 0.01, 0.3),
                "max_depth": _choice(r, [2, 3, 4]), "subsample": _choice(r, [0.7, 1.0])}),
    ("ExtremeRandomTrees", ensemble.ExtraTreesClassifier, {"n_estimators": 100}, _forest),
    ("KNN", neighbors.KNeighborsClassifier, {},
     lambda r: {"n_neighbors": _choice(r, [3, 5, 11, 21]), "weights": _choice(r, ["uniform", "distance"])}),
    ("DecisionTree", tree.DecisionTreeClassifier, {},
     lambda r: {"max_depth": _choice(r, [3, 5, 8, None]), "min_samples_leaf": _choice(r, [1, 5, 10])}),
]
REGRESSORS = [
    ("ElasticNet", linear_model.ElasticNet, {"max_iter": 5000},
     lambda r: {"alpha": _logu(r, 1e-4, 10), "l1_ratio": float(r.uniform(0, 1))}),
    ("RandomForest", ensemble.RandomForestRegressor, {"n_estimators": 100}, _forest),
    ("GradientBoosting", ensemble.GradientBoostingRegressor, {},
     lambda r: {"n_estimators": _choice(r, [50, 100, 200]), "learning_rate": _logu(r, 0.01, 0.3),
                "max_depth": _choice(r, [2, 3, 4]), "subsample": _choice(r, [0.7, 1.0])}),
    ("ExtremeRandomTrees", ensemble.ExtraTreesRegressor, {"n_estimators": 100}, _forest),
    ("Ridge", linear_model.Ridge, {}, lambda r: {"alpha": _logu(r, 1e-3, 1e2)}),
    ("KNN", neighbors.KNeighborsRegressor, {},
     lambda r: {"n_neighbors": _choice(r, [3, 5, 11, 21]), "weights": _choice(r, ["uniform", "distance"])}),
    ("DecisionTree", tree.DecisionTreeRegressor, {},
     lambda r: {"max_depth": _choice(r, [3, 5, 8, None]), "min_samples_leaf": _choice(r, [1, 5, 10])}),
]


def trial_spec(task, iteration, seed):
    """Iteration i: each algorithm with defaults first, then sampled hyperparameters (seeded)."""
    table = CLASSIFIERS if task == "classification" else REGRESSORS
    name, cls, defaults, sample = table[iteration % len(table)]
    params = dict(defaults)
    if iteration >= len(table):
        params.update(sample(np.random.default_rng(seed + iteration)))
    if "random_state" in cls().get_params():
        params["random_state"] = seed
    return name, cls, params


# ---------------------------------------------------------------- metrics

def classification_metrics(y, proba, classes):
    predicted = classes[np.argmax(proba, axis=1)]
    if len(classes) == 2:
        auc = metrics.roc_auc_score(y, proba[:, 1])
        ap = metrics.average_precision_score(y == classes[1], proba[:, 1])
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


# ---------------------------------------------------------------- trials

class Experiment:
    def __init__(self, config):
        self.config = config
        self.task = config["task"]
        self.seed = int(config.get("seed", 42))
        self.metric = azure_metric_name(self.task, config["primary_metric"])
        train = read_table(config["training_data"])
        self.X, self.y = split_label(train, config["target_column"])
        self.validation = None
        if config.get("validation_data"):
            self.validation = split_label(read_table(config["validation_data"]), config["target_column"])
        self.featurization = config.get("featurization") or "auto"
        self.preprocess, self.numeric, self.categorical = featurizer(self.X, self.featurization)
        if self.task == "classification" and self.y.nunique() < 2:
            raise UserError("the label column has a single class; classification needs at least two")

    def folds(self):
        n = self.config.get("n_cross_validations")
        n = 5 if n in (None, "auto") else int(n)
        if self.task == "classification":
            n = max(2, min(n, int(self.y.value_counts().min())))
            return StratifiedKFold(n_splits=n, shuffle=True, random_state=self.seed)
        return KFold(n_splits=n, shuffle=True, random_state=self.seed)

    def pipeline(self, cls, params):
        return Pipeline([("featurize", self.preprocess), ("model", cls(**params))])

    def evaluate(self, iteration):
        name, cls, params = trial_spec(self.task, iteration, self.seed)
        model = self.pipeline(cls, params)
        if self.validation is not None:
            Xv, yv = self.validation
            model.fit(self.X, self.y)
            pred = model.predict_proba(Xv) if self.task == "classification" else model.predict(Xv)
            truth = yv.to_numpy()
        else:
            method = "predict_proba" if self.task == "classification" else "predict"
            pred = cross_val_predict(model, self.X, self.y, cv=self.folds(), method=method)
            truth = self.y.to_numpy()
        if self.task == "classification":
            values = classification_metrics(truth, pred, np.array(sorted(self.y.unique())))
        else:
            values = regression_metrics(truth, pred)
        return name, params, {k: float(v) for k, v in values.items()}


def azure_metric_name(task, name):
    allowed = CLASSIFICATION_METRICS if task == "classification" else REGRESSION_METRICS
    for metric in allowed:
        if metric.lower() == str(name).lower():
            return metric
    raise UserError(f"primary metric '{name}' is not available for {task}; use one of: {', '.join(allowed)}")


def _trial_worker(experiment, iteration, conn):
    started = time.monotonic()
    try:
        name, params, values = experiment.evaluate(iteration)
        conn.send({"status": "completed", "algorithm": name, "hyperparameters": params, "metrics": values,
                   "duration_seconds": round(time.monotonic() - started, 3)})
    except Exception as error:  # a failing trial is recorded, the experiment goes on
        name, _, params = trial_spec(experiment.task, iteration, experiment.seed)
        conn.send({"status": "failed", "algorithm": name, "hyperparameters": params,
                   "error": f"{type(error).__name__}: {error}", "duration_seconds": round(time.monotonic() - started, 3)})
    finally:
        conn.close()


class Scheduler:
    """Runs trials in child processes, at most `max_concurrent_trials` at once, and stops them at
    the per-trial or experiment timeout; stops early when the score stops improving."""

    def __init__(self, experiment, limits):
        self.experiment = experiment
        self.max_trials = int(limits.get("max_trials") or 1000)
        self.concurrency = max(1, int(limits.get("max_concurrent_trials") or 1))
        self.trial_timeout = float(limits.get("trial_timeout_minutes") or 30) * 60
        self.deadline = time.monotonic() + float(limits.get("timeout_minutes") or 360) * 60
        self.early = bool(limits.get("enable_early_termination"))
        self.patience = int(experiment.config.get("early_termination_patience", 10))
        self.records = {}
        self.stopped_because = "max trials reached"

    def best(self):
        done = [r for r in self.records.values() if r["status"] == "completed"]
        sign = -1 if self.experiment.metric in MINIMIZE else 1
        return max(done, key=lambda r: (sign * r["primary_metric"]["value"], -r["iteration"]), default=None)

    def no_progress(self):
        done = sorted((r for r in self.records.values() if r["status"] == "completed"), key=lambda r: r["iteration"])
        best = self.best()
        return self.early and best is not None and len([r for r in done if r["iteration"] > best["iteration"]]) >= self.patience

    def record(self, iteration, result):
        result["iteration"] = iteration
        if result["status"] == "completed":
            value = result["metrics"][self.experiment.metric]
            result["primary_metric"] = {"name": self.experiment.metric, "value": value}
        self.records[iteration] = result
        shown = f"{result['primary_metric']['value']:.4f}" if "primary_metric" in result else result["status"]
        print(f"iteration {iteration}: {result['algorithm']} {self.experiment.metric}={shown} "
              f"({result['duration_seconds']}s)", flush=True)

    def run(self):
        ctx = mp.get_context("fork")
        running, next_iteration = {}, 0
        while next_iteration < self.max_trials or running:
            stop = time.monotonic() >= self.deadline or self.no_progress()
            while not stop and next_iteration < self.max_trials and len(running) < self.concurrency:
                parent, child = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_trial_worker, args=(self.experiment, next_iteration, child), daemon=True)
                proc.start()
                child.close()
                running[next_iteration] = (proc, parent, time.monotonic())
                next_iteration += 1
            if stop and next_iteration < self.max_trials:
                self.stopped_because = "experiment timeout" if time.monotonic() >= self.deadline else "early termination"
                next_iteration = self.max_trials
            self.collect(running)
            time.sleep(0.02)
        return self.best()

    def collect(self, running):
        for iteration, (proc, conn, started) in list(running.items()):
            now = time.monotonic()
            if conn.poll():
                try:
                    result = conn.recv()
                except EOFError:
                    result = {"status": "failed", "error": "trial process exited without a result"}
            elif not proc.is_alive():
                result = {"status": "failed", "error": f"trial process exited with code {proc.exitcode}"}
            elif now - started > self.trial_timeout:
                result = {"status": "timed_out", "error": f"exceeded the iteration timeout ({self.trial_timeout:.0f}s)"}
            elif now > self.deadline:
                result = {"status": "canceled", "error": "experiment timeout reached"}
            else:
                continue
            if proc.is_alive():
                proc.kill()
            proc.join()
            if "algorithm" not in result:
                name, _, params = trial_spec(self.experiment.task, iteration, self.experiment.seed)
                result.update({"algorithm": name, "hyperparameters": params, "duration_seconds": round(now - started, 3)})
            self.record(iteration, result)
            del running[iteration]


# ---------------------------------------------------------------- outputs

def _schema_type(dtype):
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "long"
    if pd.api.types.is_float_dtype(dtype):
        return "double"
    return "string"


def _write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_model(experiment, best, folder):
    name, cls, params = trial_spec(experiment.task, best["iteration"], experiment.seed)
    model = experiment.pipeline(cls, params).fit(experiment.X, experiment.y)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.pkl"), "wb") as f:
        pickle.dump(model, f)
    inputs = [{"name": str(c), "type": _schema_type(experiment.X[c].dtype)} for c in experiment.X.columns]
    meta = {
        "flavor": "sklearn",
        "flavors": {"python_function": {"loader_module": "mlflow.sklearn", "model_path": "model.pkl",
                                        "python_version": platform.python_version(), "env": "conda.yaml"},
                    "sklearn": {"pickled_model": "model.pkl", "serialization_format": "pickle",
                                "sklearn_version": sklearn.__version__}},
        "signature": {"inputs": inputs, "outputs": [{"name": experiment.config["target_column"],
                                                     "type": _schema_type(experiment.y.dtype)}]},
        "metric": best["primary_metric"],
        "algorithm": name,
        "hyperparameters": params,
        "iteration": best["iteration"],
        "task": experiment.task,
        "target_column": experiment.config["target_column"],
        "featurization": experiment.featurization,
    }
    _write(os.path.join(folder, "MLmodel.json"), json.dumps(meta, indent=2, sort_keys=True, default=str))
    flavors = meta["flavors"]
    lines = ["artifact_path: model", "flavors:", "  python_function:"]
    lines += [f"    {k}: {v}" for k, v in sorted(flavors["python_function"].items())]
    lines += ["  sklearn:"] + [f"    {k}: {v}" for k, v in sorted(flavors["sklearn"].items())]
    lines += ["signature:", f"  inputs: '{json.dumps(inputs)}'", f"  outputs: '{json.dumps(meta['signature']['outputs'])}'",
              "metadata:", f"  primary_metric: {best['primary_metric']['name']}",
              f"  score: {best['primary_metric']['value']}", f"  algorithm: {name}", ""]
    _write(os.path.join(folder, "MLmodel"), "\n".join(lines))
    _write(os.path.join(folder, "conda.yaml"), "\n".join([
        "name: sluice-automl", "dependencies:", f"- python={platform.python_version()}", "- pip", "- pip:",
        f"  - scikit-learn=={sklearn.__version__}", f"  - pandas=={pd.__version__}", f"  - numpy=={np.__version__}", ""]))


def write_metrics(experiment, scheduler, best, folder):
    os.makedirs(folder, exist_ok=True)
    validation = "validation data" if experiment.validation is not None else f"{experiment.folds().get_n_splits()}-fold cross-validation"
    doc = {
        "task": experiment.task,
        "primary_metric": experiment.metric,
        "goal": "minimize" if experiment.metric in MINIMIZE else "maximize",
        "validation": validation,
        "featurization": experiment.featurization,
        "best_iteration": best["iteration"],
        "stopped_because": scheduler.stopped_because,
        "iterations": [scheduler.records[i] for i in sorted(scheduler.records)],
    }
    _write(os.path.join(folder, "metrics.json"), json.dumps(doc, indent=2, sort_keys=True, default=str) + "\n")


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        config = json.load(f)
    if config["task"] == "forecasting":
        raise UserError("forecasting is not supported by the local AutoML engine; run this pipeline on Azure ML")
    if config["task"] not in ("classification", "regression"):
        raise UserError(f"unknown AutoML task '{config['task']}'")
    experiment = Experiment(config)
    print(f"AutoML {experiment.task}: {len(experiment.X)} rows, {len(experiment.numeric)} numeric and "
          f"{len(experiment.categorical)} categorical columns, primary metric {experiment.metric}", flush=True)
    scheduler = Scheduler(experiment, config.get("limits") or {})
    best = scheduler.run()
    if best is None:
        errors = "; ".join(sorted({r.get("error", r["status"]) for r in scheduler.records.values()}))
        print(f"no iteration succeeded: {errors}", file=sys.stderr)
        return 3
    write_metrics(experiment, scheduler, best, config["outputs"]["metrics"])
    write_model(experiment, best, config["outputs"]["best_model"])
    print(f"best: iteration {best['iteration']} {best['algorithm']} "
          f"{experiment.metric}={best['primary_metric']['value']:.4f} ({scheduler.stopped_because})", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except Exception:
        traceback.print_exc()
        sys.exit(1)
